using System.Globalization;

namespace HHFunctional.Shell;

/// <summary>
/// Input files read with a hard cap counted while reading: a file's stated length is no bound (it is 0 for devices,
/// FIFOs and /proc, and a growing file outgrows it), so reading stops one byte past the cap, whatever the file is.
/// A FIFO is read like a file (process substitution, <c>--config &lt;(…)</c>, is one); /dev/zero is refused after the cap.
/// </summary>
internal static class BoundedRead
{
    /// <summary>Cap of a config or grid file: 16 MiB (a few hundred bytes is usual; anything near this is a mistake).</summary>
    public const int MaxInputBytes = 16 << 20;

    /// <summary>The file's bytes, or null and why not ("has more than 16,777,216 bytes") when it passes <paramref name="maxBytes"/>.</summary>
    public static (byte[]? Bytes, string? Problem) ReadAllBytes(string path, int maxBytes = MaxInputBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        while (true)
        {
            int want = (int)Math.Min(chunk.Length, (long)maxBytes + 1 - buffer.Length);
            int n = stream.Read(chunk, 0, want);
            if (n == 0) return (buffer.ToArray(), null);
            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxBytes)
                return (null, $"has more than {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes (read stopped there), expected a JSON file of at most that");
        }
    }
}
