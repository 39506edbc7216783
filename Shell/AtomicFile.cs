using System.Text;

namespace HHFunctional.Shell;

/// <summary>
/// Files written whole or not at all: content goes to a temporary name in the target folder and is renamed over the
/// target only when complete, so an interrupted or failed run never leaves a truncated file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Temporary files not yet renamed; Ctrl-C handlers remove them.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Pending = new();

    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        Pending[temp] = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: false);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            Pending.TryRemove(temp, out _);
        }
    }

    public static void WriteText(string path, string text) =>
        Write(path, s => { var bytes = new UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    /// <summary>Removes every temporary file still pending (on cancellation).</summary>
    public static void RemovePending()
    {
        foreach (var temp in Pending.Keys)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
