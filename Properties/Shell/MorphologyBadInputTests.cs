using HHFunctional.Properties.Morphology;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Bad input to <c>hhf run --morphology</c>: every problem is a message naming the option (or the config path), the file
/// and line (or JSON path) and the rule; exit 2; nothing written (no report, no CSV, no saved config).
/// </summary>
public class MorphologyBadInputTests
{
    private const string Cell = """
        {"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20},
                      {"name": "d1", "type": "dend", "parent": "soma", "length-um": 300, "diameter-um": 1}]}
        """;

    /// <summary>Runs with the given arguments after a valid cell run's; asserts exit 2, nothing written, and each expected
    /// text in stderr.</summary>
    private static void Refused(Sandbox box, string[] args, params string[] expected)
    {
        var before = box.Entries();
        var r = box.Run(["run", "--iterations", "10", "--out", box["r.html"], "--csv", box["out"], "--save-config", box["saved.json"], .. args]);
        Assert.True(r.Code == 2, r.ToString());
        foreach (var e in expected) Assert.True(r.Stderr.Contains(e, StringComparison.Ordinal), $"expected '{e}' in:\n{r}");
        Assert.Contains("nothing was written", r.Stderr);
        Assert.Equal(before, box.Entries());
    }

    [Theory]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 7\n", "bad.swc:2: parent-missing: ")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 3\n3 3 0 20 0 1 1\n", "bad.swc:2: parent-after-child: ")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 3\n3 3 0 20 0 1 2\n", "bad.swc:2: cycle: ")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 1\n2 3 0 20 0 1 1\n", "bad.swc:3: duplicate-id: ")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 0 1\n", "bad.swc:2: radius-not-positive: ")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 ten 0 1 1\n", "bad.swc:2: not-a-number: ")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1\n", "bad.swc:2: column-count: ")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 -1\n", "bad.swc:2: several-roots: ")]
    [InlineData("# only a comment\n", "bad.swc: empty: ")]
    public void MalformedSwcNamesFileLineAndRule(string swc, string expected)
    {
        using var box = new Sandbox();
        string file = box.Write("bad.swc", swc);
        Refused(box, ["--morphology", file], $"error: --morphology: {expected}");
    }

    [Theory]
    [InlineData("""{"sections": [{"name": "s", "type": "soma", "length-um": 20, "diameter-um": 20}, {"name": "d", "parent": "x", "type": "dend", "length-um": 5, "diameter-um": 1}]}""",
        "bad.json: $.sections[1].parent: parent-missing: ")]
    [InlineData("""{"sections": [{"name": "s", "type": "soma", "length-um": 20, "diameter-um": -2}]}""", "bad.json: $.sections[0]")]
    [InlineData("""{"sections": [""", "bad.json")]
    public void MalformedJsonMorphologyNamesFilePathAndRule(string json, string expected)
    {
        using var box = new Sandbox();
        string file = box.Write("bad.json", json);
        Refused(box, ["--morphology", file], $"error: --morphology: {expected}");
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var box = new Sandbox();
        Refused(box, ["--morphology", box["none.swc"]], $"error: --morphology: {box["none.swc"]}: file not found");
        Refused(box, ["--morphology", box.Dir], "is a folder");
    }

    [Theory]
    [InlineData(new[] { "--stim", "1,2,0.5,dend[3](0.5)" }, "--stim 1,2,0.5,dend[3](0.5): site dend[3](0.5): no section named 'dend[3]'")]
    [InlineData(new[] { "--record-sites", "soma(0.5),axon(1)" }, "--record-sites: site axon(1): no section named 'axon'")]
    [InlineData(new[] { "--stim", "1,2,0.5,soma(1.5)" }, "--stim: site 'soma(1.5)': expected x a number in [0, 1], got '1.5'")]
    [InlineData(new[] { "--record-sites", "d1(-0.1)" }, "--record-sites: site 'd1(-0.1)': expected x a number in [0, 1], got '-0.1'")]
    [InlineData(new[] { "--record-sites", "d1" }, "--record-sites: site 'd1': expected SECTION(x)")]
    [InlineData(new[] { "--record-sites", "d1(1),d1(1)" }, "--record-sites: expected each site once")]
    [InlineData(new[] { "--stim", "1,2,0.5,0" }, "--stim: expected a site like soma(0.5) as the 4th field with --morphology")]
    [InlineData(new[] { "--insert", "apic:hh" }, "--insert apic:hh: Insert[0].Region: expected all, a region or a section name of the cell")]
    [InlineData(new[] { "--insert", "dend:kdr" }, "--insert dend:kdr: Insert[0].Mechanism: expected hh, pas, got 'kdr'")]
    [InlineData(new[] { "--insert", "dend" }, "--insert: expected REGION:MECH, e.g. dend:pas, got 'dend'")]
    [InlineData(new[] { "--param", "axon:cm=2" }, "--param axon:cm=2: Param[0].Region: expected all, a region or a section name of the cell")]
    [InlineData(new[] { "--param", "dend:pas.q=1", "--insert", "all:pas" }, "--param dend:pas.q=1: Param[0].Name: expected cm, ra, hh.gna")]
    [InlineData(new[] { "--param", "dend:pas.g=1" }, "--param dend:pas.g=1: Param[0].Name: pas.g: its mechanism is not inserted in 'dend'")]
    [InlineData(new[] { "--param", "all:ra=-1" }, "--param all:ra=-1: Param[0].Value: ra: expected > 0, got -1")]
    [InlineData(new[] { "--param", "dend:cm" }, "--param: expected REGION:NAME=VALUE")]
    [InlineData(new[] { "--param", "dend:cm=abc" }, "--param: expected a finite number after '=', got 'abc'")]
    [InlineData(new[] { "--nseg", "3", "--d-lambda", "0.1" }, "--d-lambda: expected one of --nseg, --d-lambda, --segment-length-um, got --nseg too")]
    [InlineData(new[] { "--nseg", "0" }, "--nseg: expected an integer in [1, ")]
    [InlineData(new[] { "--segment-length-um", "-4" }, "--segment-length-um: expected a length > 0 µm, got '-4'")]
    [InlineData(new[] { "--compartments", "5" }, "--compartments: does not apply with --morphology")]
    [InlineData(new[] { "--cable", "physical" }, "--cable: does not apply with --morphology (the cell's geometry comes from the file)")]
    [InlineData(new[] { "--ra-ohm-cm", "100" }, "--ra-ohm-cm: does not apply with --morphology (use --param all:ra=VALUE)")]
    [InlineData(new[] { "--record-compartments", "0" }, "--record-compartments: does not apply with --morphology (use --record-sites)")]
    [InlineData(new[] { "--stim-unit", "ua-per-cm2" }, "--stim-unit: with --morphology, --stim amplitudes are in nA")]
    [InlineData(new[] { "--init", "steady", "--m0", "0.1" }, "--m0: cannot be combined with --init steady")]
    [InlineData(new[] { "--v0", "NaN" }, "--v0: expected a finite number, got NaN")]
    public void BadCellOptionsNameTheOptionAndTheRule(string[] args, string expected)
    {
        using var box = new Sandbox();
        string cell = box.Write("cell.json", Cell);
        Refused(box, ["--morphology", cell, .. args], expected);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        using var box = new Sandbox();
        string cell = box.Write("cell.json", Cell);
        Refused(box, ["--morphology", cell, "--insert", "apic:hh", "--stim", "1,2,3,axon(0.5)", "--record-sites", "dend[9](1)",
                "--integrator", "forward-euler", "--dt", "-1"],
            "--insert apic:hh: Insert[0].Region", "--stim 1,2,3,axon(0.5): site axon(0.5): no section named 'axon'",
            "--record-sites: site dend[9](1): no section named", "--dt");
    }

    [Theory]
    [InlineData("nseg", "3")]
    [InlineData("d-lambda", "0.1")]
    [InlineData("segment-length-um", "40")]
    [InlineData("insert", "soma:hh")]
    [InlineData("param", "soma:cm=2")]
    [InlineData("record-sites", "soma(0.5)")]
    public void CellOptionsNeedAMorphology(string option, string value)
    {
        using var box = new Sandbox();
        Refused(box, [$"--{option}", value], $"--{option}: applies with --morphology only");
    }

    [Fact]
    public void ConfigFileProblemsNameTheJsonPath()
    {
        using var box = new Sandbox();
        string cell = box.Write("cell.json", Cell);
        string config = box.Write("run.json", $$"""
            {"morphology": "{{cell}}", "insert": ["soma:hh", "dend:xx"], "stim": ["1,2,3,soma(0.5)", "1,2,3,d9(0.5)"],
             "param": ["dend:pas.g"]}
            """);
        Refused(box, ["--config", config],
            "run.json: $.insert[1] (dend:xx): Insert[1].Mechanism: expected hh, pas, got 'xx'",
            "run.json: $.param[0]: expected REGION:NAME=VALUE");
        string config2 = box.Write("run2.json", $$"""{"morphology": "{{cell}}", "stim": ["1,2,3,soma(0.5)", "1,2,3,d9(0.5)"]}""");
        Refused(box, ["--config", config2], "run2.json: $.stim[1] (1,2,3,d9(0.5)): site d9(0.5): no section named 'd9'");
    }

    [Fact]
    public void APyramidWithAnUnknownDendriteIsRefusedBeforeAnyStep()
    {
        using var box = new Sandbox();
        string swc = box["pyramid.swc"];
        File.Copy(Path.Combine(MorphologyData.Dir, "pyramid.swc"), swc);
        Refused(box, ["--morphology", swc, "--record-sites", "soma(0.5),dend[79](1)"],
            "--record-sites: site dend[79](1): no section named 'dend[79]' (the cell has soma, dend sections: 79 in all");
    }
}
