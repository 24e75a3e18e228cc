using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Klynge.IntegrationTests.Mail;

/// <summary>What mailparser read from one message (see tests/smtp-sink/parse.js).</summary>
public record ReceivedMail(string? Subject, string? From, string? FromName, string? To, string? ToName, string? Text, string? Html,
    string? Kind, IReadOnlyList<ReceivedAttachment> Attachments, ReceivedEnvelope? Envelope);

public record ReceivedAttachment(string? FileName, string ContentType, string? Method, string Content)
{
    public byte[] Bytes => Convert.FromBase64String(Content);
}

public record ReceivedEnvelope(string? From, IReadOnlyList<string> To);

/// <summary>
/// A real SMTP server on loopback (tests/smtp-sink: the npm packages smtp-server and mailparser under
/// Node.js) that writes each received message to a folder, and the same parser for <c>.eml</c> files.
/// The packages are installed with <c>npm ci</c> the first time they are needed.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;

    private SmtpSink(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }
    public string Folder { get; }

    public static string SinkFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "smtp-sink");
            if (File.Exists(Path.Combine(candidate, "server.js"))) return candidate;
        }
        throw new InvalidOperationException("tests/smtp-sink not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A port nothing listens on just now: the address of an SMTP server that is down.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the server on <paramref name="port"/> (0: any free port) writing into a new temporary folder.</summary>
    public static async Task<SmtpSink> StartAsync(int port = 0)
    {
        var sink = SinkFolder();
        await EnsureInstalledAsync(sink);
        var folder = Directory.CreateTempSubdirectory("klynge-smtp-").FullName;
        var process = Start("node", sink, Path.Combine(sink, "server.js"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder);
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            var error = await process.StandardError.ReadToEndAsync();
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The SMTP sink did not start: {line} {error}");
        }
        return new SmtpSink(process, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture), folder);
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived and returns them in arrival order.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var files = Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).ToList();
            if (files.Count >= count || DateTime.UtcNow > deadline)
            {
                var mails = new List<ReceivedMail>();
                foreach (var file in files) mails.Add(JsonSerializer.Deserialize<ReceivedMail>(await File.ReadAllTextAsync(file), Json)!);
                return mails;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Reads an <c>.eml</c> file with the same parser the server uses.</summary>
    public static async Task<ReceivedMail> ParseAsync(string emlFile)
    {
        var sink = SinkFolder();
        await EnsureInstalledAsync(sink);
        using var process = Start("node", sink, Path.Combine(sink, "parse.js"), emlFile);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0) throw new InvalidOperationException($"parse.js failed on {emlFile}: {await error}");
        return JsonSerializer.Deserialize<ReceivedMail>(await output, Json)!;
    }

    private static async Task EnsureInstalledAsync(string sink)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(sink, "node_modules", "smtp-server")) && Directory.Exists(Path.Combine(sink, "node_modules", "mailparser"))) return;
            using var npm = Start("npm", sink, "ci", "--no-audit", "--no-fund");
            var output = npm.StandardOutput.ReadToEndAsync();
            var error = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {sink} failed: {await output} {await error}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static Process Start(string program, string folder, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}; is Node.js installed?");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
