using System.Diagnostics;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// A one-line progress bar on stderr (runs done, runs failed, estimated time left), redrawn at most 5 times a second;
/// silent when disabled (stderr is not a terminal), so logs and CI output stay clean.
/// </summary>
internal sealed class Progress
{
    private readonly TextWriter? _writer;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawMs = -1000;
    private int _done, _failed;

    /// <param name="writer">Where to draw; null for no bar.</param>
    /// <param name="total">Runs this process will run.</param>
    public Progress(TextWriter? writer, int total)
    {
        _writer = writer;
        _total = total;
    }

    /// <summary>Whether a bar should be drawn on the console's stderr: only when it is a terminal.</summary>
    public static bool StderrIsTerminal(TextWriter stderr) => ReferenceEquals(BestEffortWriter.Unwrap(stderr), Console.Error) && !Console.IsErrorRedirected;

    public void RunDone(bool failed)
    {
        _done++;
        if (failed) _failed++;
        long now = _clock.ElapsedMilliseconds;
        if (_writer is null || (now - _lastDrawMs < 200 && _done < _total)) return;
        _lastDrawMs = now;
        _writer.Write('\r' + Line(_done, _failed, _total, _clock.Elapsed));
        _writer.Flush();
    }

    public void Finish()
    {
        if (_writer is null || _total == 0) return;
        _writer.Write('\r' + new string(' ', 79) + '\r');
        _writer.Flush();
    }

    /// <summary>The bar's text: "[#####.....]  120/201 runs, 2 failed, 0:12 left".</summary>
    public static string Line(int done, int failed, int total, TimeSpan elapsed)
    {
        const int width = 30;
        int filled = total == 0 ? width : (int)((long)done * width / total);
        string left = done == 0 ? "?" : Format(TimeSpan.FromTicks(elapsed.Ticks * (total - done) / done));
        return $"[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} runs, {failed} failed, {left} left";
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";
}
