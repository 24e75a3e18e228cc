using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;

namespace Klynge.Printing;

/// <summary>What the running header of every printed page shows.</summary>
public sealed record PrintHeader(string Cluster, string Topic, string CutOff);

/// <summary>Where Chromium is and how long a document may take to draw its charts.</summary>
public sealed record PrinterOptions
{
    /// <summary>Environment variable naming another Chromium, as for the browser tests.</summary>
    public const string ChromiumVariable = "KLYNGE_CHROMIUM";

    public string ExecutablePath { get; init; } =
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public TimeSpan ChartsTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Prints at once; each is a browser tab, so more only queue up for the same two cores.</summary>
    public int MaxConcurrentPrints { get; init; } = 4;
}

/// <summary>Chromium is not installed where the printer looks for it.</summary>
public sealed class ChromiumMissingException(string path)
    : InvalidOperationException($"Chromium was not found at {path}; PDFs are printed with Debian's Chromium: install the Debian package 'chromium' (apt-get install chromium) or name another build in {PrinterOptions.ChromiumVariable}.")
{
    public string ExecutablePath { get; } = path;
}

/// <summary>A document could not be printed (its charts never finished, or Chromium failed).</summary>
public sealed class PrintException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// What is printed: <see cref="Content"/> shown in <see cref="Shell"/>, a document with the style sheets and
/// scripts and a <c>window.KlyngePrint</c> whose <c>show(title, html)</c> puts the content in and draws it before it
/// returns, and whose <c>clear()</c> takes it out again (package.js). Documents with the same shell share loaded tabs.
/// </summary>
public sealed record PrintDocument(string Shell, string Title, string Content);

/// <summary>
/// Prints documents to A4 PDF with headless Chromium. One browser is started on the first print and kept. Each print
/// has a tab of its own, so prints may run at the same time, and a tab is kept after its print with its shell loaded:
/// the next print of that shell only shows its content and draws it with scripts that are already compiled (a print
/// in a new tab spent about 2.5 s loading and drawing, in a kept one about 0.6 s). The shell is served from a made-up
/// origin by request routing, its stylesheets and scripts from the web root; every other request is aborted, so
/// printing never touches the network.
/// </summary>
public sealed class PackagePrinter(PrinterOptions? options = null) : IAsyncDisposable
{
    /// <summary>The made-up origin the document is printed at; never resolved, every request to it is answered here.</summary>
    public const string Origin = "http://klynge.print";
    private const string DocumentPath = "/package";

    private readonly PrinterOptions _options = options ?? new PrinterOptions();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly SemaphoreSlim _printing = new((options ?? new PrinterOptions()).MaxConcurrentPrints);
    // Loaded tabs waiting for the next print, by web root and shell; a shell never has more than MaxConcurrentPrints.
    private readonly ConcurrentDictionary<(string Root, string Shell), ConcurrentBag<Tab>> _idle = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;
    private bool _disposed;

    private const int SideMarginMm = 14;
    // CSS pixels are 1/96 inch: A4's 210 mm less both side margins.
    private const int PrintedWidthPixels = (int)((210 - 2 * SideMarginMm) / 25.4 * 96);

    /// <summary>A tab with a shell loaded, in the context it was opened in.</summary>
    private sealed record Tab(IPage Page, IBrowserContext Context);

    /// <summary>Prints <paramref name="document"/> with assets from <paramref name="webRoot"/>.</summary>
    public async Task<byte[]> PrintAsync(PrintDocument document, string webRoot, PrintHeader header, CancellationToken ct = default)
    {
        var key = (Path.GetFullPath(webRoot), document.Shell);
        await _printing.WaitAsync(ct);
        Tab? tab = null;
        var reusable = false;
        try
        {
            tab = await TabAsync(key, ct);
            await ShowAsync(tab.Page, document, ct);
            ct.ThrowIfCancellationRequested();
            var pdf = await tab.Page.PdfAsync(new PagePdfOptions
            {
                Format = "A4",
                PrintBackground = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = HeaderTemplate(header),
                FooterTemplate = FooterTemplate,
                Margin = new Margin { Top = "18mm", Bottom = "16mm", Left = $"{SideMarginMm}mm", Right = $"{SideMarginMm}mm" },
            });
            await tab.Page.EvaluateAsync("() => window.KlyngePrint.clear()");
            reusable = true;
            return pdf;
        }
        catch (PlaywrightException e)
        {
            throw new PrintException($"Chromium could not print the document: {e.Message}", e);
        }
        finally
        {
            if (tab is not null)
            {
                if (reusable && tab.Context == _context) _idle.GetOrAdd(key, _ => []).Add(tab);
                else await CloseAsync(tab.Page);
            }
            _printing.Release();
        }
    }

