using System.Globalization;
using System.Text.RegularExpressions;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// A numerical blow-up (NaN, ∞ or |v| &gt; 1000 mV) stops the run, says where and why, and writes nothing, unless
/// --keep-partial asks for the rows before it, which are then marked partial (DIR/PARTIAL and a banner in the report).
/// Oracle: forward Euler on the HH membrane is unstable for dt = 0.5 ms (its gate update overshoots once
/// dt·(α+β) &gt; 2, and α+β reaches ~10/ms during a spike), and any v beyond ±1000 mV is not physiology.
/// </summary>
public class BlowUpTests
{
    private static readonly string[] Unstable = { "--dt", "0.5", "--iterations", "1000", "--compartments", "2" };

    private static long ReportedIteration(string stderr)
    {
        var match = Regex.Match(stderr, @"numerical blow-up at iteration (\d+) of 1000 \(t = ([0-9.]+) ms\): (v|m|h|n) = \S+ in compartment (\d) of neuron 0\.");
        Assert.True(match.Success, stderr);
        long iteration = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(iteration * 0.5, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return iteration;
    }

    [Fact]
    public void BlowUpIsReportedWithWhereAndWhyAndNothingIsWritten()
    {
        using var sandbox = new Sandbox();
        sandbox.Write("r.html", "an earlier report");
        sandbox.Write("csv/v.csv", "t_ms,c0\n0.01,-65\n");
        var before = sandbox.Entries();

        var result = sandbox.Run(Unstable.Prepend("run").Concat(new[] { "--out", sandbox["r.html"], "--csv", sandbox["csv"] }).ToArray());

        Assert.True(result.Code == ExitCode.RunFailed, result.ToString());
        ReportedIteration(result.Stderr);
        Assert.Contains("Likely cause: dt = 0.5 ms is too large for forward Euler", result.Stderr);
        Assert.Contains("--integrator exponential-euler", result.Stderr);
        Assert.Contains("nothing was written", result.Stderr);
        Assert.Equal(before, sandbox.Entries());
        Assert.Equal("an earlier report", File.ReadAllText(sandbox["r.html"]));
        Assert.Equal("t_ms,c0\n0.01,-65\n", File.ReadAllText(sandbox["csv/v.csv"]));
    }

    [Fact]
    public void KeepPartialWritesTheRowsBeforeTheBlowUpMarkedPartialAndAFullRunClearsTheMark()
    {
        using var sandbox = new Sandbox();
        var result = sandbox.Run(Unstable.Prepend("run").Concat(new[] { "--out", sandbox["r.html"], "--csv", sandbox["csv"], "--keep-partial" }).ToArray());

        Assert.True(result.Code == ExitCode.RunFailed, result.ToString());
        long iteration = ReportedIteration(result.Stderr);
        Assert.Contains("PARTIAL RUN", File.ReadAllText(sandbox["csv/PARTIAL"]));
        Assert.Contains("<div id=\"banner\" role=\"alert\"", File.ReadAllText(sandbox["r.html"]));
        Assert.Contains("PARTIAL RUN: numerical blow-up", File.ReadAllText(sandbox["r.html"]));
        foreach (var name in new[] { "v", "m", "h", "n" })
        {
            var lines = File.ReadAllLines(sandbox[$"csv/{name}.csv"]);
            Assert.Equal("t_ms,c0,c1", lines[0]); // the header contract is untouched: the mark is a separate file
            Assert.Equal(iteration - 1, lines.Length - 1); // every update before the bad one, none after
            var values = lines.Skip(1).SelectMany(l => l.Split(',')).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToList();
            Assert.All(values, x => Assert.True(double.IsFinite(x) && Math.Abs(x) <= 1000, $"{name}: {x}"));
        }
        Assert.Empty(sandbox.TempFiles());

        var full = sandbox.Run("run", "--iterations", "10", "--compartments", "2", "--out", sandbox["r.html"], "--csv", sandbox["csv"]);
        Assert.True(full.Code == 0, full.ToString());
        Assert.False(File.Exists(sandbox["csv/PARTIAL"]));
        Assert.DoesNotContain("id=\"banner\"", File.ReadAllText(sandbox["r.html"]));
    }

    [Fact]
    public void ABlowUpOnTheFirstUpdateKeepsAnEmptyButWellFormedPartialRun()
    {
        using var sandbox = new Sandbox();
        var result = sandbox.Run("run", "--dt", "1000000", "--iterations", "5", "--compartments", "2", "--out", sandbox["r.html"], "--csv", sandbox["csv"], "--keep-partial");
        Assert.True(result.Code == ExitCode.RunFailed, result.ToString());
        Assert.Contains("numerical blow-up at iteration 1 of 5", result.Stderr);
        Assert.Equal(new[] { "t_ms,c0,c1" }, File.ReadAllLines(sandbox["csv/v.csv"]));
        Assert.True(File.Exists(sandbox["csv/PARTIAL"]));
        Assert.Contains("PARTIAL RUN", File.ReadAllText(sandbox["r.html"]));
    }
}
