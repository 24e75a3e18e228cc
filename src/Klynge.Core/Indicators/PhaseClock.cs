namespace Klynge.Core.Indicators;

/// <summary>
/// Seconds, processor seconds and managed heap per phase of an indicator run, written to standard error when the
/// environment variable <c>KLYNGE_TIMINGS</c> is <c>1</c>; for measuring the engine, silent otherwise.
/// </summary>
internal static class PhaseClock
{
    private static readonly bool On = Environment.GetEnvironmentVariable("KLYNGE_TIMINGS") == "1";
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();
    private static TimeSpan _last;
    private static TimeSpan _lastCpu;

    public static void Mark(string what)
    {
        if (!On) return;
        var now = Clock.Elapsed;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        Console.Error.WriteLine($"[t] {what}: {(now - _last).TotalSeconds:0.00} s, cpu {(cpu - _lastCpu).TotalSeconds:0.00} s (at {now.TotalSeconds:0.00}, heap {GC.GetTotalMemory(false) >> 20} MB)");
        _last = now;
        _lastCpu = cpu;
    }
}
