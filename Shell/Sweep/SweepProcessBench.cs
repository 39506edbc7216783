using System.Text.Json.Nodes;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// <c>bench --sweep</c>: a whole sweep as a user starts it, <c>hhf sweep --grid G --out DIR --jobs J</c> in a new process,
/// timed by this process from start to exit (runtime start-up included, nothing taken from the child's own clock), with
/// 1 job and with K jobs alternated round by round. The runs' own time is the sum of their <c>wall_ms</c> as the child
/// stored them; the overhead is 1 − runs / (jobs × wall), as the sweep's timing line defines it. Medians, and the
/// speed-up of K jobs over 1 as the ratio of the median walls measured in the same session.
/// </summary>
internal static class SweepProcessBench
{
    /// <summary>The issue's benchmark: 1,000 point-neuron runs of 50,000 forward-Euler steps from rest, 0.02 … 20 µA/cm²
    /// (the same grid as Shell/Sweep/examples/bench-1000.json; a test keeps them equal).</summary>
    public const string DefaultGrid = """
        {
          "base": {
            "compartments": 1,
            "init": "rest",
            "iterations": 50000,
            "stim": ["0,500,0,0"]
          },
          "vary": {
            "stim-amplitude": { "from": 0.02, "to": 20, "step": 0.02 }
          }
        }

        """;

    /// <summary>One timed sweep: its wall time (this process's clock) and its runs' summed wall time, ms.</summary>
    private sealed record Timed(double WallMs, double RunsMs)
    {
        public double Overhead(int jobs) => 1 - RunsMs / (jobs * WallMs);
    }

    public static int Execute(string? gridPath, int jobs, int runs, int warmup, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (gridPath is not null && !File.Exists(gridPath))
        {
            stderr.WriteLine($"error: --grid: '{gridPath}' not found");
            return ExitCode.BadInput;
        }
        string folder = Path.Combine(Path.GetTempPath(), $"hhf-bench-sweep-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            string grid = Path.GetFullPath(gridPath ?? Path.Combine(folder, "grid.json"));
            if (gridPath is null) File.WriteAllText(grid, DefaultGrid);
            var counts = jobs > 1 ? new[] { 1, jobs } : new[] { 1 };
            var timed = counts.ToDictionary(j => j, _ => new List<Timed>());
            for (int round = 0; round < warmup + runs; round++)
                foreach (int j in counts)
                {
                    bool warm = round < warmup;
                    if (!json) stderr.Write($"  sweep, {j} job{(j == 1 ? "" : "s")}, {(warm ? "warm-up" : "round")} {(warm ? round + 1 : round + 1 - warmup)} … ");
                    string outDir = Path.Combine(folder, $"out-{round}-{j}");
                    var child = SeedProcessBench.RunTimed(folder, "sweep", "--grid", grid, "--out", outDir, "--jobs", j.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (child.ExitCode != 0)
                    {
                        stderr.WriteLine($"error: the sweep failed (exit {child.ExitCode}): {child.Stderr.Trim()}");
                        return child.ExitCode == ExitCode.BadInput ? ExitCode.BadInput : ExitCode.RunFailed;
                    }
                    var (results, _) = ShardStore.ReadAll(outDir);
                    var t = new Timed(child.WallMs, results.Values.Sum(r => r.WallMs));
                    Directory.Delete(outDir, recursive: true);
                    if (!warm) timed[j].Add(t);
                    if (!json) stderr.WriteLine($"{t.WallMs / 1000:F2} s, overhead {t.Overhead(j):P1}");
                }

            double oneJob = Bench.Median(timed[1].Select(t => t.WallMs).ToList());
            var rows = counts.Select(j =>
            {
                var walls = timed[j].Select(t => t.WallMs).Order().ToList();
                double median = Bench.Median(walls);
                return new
                {
                    Jobs = j, Median = median, Min = walls[0], Max = walls[^1],
                    Runs = Bench.Median(timed[j].Select(t => t.RunsMs).ToList()),
                    Overhead = Bench.Median(timed[j].Select(t => t.Overhead(j)).ToList()),
                    Speedup = j == 1 ? (double?)null : oneJob / median,
                };
            }).ToList();
            if (json)
            {
                var list = new JsonArray();
                foreach (var r in rows)
                    list.Add((JsonNode)new JsonObject
                    {
                        ["hhf_version"] = ToolVersion.Informational, ["case"] = "sweep-process", ["grid"] = gridPath is null ? "bench-1000" : grid, ["jobs"] = r.Jobs, ["runs"] = runs,
                        ["median_wall_ms"] = Math.Round(r.Median, 1), ["min_wall_ms"] = Math.Round(r.Min, 1), ["max_wall_ms"] = Math.Round(r.Max, 1),
                        ["median_runs_ms"] = Math.Round(r.Runs, 1), ["median_overhead"] = Math.Round(r.Overhead, 4),
                        ["speedup_vs_one_job"] = r.Speedup is { } x ? Math.Round(x, 3) : null,
                    });
                stdout.WriteLine(list.ToJsonString());
            }
            else
            {
                stdout.WriteLine($"sweep as a process (hhf sweep --grid {(gridPath is null ? "bench-1000" : grid)} --out DIR --jobs J), " +
                                 $"{runs} rounds after {warmup} warm-up, jobs alternated; wall from start to exit:");
                stdout.WriteLine("  jobs  median wall (fastest–slowest)   runs in total   overhead   speed-up");
                foreach (var r in rows)
                    stdout.WriteLine($"  {r.Jobs,4}  {r.Median / 1000,7:F2} s ({r.Min / 1000:F2}–{r.Max / 1000:F2} s)  {r.Runs / 1000,10:F2} s  {r.Overhead,9:P1}   " +
                                     (r.Speedup is { } x ? $"{x:F2}×" : "—"));
                stdout.WriteLine("  overhead = 1 − runs in total / (jobs × wall): start-up, planning, scheduling, storing, results, report, idle jobs");
            }
            return ExitCode.Ok;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
