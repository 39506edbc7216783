using System.Text.Json.Nodes;
using HHFunctional.Properties.Network;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Bad network files are refused with every problem at once, each with the file's JSON path and the rule, exit 2, and
/// nothing written (the output folder is not even created). Each case breaks one thing of a valid file (the ring of
/// Fixtures/ring4, copied into a sandbox with its morphology and list); one file breaks many at once.
/// </summary>
public class NetworkBadInputTests
{
    private static readonly string FixtureDir = Path.GetDirectoryName(NetworkCommandTests.RingFile)!;

    /// <summary>The ring's file with <paramref name="change"/> applied, in a sandbox beside its morphology and list.</summary>
    private static string RingWith(Sandbox box, Action<JsonObject> change)
    {
        foreach (var f in new[] { "ring_cell.json", "ring4.csv" }) File.Copy(Path.Combine(FixtureDir, f), box[f], overwrite: true);
        var text = File.ReadAllText(NetworkCommandTests.RingFile);
        var root = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        change(root);
        return box.Write("ring.net.json", root.ToJsonString());
    }

    private static JsonObject Projection(JsonObject root) => root["projections"]![0]!.AsObject();

    private static JsonObject Source(JsonObject root) => root["sources"]![0]!.AsObject();

    private static readonly Dictionary<string, (Action<JsonObject> Change, string Expected)> Cases = new()
    {
        ["unknown top key"] = (r => r["populatons"] = 1, "$.populatons: unknown key"),
        ["unknown simulation key"] = (r => r["simulation"]!["dt"] = 0.1, "$.simulation.dt: unknown key"),
        ["missing t-stop"] = (r => r["simulation"]!.AsObject().Remove("t-stop-ms"), "$.simulation: missing \"t-stop-ms\""),
        ["bad integrator"] = (r => r["simulation"]!["integrator"] = "forward-euler", "$.simulation.integrator: expected crank-nicolson or backward-euler"),
        ["missing cell types"] = (r => r.Remove("cell-types"), "$: missing \"cell-types\""),
        ["missing morphology file"] = (r => r["cell-types"]!["ring-cell"]!["morphology"] = "nowhere.json", "$.cell-types.ring-cell.morphology: "),
        ["bad insert"] = (r => r["cell-types"]!["ring-cell"]!["insert"] = new JsonArray("soma:kdr"), "$.cell-types.ring-cell.insert[0] (soma:kdr): Insert[0].Mechanism"),
        ["bad param syntax"] = (r => r["cell-types"]!["ring-cell"]!["param"]!.AsArray().Add("dend:pas.g"), "$.cell-types.ring-cell.param[10]: expected REGION:NAME=VALUE"),
        ["bad nseg region"] = (r => r["cell-types"]!["ring-cell"]!["nseg"]!["axon"] = 3, "$.cell-types.ring-cell.nseg.axon: expected a section name, a region"),
        ["bad stim site"] = (r => r["cell-types"]!["ring-cell"]!["stim"] = new JsonArray("1,2,0.5,axon(0.5)"), "$.cell-types.ring-cell.stim[0] (1,2,0.5,axon(0.5)): site axon(0.5): no section"),
        ["bad synapse tau"] = (r => r["synapse-types"]!["exc"]!["tau-ms"] = 0, "$.synapse-types.exc.tau-ms: expected a time constant > 0 ms, got 0"),
        ["unknown synapse kind"] = (r => r["synapse-types"]!["exc"]!["kind"] = "nmda", "$.synapse-types.exc.kind: expected one of exp-syn, exp2-syn, glutamate"),
        ["unknown cell type"] = (r => r["populations"]![0]!["cell-type"] = "pyramid", "$.populations[0].cell-type: expected one of the cell types (ring-cell), got 'pyramid'"),
        ["zero count"] = (r => r["populations"]![0]!["count"] = 0, "$.populations[0].count: expected the number of cells: an integer in [1, 10000000], got 0"),
        ["bad population name"] = (r => r["populations"]![0]!["name"] = "ring:a", "$.populations[0].name: expected a name of letters"),
        ["unknown population"] = (r => Projection(r)["target"] = "rung", "$.projections[0].target: expected one of the populations (ring), got 'rung'"),
        ["unknown synapse type"] = (r => Projection(r)["synapse"] = "inh", "$.projections[0].synapse: expected one of the synapse types (exc), got 'inh'"),
        ["bad site"] = (r => Projection(r)["target-site"] = "dend[99](0.5)", "$.projections[0].target-site: site dend[99](0.5): no section named 'dend[99]'"),
        ["bad site x"] = (r => Projection(r)["source-site"] = "soma(1.5)", "$.projections[0].source-site: site 'soma(1.5)'"),
        ["unknown rule"] = (r => Projection(r)["rule"] = new JsonObject { ["kind"] = "ring" }, "$.projections[0].rule.kind: expected one of one-to-one, all-to-all"),
        ["p out of range"] = (r => Projection(r)["rule"] = Rule("fixed-probability", ("p", 1.5), ("seed", 1)), "$.projections[0].rule.p: expected a probability in [0, 1], got 1.5"),
        ["missing seed"] = (r => Projection(r)["rule"] = Rule("fixed-probability", ("p", 0.5)), "$.projections[0].rule: missing \"seed\""),
        ["k too large without self"] = (r => Projection(r)["rule"] = Rule("fixed-in-degree", ("k", 4), ("seed", 1)), "$.projections[0].rule.k: expected at most 3"),
        ["unknown rule key"] = (r => Projection(r)["rule"] = Rule("all-to-all", ("p", 0.5)), "$.projections[0].rule.p: unknown key"),
        ["missing weight without list"] = (r => Projection(r)["rule"] = Rule("one-to-one"), "$.projections[0]: missing \"weight-us\""),
        ["delay below dt"] = (r => Projection(r)["delay-ms"] = 0.01, "$.projections[0].delay-ms: expected a delay ≥ dt (0.025 ms), got 0.01"),
        ["missing list file"] = (r => Projection(r)["rule"]!["file"] = "nowhere.csv", "$.projections[0].rule.file: nowhere.csv: file not found"),
        ["unknown projection key"] = (r => Projection(r)["weight"] = 1, "$.projections[0].weight: unknown key"),
        ["two time forms"] = (r => Source(r)["regular"] = new JsonObject { ["interval-ms"] = 5 }, "$.sources[0]: expected one of \"times-ms\", \"regular\", \"poisson\", got"),
        ["source cell out of range"] = (r => Source(r)["cells"] = new JsonArray(4), "$.sources[0].cells[0]: expected a cell index in [0, 3]"),
        ["negative source weight"] = (r => Source(r)["weight-us"] = -0.05, "$.sources[0].weight-us: expected a weight ≥ 0 µS, got -0.05"),
        ["bad poisson"] = (r => { Source(r).Remove("times-ms"); Source(r)["poisson"] = new JsonObject { ["rate-hz"] = -1, ["seed"] = 1 }; }, "$.sources[0].poisson.rate-hz: expected a rate ≥ 0 Hz, got -1"),
        ["bad record"] = (r => r["record"] = new JsonArray("ring[4]:soma(0.5)"), "$.record[0]: expected a cell index in [0, 3] of population 'ring', got 4"),
        ["bad record form"] = (r => r["record"] = new JsonArray("ring0"), "$.record[0]: expected POPULATION[CELL]:SITE"),
    };