    /// <summary>
    /// Starts Chromium and loads <paramref name="shell"/> in a tab kept for the first print, so that print does not
    /// pay for either (about 5 s). Does nothing more when a tab with the shell is already waiting.
    /// </summary>
    public async Task WarmUpAsync(string shell, string webRoot, CancellationToken ct = default)
    {
        var key = (Path.GetFullPath(webRoot), shell);
        if (_idle.TryGetValue(key, out var waiting) && !waiting.IsEmpty) return;
        await _printing.WaitAsync(ct);
        try
        {
            // The tab first: starting the browser empties the idle tabs, and a bag taken before would be lost.
            var tab = await TabAsync(key, ct);
            _idle.GetOrAdd(key, _ => []).Add(tab);
        }
        catch (PlaywrightException e)
        {
            throw new PrintException($"Chromium could not load the print shell: {e.Message}", e);
        }
        finally
        {
            _printing.Release();
        }
    }

    /// <summary>Tabs with a shell loaded, waiting for a print.</summary>
    public int IdleTabs => _idle.Values.Sum(bag => bag.Count);

    /// <summary>A kept tab with the shell loaded, or a new one that loads it.</summary>
    private async Task<Tab> TabAsync((string Root, string Shell) key, CancellationToken ct)
    {
        var context = await ContextAsync(ct);
        if (_idle.TryGetValue(key, out var idle))
        {
            while (idle.TryTake(out var kept))
            {
                if (kept.Context == context && !kept.Page.IsClosed) return kept;
                await CloseAsync(kept.Page);
            }
        }
        var page = await context.NewPageAsync();
        try
        {
            await page.RouteAsync("**/*", route => AnswerAsync(route, key.Shell, key.Root));
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            ct.ThrowIfCancellationRequested();
            await page.GotoAsync(Origin + DocumentPath, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            if (!await page.EvaluateAsync<bool>("() => typeof window.KlyngePrint?.show === 'function'"))
                throw new PrintException("The print shell has no KlyngePrint.show after loading (are the web root's scripts there?); nothing was printed.");
            return new Tab(page, context);
        }
        catch
        {
            await CloseAsync(page);
            throw;
        }
    }

    /// <summary>Puts the content in the tab's shell and draws it; a tab whose drawing never ends is closed.</summary>
    private async Task ShowAsync(IPage page, PrintDocument document, CancellationToken ct)
    {
        var showing = page.EvaluateAsync("([title, html]) => window.KlyngePrint.show(title, html)", new[] { document.Title, document.Content });
        try
        {
            await showing.WaitAsync(_options.ChartsTimeout, ct);
        }
        catch (TimeoutException e)
        {
            await CloseAsync(page);
            throw new PrintException($"The document's charts were not drawn after {_options.ChartsTimeout.TotalSeconds:0} s; nothing was printed.", e);
        }
    }

    private static async Task CloseAsync(IPage page)
    {
        try
        {
            if (!page.IsClosed) await page.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // The browser has gone already, and the tab with it.
        }
    }

    /// <summary>
    /// The browser context prints open their tabs in: one for all, made with the browser. A print's tab has its own
    /// routing (its document), and a context is half a second to make, as much as a tenth of a print.
    /// </summary>
    private async Task<IBrowserContext> ContextAsync(CancellationToken ct)
    {
        if (_browser is { IsConnected: true } && _context is { } ready) return ready;
        await BrowserAsync(ct);
        return _context!;
    }

    /// <summary>Starts Chromium and its print context, or gives the running one; starts it again if it has gone away.</summary>
    private async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        if (_browser is { IsConnected: true } running && _context is not null) return running;
        await _starting.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_browser is { IsConnected: true } started && _context is not null) return started;
            if (!File.Exists(_options.ExecutablePath)) throw new ChromiumMissingException(_options.ExecutablePath);
            if (_browser is not null) await _browser.DisposeAsync();
            _context = null;
            _idle.Clear();
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _options.ExecutablePath,
                Headless = true,
                // Chromium's sandbox refuses to start as root (containers, CI). The printed document is our own
                // and has no network, which is what the sandbox would otherwise protect against.
                Args =
                [
                    .. RunsAsRoot ? ["--no-sandbox"] : Array.Empty<string>(),
                    "--disable-gpu", "--disable-quic", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                ],
            });
            _context = await _browser.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = "da-DK",
                // The width of the printed A4 page inside its margins, laid out for print from the start: the charts
                // are drawn once at the size they print at, instead of being drawn again when printing starts.
                ViewportSize = new ViewportSize { Width = PrintedWidthPixels, Height = 1040 },
            });
            return _browser;
        }
        finally
        {
            _starting.Release();
        }
    }

    private static bool RunsAsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>The shell from memory, its assets from the web root, nothing from anywhere else.</summary>
    private static Task AnswerAsync(IRoute route, string shell, string root)
    {
        if (!Uri.TryCreate(route.Request.Url, UriKind.Absolute, out var url)
            || !string.Equals(url.GetLeftPart(UriPartial.Authority), Origin, StringComparison.OrdinalIgnoreCase))
            return route.AbortAsync("blockedbyclient");
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        if (path == DocumentPath)
            return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = shell });
        var file = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
        // Only files under the web root: a "/../" in a link must not reach the rest of the disk.
        if (!file.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
            return route.FulfillAsync(new RouteFulfillOptions { Status = 404, ContentType = "text/plain", Body = "not found" });
        return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = ContentType(file), BodyBytes = Read(file) });
    }

    private static readonly ConcurrentDictionary<string, (DateTime Written, byte[] Bytes)> Assets = new(StringComparer.Ordinal);

    // Every print loads the same megabyte of ECharts; kept in memory until the file changes (a rebuild).
    private static byte[] Read(string file)
    {
        var written = File.GetLastWriteTimeUtc(file);
        if (Assets.TryGetValue(file, out var cached) && cached.Written == written) return cached.Bytes;
        var bytes = File.ReadAllBytes(file);
        Assets[file] = (written, bytes);
        return bytes;
    }

    private static string ContentType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".json" => "application/json",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".woff2" => "font/woff2",
        ".woff" => "font/woff",
        ".ttf" => "font/ttf",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };

    // Chromium draws header and footer outside the page's own styles, at a default font size of zero.
    private const string TemplateStyle = "font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 8px; color: #444; width: 100%; margin: 0 14mm; display: flex; justify-content: space-between;";

    private static string HeaderTemplate(PrintHeader header) =>
        $"""<div style="{TemplateStyle}"><span>{WebUtility.HtmlEncode(header.Cluster)} · {WebUtility.HtmlEncode(header.Topic)}</span><span>Data til og med {WebUtility.HtmlEncode(header.CutOff)}</span></div>""";

    private const string FooterTemplate =
        $"""<div style="{TemplateStyle} justify-content: flex-end;"><span>side <span class="pageNumber"></span> af <span class="totalPages"></span></span></div>""";

    public async ValueTask DisposeAsync()
    {
        await _starting.WaitAsync();
        try
        {
            _disposed = true;
            if (_context is not null) await _context.DisposeAsync();
            if (_browser is not null) await _browser.DisposeAsync();
            _context = null;
            _idle.Clear();
            _playwright?.Dispose();
            _browser = null;
            _playwright = null;
        }
        finally
        {
            _starting.Release();
        }
    }
}
