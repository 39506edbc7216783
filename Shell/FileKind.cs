using System.Runtime.InteropServices;

namespace HHFunctional.Shell;

/// <summary>
/// What is at a path, following symbolic links (stat(2)): an output may replace only a regular file or nothing. .NET
/// has no public way to tell a device or a FIFO from an empty file (FileInfo says Normal, length 0, for all three), and
/// opening a FIFO to look blocks, hence the system call.
/// </summary>
internal static class FileKind
{
    /// <summary>Null when <paramref name="path"/> is missing or a regular file (or a symlink to one), else what it is ("a character device").</summary>
    public static string? NotRegular(string path)
    {
        if (Directory.Exists(path)) return "a folder";
        if (!File.Exists(path)) return null;
        int mode = Mode(path);
        if (mode < 0) return null; // unknown here: the rename's own checks remain
        return (mode & 0xF000) switch
        {
            0x8000 => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a folder",
            _ => "not a regular file",
        };
    }

    /// <summary>st_mode of stat(2), or −1 when it cannot be read here (another OS or architecture, or no libc).</summary>
    private static int Mode(string path)
    {
        // Offset of st_mode in the kernel's struct stat as glibc and musl lay it out.
        int offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (!OperatingSystem.IsLinux() || offset < 0) return -1;
        var buffer = new byte[256]; // struct stat is 144 (x64) or 128 (arm64) bytes
        try
        {
            return Stat(path, buffer) == 0 ? BitConverter.ToInt32(buffer, offset) : -1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    // A blittable signature (UTF-8 bytes in, a buffer out): no marshalling code, nothing for the AOT analyzers to flag.
    // "libc" is what the JIT runtime maps to the C library; a native build may probe only file names, hence libc.so.6
    // (glibc's; libc.so itself is a linker script there) as the fallback.
    private static int Stat(string path, byte[] buffer)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        try { return StatLibc(utf8, buffer); }
        catch (DllNotFoundException) { return StatGlibc(utf8, buffer); }
    }

    [DllImport("libc", EntryPoint = "stat")]
    private static extern int StatLibc(byte[] pathUtf8, [Out] byte[] buffer);

    [DllImport("libc.so.6", EntryPoint = "stat")]
    private static extern int StatGlibc(byte[] pathUtf8, [Out] byte[] buffer);
}
