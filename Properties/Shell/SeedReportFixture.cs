using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// The default seed report, written once through the real command line (in process) and shared by the report tests
/// and the browser test. Its title is hostile on purpose: it must come out escaped and never run.
/// </summary>
public sealed class SeedReportFixture : IDisposable
{
    /// <summary>A title that would set data-xss on the page if it were not escaped.</summary>
    public const string HostileTitle = "Seed <script>document.documentElement.setAttribute('data-xss','1')</script> & \"quotes\" </SCRIPT>";

    public SeedReportFixture()
    {
        Dir = Directory.CreateTempSubdirectory("hhf-report-").FullName;
        Path = System.IO.Path.Combine(Dir, "report.html");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        ExitCode = Cli.Run(new[] { "run", "--out", Path, "--title", HostileTitle }, stdout, stderr);
        Output = stdout + stderr.ToString();
        Html = File.Exists(Path) ? File.ReadAllText(Path) : "";
        Bytes = File.Exists(Path) ? new FileInfo(Path).Length : 0;
    }

    public string Dir { get; }
    public string Path { get; }
    public int ExitCode { get; }
    public string Output { get; }
    public string Html { get; }
    public long Bytes { get; }

    /// <summary>Writes a report for other arguments next to the seed's; returns its text (empty on failure) and the exit code.</summary>
    public (int ExitCode, string Html, string Output) Run(string name, params string[] args)
    {
        string path = System.IO.Path.Combine(Dir, name);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = Cli.Run(new[] { "run", "--out", path }.Concat(args).ToArray(), stdout, stderr);
        return (code, File.Exists(path) ? File.ReadAllText(path) : "", stdout + stderr.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SeedReportCollection : ICollectionFixture<SeedReportFixture>
{
    public const string Name = "seed report";
}