    private static JsonObject Rule(string kind, params (string Key, double Value)[] values)
    {
        var rule = new JsonObject { ["kind"] = kind };
        foreach (var (k, v) in values) rule[k] = v;
        return rule;
    }

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EachBrokenRuleIsNamedWithItsJsonPathAndNothingIsWritten(string name)
    {
        using var box = new Sandbox();
        var (change, expected) = Cases[name];
        string file = RingWith(box, change);
        var before = box.Entries();
        var r = box.Run("network", file, "--out", box["out"]);
        Assert.True(r.Code == ExitCode.BadInput, r.ToString());
        Assert.Contains($"{file}: {expected}", r.Stderr);
        Assert.Contains("nothing was written", r.Stderr);
        Assert.Equal(before, box.Entries());
    }

    [Fact]
    public void TheValidRingIsAccepted()
    {
        using var box = new Sandbox();
        var r = box.Run("network", RingWith(box, _ => { }), "--out", box["out"], "--no-report", "--t-stop-ms", "5");
        Assert.True(r.Code == ExitCode.Ok, r.ToString());
    }

    /// <summary>A list CSV with a bad header, or with bad rows: each row's problem with its line, all at once.</summary>
    [Fact]
    public void BadListRowsAreEachNamedWithTheirLine()
    {
        using var box = new Sandbox();
        string file = RingWith(box, _ => { });
        File.WriteAllText(box["ring4.csv"], "source,target,weight_us,delay_ms\n0,1,0.05,5\n0,9,0.05,5\nx,1,0.05,5\n0,1,-1,0.001\n1,2\n");
        var r = box.Run("network", file, "--out", box["out"]);
        Assert.Equal(ExitCode.BadInput, r.Code);
        foreach (var expected in new[]
                 {
                     "ring4.csv:3: target: expected a cell index in [0, 3] of population 'ring', got '9'",
                     "ring4.csv:4: source: expected a cell index in [0, 3] of population 'ring', got 'x'",
                     "ring4.csv:5: weight_us: expected a weight ≥ 0 µS, got '-1'",
                     "ring4.csv:5: delay_ms: expected a delay ≥ dt (0.025 ms), got '0.001'",
                     "ring4.csv:6: expected 4 fields (source,target,weight_us,delay_ms), got 2",
                 })
            Assert.Contains($"{file}: $.projections[0].rule.file: {expected}", r.Stderr);
        File.WriteAllText(box["ring4.csv"], "from,to\n0,1\n");
        Assert.Contains("ring4.csv:1: expected the header source,target,weight_us,delay_ms, got 'from,to'", box.Run("network", file, "--out", box["out"]).Stderr);
        Assert.False(Directory.Exists(box["out"]));
    }

