using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Named bad inputs, each checked for exit code 2, a message naming the field (or JSON path) and the rule, no stack
/// trace, and that not a single file or folder was created. Oracle: the rules stated in README "Errors and exit codes"
/// and `hhf run --help`.
/// </summary>
public class BadInputTests
{
    /// <param name="Name">What is wrong.</param>
    /// <param name="Args">The arguments, given the sandbox (absolute paths).</param>
    /// <param name="Expected">Fragments the error output must contain.</param>
    /// <param name="Setup">Files to create first (they may exist afterwards; nothing else may).</param>
    private sealed record Case(string Name, Func<Sandbox, string[]> Args, string[] Expected, Action<Sandbox>? Setup = null);

    private static Case Cli(string name, string[] args, params string[] expected) => new(name, s => Base(s, args), expected);

    /// <summary>The arguments plus whatever of the tiny run's size and output they do not give themselves.</summary>
    private static string[] Base(Sandbox s, string[] args)
    {
        var all = new List<string> { "run" };
        if (!args.Contains("--iterations")) all.AddRange(new[] { "--iterations", "10" });
        if (!args.Contains("--compartments")) all.AddRange(new[] { "--compartments", "2" });
        if (!args.Any(a => a.StartsWith("--out", StringComparison.Ordinal))) all.AddRange(new[] { "--out", s["r.html"] });
        return all.Concat(args).ToArray();
    }

    private static Case Config(string name, string json, params string[] expected) =>
        new(name, s => s.Tiny("--config", s["run.json"]), expected, s => s.Write("run.json", json));

