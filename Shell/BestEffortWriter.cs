using System.Text;

namespace HHFunctional.Shell;

/// <summary>
/// Console output as best effort: a closed, full or broken stdout or stderr (<c>2&gt;&amp;-</c>, <c>&gt;/dev/full</c>, a
/// pipe whose reader left) never changes what is written or the exit code. The first failed write marks the stream
/// broken and every later write to it is dropped; before, the error escaped (stderr: from an error handler, so the
/// runtime aborted with SIGABRT, exit 134; stdout: as "cannot write output", abandoning a good run).
/// </summary>
internal sealed class BestEffortWriter : TextWriter
{
    private readonly TextWriter _inner;
    private volatile bool _broken;

    private BestEffortWriter(TextWriter inner) : base(inner.FormatProvider) => _inner = inner;

    /// <summary><paramref name="writer"/> made best effort (itself if it already is).</summary>
    public static TextWriter Wrap(TextWriter writer) => writer as BestEffortWriter ?? new BestEffortWriter(writer);

    /// <summary>The writer under a best-effort one (to ask whether it is the terminal).</summary>
    public static TextWriter Unwrap(TextWriter writer) => writer is BestEffortWriter b ? b._inner : writer;

    public override Encoding Encoding => _inner.Encoding;

    public override string NewLine
    {
#pragma warning disable CS8765 // TextWriter.NewLine's setter takes null (it means the default)
        get => _inner.NewLine;
        set => _inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value) { if (!_broken) try { _inner.Write(value); } catch (Exception e) when (Broken(e)) { } }

    public override void Write(string? value) { if (!_broken) try { _inner.Write(value); } catch (Exception e) when (Broken(e)) { } }

    public override void Write(char[] buffer, int index, int count) { if (!_broken) try { _inner.Write(buffer, index, count); } catch (Exception e) when (Broken(e)) { } }

    public override void WriteLine() { if (!_broken) try { _inner.WriteLine(); } catch (Exception e) when (Broken(e)) { } }

    public override void WriteLine(string? value) { if (!_broken) try { _inner.WriteLine(value); } catch (Exception e) when (Broken(e)) { } }

    public override void Flush() { if (!_broken) try { _inner.Flush(); } catch (Exception e) when (Broken(e)) { } }

    // EBADF surfaces as UnauthorizedAccessException ("Access to the path is denied"), ENOSPC and EPIPE as IOException.
    private bool Broken(Exception e)
    {
        if (e is not (IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)) return false;
        _broken = true;
        return true;
    }
}
