using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>What one in-process <c>hhf</c> invocation returned and printed.</summary>
internal sealed record CliResult(int Code, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {Code}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// A fresh temporary folder for one test, and <c>hhf</c> run in-process against it. Tests always give absolute paths
/// (the process's current folder is shared by tests running in parallel). <c>somefile</c> is a regular file, so
/// <c>somefile/x</c> is a folder no one can create, even root (tests run as root: chmod does not stop it).
/// </summary>
internal sealed class Sandbox : IDisposable
{
    public Sandbox()
    {
        Dir = Path.Combine(Path.GetTempPath(), "hhf-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "somefile"), "a regular file\n");
    }

    public string Dir { get; }

    /// <summary>An absolute path inside the sandbox.</summary>
    public string this[string relative] => Path.Combine(Dir, relative);

    /// <summary>The smallest valid run, writing into the sandbox: 10 updates of 2 compartments.</summary>
    public string[] Tiny(params string[] more) =>
        new[] { "run", "--iterations", "10", "--compartments", "2", "--out", this["r.html"] }.Concat(more).ToArray();

    public CliResult Run(params string[] args) => Run(args, CancellationToken.None);

    public CliResult Run(string[] args, CancellationToken token, IReadOnlyList<OptionSpec>? table = null, TextWriter? stdout = null)
    {
        var output = stdout ?? new StringWriter();
        var errors = new StringWriter();
        int code = Cli.Run(args, output, errors, token, table ?? CommandLine.RunOptionsTable);
        return new CliResult(code, output.ToString() ?? "", errors.ToString());
    }

    public string Write(string relative, string text)
    {
        string path = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Every file and folder in the sandbox, relative, sorted (to show nothing was written).</summary>
    public List<string> Entries() =>
        Directory.EnumerateFileSystemEntries(Dir, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Dir, p)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Leftover temporary files (of <see cref="AtomicFile"/> or the folder probe) anywhere in the sandbox.</summary>
    public List<string> TempFiles() => Entries().Where(e => AtomicFile.IsTempName(Path.GetFileName(e))).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
