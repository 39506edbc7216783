using System.Diagnostics;

namespace HHFunctional.Shell;

/// <summary>
/// "run: 45% (22,500 / 50,000 updates), 3 s, about 4 s left" on one stderr line, rewritten in place; only after the run
/// has taken <see cref="QuietFor"/> (short runs stay silent) and only on a terminal (never in redirected output or logs).
/// Reports may arrive from a worker thread.
/// </summary>
internal sealed class ProgressLine : IProgress<long>, IDisposable
{
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter _stderr;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan _last = TimeSpan.Zero;
    private bool _shown;

    private ProgressLine(TextWriter stderr, long total) { _stderr = stderr; _total = total; }

    /// <summary>A progress line on <paramref name="stderr"/> when it is the process's terminal; null otherwise.</summary>
    public static ProgressLine? ForTerminal(TextWriter stderr, long totalUpdates) =>
        ReferenceEquals(BestEffortWriter.Unwrap(stderr), Console.Error) && !Console.IsErrorRedirected ? new ProgressLine(stderr, totalUpdates) : null;

    public void Report(long done)
    {
        var now = _clock.Elapsed;
        if (now < QuietFor || now - _last < Every) return;
        lock (_gate)
        {
            _last = now;
            double fraction = Math.Clamp((double)done / _total, 0, 1);
            string left = fraction > 0 ? $", about {Seconds(now / fraction - now)} left" : "";
            _stderr.Write($"\r  run: {100 * fraction:F0}% ({done:N0} / {_total:N0} updates), {Seconds(now)}{left}   ");
            _shown = true;
        }
    }

    /// <summary>Ends the line, if one was shown, so later output starts on a fresh line.</summary>
    public void Dispose()
    {
        lock (_gate) if (_shown) _stderr.WriteLine();
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:F0} s";
}
