using System.Text;
using System.Text.Json;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// The config file (README "Config files"): keys are the long option names, the command line overrides the file, every
/// problem is reported with its JSON path, and --save-config writes a file that repeats the run bit for bit.
/// </summary>
public class RunConfigTests
{
    private static (RunOptions Options, List<string> Errors) FromJsonText(string json, IReadOnlyList<OptionSpec>? table = null)
    {
        table ??= CommandLine.RunOptionsTable;
        var (raw, errors) = RunConfig.FromText(Encoding.UTF8.GetBytes(json), "run.json", table);
        var (options, applyErrors) = CommandLine.Apply(raw, table);
        return (options, errors.Concat(applyErrors).ToList());
    }

    [Fact]
    public void ConfigKeysAreTheLongOptionNames()
    {
        var (o, errors) = FromJsonText("""
            // comments and trailing commas are fine: configs are written by hand
            {"dt": 0.02, "record-every": "10", "iterations": 400, "stim": ["100,200,5,0", "1,2,3,1"], "keep-partial": true,
             "record-compartments": "0,3-5", "integrator": "exponential-euler",}
            """);
        Assert.Empty(errors);
        Assert.Equal(0.02, o.Parameters.DtMs);
        Assert.Equal(10, o.RecordEvery);
        Assert.Equal(400, o.Parameters.Iterations);
        Assert.Equal(new[] { new StimulusSegment(100, 200, 5, 0), new StimulusSegment(1, 2, 3, 1) }, o.Parameters.Stimulus.Segments);
        Assert.True(o.KeepPartial);
        Assert.Equal(new[] { 0, 3, 4, 5 }, o.RecordCompartments);
        Assert.Equal(IntegratorKind.ExponentialEuler, o.Parameters.Integrator);
    }

    [Fact]
    public void AnEmptyStimulusListMeansNoStimulus()
    {
        var (o, errors) = FromJsonText("""{"stim": []}""");
        Assert.Empty(errors);
        Assert.Empty(o.Parameters.Stimulus.Segments);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnceWithItsJsonPath()
    {
        var (_, errors) = FromJsonText("""
            {"dt": "abc", "gate": 1.5, "stim": ["1,2,3,0", 7, "x"], "keep-partial": 1, "neurons": [2], "odd key": 1, "help": true}
            """);
        Assert.Equal(8, errors.Count);
        Assert.Contains("run.json: $.gate: unknown key", errors[0]);
        Assert.Contains("run.json: $.stim[1]: expected a string", errors[1]);
        Assert.Contains("run.json: $.keep-partial: expected true or false, got the number 1", errors[2]);
        Assert.Contains("run.json: $.neurons: expected a number", errors[3]);
        Assert.Contains("run.json: $['odd key']: unknown key", errors[4]);
        Assert.Contains("run.json: $.help: --help is a command-line option", errors[5]);
        // Values are parsed by the command line's parser, in table order, with their JSON path as the source.
        Assert.Equal("run.json: $.dt: expected a number, got 'abc'", errors[6]);
        Assert.StartsWith("run.json: $.stim[2]: expected START_MS", errors[7]);
    }

    [Fact]
    public void FromJsonReadsAnObjectAnywhereInADocument()
    {
        // A sweep grid's "base" is such an object: its paths start at the path given.
        using var doc = JsonDocument.Parse("""{"base": {"dt": 0.5, "stim": ["x"]}, "grid": {}}""");
        var (raw, errors) = RunConfig.FromJson(doc.RootElement.GetProperty("base"), "$.base");
        Assert.Empty(errors);
        Assert.Equal(new[] { new RawOption("dt", "0.5", "$.base.dt"), new RawOption("stim", "x", "$.base.stim[0]") }, raw);
    }

    [Fact]
    public void TheCommandLineOverridesTheFileAndReplacesItsRepeatableLists()
    {
        using var sandbox = new Sandbox();
        string config = sandbox.Write("run.json", """{"dt": 0.02, "iterations": 7, "stim": ["1,2,3,0", "4,5,6,0"]}""");
        var (o, _, problems) = RunCommand.Read(new[] { "--config", config, "--dt", "0.005", "--stim", "7,8,9,1" }, CommandLine.RunOptionsTable);
        Assert.Empty(problems);
        Assert.Equal(0.005, o.Parameters.DtMs);
        Assert.Equal(7, o.Parameters.Iterations);
        Assert.Equal(new[] { new StimulusSegment(7, 8, 9, 1) }, o.Parameters.Stimulus.Segments);
    }

    /// <summary>Oracle: the run itself. A saved config run again must give byte-identical CSVs (same doubles, same rows).</summary>
    [Theory]
    [InlineData("seed cable, zero start, custom stimulus", new[] { "--preset", "pymonnto", "--dt", "0.025", "--iterations", "400", "--compartments", "3",
        "--stim", "0.5,3.3,20,1", "--stim", "1,2,0.1,0", "--record-every", "3", "--b-r", "0.1234567890123", "--gna", "119.99999999999997" })]
    [InlineData("physical cable, rest start, nA stimulus", new[] { "--cable", "physical", "--diameter-um", "238", "--length-um", "1000",
        "--compartments", "4", "--iterations", "300", "--dt", "0.01", "--integrator", "exponential-euler", "--init", "rest",
        "--stim", "0,0.5,3.7,0", "--stim-unit", "na", "--record-compartments", "3,0", "--record-vars", "v,n", "--temperature-c", "18.5" })]
    public void SavedConfigRepeatsTheRunBitForBit(string name, string[] args)
    {
        using var sandbox = new Sandbox();
        var first = sandbox.Run(new[] { "run", "--csv", sandbox["a"], "--out", sandbox["a.html"], "--save-config", sandbox["run.json"] }.Concat(args).ToArray());
        Assert.True(first.Code == 0, $"{name}\n{first}");

        var again = sandbox.Run("run", "--config", sandbox["run.json"], "--csv", sandbox["b"], "--out", sandbox["b.html"]);
        Assert.True(again.Code == 0, $"{name}\n{again}");

        var files = Directory.GetFiles(sandbox["a"]).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, Directory.GetFiles(sandbox["b"]).Select(Path.GetFileName).Order().ToList());
        foreach (var file in files) Assert.Equal(File.ReadAllBytes(sandbox[$"a/{file}"]), File.ReadAllBytes(sandbox[$"b/{file}"]));
        Assert.True(File.ReadAllLines(sandbox["a/v.csv"]).Length > 10, "the run must record rows");
    }

