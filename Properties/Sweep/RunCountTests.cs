using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Issue 16, defect 6: counts are checked arithmetic. Four ranges of 65,536 values (2^64 runs) wrapped the long run
/// count to 0, and the sweep exited 0 with empty results; a range whose (to − from) / step passes decimal's range was an
/// internal error (exit 1). Both are bad input now: exit 2, the count or the JSON path, nothing written.
/// </summary>
public class RunCountTests
{
    [Fact]
    public void TwoToTheSixtyFourRunsAreRefusedWithTheirCount()
    {
        const string axis = """{"from": 0, "to": 65535, "step": 1}""";
        string grid = GridFile("""{"base": {"iterations": 10, "compartments": 2, "stim": ["1,2,3,0"]}, "vary": {"stim-amplitude": AXIS, "gna": AXIS, "gk": AXIS, "gl": AXIS}}""".Replace("AXIS", axis));
        string dir = Path.Combine(TempDir(), "out");
        var (exit, _, err) = Hhf("sweep", "--grid", grid, "--out", dir);
        Assert.True(exit == 2, err);
        Assert.Contains("grid: 18,446,744,073,709,551,616 runs (65,536 × 65,536 × 65,536 × 65,536), expected at most 1,000,000", err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void ARangeOverflowingDecimalIsBadInputWithItsPath()
    {
        string grid = GridFile("""{"base": {"iterations": 10}, "vary": {"gna": {"from": -70000000000000000000000000000, "to": 70000000000000000000000000000, "step": 1}}}""");
        string dir = Path.Combine(TempDir(), "out");
        var (exit, _, err) = Hhf("sweep", "--grid", grid, "--out", dir);
        Assert.True(exit == 2, err);
        Assert.Contains("vary.gna: (70000000000000000000000000000 − -70000000000000000000000000000) / 1 values overflow", err);
        Assert.DoesNotContain("internal error", err);
        Assert.False(Directory.Exists(dir));
    }
}
