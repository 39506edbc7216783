namespace HHFunctional.Shell;

/// <summary>
/// The folders a run writes to (--out's, --csv, --save-config's), checked before any simulation starts: each must be a
/// folder we can write in, or one we can create. Writability is tested by creating and deleting a probe file (the only
/// reliable test: permissions, read-only mounts, /proc and full disks all answer it). Checking creates nothing; the
/// folders are created only once all the input is known to be good.
/// </summary>
internal static class OutputFolders
{
    /// <summary>The value of --out that writes no report.</summary>
    public const string NoReport = "-";

    private static IEnumerable<(string Option, string Path, bool IsFile)> Targets(RunOptions o)
    {
        if (o.OutPath != NoReport) yield return ("--out", o.OutPath, true);
        if (o.CsvDir is { } csv) yield return ("--csv", csv, false);
        if (o.ParquetDir is { } parquet) yield return ("--parquet", parquet, false);
        if (o.SaveConfigPath is { } save) yield return ("--save-config", save, true);
    }

    /// <summary>
    /// Every file a run may write or delete, with the option that names it: the report, each CSV and spikes.csv, the
    /// Parquet files, the CSV and Parquet folders' PARTIAL marker (written or deleted; one when both are one folder), the
    /// saved config.
    /// </summary>
    internal static IEnumerable<(string Option, string Path)> Files(RunOptions o)
    {
        if (o.OutPath != NoReport) yield return ("--out", o.OutPath);
        bool spikes = o.RecordVars.Contains(Core.Model.StateVariable.V);
        if (o.CsvDir is { } csv)
        {
            foreach (var v in o.RecordVars.Distinct()) yield return ("--csv", Path.Combine(csv, Csv.FileName(v)));
            if (spikes) yield return ("--csv", Path.Combine(csv, SpikeTable.CsvName));
            yield return ("--csv (its PARTIAL marker)", Path.Combine(csv, RunCommand.PartialMarker));
        }
        if (o.ParquetDir is { } parquet)
        {
            foreach (var v in o.RecordVars.Distinct()) yield return ("--parquet", Path.Combine(parquet, ParquetOutput.FileName(v)));
            if (spikes) yield return ("--parquet", Path.Combine(parquet, ParquetOutput.SpikesName));
            if (!SameFolder(o.CsvDir, parquet)) yield return ("--parquet (its PARTIAL marker)", Path.Combine(parquet, RunCommand.PartialMarker));
        }
        if (o.SaveConfigPath is { } save) yield return ("--save-config", save);
    }

    /// <summary>Whether --csv and --parquet name one folder (they then share one PARTIAL marker).</summary>
    internal static bool SameFolder(string? a, string b)
    {
        if (a is null) return false;
        try { return Path.GetFullPath(a) == Path.GetFullPath(b); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
    }

    /// <summary>
    /// Files of one run that are the same file (one output would overwrite or delete another), and files that exist but
    /// are not regular files (a device, a FIFO, a folder, or a symlink to one: renaming over them would replace them).
    /// </summary>
    private static IEnumerable<string> FileProblems(RunOptions options)
    {
        var seen = new Dictionary<string, (string Option, string Path)>(StringComparer.Ordinal);
        foreach (var (option, path) in Files(options))
        {
            string full;
            try { full = Path.GetFullPath(path); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { continue; } // reported below
            if (seen.TryGetValue(full, out var other))
            {
                yield return $"{other.Option} and {option}: both would write '{CommandLine.Shorten(path)}'; give them different files or folders";
                continue;
            }
            seen[full] = (option, path);
            if (option != "--out" && option != "--save-config" && FileKind.NotRegular(full) is { } kind)
                yield return $"{option}: '{CommandLine.Shorten(path)}' is {kind}; hhf replaces only regular files";
        }
    }

    /// <summary>Every output path that cannot be written, one message each; empty when all can.</summary>
    public static IEnumerable<string> Problems(RunOptions options)
    {
        foreach (var p in FileProblems(options)) yield return p;
        foreach (var (option, path, isFile) in Targets(options))
        {
            string? problem;
            try { problem = Problem(path, isFile, option); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                problem = $"invalid path '{CommandLine.Shorten(path)}': {e.Message}";
            }
            if (problem is not null) yield return $"{option}: {problem}";
        }
    }

    /// <summary>
    /// For a command that writes named files into one folder (<c>hhf network --out DIR</c>): whether the folder can be
    /// written or created, and whether any of the files exists but is not a regular file. Creates nothing.
    /// </summary>
    internal static IEnumerable<string> FolderProblems(string option, string dir, IEnumerable<string> fileNames)
    {
        string? problem;
        try { problem = Problem(dir, isFile: false, option); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problem = $"invalid path '{CommandLine.Shorten(dir)}': {e.Message}";
        }
        if (problem is not null) { yield return $"{option}: {problem}"; yield break; }
        foreach (var name in fileNames)
            if (FileKind.NotRegular(Path.GetFullPath(Path.Combine(dir, name))) is { } kind)
                yield return $"{option}: '{CommandLine.Shorten(Path.Combine(dir, name))}' is {kind}; hhf replaces only regular files";
    }

    /// <summary>Creates the folder of <see cref="FolderProblems"/> (after it found none), or says why it cannot.</summary>
    internal static string? CreateFolder(string option, string dir)
    {
        try { Directory.CreateDirectory(Path.GetFullPath(dir)); return null; }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            return $"{option}: cannot create the folder '{CommandLine.Shorten(dir)}': {e.Message}";
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

    private static string? Problem(string path, bool isFile, string option)
    {
        if (path.IndexOf('\0') >= 0) return "invalid path: it contains a NUL character";
        string full = Path.GetFullPath(path);
        string folder;
        if (isFile)
        {
            if (Path.EndsInDirectorySeparator(path) || Directory.Exists(full)) return $"'{CommandLine.Shorten(path)}' is a folder, expected a file name";
            if (FileKind.NotRegular(full) is { } kind)
                return $"'{CommandLine.Shorten(path)}' is {kind}; hhf replaces only regular files" +
                       (option == "--out" ? $" (--out {NoReport} writes no report)" : "");
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