    [Fact]
    public void EveryConfigKeyCanBeSaved()
    {
        // An option without Save would silently drop out of --save-config and break "repeat the run exactly".
        var missing = CommandLine.RunOptionsTable.Where(o => !o.CommandLineOnly && o.Save is null).Select(o => o.Name).ToList();
        Assert.Empty(missing);
        var seedKeys = SavedKeys(new RunOptions { CsvDir = "c", ParquetDir = "p", RecordCompartments = new[] { 0, 1 } });
        var physicalKeys = SavedKeys(new RunOptions { Parameters = Presets.Hh1952 with { Initial = InitialConditions.Seed, RateTable = RateTable.Neuron } });
        // A cell: each discretisation rule saves only when it is the one in effect.
        var cell = new RunOptions
        {
            MorphologyFile = "cell.swc", Inserts = [new Insertion("all", "pas")], RegionParameters = [new RegionParameter("all", "cm", 2)],
            RecordSites = [new Site("soma", 0.5)],
        };
        var cellKeys = SavedKeys(cell).Union(SavedKeys(cell with { NsegRule = new HHFunctional.Core.Morphology.NsegRule.Fixed(3) }))
            .Union(SavedKeys(cell with { NsegRule = new HHFunctional.Core.Morphology.NsegRule.SegmentLength(40) }));
        var all = CommandLine.RunOptionsTable.Where(o => !o.CommandLineOnly).Select(o => o.Name).ToHashSet();
        Assert.Empty(all.Except(seedKeys.Union(physicalKeys).Union(cellKeys)));
    }

    private static HashSet<string> SavedKeys(RunOptions options)
    {
        using var doc = JsonDocument.Parse(RunConfig.Save(options));
        return doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
    }

    [Fact]
    public void EveryModelFieldNamesTheOptionThatSetsIt()
    {
        // Every field Core's validation can name (with non-null parts) maps to options that exist.
        var bad = new SimulationParameters
        {
            Membrane = new Membrane(-1, -1, -1, -1, double.NaN, double.NaN, double.NaN) { TemperatureC = 1000 },
            Cable = new SeedCoupling(-1), Compartments = 0, Neurons = 0, DtMs = -1, Iterations = 0,
            Stimulus = new Stimulus(new[] { new StimulusSegment(double.NaN, double.NaN, double.NaN, -1), new StimulusSegment(2, 1, 0, 0) }),
            Initial = new ExplicitStart(double.NaN, 2, 2, 2), Integrator = (IntegratorKind)99, RateTable = new RateTable(double.NaN, 1, 0),
        };
        var physical = bad with { Cable = new PhysicalCable(-1, -1, -1), Compartments = 1_000_000, Neurons = 1_000 };
        var selection = new RecordingSelection(Array.Empty<StateVariable>(), new[] { 5 }, 9, 0);
        var messages = SimulationSpec.FieldProblems(bad).Concat(SimulationSpec.FieldProblems(physical))
            .Select(x => FieldNames.Explain(x, Array.Empty<RawOption>()) is var e ? (x, e) : default)
            .Concat(selection.FieldProblems(SimulationSpec.Validate(new SimulationParameters()).Match(Succ: s => s, Fail: _ => throw new InvalidOperationException()))
                .Select(x => (x, FieldNames.ExplainSelection(x, Array.Empty<RawOption>())))).ToList();
        var optionNames = CommandLine.RunOptionsTable.Select(o => o.Name).ToHashSet();
        foreach (var (message, explained) in messages)
        {
            Assert.True(explained != message.Message, $"no option named for: {message}");
            Assert.Matches(@"^[^:(]+ \(--", explained);
        }
        Assert.All(FieldNames.Options.Values.Concat(FieldNames.SelectionOptions.Values).SelectMany(v => v), name => Assert.Contains(name, optionNames));
    }
}
