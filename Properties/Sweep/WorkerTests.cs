using HHFunctional.Shell.Sweep;

namespace HHFunctional.Properties.Sweep;

/// <summary>The worker protocol of local sweeps with several jobs: one JSON line of raw options in, one result line out.</summary>
public class WorkerTests
{
    private static SweepPlan Plan(string json)
    {
        var (grid, problems) = Grid.Parse(json);
        Assert.Empty(problems);
        var (plan, planProblems) = SweepPlan.Build(grid!);
        Assert.Empty(planProblems);
        return plan!;
    }

    private const string Small = """{"base": {"iterations": 400, "compartments": 3, "stim": ["0,3,20,0"]}, "vary": {"b-r": [0.1, 0.2]}}""";

    [Fact]
    public void WorkerAnswersWithTheRunItsParentPlanned()
    {
        var plan = Plan(Small);
        // What the parent sends for each run: its raw option values as a JSON list of [name, value] pairs.
        string requests = string.Join('\n', plan.Points.Select(p =>
            System.Text.Json.JsonSerializer.Serialize(p.Raw.Select(r => new[] { r.Name, r.Value }).ToArray()))) + "\n";
        var output = new StringWriter();
        Assert.Equal(0, SweepWorkers.Serve(new StringReader(requests), output, CancellationToken.None));
        var answers = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ShardStore.Deserialise).ToList();
        Assert.Equal(plan.Points.Count, answers.Count);
        for (int i = 0; i < answers.Count; i++)
        {
            var here = SweepRunner.RunOne(plan.Points[i]);
            Assert.Equal(plan.Points[i].RunId, answers[i]!.Id);
            // Same run, same bits: compare everything but the wall time.
            Assert.Equal(ShardStore.Serialise(here with { WallMs = 0 }), ShardStore.Serialise(answers[i]! with { WallMs = 0 }));
        }
    }

    [Fact]
    public void DyingWorkersStopTheSweepAfterRetriesAndRealWorkersAnswerAlone()
    {
        var plan = Plan(Small);
        var results = new List<RunResult>();
        // A "worker" that exits at once: every run sent to it is retried on a new one, until the sweep gives up.
        using var workers = new SweepWorkers(1, ("/bin/sh", new[] { "-c", "exit 3" }));
        var e = Assert.Throws<IOException>(() => workers.RunAll(plan.Points, CancellationToken.None, results.Add, runHere: false));
        Assert.Contains($"a worker process died {SweepWorkers.MaxRestarts + 1} times (last exit code 3)", e.Message);
        Assert.Empty(results); // no invented failures: the runs stay undone, so a rerun does them

        // With the real worker, the same runs complete, answered by the worker process alone.
        using var real = new SweepWorkers(1, SlurmScript.SelfCommandParts());
        real.RunAll(plan.Points, CancellationToken.None, results.Add, runHere: false);
        Assert.Equal(plan.Points.Select(p => p.RunId).Order(), results.Select(r => r.Id).Order());
        Assert.All(results, r => Assert.Equal(RunResult.Ok, r.Status));
    }
}
