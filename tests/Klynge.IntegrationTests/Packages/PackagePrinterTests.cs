using Klynge.Printing;

namespace Klynge.IntegrationTests.Packages;

/// <summary>
/// The printer keeps a tab with its shell loaded between prints: what one print showed must be gone from the next,
/// and a print that fails or never finishes must not spoil the tab the next print gets.
/// </summary>
public sealed class PackagePrinterTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("klynge-print-").FullName;

    // A shell like package.js's: show() puts the content in, a content of "fail" throws, "hang" never finishes.
    private const string Shell = """
        <!DOCTYPE html>
        <html lang="da"><head><meta charset="utf-8"><title></title></head>
        <body><main data-print-content></main>
        <script>
        window.KlyngePrint = {
          show: function (title, html) {
            if (html.indexOf("fail") >= 0) throw new Error("drawing failed");
            if (html.indexOf("hang") >= 0) return new Promise(function () {});
            document.title = title;
            document.querySelector("main").innerHTML = html;
          },
          clear: function () { document.querySelector("main").innerHTML = ""; }
        };
        </script></body></html>
        """;

    private static readonly PrintHeader Header = new("Klynge Test", "Emne", "2025-Q2");

    [Fact]
    public async Task A_kept_tab_shows_only_the_document_printed_now()
    {
        await using var printer = new PackagePrinter();
        var first = await RegistryPackageFixture.PdfTextAsync(await printer.PrintAsync(new PrintDocument(Shell, "Første", "<p>Solsikke Lægehus</p>"), _webRoot, Header));
        var second = await RegistryPackageFixture.PdfTextAsync(await printer.PrintAsync(new PrintDocument(Shell, "Anden", "<p>Kornblomst Lægehus</p>"), _webRoot, Header));

        Assert.Contains("Solsikke Lægehus", first);
        Assert.Contains("Kornblomst Lægehus", second);
        Assert.DoesNotContain("Solsikke", second);
        Assert.Contains("Klynge Test · Emne", second);
    }

    [Fact]
    public async Task A_failing_or_unfinished_drawing_prints_nothing_and_the_next_print_is_clean()
    {
        await using var printer = new PackagePrinter(new PrinterOptions { ChartsTimeout = TimeSpan.FromSeconds(1) });

        var failed = await Assert.ThrowsAsync<PrintException>(() => printer.PrintAsync(new PrintDocument(Shell, "x", "<p>Hyld fail</p>"), _webRoot, Header));
        Assert.Contains("drawing failed", failed.Message);
        var unfinished = await Assert.ThrowsAsync<PrintException>(() => printer.PrintAsync(new PrintDocument(Shell, "x", "<p>Hyld hang</p>"), _webRoot, Header));
        Assert.Contains("not drawn after 1 s", unfinished.Message);

        var next = await RegistryPackageFixture.PdfTextAsync(await printer.PrintAsync(new PrintDocument(Shell, "y", "<p>Valmue Lægehus</p>"), _webRoot, Header));
        Assert.Contains("Valmue Lægehus", next);
        Assert.DoesNotContain("Hyld", next);
    }

    [Fact]
    public async Task A_shell_without_KlyngePrint_is_refused_with_a_clear_message()
    {
        await using var printer = new PackagePrinter();
        var refused = await Assert.ThrowsAsync<PrintException>(() =>
            printer.PrintAsync(new PrintDocument("<!DOCTYPE html><html><body><main data-print-content></main></body></html>", "x", "<p>Tekst</p>"), _webRoot, Header));
        Assert.Contains("KlyngePrint.show", refused.Message);
    }

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);
}