    /// <summary>Many broken rules in one file: all reported in one go (one per case above, applied together).</summary>
    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        using var box = new Sandbox();
        string[] together = ["unknown top key", "bad integrator", "bad insert", "bad synapse tau", "bad site", "p out of range", "delay below dt",
            "source cell out of range", "bad record"];
        string file = RingWith(box, root =>
        {
            foreach (var name in together)
                if (name != "delay below dt") Cases[name].Change(root);
            Projection(root)["delay-ms"] = 0.01;
            Projection(root)["weight-us"] = 0.05;
        });
        var r = box.Run("network", file, "--out", box["out"]);
        Assert.Equal(ExitCode.BadInput, r.Code);
        foreach (var name in together) Assert.Contains($"{file}: {Cases[name].Expected}", r.Stderr);
        Assert.False(Directory.Exists(box["out"]));
    }

    [Fact]
    public void CommandLineProblemsAndMissingFilesAreBadInput()
    {
        using var box = new Sandbox();
        var none = box.Run("network");
        Assert.Equal(ExitCode.BadInput, none.Code);
        Assert.Contains("FILE: expected a network file", none.Stderr);
        Assert.Contains("--out: expected the folder", none.Stderr);
        Assert.Contains("file not found", box.Run("network", box["nope.json"], "--out", box["out"]).Stderr);
        var badOption = box.Run("network", NetworkCommandTests.RingFile, "--out", box["out"], "--dt", "-1", "--integrator", "forward-euler", "--threads", "0");
        Assert.Equal(ExitCode.BadInput, badOption.Code);
        Assert.Contains("--dt: expected a number > 0", badOption.Stderr);
        Assert.Contains("--integrator: expected crank-nicolson or backward-euler", badOption.Stderr);
        Assert.Contains("--threads: expected an integer in [1, 1024], got 0", badOption.Stderr);
        // --dt overrides the file's dt, and the delays are checked against it.
        Assert.Equal(ExitCode.BadInput, box.Run("network", NetworkCommandTests.RingFile, "--out", box["out2"], "--dt", "10").Code);
        Assert.Contains("delay_ms: expected a delay ≥ dt (10 ms)", box.Run("network", NetworkCommandTests.RingFile, "--out", box["out2"], "--dt", "10").Stderr);
        Assert.False(Directory.Exists(box["out2"]));
        Assert.Equal(ExitCode.BadInput, box.Run("network", NetworkCommandTests.RingFile, "--out", box["somefile/x"]).Code);
        // The ring with its two traces of 1,000,000 steps needs ~15 MiB more than 1 MiB.
        var memory = box.Run("network", NetworkCommandTests.RingFile, "--out", box["out3"], "--t-stop-ms", "25000", "--memory-budget-mb", "1");
        Assert.Equal(ExitCode.BadInput, memory.Code);
        Assert.Contains("memory: the network would need about", memory.Stderr);
        Assert.Contains("for 2 traces of 1,000,001 steps), over the budget of 1 MiB (--memory-budget-mb 1)", memory.Stderr);
        Assert.False(Directory.Exists(box["out3"]));
    }
}
