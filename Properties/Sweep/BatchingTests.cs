using HHFunctional.Shell.Sweep;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Sweep points run side by side as neurons of one group (SIMD lanes; issue 17's "neurons that differ") give exactly what
/// each run alone gives. Oracle: the same points run one by one (<c>batchNeurons: 1</c>, the runner before batching).
/// </summary>
public class BatchingTests
{
    // Amplitudes, membranes (gna, cm, el) and integrators vary; dt 0.2 with forward Euler blows up on the stiff seed
    // coupling, so some batches hold a point that fails and must be rerun alone.
    private const string GridJson = """
        {
          "base": {"iterations": 3000, "stim": ["2,25,0,0"], "compartments": 3},
          "vary": {"stim-amplitude": [0, 4, 8, 15, 30], "gna": [90, 120], "cm": [0.8, 1.0, 1.3], "el": [-60, -54.387], "init": ["seed", "rest"],
                   "integrator": ["forward-euler", "exponential-euler", "backward-euler", "crank-nicolson"], "dt": [0.01, 0.2]}
        }
        """;

    private static IReadOnlyList<RunPoint> Points()
    {
        var (grid, problems) = Grid.Parse(GridJson);
        Assert.Empty(problems);
        var (plan, planProblems) = SweepPlan.Build(grid!);
        Assert.Empty(planProblems);
        return plan!.Points;
    }

    private static Dictionary<string, RunResult> Run(IReadOnlyList<RunPoint> points, int jobs, int batchNeurons)
    {
        var results = new Dictionary<string, RunResult>();
        SweepRunner.RunAll(points, jobs, CancellationToken.None, r => results.Add(r.Id, r), batchNeurons);
        return results;
    }

    [Fact]
    public void BatchedRunsEqualRunsAloneBitForBit()
    {
        var points = Points();
        var batches = SweepRunner.Batches(points);
        Assert.True(batches.Count < points.Count / 8, $"{points.Count} points made {batches.Count} batches: too few shared a run");
        var alone = Run(points, 2, 1);
        var batched = Run(points, 2, SweepRunner.BatchNeurons);
        Assert.Equal(points.Count, alone.Count);
        Assert.Equal(alone.Keys.Order(), batched.Keys.Order());
        Assert.Contains(alone.Values, r => r.Status == RunResult.Failed);
        Assert.Contains(alone.Values, r => r.Status == RunResult.Ok && r.Metrics!.SpikesFirst > 1);
        foreach (var (id, a) in alone)
        {
            var b = batched[id];
            Assert.Equal(a.Status, b.Status);
            Assert.Equal(a.Reason, b.Reason);
            // Metrics are records of numbers: equal means every spike count, latency and rate is the same double.
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(a.Metrics), System.Text.Json.JsonSerializer.Serialize(b.Metrics));
        }
    }
}
