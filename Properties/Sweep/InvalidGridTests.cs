using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Invalid grids are refused up front: exit 2, every problem listed at once (field, rule, value), nothing written —
/// not even the output folder.
/// </summary>
public class InvalidGridTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        // Unknown options (with a suggestion), an output-only option varied, a dashed key, a single stim not in a list,
        // all in one report.
        {
            """{"base": {"compartmens": 1, "stim": "0,10,5,0"}, "vary": {"--dt": [0.01], "stim-amplitud": [1, 2], "record-every": [1, 2]}}""",
            new[] { "$.base.compartmens: unknown key (did you mean compartments?)", "$.base.stim: expected an array",
                    "vary.--dt: write option names without the leading dashes", "vary: --stim-amplitud: unknown option (did you mean --stim-amplitude?)",
                    "vary: \"record-every\" only chooses what a single run writes or records" }
        },
        // Bad ranges: zero step, a step away from "to", a missing key, a non-number, an unknown key.
        {
            """{"vary": {"dt": {"from": 0.01, "to": 0.05, "step": 0}, "gna": {"from": 120, "to": 100, "step": 5}, "gk": {"from": 1, "step": 1}, "gl": {"from": "a", "to": 1, "step": 1}, "el": {"from": 0, "to": 1, "step": 1, "by": 2}}}""",
            new[] { "vary.dt.step: expected a non-zero number, got 0", "vary.gna: step 5 moves away from \"to\" (120 → 100)", "vary.gk.to: missing",
                    "vary.gl.from: expected a decimal number", "vary.el.by: unknown key in a range" }
        },
        // Structure: no vary, unknown top-level key, a zip of unequal lists, a zip naming an option not varied, a bad policy.
        {
            """{"base": {}, "grid": 1, "invalid": "skip"}""",
            new[] { "vary: missing", "grid: unknown key \"grid\"", "invalid: expected \"refuse\" or \"record\", got \"skip\"" }
        },
        {
            """{"vary": {"gna": [100, 120], "gk": [30, 36, 40]}, "zip": [["gna", "gk"], ["gna", "el"]]}""",
            new[] { "zip[0]: paired lists must have equal lengths, got gna: 2, gk: 3", "zip[1]: \"el\" is not in \"vary\"" }
        },
        // Malformed values: reported once per value, where they are.
        {
            """{"base": {"compartments": "many"}, "vary": {"dt": [0.01, "fast"], "stim": ["0,10,5,0", "0,10"]}}""",
            new[] { "$.base.compartments: expected an integer, got 'many'", "vary.dt[1] = \"fast\": --dt: expected a number, got 'fast'",
                    "vary.stim[1] = \"0,10\": --stim: expected START_MS,END_MS,AMPLITUDE,COMPARTMENT" }
        },
        // A virtual option needs a stim to change.
        {
            """{"base": {"compartments": 1}, "vary": {"stim-amplitude": [1, 2, 3]}}""",
            new[] { "vary.stim-amplitude[0] = 1 (and 2 other values): stim-amplitude: changes every stim segment, but the run has none" }
        },
        // Combinations that fail the model's validation, each with its reason (every value parses alone).
        {
            """{"base": {"iterations": 10}, "vary": {"dt": [0.01, -1], "gna": [120, -5]}}""",
            new[] { "run 1 (dt = 0.01, gna = -5): GNaMSPerCm2: expected a finite number ≥ 0, got -5",
                    "run 2 (dt = -1, gna = 120): DtMs: expected a finite number > 0, got -1",
                    "run 3 (dt = -1, gna = -5): GNaMSPerCm2", "run 3 (dt = -1, gna = -5): DtMs",
                    "3 of 4 combinations are invalid" }
        },
        // A combination that does not parse (rest is computed, so v0 cannot be set), and one whose state is too big.
        {
            """{"base": {"iterations": 10}, "vary": {"init": ["seed", "rest"], "v0": [-65]}}""",
            new[] { "run 1 (init = \"rest\", v0 = -65): --v0: cannot be combined with a start at rest" }
        },
        {
            """{"base": {"compartments": 2000, "iterations": 10}, "vary": {"neurons": [1, 20000]}}""",
            new[] { "run 1 (neurons = 20000): memory: a run would need 4,580 MiB of state (20,000 neurons × 2,000 compartments), over the 2,048 MiB a sweep run may use" }
        },
        { "[1, 2]", new[] { "grid: expected a JSON object with \"base\" and \"vary\", got a list" } },
        { "{\"vary\": ", new[] { "grid: not valid JSON" } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RefusedUpFrontWithEveryProblemAndNothingWritten(string grid, string[] expected)
    {
        string outDir = Path.Combine(TempDir(), "never");
        var (exit, stdout, stderr) = Hhf("sweep", "--grid", GridFile(grid), "--out", outDir);
        Assert.Equal(2, exit);
        foreach (var e in expected) Assert.Contains(e, stderr);
        Assert.Contains("nothing was written", stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(outDir), "nothing may be written for an invalid grid");
    }

    [Fact]
    public void BadCommandLinesAreRefusedWithEveryProblem()
    {
        string outDir = Path.Combine(TempDir(), "never");
        var (exit, _, stderr) = Hhf("sweep", "--out", outDir, "--jobs", "0", "--shard", "3/3", "--shards", "2", "--time", "1h", "--bogus");
        Assert.Equal(2, exit);
        foreach (var e in new[] { "--grid: missing", "--jobs: expected an integer ≥ 1, got '0'", "--shard: expected I/N with 0 ≤ I < N",
                     "--shards: only with --slurm", "--time, --mem-mb, --cpus-per-task, --partition: only with --slurm", "--time: expected HH:MM:SS",
                     "--bogus: unknown option" })
            Assert.Contains(e, stderr);
        Assert.False(Directory.Exists(outDir));
        Assert.Equal(2, Hhf("sweep", "merge").Exit);
        Assert.Equal(2, Hhf("sweep", "merge", outDir).Exit);
    }

    [Fact]
    public void SavedRunConfigIsABaseItsOutputKeysIgnoredWithAWarning()
    {
        // What `run --save-config` writes is a valid base: the run's model options are used, its output keys ignored.
        string dir = TempDir();
        string config = Path.Combine(dir, "run.json");
        var saved = Hhf("run", "--iterations", "200", "--compartments", "2", "--stim", "0,1,20,0", "--save-config", config, "--out", Path.Combine(dir, "r.html"));
        Assert.True(saved.Exit == 0, saved.Out + saved.Err);
        string grid = "{\"base\": " + File.ReadAllText(config) + ", \"vary\": {\"gna\": [120, 100]}}";
        string outDir = Path.Combine(dir, "sweep");
        var (exit, stdout, stderr) = Hhf("sweep", "--grid", GridFile(grid), "--out", outDir);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("warning: $.base.out: ignored", stderr);
        Assert.Contains("warning: $.base.record-every: ignored", stderr);
        var rows = ReadCsv(Path.Combine(outDir, "results.csv"));
        Assert.Equal(new[] { "1", "1" }, rows.Select(r => r["spikes_first"])); // the base's own stimulus made each neuron fire
    }

    [Fact]
    public void RecordPolicyRunsTheValidCombinationsAndRecordsTheOthers()
    {
        string dir = RunSweep(GridFile("""{"base": {"iterations": 10, "compartments": 2}, "vary": {"gna": [120, -5]}, "invalid": "record"}"""));
        var rows = ReadCsv(Path.Combine(dir, "results.csv"));
        Assert.Equal(new[] { "ok", "failed" }, rows.Select(r => r["status"]));
        Assert.Equal("invalid parameters: GNaMSPerCm2: expected a finite number ≥ 0, got -5", rows[1]["reason"]);
        Assert.Equal("", rows[1]["spikes_first"]);
    }

    [Fact]
    public void UnimplementedIntegratorIsAFailedRowNotACrash()
    {
        // Whatever integrators exist when this runs, a name the enum has but Step lacks must become a row (here: none
        // may be missing, so both rows are ok or one fails with "not supported"; neither stops the sweep).
        string dir = RunSweep(GridFile("""{"base": {"iterations": 20, "compartments": 2}, "vary": {"integrator": ["forward-euler", "backward-euler"]}}"""));
        var rows = ReadCsv(Path.Combine(dir, "results.csv"));
        Assert.Equal("ok", rows[0]["status"]);
        Assert.True(rows[1]["status"] == "ok" || rows[1]["reason"].StartsWith("not supported: ", StringComparison.Ordinal), rows[1]["reason"]);
    }
}
