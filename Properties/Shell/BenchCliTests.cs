using System.Text.Json;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>The bench command's contract: its options, exit codes and JSON fields (never its speed).</summary>
public class BenchCliTests
{
    private static CliResult Bench(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Cli.Run(new[] { "bench" }.Concat(args).ToArray(), stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("forward-euler")]
    [InlineData("crank-nicolson")]
    public void OneTinyCaseAsJsonHasTheContractFields(string integrator)
    {
        var result = Bench("--neurons", "3", "--compartments", "4", "--iterations", "40", "--integrator", integrator,
            "--runs", "3", "--warmup", "1", "--json", "--no-c");
        Assert.True(result.Code == 0, result.ToString());

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(3, row.GetProperty("neurons").GetInt32());
        Assert.Equal(4, row.GetProperty("compartments").GetInt32());
        Assert.Equal(40, row.GetProperty("iterations").GetInt64());
        Assert.Equal(integrator, row.GetProperty("integrator").GetString());
        Assert.True(row.GetProperty("median_ns_per_compartment_step").GetDouble() > 0);
        Assert.True(row.GetProperty("allocated_bytes_per_step").GetDouble() >= 0);
        Assert.True(row.GetProperty("gc_collections").GetInt32() >= 0);
        // --no-c: the C reference is left out, and its fields say so.
        Assert.Equal(JsonValueKind.Null, row.GetProperty("ratio_to_seed_c").ValueKind);
    }

    [Fact]
    public void SeedProcessTimesTheWholeSeedRunInANewProcess()
    {
        var result = Bench("--seed-process", "--runs", "1", "--warmup", "0", "--json");
        Assert.True(result.Code == 0, result.ToString());
        var row = Assert.Single(JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray());
        Assert.Equal("seed-process", row.GetProperty("case").GetString());
        Assert.Equal(1, row.GetProperty("runs").GetInt32());
        double median = row.GetProperty("median_wall_ms").GetDouble();
        Assert.True(median > 0, result.Stdout);
        // Both fields are rounded (median to 0.1 ms, the ratio to 0.01): compare within those roundings.
        Assert.InRange(row.GetProperty("speedup_vs_seed_script").GetDouble(), 9000 / (median + 0.05) - 0.006, 9000 / (median - 0.05) + 0.006);
    }

    /// <summary>
    /// Oracle: System.Text.Json's serializer, which wrote this JSON before it was written node by node (for the native
    /// build): the same bytes for the same wall times, including fractions, whole numbers and the rounding.
    /// </summary>
    [Theory]
    [InlineData(new[] { 680.14, 690.0, 712.36 }, 690.0)]
    [InlineData(new[] { 0.04 }, 0.04)]
    [InlineData(new[] { 1234.5678, 2345.6789 }, 1790.12335)]
    public void SeedProcessJsonIsWhatTheSerializerWrote(double[] sortedWallMs, double medianMs)
    {
        double speedup = SeedProcessBench.SeedScriptSeconds * 1000 / medianMs;
        var row = new Dictionary<string, object>
        {
            ["hhf_version"] = ToolVersion.Informational, ["case"] = "seed-process", ["command"] = "hhf run --csv DIR --out DIR/report.html", ["runs"] = sortedWallMs.Length,
            ["median_wall_ms"] = Math.Round(medianMs, 1), ["min_wall_ms"] = Math.Round(sortedWallMs[0], 1), ["max_wall_ms"] = Math.Round(sortedWallMs[^1], 1),
            ["seed_script_s"] = SeedProcessBench.SeedScriptSeconds, ["speedup_vs_seed_script"] = Math.Round(speedup, 2),
        };
        Assert.Equal(JsonSerializer.Serialize(new[] { row }), SeedProcessBench.JsonRow(sortedWallMs, medianMs, speedup));
    }

    /// <summary>
    /// bench --sweep: whole sweeps in new processes, 1 and 2 jobs; the overhead and the speed-up are computed from the
    /// fields printed beside them (a tiny grid: the contract, not the speed).
    /// </summary>
    [Fact]
    public void SweepProcessTimesWholeSweepsWithOneAndKJobs()
    {
        string grid = Path.Combine(Directory.CreateTempSubdirectory("hhf-bench-sweep-test").FullName, "grid.json");
        File.WriteAllText(grid, """{"base": {"compartments": 1, "iterations": 300, "stim": ["0,3,0,0"]}, "vary": {"stim-amplitude": [5, 10, 15, 20]}}""");
        var result = Bench("--sweep", "--grid", grid, "--jobs", "2", "--runs", "1", "--warmup", "0", "--json");
        Assert.True(result.Code == 0, result.ToString());
        var rows = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2 }, rows.Select(r => r.GetProperty("jobs").GetInt32()));
        foreach (var row in rows)
        {
            Assert.Equal("sweep-process", row.GetProperty("case").GetString());
            double wall = row.GetProperty("median_wall_ms").GetDouble(), runs = row.GetProperty("median_runs_ms").GetDouble();
            int jobs = row.GetProperty("jobs").GetInt32();
            Assert.True(wall > 0 && runs > 0, result.Stdout);
            // One round: the medians are that round's values, so the overhead is 1 − runs/(jobs × wall) of the printed
            // fields (each rounded: to 0.1 ms and to 1e-4).
            Assert.InRange(row.GetProperty("median_overhead").GetDouble(), 1 - (runs + 0.05) / (jobs * (wall - 0.05)) - 1e-4,
                1 - (runs - 0.05) / (jobs * (wall + 0.05)) + 1e-4);
        }
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("speedup_vs_one_job").ValueKind);
        double ratio = rows[0].GetProperty("median_wall_ms").GetDouble() / rows[1].GetProperty("median_wall_ms").GetDouble();
        Assert.InRange(rows[1].GetProperty("speedup_vs_one_job").GetDouble(), ratio - 0.002, ratio + 0.002);
    }

    /// <summary>The default grid of bench --sweep is the README's benchmark file, Shell/Sweep/examples/bench-1000.json.</summary>
    [Fact]
    public void SweepProcessDefaultGridIsTheExampleFile()
    {
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "Shell", "Sweep", "examples", "bench-1000.json")));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(file, System.Text.Json.Nodes.JsonNode.Parse(HHFunctional.Shell.Sweep.SweepProcessBench.DefaultGrid)));
    }

    [Theory]
    [InlineData("--sweep", "--neurons", "5")]
    [InlineData("--sweep", "--seed-process")]
    [InlineData("--grid", "g.json")]
    [InlineData("--jobs", "2")]
    [InlineData("--sweep", "--grid", "/nonexistent/grid.json")]
    [InlineData("--sweep", "--jobs", "0")]
    public void SweepProcessRefusesBadOptions(params string[] args)
    {
        var result = Bench(args);
        Assert.Equal(ExitCode.BadInput, result.Code);
        Assert.Contains(args.First(a => a != "--sweep"), result.Stderr);
    }

    [Fact]
    public void SeedProcessRefusesOptionsThatWouldChangeTheRun()
    {
        var result = Bench("--seed-process", "--neurons", "5");
        Assert.Equal(ExitCode.BadInput, result.Code);
        Assert.Contains("--seed-process", result.Stderr);
    }

    [Fact]
    public void TableNamesTheCaseAndItsColumns()
    {
        var result = Bench("--neurons", "2", "--compartments", "2", "--iterations", "20", "--runs", "1", "--warmup", "0", "--no-c");
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("ns/cs", result.Stdout);
        Assert.Contains("forward-euler", result.Stdout);
        Assert.Contains("B/step", result.Stdout);
    }

    [Theory]
    [InlineData("--neurons", "0")]
    [InlineData("--compartments", "x")]
    [InlineData("--iterations", "-5")]
    [InlineData("--integrator", "runge-kutta")]
    [InlineData("--threads", "0")]
    [InlineData("--runs")]
    [InlineData("--frobnicate")]
    [InlineData("stray")]
    [InlineData("--neurons", "3", "--neurons", "4")]
    public void BadOptionsExitTwoWithAMessageNamingTheOption(params string[] args)
    {
        var result = Bench(args);
        Assert.True(result.Code == ExitCode.BadInput, result.ToString());
        Assert.Contains("error:", result.Stderr);
        string named = args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : $"'{args[0]}'";
        Assert.Contains(named, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var result = Bench("--help");
        Assert.Equal(0, result.Code);
        foreach (var option in new[] { "--neurons", "--compartments", "--iterations", "--integrator", "--threads", "--json" })
            Assert.Contains(option, result.Stdout);
    }

    [Fact]
    public void ProgressStaysQuietWhenStderrIsNotTheTerminal() =>
        Assert.Null(ProgressLine.ForTerminal(new StringWriter(), 1_000_000));
}
