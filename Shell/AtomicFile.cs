using System.Text;

namespace HHFunctional.Shell;

/// <summary>
/// Files written whole or not at all: content goes to a temporary name in the target folder and is renamed over the
/// target only when complete, so an interrupted or failed run never leaves a truncated file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Temporary files not yet renamed, process-wide; the last-resort signal handler removes them.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Pending = new();

    /// <summary>Writes one file atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var batch = new AtomicBatch();
        batch.Add(path, write);
        batch.Commit();
    }

    /// <summary>Writes UTF-8 text (no byte order mark) atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => { var bytes = new UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    /// <summary>Removes every temporary file still pending anywhere in the process (a second Ctrl-C, just before exit).</summary>
    public static void RemovePending()
    {
        foreach (var temp in Pending.Keys) TryDelete(temp);
    }

    /// <summary>
    /// A fresh temporary name next to <paramref name="full"/>: hidden, with the PID (whose leftover it is) and 64 random
    /// bits, so it repeats neither a temporary file left by a killed run (PID 1 in every container) nor another process's.
    /// </summary>
    internal static string TempNameFor(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!,
            $".{Path.GetFileName(full)}.{Environment.ProcessId}.{System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true)}.tmp");

    /// <summary>
    /// Creates a temporary file for <paramref name="full"/> exclusively (O_CREAT | O_EXCL: never an existing file), and
    /// only then tracks it for removal: cleanup removes only files this process created.
    /// </summary>
    internal static (string Temp, FileStream Stream) CreateTemp(string full)
    {
        while (true)
        {
            string temp = TempNameFor(full);
            try
            {
                var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                Track(temp);
                return (temp, stream);
            }
            catch (IOException) when (File.Exists(temp))
            {
                // Someone else's file under this name (2^-64): leave it alone and draw another.
            }
        }
    }

    /// <summary>Whether a file name is one of our temporary names (tests look for leftovers).</summary>
    internal static bool IsTempName(string fileName) => fileName.StartsWith('.') && fileName.EndsWith(".tmp", StringComparison.Ordinal);

    internal static void Track(string temp) => Pending[temp] = 0;

    internal static void Untrack(string temp) => Pending.TryRemove(temp, out _);

    internal static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Several files that appear together or not at all (as far as a file system allows): <see cref="Add"/> writes each one
/// completely under a temporary name, <see cref="Commit"/> renames them all in the order added (then makes the
/// deletions), and disposing an uncommitted batch removes its temporary files. A run stages its CSVs and report, checks
/// for cancellation, then commits, so Ctrl-C before the commit leaves every existing file as it was.
/// </summary>
internal sealed class AtomicBatch : IDisposable
{
    private readonly List<(string Temp, string Target)> _staged = new();
    private readonly List<string> _deletions = new();
    private bool _committed;

    /// <summary>Writes <paramref name="path"/>'s content to a temporary file in its folder now; it replaces the target on commit.</summary>
    public void Add(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        var (temp, created) = AtomicFile.CreateTemp(full);
        _staged.Add((temp, full));
        using var stream = created;
        write(stream);
        stream.Flush(flushToDisk: false);
    }

    /// <summary>
    /// Stages several files like <see cref="Add"/> (committed in the order given) but writes them on other threads; the
    /// task ends when all are written and fails with the first error. Wait for it before committing or disposing.
    /// </summary>
    public Task AddInParallel(IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        // Created here, on this thread, so every staged name is a file this batch made before any writer starts.
        var jobs = new List<(FileStream Stream, Action<Stream> Write)>();
        try
        {
            foreach (var (path, write) in files)
            {
                string full = Path.GetFullPath(path);
                var (temp, stream) = AtomicFile.CreateTemp(full);
                _staged.Add((temp, full));
                jobs.Add((stream, write));
            }
        }
        catch
        {
            foreach (var job in jobs) job.Stream.Dispose();
            throw;
        }
        return Task.WhenAll(jobs.Select(job => Task.Run(() =>
        {
            using var stream = job.Stream;
            job.Write(stream);
            stream.Flush(flushToDisk: false);
        })));
    }

    /// <summary>Writes UTF-8 text (no byte order mark).</summary>
    public void AddText(string path, string text) =>
        Add(path, s => { var bytes = new UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    /// <summary>A file to delete on commit, after every rename (e.g. a stale PARTIAL marker); missing is fine.</summary>
    public void DeleteOnCommit(string path) => _deletions.Add(Path.GetFullPath(path));

    /// <summary>Renames every staged file over its target, in the order added, then makes the deletions.</summary>
    public void Commit()
    {
        foreach (var (temp, target) in _staged)
        {
            File.Move(temp, target, overwrite: true);
            AtomicFile.Untrack(temp);
        }
        foreach (var path in _deletions) if (File.Exists(path)) File.Delete(path);
        _committed = true;
    }

    /// <summary>Removes the temporary files of a batch that was not committed (or failed half-way through its commit).</summary>
    public void Dispose()
    {
        foreach (var (temp, _) in _staged)
        {
            if (!_committed) AtomicFile.TryDelete(temp);
            AtomicFile.Untrack(temp);
        }
    }
}
