using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Shell;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Shell;

/// <summary>Issue 16, the smaller items of point 10 (and defect 2 for a sweep's folder), each failing before its fix.</summary>
public class SmallReliabilityTests
{
    private const string TinyGrid = """{"base": {"iterations": 50, "compartments": 2, "stim": ["1,2,5,0"]}, "vary": {"gna": [100, 120]}}""";

    [Fact]
    public void AnUnwritableSweepFolderIsBadInput()
    {
        // /proc refuses new entries even to root: it was exit 1 (an I/O error creating the folder), as run says 2.
        var (exit, _, err) = Hhf("sweep", "--grid", GridFile(TinyGrid), "--out", "/proc/hhf-sweep");
        Assert.True(exit == ExitCode.BadInput, err);
        Assert.Contains("--out: cannot create folder '/proc/hhf-sweep': cannot write in '/proc'", err);
    }

    [Fact]
    public void ASweepFolderUnderAFileNamesTheFile()
    {
        using var sandbox = new Sandbox();
        var (exit, _, err) = Hhf("sweep", "--grid", GridFile(TinyGrid), "--out", sandbox["somefile/sweep"]);
        Assert.True(exit == ExitCode.BadInput, err);
        Assert.Contains($"'{sandbox["somefile"]}' is a file", err); // it said "the parent folder ... does not exist"
    }

    [Fact]
    public void WhenOneSweepOutputCannotBeReplacedNoneIs()
    {
        string dir = RunSweep(GridFile(TinyGrid));
        File.WriteAllText(Path.Combine(dir, "results.csv"), "earlier\n");
        File.Delete(Path.Combine(dir, "sweep.html"));
        Directory.CreateDirectory(Path.Combine(dir, "sweep.html"));
        var (exit, _, err) = Hhf("sweep", "--grid", GridFile(TinyGrid), "--out", dir);
        // It was exit 1 with results.csv and results.parquet replaced, while the message said "no file was changed".
        Assert.True(exit == ExitCode.BadInput, err);
        Assert.Contains("sweep.html' is a folder; hhf replaces only regular files", err);
        Assert.Equal("earlier\n", File.ReadAllText(Path.Combine(dir, "results.csv")));
    }

    [Fact]
    public void VaryingStimTogetherWithStimAmplitudeIsRefused()
    {
        string grid = GridFile("""{"base": {"iterations": 50, "compartments": 2}, "vary": {"stim": ["1,2,5,0", "1,3,5,0"], "stim-amplitude": [1, 2]}}""");
        var (exit, _, err) = Hhf("sweep", "--grid", grid, "--out", Path.Combine(TempDir(), "out"));
        Assert.True(exit == ExitCode.BadInput, err); // the stim axis was silently overwritten by stim-amplitude
        Assert.Contains("vary: \"stim\" and \"stim-amplitude\" cannot be used together", err);
    }

    [Fact]
    public void ABackwardEulerBlowUpDoesNotSuggestBackwardEuler()
    {
        var spec = SimulationSpec.Validate(new SimulationParameters { Compartments = 2, Iterations = 10, Integrator = IntegratorKind.BackwardEuler })
            .Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        string message = RunCommand.BlowUpMessage(new BlowUp(5, 0.05, StateVariable.V, 0, 0, double.NaN), spec);
        Assert.DoesNotContain("--integrator backward-euler", message);
        Assert.Contains("too large for backward-euler", message);
    }

    [Fact]
    public void HugeSizesAreNotReportedAsNegativeMemory()
    {
        using var sandbox = new Sandbox();
        var result = sandbox.Run("run", "--neurons", "2147483647", "--compartments", "2147483647", "--iterations", "1", "--out", sandbox["r.html"]);
        Assert.True(result.Code == ExitCode.BadInput, result.ToString());
        Assert.Contains("(the state alone would need 281,474,976,448,512 MiB)", result.Stderr); // it said −262,143 MiB
    }

    [Fact]
    public void NoHintToLowerDtBelowAnyPracticalValue()
    {
        using var sandbox = new Sandbox();
        var result = sandbox.Run(sandbox.Tiny("--cm", "1e-300"));
        Assert.Contains("no practical --dt is small enough (it would need dt < ", result.Stderr);
        Assert.DoesNotContain("lower --dt below", result.Stderr); // "lower --dt below 4.62E-300 ms"
    }

    [Fact]
    public void RecordingACompartmentTwiceIsRefused()
    {
        using var sandbox = new Sandbox();
        var result = sandbox.Run(sandbox.Tiny("--record-compartments", "1,1,1", "--csv", sandbox["csv"]));
        Assert.True(result.Code == ExitCode.BadInput, result.ToString()); // it wrote v.csv with the column c1 three times
        Assert.Contains("--record-compartments: expected each compartment once (each is one CSV column), got 1 more than once", result.Stderr);
        Assert.False(Directory.Exists(sandbox["csv"]));
    }
}
