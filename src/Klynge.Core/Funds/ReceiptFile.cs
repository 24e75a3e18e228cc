namespace Klynge.Core.Funds;

/// <summary>
/// Checks an uploaded receipt: PDF, JPEG or PNG only, at most <see cref="MaxBytes"/>. The type is read from the
/// file's first bytes, because the name and the browser's content type say only what the sender claims.
/// </summary>
public static class ReceiptFile
{
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly (byte[] Magic, string ContentType, string Extension)[] Known =
    [
        ("%PDF-"u8.ToArray(), "application/pdf", ".pdf"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg", ".jpg"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png", ".png"),
    ];

    /// <summary>The content type of a PDF, JPEG or PNG; null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        foreach (var (magic, type, _) in Known)
            if (content.StartsWith(magic)) return type;
        return null;
    }

    /// <summary>The extension that matches the detected type, for the name the receipt is downloaded under.</summary>
    public static string ExtensionOf(string contentType) => Known.First(k => k.ContentType == contentType).Extension;

    /// <summary>Reads at most one byte more than allowed, so an oversized upload is refused without reading it all.</summary>
    public static async Task<byte[]> ReadAsync(Stream stream, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) throw new FundsException("Kvitteringen er større end 10 MB.");
        }
        return buffer.ToArray();
    }
}
