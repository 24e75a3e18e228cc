using System.Diagnostics;
using Klynge.Printing;

namespace Klynge.Web.Packages;

/// <summary>
/// Starts Chromium with the package print shell loaded once the app is up, when <c>Klynge:Printing:WarmUp</c> is
/// true (appsettings.json), so that the first PDF someone asks for takes as long as the next (about 2 s, not 7 s).
/// A machine without Chromium gets a warning in the log; PDFs then answer 503 as before.
/// </summary>
public sealed class PrinterWarmUp(PackagePrinter printer, IWebHostEnvironment environment, IHostApplicationLifetime lifetime, ILogger<PrinterWarmUp> log)
    : BackgroundService
{
    public const string Setting = "Klynge:Printing:WarmUp";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After start-up, so that serving the first pages never waits for the browser.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var clock = Stopwatch.StartNew();
        try
        {
            await PackagePdfs.WarmUpAsync(printer, environment.WebRootPath, stoppingToken);
            log.LogInformation("The PDF printer is ready ({Seconds:0.0} s).", clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is ChromiumMissingException or PrintException or TimeoutException)
        {
            log.LogWarning("The PDF printer was not started in advance: {Reason}", e.Message);
        }
    }
}
