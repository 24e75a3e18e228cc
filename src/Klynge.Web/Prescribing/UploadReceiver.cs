using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Klynge.Web.Prescribing;

/// <summary>A file the upload form sent that is not taken: not .csv/.csv.gz, or a second file of the same name.</summary>
public sealed record RefusedFile(string Name, bool Duplicate);

/// <summary>The form fields (the last value of each name) and the files written to the job folder.</summary>
public sealed record ReceivedUpload(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<UploadedFile> Files, IReadOnlyList<RefusedFile> Refused);

/// <summary>
/// Reads a multipart upload section by section and streams each file straight to disk, so a file of any size
/// passes through a small buffer and never sits in memory, nor in ASP.NET's own form buffer on disk.
/// </summary>
/// <remarks>
/// The antiforgery check normally reads the whole form to find its token, which would buffer every file first.
/// The form therefore sends the token as its first field; it is checked here, through the header the check reads
/// before any form, and a file that comes before a valid token ends the upload.
/// </remarks>
public static class UploadReceiver
{
    private const int MaxFieldLength = 4096;
    private const int BufferSize = 1 << 16;

    /// <summary>The upload, or null when the request is not multipart or has no valid antiforgery token before its files.</summary>
    public static async Task<ReceivedUpload?> ReceiveAsync(HttpContext http, IAntiforgery antiforgery, AntiforgeryOptions options, string folder, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
            return null;

        var reader = new MultipartReader(boundary, http.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<UploadedFile>();
        var refused = new List<RefusedFile>();
        var tokenChecked = false;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                await Drain(section, ct);
                continue;
            }
            if (disposition.IsFileDisposition())
            {
                if (!tokenChecked) return null;
                var name = SafeFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                if (name.Length == 0)
                {
                    // An empty file input still sends a section, without a name.
                    await Drain(section, ct);
                    continue;
                }
                if (!IsCsv(name) || files.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                {
                    refused.Add(new RefusedFile(name, Duplicate: IsCsv(name)));
                    await Drain(section, ct);
                    continue;
                }
                var path = Path.Combine(folder, name);
                await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
                    await section.Body.CopyToAsync(target, BufferSize, ct);
                files.Add(new UploadedFile(name, path, new FileInfo(path).Length));
                continue;
            }

            var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            var value = await ReadFieldAsync(section.Body, ct);
            if (field == options.FormFieldName)
            {
                http.Request.Headers[options.HeaderName!] = value;
                if (!await antiforgery.IsRequestValidAsync(http)) return null;
                tokenChecked = true;
            }
            else
            {
                fields[field] = value;
            }
        }
        return tokenChecked ? new ReceivedUpload(fields, files, refused) : null;
    }

    public static bool IsCsv(string name) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name without any folder part (some browsers send a full Windows path) and without characters a file name cannot hold.</summary>
    public static string SafeFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var last = name.Split('/', '\\')[^1].Trim();
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(last.Select(c => char.IsControl(c) || invalid.Contains(c) ? '_' : c).ToArray());
        if (safe is "." or "..") return "";
        return safe.Length > 200 ? safe[^200..] : safe;
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, BufferSize, leaveOpen: true);
        var buffer = new char[MaxFieldLength];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await text.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0) break;
            length += read;
        }
        await body.CopyToAsync(Stream.Null, ct);
        return new string(buffer, 0, length);
    }

    private static Task Drain(MultipartSection section, CancellationToken ct) => section.Body.CopyToAsync(Stream.Null, ct);
}

/// <summary>Keeps model binding from reading the form, so a streamed upload is read once, by <see cref="UploadReceiver"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class DisableFormValueModelBindingAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        context.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
