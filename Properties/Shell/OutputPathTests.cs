using System.Diagnostics;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Issue 16, defects 2 and 4: all output paths of one run are checked against each other and against what is already
/// there before the simulation starts. Two options naming the same file, or an output that is a device, a FIFO or a
/// symlink to one, are bad input (exit 2, nothing written, the special file untouched); <c>--out -</c> writes no report.
/// </summary>
public class OutputPathTests
{
    public static TheoryData<string, string, string> Collisions => new()
    {
        // The report would be replaced by v.csv (it was: exit 0, v.csv held the HTML).
        { "report is a CSV", "--out|D/v.csv|--csv|D", "--out and --csv: both would write" },
        // The report would be deleted by the stale-marker cleanup (it was, while "wrote D/PARTIAL" was printed).
        { "report is the PARTIAL marker", "--out|D/PARTIAL|--csv|D", "--out and --csv (its PARTIAL marker): both would write" },
        // The saved config would be overwritten by m.csv.
        { "saved config is a CSV", "--save-config|D/m.csv|--csv|D", "--csv and --save-config: both would write" },
    };

    [Theory]
    [MemberData(nameof(Collisions))]
    public void CollidingOutputPathsAreRefusedNamingBothOptions(string name, string args, string expected)
    {
        using var sandbox = new Sandbox();
        var before = sandbox.Entries();
        var argv = Run(args.Split('|').Select(a => a.StartsWith('-') ? a : sandbox[a]).ToArray());
        var result = sandbox.Run(argv);
        Assert.True(result.Code == ExitCode.BadInput, $"{name}\n{result}");
        Assert.Contains(expected, result.Stderr);
        Assert.Equal(before, sandbox.Entries());
    }

    private static string[] Run(params string[] more) => new[] { "run", "--iterations", "10", "--compartments", "2" }.Concat(more).ToArray();

    private static void MakeFifo(string path)
    {
        using var p = Process.Start("mkfifo", path)!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public void OutputsReplaceOnlyRegularFiles()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new Sandbox();
        MakeFifo(sandbox["fifo"]);
        File.CreateSymbolicLink(sandbox["null-link"], "/dev/null");
        Directory.CreateDirectory(sandbox["csv"]);
        File.CreateSymbolicLink(sandbox["csv/v.csv"], "/dev/null");
        var before = sandbox.Entries();

        foreach (var (args, expected) in new[]
                 {
                     (Run("--out", sandbox["fifo"]), "--out: '" + sandbox["fifo"] + "' is a FIFO (named pipe); hhf replaces only regular files (--out - writes no report)"),
                     (Run("--out", sandbox["null-link"]), "is a character device; hhf replaces only regular files"),
                     (sandbox.Tiny("--csv", sandbox["csv"]), "--csv: '" + sandbox["csv/v.csv"] + "' is a character device"),
                     (sandbox.Tiny("--save-config", sandbox["fifo"]), "--save-config: '" + sandbox["fifo"] + "' is a FIFO"),
                 })
        {
            var result = sandbox.Run(args);
            Assert.True(result.Code == ExitCode.BadInput, result.ToString());
            Assert.Contains(expected, result.Stderr);
        }
        Assert.Equal(before, sandbox.Entries());
        Assert.Equal("/dev/null", new FileInfo(sandbox["null-link"]).LinkTarget);
        Assert.Equal("/dev/null", new FileInfo(sandbox["csv/v.csv"]).LinkTarget);
        Assert.Equal(0, new FileInfo(sandbox["fifo"]).Length);
    }

    [Fact]
    public void OutDashWritesNoReport()
    {
        using var sandbox = new Sandbox();
        string dash = Path.GetFullPath("-");
        bool existed = File.Exists(dash);
        try
        {
            var result = sandbox.Run(Run("--out", "-", "--csv", sandbox["csv"]));
            Assert.True(result.Code == 0, result.ToString());
            Assert.True(File.Exists(sandbox["csv/v.csv"]));
            Assert.False(!existed && File.Exists(dash), "a file named '-' was written");
            Assert.DoesNotContain("wrote -", result.Stdout);
            Assert.DoesNotContain("r.html", string.Join(",", sandbox.Entries()));
        }
        finally
        {
            if (!existed && File.Exists(dash)) File.Delete(dash);
        }
    }
}
