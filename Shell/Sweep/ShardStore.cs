using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HHFunctional.Shell.Sweep;

/// <summary>The outcome of one run, as stored in a shard file.</summary>
/// <param name="Id">The run id.</param>
/// <param name="Status"><c>ok</c> or <c>failed</c>.</param>
/// <param name="Reason">Why it failed (invalid parameters, blow-up, …); null when ok.</param>
/// <param name="Metrics">The metrics; null when failed.</param>
/// <param name="WallMs">Wall time of the run (simulation and analysis), ms: the only non-deterministic field.</param>
internal sealed record RunResult(string Id, string Status, string? Reason, RunMetrics? Metrics, double WallMs)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
}

/// <summary>
/// Per-run results as JSON lines in <c>DIR/shards/*.jsonl</c>: one line per finished run, appended and flushed as soon
/// as the run ends, so a sweep that is stopped (Ctrl-C, a pre-empted Slurm task) loses only the runs in flight, and a
/// rerun skips every id already there. A local sweep writes <c>local.jsonl</c>, shard I of N <c>shard-I-of-N.jsonl</c>.
/// </summary>
internal static partial class ShardStore
{
    /// <summary>Version of the line format; lines of another version are ignored (and their runs redone).</summary>
    public const int Format = 1;

    private sealed record Line(int Format, RunResult Result);

    // Serialisation code generated at compile time: reflection-based System.Text.Json costs ~40 ms on its first use,
    // which a sweep would pay at its first stored result while the other jobs wait for the store.
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
    [JsonSerializable(typeof(Line))]
    private sealed partial class LineJson : JsonSerializerContext;

    public static string Folder(string outDir) => Path.Combine(outDir, "shards");

    public static string FileName((int Index, int Count)? shard) =>
        shard is { } s ? $"shard-{s.Index}-of-{s.Count}.jsonl" : "local.jsonl";

    public static string Serialise(RunResult result) => JsonSerializer.Serialize(new Line(Format, result), LineJson.Default.Line);

    /// <summary>The result on one line, or null if the line is damaged (a run cut off mid-write) or of another format.</summary>
    public static RunResult? Deserialise(string line)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(line, LineJson.Default.Line);
            return parsed is { Format: Format, Result: { Id: not null, Status: RunResult.Ok or RunResult.Failed } r } ? r : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every stored result by run id (the first one found wins; a run's results are identical wherever it ran),
    /// and how many lines were unreadable.</summary>
    public static (Dictionary<string, RunResult> Results, int Damaged) ReadAll(string outDir)
    {
        var results = new Dictionary<string, RunResult>(StringComparer.Ordinal);
        int damaged = 0;
        string folder = Folder(outDir);
        if (!Directory.Exists(folder)) return (results, 0);
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            // Only regular files: a FIFO would block the read, a device would never end.
            if (FileKind.NotRegular(file) is not null) { damaged++; continue; }
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            foreach (var line in Lines(stream))
            {
                if (line is null) { damaged++; continue; }
                if (line.Length == 0) continue;
                if (Deserialise(line) is { } r) results.TryAdd(r.Id, r);
                else damaged++;
            }
        }
        return (results, damaged);
    }

    /// <summary>Longest line read: a result is under a kilobyte; a longer line is damage, not a reason to fill memory.</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>The UTF-8 lines of a stream, each capped at <see cref="MaxLineBytes"/> while reading (null for a longer one, skipped to its end).</summary>
    internal static IEnumerable<string?> Lines(Stream stream)
    {
        var line = new MemoryStream();
        bool tooLong = false;
        var buffer = new byte[1 << 16];
        for (int n; (n = stream.Read(buffer, 0, buffer.Length)) > 0;)
        {
            int start = 0;
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                if (!tooLong) line.Write(buffer, start, i - start);
                yield return tooLong ? null : Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
                line.SetLength(0);
                tooLong = false;
                start = i + 1;
            }
            if (!tooLong) line.Write(buffer, start, n - start);
            if (line.Length > MaxLineBytes) { tooLong = true; line.SetLength(0); }
        }
        if (tooLong) yield return null;
        else if (line.Length > 0) yield return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
    }

    /// <summary>
    /// Appends results to one shard file, a whole line at a time, each in one write(2) (no buffer to split it) and
    /// flushed to the OS; a write that fails part-way (a full disk) is cut back to the line before, so the file holds
    /// whole lines or nothing of a run. One writer per file is the caller's lock (<see cref="FileLock"/>).
    /// </summary>
    public sealed class Appender : IDisposable
    {
        private readonly Stream _stream;
        private readonly object _gate = new();

        public Appender(string path)
            : this(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1))
        {
        }

        /// <summary>Appends to <paramref name="stream"/> (readable, writable, seekable); tests pass a failing one.</summary>
        internal Appender(Stream stream)
        {
            _stream = stream;
            if (_stream.Length > 0)
            {
                // A run cut off mid-line leaves no newline: start on a fresh line so the damage stays in that one line.
                _stream.Seek(-1, SeekOrigin.End);
                bool endsWithNewline = _stream.ReadByte() == '\n';
                _stream.Seek(0, SeekOrigin.End);
                if (!endsWithNewline) _stream.WriteByte((byte)'\n');
            }
        }

        public void Append(RunResult result)
        {
            var bytes = Encoding.UTF8.GetBytes(Serialise(result) + "\n");
            lock (_gate)
            {
                long before = _stream.Length;
                try
                {
                    _stream.Write(bytes);
                    _stream.Flush();
                }
                catch
                {
                    // Whole lines or nothing: remove what part of this line got through (best effort; the error is the one reported).
                    try { _stream.SetLength(before); _stream.Seek(before, SeekOrigin.Begin); }
                    catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException) { }
                    throw;
                }
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
