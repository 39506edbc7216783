using System.Globalization;

namespace HHFunctional.Shell;

/// <summary>
/// An exclusive lock on a lock file (an empty file, left in place: deleting a lock file races with its next opener),
/// held while the returned stream is open and released by the kernel when the process ends, however it ends. .NET opens
/// a file with <see cref="FileShare.None"/> under flock(2) LOCK_EX | LOCK_NB, so a second opener, in this process or
/// another, is refused at once; waiting is a poll. The holder's PID is written next to the lock (<c>NAME.owner</c>),
/// because the locked file cannot be opened by anyone else to read it. Advisory, as every lock on Linux: it binds hhf
/// processes (and anything else that flocks), which is who writes there.
/// </summary>
internal static class FileLock
{
    /// <summary>How often a waiting process tries again.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Opens (creating it) the lock file <paramref name="path"/>, locked. When another process holds it: with
    /// <paramref name="wait"/> tries again every 100 ms until <paramref name="token"/> is cancelled (then throws
    /// <see cref="OperationCanceledException"/>); without, returns null and who holds it ("process 1234").
    /// </summary>
    public static (FileStream? Stream, string Holder) Acquire(string path, bool wait, CancellationToken token)
    {
        while (true)
        {
            token.ThrowIfCancellationRequested();
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                WriteOwner(path);
                return (stream, "");
            }
            catch (IOException e) when (IsLockedByOther(e))
            {
                if (!wait) return (null, Holder(path));
            }
            token.WaitHandle.WaitOne(Poll);
        }
    }

    /// <summary>The file holding the holder's PID.</summary>
    public static string OwnerPath(string path) => path + ".owner";

    /// <summary>"process 1234" (from the owner file), or "another process" while the holder has not written it yet.</summary>
    public static string Holder(string path)
    {
        try
        {
            string text = File.ReadAllText(OwnerPath(path)).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return $"process {pid}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return "another process";
    }

    private static void WriteOwner(string path) =>
        AtomicFile.WriteText(OwnerPath(path), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");

    // flock's EWOULDBLOCK surfaces as an IOException carrying the raw errno (EAGAIN, 11 on Linux); Windows's sharing
    // violation as HRESULT 0x80070020. Any other error (permissions, a full disk) is not "held" and propagates.
    private static bool IsLockedByOther(IOException e) => e.HResult == 11 || (e.HResult & 0xFFFF) == 32;
}