    private static readonly Case[] Cases =
    {
        Cli("negative dt", new[] { "--dt", "-1" }, "DtMs (--dt): expected a finite number > 0, got -1"),
        Cli("zero dt", new[] { "--dt", "0" }, "DtMs (--dt): expected a finite number > 0, got 0"),
        Cli("NaN dt", new[] { "--dt", "NaN" }, "DtMs (--dt)", "got NaN"),
        Cli("infinite dt", new[] { "--dt", "1e309" }, "DtMs (--dt)", "got Infinity"),
        Cli("non-numeric dt", new[] { "--dt", "fast" }, "--dt: expected a number, got 'fast'"),
        Cli("non-numeric iterations", new[] { "--iterations", "ten" }, "--iterations: expected an integer, got 'ten'"),
        Cli("fractional iterations", new[] { "--iterations", "1.5" }, "--iterations: expected an integer, got '1.5'"),
        Cli("negative iterations", new[] { "--iterations", "-3" }, "Iterations (--iterations): expected an integer ≥ 1, got -3"),
        Cli("record every 0th update", new[] { "--record-every", "0" }, "--record-every: expected an integer in [1, 2147483647], got 0"),
        Cli("zero compartments", new[] { "--compartments", "0" }, "Compartments (--compartments): expected an integer ≥ 1, got 0"),
        Cli("zero neurons", new[] { "--neurons", "0" }, "Neurons (--neurons): expected an integer ≥ 1, got 0"),
        Cli("compartments beyond int", new[] { "--compartments", "99999999999" }, "--compartments: expected an integer in [-2147483648, 2147483647], got 99999999999"),
        Cli("memory budget beyond its limit", new[] { "--memory-budget-mb", "99999999999999" }, "--memory-budget-mb: expected an integer in [1, 16777216]"),
        Cli("huge group", new[] { "--neurons", "100000", "--compartments", "1000" },
            "Neurons × Compartments (--neurons × --compartments): expected at most 50,000,000", "MiB"),
        Cli("huge iteration count", new[] { "--iterations", "99999999999", "--record-every", "100000" }, "Iterations (--iterations): expected at most 2,147,483,647"),
        Cli("huge recording", new[] { "--iterations", "200000000" },
            "memory: the run would need", "over the budget of 2,048 MiB (--memory-budget-mb 2048)", "--record-every"),
        Cli("recording over a small budget", new[] { "--memory-budget-mb", "1", "--iterations", "100000" }, "over the budget of 1.0 MiB (--memory-budget-mb 1)"),
        Cli("gate of 1.5", new[] { "--m0", "1.5" }, "Initial.M (--m0): expected a gate value in [0, 1], got 1.5"),
        Cli("negative gate", new[] { "--n0", "-0.25" }, "Initial.N (--n0): expected a gate value in [0, 1], got -0.25"),
        Cli("negative conductance", new[] { "--gna", "-120" }, "GNaMSPerCm2 (--gna): expected a finite number ≥ 0, got -120"),
        Cli("zero capacitance", new[] { "--cm", "0" }, "CmUFPerCm2 (--cm): expected a finite number > 0, got 0"),
        Cli("boiling temperature", new[] { "--temperature-c", "500" }, "TemperatureC (--temperature-c): expected a finite number in [-50, 100], got 500"),
        Cli("negative b_r", new[] { "--b-r", "-0.15" }, "BR (--b-r): expected a finite number > 0, got -0.15"),
        Cli("physical option on the seed cable", new[] { "--diameter-um", "100" }, "--diameter-um: applies to --cable physical only"),
        Cli("nA on the seed cable", new[] { "--stim", "1,2,3,0", "--stim-unit", "na" }, "--stim-unit: nA needs a membrane area"),
        Cli("nA with no stimulus given", new[] { "--stim-unit", "na" }, "--stim-unit: applies to --stim amplitudes, but no --stim was given"),
        Cli("v0 with the rest start", new[] { "--init", "rest", "--v0", "-60" }, "--v0: cannot be combined with a start at rest"),
        Cli("unknown option", new[] { "--gate", "1.5" }, "--gate: unknown option"),
        Cli("misspelt option", new[] { "--iteration", "10" }, "--iteration: unknown option (did you mean --iterations?)"),
        Cli("stray word", new[] { "fast" }, "unexpected argument 'fast'"),
        Cli("missing value", new[] { "--dt" }, "--dt: expected a value (NUMBER), got nothing"),
        Cli("repeated option", new[] { "--dt", "0.01", "--dt", "0.02" }, "--dt: given 2 times, expected once"),
        Cli("unknown preset", new[] { "--preset", "squid" }, "--preset: expected one of seed, pymonnto, hh1952, got 'squid'"),
        Cli("unknown integrator", new[] { "--integrator", "rk4" }, "--integrator: expected one of forward-euler"),
        Cli("malformed stimulus", new[] { "--stim", "1,2,3" }, "--stim: expected START_MS,END_MS,AMPLITUDE,COMPARTMENT"),
        Cli("stimulus ending before it starts", new[] { "--stim", "200,100,5,0" }, "Stimulus[0].EndMs (--stim): expected ≥ StartMs (200), got 100"),
        Cli("stimulus into a missing compartment", new[] { "--stim", "1,2,5,7" }, "Stimulus[0].Compartment (--stim): expected an index in [0, 1], got 7"),
        Cli("recording a missing compartment", new[] { "--record-compartments", "0,5" }, "Compartments (--record-compartments): expected indices in [0, 1], got 5"),
        Cli("recording a million missing compartments", new[] { "--record-compartments", "0-999999" }, "Compartments (--record-compartments)", "… and more problems"),
        Cli("unknown variable", new[] { "--record-vars", "v,x" }, "--record-vars: expected distinct names from v,m,h,n"),
        Cli("missing neuron", new[] { "--neuron", "3" }, "Neuron (--neuron): expected an index in [0, 0], got 3"),
        Cli("flag with a value", new[] { "--keep-partial=maybe" }, "--keep-partial: expected true or false, got 'maybe'"),
        Cli("empty output name", new[] { "--out=" }, "--out: expected a file name, got ''"),
        new("unknown command", _ => new[] { "simulate" }, new[] { "unknown command 'simulate'" }),
        new("report under a regular file", s => new[] { "run", "--iterations", "10", "--out", s["somefile/x.html"] },
            new[] { "--out: cannot create folder", "somefile' is a file" }),
        new("CSV folder under a regular file", s => s.Tiny("--csv", s["somefile/sub"]), new[] { "--csv: cannot create folder", "somefile' is a file" }),
        Cli("CSV folder in /proc", new[] { "--csv", "/proc/sub" }, "--csv: cannot create folder '/proc/sub': cannot write in '/proc'"),
        new("CSV folder is a file", s => s.Tiny("--csv", s["somefile"]), new[] { "--csv: '", "somefile' is a file, expected a folder" }),
        new("report in /proc", s => new[] { "run", "--iterations", "10", "--out", "/proc/r.html" }, new[] { "--out: cannot write in folder '/proc'" }),
        new("report is a folder", s => new[] { "run", "--iterations", "10", "--out", s.Dir }, new[] { "--out:", "is a folder, expected a file name" }),
        new("saved config over the report", s => s.Tiny("--save-config", s["r.html"]), new[] { "--out and --save-config: both would write" }),
        new("config in an unwritable folder", s => s.Tiny("--save-config", s["somefile/run.json"]), new[] { "--save-config: cannot create folder" }),
        new("missing config file", s => s.Tiny("--config", s["none.json"]), new[] { "--config: file '", "none.json' not found" }),
        new("config is a folder", s => s.Tiny("--config", s.Dir), new[] { "--config: '", "is a folder, expected a JSON file" }),
        Config("empty config", "", "run.json: not valid JSON"),
        Config("NaN in JSON", "{\"dt\": NaN}", "run.json: not valid JSON at line 1, byte 8"),
        Config("NaN as a JSON string", "{\"dt\": \"NaN\"}", "DtMs (--dt, from ", "run.json: $.dt): expected a finite number > 0, got NaN"),
        Config("unknown key", "{\"gate\": 1.5}", "run.json: $.gate: unknown key"),
        Config("wrong JSON type", "{\"dt\": true}", "run.json: $.dt: expected a number (or a string holding one: NUMBER), got true"),
        Config("string option given a number", "{\"integrator\": 3}", "run.json: $.integrator: expected a string (forward-euler|exponential-euler|backward-euler|crank-nicolson), got the number 3"),
        Config("stimulus not a list", "{\"stim\": \"1,2,3,0\"}", "run.json: $.stim: expected an array"),
        Config("bad stimulus in a list", "{\"stim\": [\"1,2,3,0\", 5, \"7,8\"]}", "run.json: $.stim[1]: expected a string", "run.json: $.stim[2]: expected START_MS"),
        Config("too many stimulus segments", $"{{\"stim\": [{string.Join(',', Enumerable.Repeat("\"1,2,3,0\"", 10_001))}]}}",
            "run.json: $.stim: expected at most 10,000 items, got 10,001"),
        Config("config not an object", "[1, 2]", "run.json: $: expected an object of run options"),
        Config("duplicate key", "{\"dt\": 0.01, \"dt\": 0.02}", "run.json: $.dt: given twice"),
        Config("flag not a boolean", "{\"keep-partial\": \"yes\"}", "run.json: $.keep-partial: expected true or false, got the string \"yes\""),
        Config("command-line option in a config", "{\"config\": \"other.json\"}", "run.json: $.config: --config is a command-line option"),
        Config("gate of 1.5 in a config", "{\"h0\": 1.5, \"dt\": -1}", "Initial.H (--h0, from ", "$.h0): expected a gate value in [0, 1], got 1.5", "DtMs (--dt, from "),
        Config("rest start with no rest", "{\"init\": \"rest\", \"ek\": -100000}", "expected a resting potential"),
    };

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void BadInputExitsTwoWithAMessageAndWritesNothing(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        using var sandbox = new Sandbox();
        c.Setup?.Invoke(sandbox);
        var before = sandbox.Entries();

        var result = sandbox.Run(c.Args(sandbox));

        Assert.True(result.Code == ExitCode.BadInput, $"{name}: expected exit 2\n{result}");
        foreach (var fragment in c.Expected) Assert.True(result.Stderr.Contains(fragment, StringComparison.Ordinal), $"{name}: missing '{fragment}'\n{result}");
        Assert.DoesNotContain("internal error", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr); // no stack trace
        Assert.Equal(before, sandbox.Entries());
    }

    [Fact]
    public void TheTableHasAtLeastThirtyDistinctCases() =>
        Assert.True(Cases.Select(c => c.Name).Distinct().Count() == Cases.Length && Cases.Length >= 30, $"{Cases.Length} cases");
}
