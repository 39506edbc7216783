namespace HHFunctional.Shell;

/// <summary>
/// The folders a run writes to (--out's, --csv, --save-config's), checked before any simulation starts: each must be a
/// folder we can write in, or one we can create. Writability is tested by creating and deleting a probe file (the only
/// reliable test: permissions, read-only mounts, /proc and full disks all answer it). Checking creates nothing; the
/// folders are created only once all the input is known to be good.
/// </summary>
internal static class OutputFolders
{
    private static IEnumerable<(string Option, string Path, bool IsFile)> Targets(RunOptions o)
    {
        yield return ("--out", o.OutPath, true);
        if (o.CsvDir is { } csv) yield return ("--csv", csv, false);
        if (o.ParquetDir is { } parquet) yield return ("--parquet", parquet, false);
        if (o.SaveConfigPath is { } save) yield return ("--save-config", save, true);
    }

    /// <summary>Every output path that cannot be written, one message each; empty when all can.</summary>
    public static IEnumerable<string> Problems(RunOptions options)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, path, isFile) in Targets(options))
        {
            string? problem;
            try { problem = Problem(path, isFile, files, option); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                problem = $"invalid path '{CommandLine.Shorten(path)}': {e.Message}";
            }
            if (problem is not null) yield return $"{option}: {problem}";
        }
    }

    /// <summary>Creates the folders (after <see cref="Problems"/> found none); a failure here is still bad input.</summary>
    public static IEnumerable<string> Create(RunOptions options)
    {
        foreach (var (option, path, isFile) in Targets(options))
        {
            string? problem = null;
            try
            {
                string full = Path.GetFullPath(path);
                Directory.CreateDirectory(isFile ? Path.GetDirectoryName(full)! : full);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
            {
                problem = $"{option}: cannot create the folder of '{CommandLine.Shorten(path)}': {e.Message}";
            }
            if (problem is not null) yield return problem;
        }
    }

    private static string? Problem(string path, bool isFile, Dictionary<string, string> files, string option)
    {
        if (path.IndexOf('\0') >= 0) return "invalid path: it contains a NUL character";
        string full = Path.GetFullPath(path);
        string folder;
        if (isFile)
        {
            if (Path.EndsInDirectorySeparator(path) || Directory.Exists(full)) return $"'{CommandLine.Shorten(path)}' is a folder, expected a file name";
            if (files.TryGetValue(full, out var other)) return $"'{CommandLine.Shorten(path)}' is also the file of {other}";
            files[full] = option;
            folder = Path.GetDirectoryName(full)!;
        }
        else
        {
            if (File.Exists(full)) return $"'{CommandLine.Shorten(path)}' is a file, expected a folder";
            folder = full;
        }

        // The nearest folder that exists must be writable: it is where we write, or where we create the missing ones.
        string existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) return $"cannot create folder '{folder}': '{existing}' is a file";
            string? parent = Path.GetDirectoryName(existing);
            if (parent is null) return $"cannot create folder '{folder}': no part of it exists";
            existing = parent;
        }
        string? error = ProbeError(existing);
        if (error is null) return null;
        return existing == folder
            ? $"cannot write in folder '{folder}': {error}"
            : $"cannot create folder '{folder}': cannot write in '{existing}': {error}";
    }

    /// <summary>Null when a file can be created in <paramref name="folder"/> (the probe is deleted on close), else why not.</summary>
    internal static string? ProbeError(string folder)
    {
        string probe = Path.Combine(folder, $".hhf-probe-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.WriteByte(0);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            AtomicFile.TryDelete(probe);
            return e.Message;
        }
    }
}
