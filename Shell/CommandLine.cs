using System.Globalization;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// The <c>run</c> options: a table of <see cref="OptionSpec"/> (long names are a contract: scripts call them) and a
/// parser that reports every problem at once. The same raw name → values map comes from the command line or a config file.
/// </summary>
internal static class CommandLine
{
    public static readonly IReadOnlyList<OptionSpec> RunOptionsTable = BuildTable();

    /// <summary>Most --stim segments a run takes (each is looked at for every compartment in every step).</summary>
    public const int MaxStimSegments = 10_000;

    /// <summary>
    /// Splits arguments into raw option values (in order), each tagged with its source (<c>--name</c>); unknown names,
    /// missing values and stray words are errors.
    /// </summary>
    public static (List<RawOption> Raw, List<string> Errors) Tokenise<T>(IReadOnlyList<string> args, IReadOnlyList<OptionSpec<T>> table) where T : class
    {
        var raw = new List<RawOption>();
        var errors = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i] ?? "";
            if (arg is "-h" or "--help") { raw.Add(RawOption.FromCommandLine("help", "true")); continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                errors.Add($"unexpected argument '{Shorten(arg)}': options start with -- (see --help)");
                continue;
            }
            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            var spec = table.FirstOrDefault(o => o.Name == name);
            if (spec is null)
            {
                errors.Add($"--{Shorten(name)}: unknown option{Suggest(name, table)}");
                if (value is null && i + 1 < args.Count && !(args[i + 1] ?? "").StartsWith("--", StringComparison.Ordinal)) i++;
                continue;
            }
            if (spec.IsFlag) { raw.Add(RawOption.FromCommandLine(name, value ?? "true")); continue; }
            if (value is null)
            {
                if (i + 1 >= args.Count) { errors.Add($"--{name}: expected a value ({spec.ValueHelp}), got nothing"); continue; }
                value = args[++i] ?? "";
            }
            raw.Add(RawOption.FromCommandLine(name, value));
        }
        return (raw, errors);
    }

    /// <summary>
    /// Applies raw values: preset first, then each option in table order; every problem is collected (prefixed with
    /// the value's source), and the options that did parse are still returned so validation can report its problems too.
    /// </summary>
    public static (RunOptions Options, List<string> Errors) Apply(IReadOnlyList<RawOption> raw, IReadOnlyList<OptionSpec> table) =>
        Apply(raw, table, new RunOptions());

    /// <summary>The same for any command's table, from that command's defaults.</summary>
    public static (T Options, List<string> Errors) Apply<T>(IReadOnlyList<RawOption> raw, IReadOnlyList<OptionSpec<T>> table, T defaults) where T : class
    {
        var errors = new List<string>();
        var options = defaults;
        foreach (var spec in table)
        {
            // Counted in place, by index (no list, no boxed enumerator): a sweep applies the whole table to each of its runs.
            int count = 0;
            for (int i = 0; i < raw.Count; i++) if (raw[i].Name == spec.Name) count++;
            if (count == 0) continue;
            if (count > 1 && !spec.Repeatable)
            {
                var values = raw.Where(r => r.Name == spec.Name).ToList();
                errors.Add($"{string.Join(", ", values.Select(v => v.Source).Distinct())}: given {values.Count} times, expected once");
                continue;
            }
            for (int i = 0; i < raw.Count; i++)
            {
                var value = raw[i];
                if (value.Name != spec.Name) continue;
                ParseOutcome<T> outcome;
                try { outcome = spec.Apply(options, value.Value); }
                catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or ArithmeticException)
                {
                    outcome = ParseOutcome<T>.Fail($"cannot use '{Shorten(value.Value)}': {e.Message}");
                }
                if (outcome.Error is not null) errors.Add($"{value.Source}: {outcome.Error}");
                else options = outcome.Options!;
            }
        }
        return (options, errors);
    }

    /// <summary>Applies name → value pairs as if given on the command line.</summary>
    public static (RunOptions Options, List<string> Errors) Apply(IReadOnlyList<KeyValuePair<string, string>> raw, IReadOnlyList<OptionSpec> table) =>
        Apply(raw.Select(kv => RawOption.FromCommandLine(kv.Key, kv.Value)).ToList(), table);

    /// <summary>
    /// A config file's values overridden by the command line's: every option named on the command line drops all of
    /// the file's values for it (so a repeatable option like --stim replaces the file's list rather than adding to it).
    /// </summary>
    public static List<RawOption> Override(IReadOnlyList<RawOption> file, IReadOnlyList<RawOption> commandLine)
    {
        var given = commandLine.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return file.Where(r => !given.Contains(r.Name)).Concat(commandLine).ToList();
    }

    /// <summary>The run options (as far as they parsed) and every parse problem, from the command line alone.</summary>
    public static (RunOptions Options, List<string> Errors) ParseRun(IReadOnlyList<string> args)
    {
        var (raw, tokenErrors) = Tokenise(args, RunOptionsTable);
        var (options, applyErrors) = Apply(raw, RunOptionsTable);
        return (options, tokenErrors.Concat(applyErrors).ToList());
    }

    public static string Help<T>(string command, IReadOnlyList<OptionSpec<T>> table) where T : class =>
        Help(new[] { $"usage: hhf {command} [options]" }, table);

    /// <summary>Usage lines, then every option of the table with its value and help, in table order.</summary>
    public static string Help<T>(IReadOnlyList<string> usage, IReadOnlyList<OptionSpec<T>> table) where T : class
    {
        var lines = new List<string>(usage) { "", "options:" };
        foreach (var o in table)
        {
            string left = o.IsFlag ? $"  --{o.Name}" : $"  --{o.Name} {o.ValueHelp}";
            lines.Add(left.Length < 34 ? left.PadRight(34) + o.Help : left + "\n" + new string(' ', 34) + o.Help);
        }
        return string.Join('\n', lines);
    }

    /// <summary>" (did you mean --dt?)" for a near miss, else a pointer to --help.</summary>
    public static string Suggest<T>(string name, IReadOnlyList<OptionSpec<T>> table, string prefix = "--") where T : class
    {
        if (name.Length > 64) return " (see --help)";
        var best = table.Select(o => (o.Name, Distance: Levenshtein(name, o.Name))).OrderBy(x => x.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= 3 ? $" (did you mean {prefix}{best.Name}?)" : " (see --help)";
    }

    /// <summary>Echoes user text in a message without flooding the terminal.</summary>
    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    // ---- the table -------------------------------------------------------------------------------------------------
    // Each option's Save inverts its Apply: --save-config writes Save's values, and applying them to the defaults gives
    // the same options bit for bit (RunConfigTests.SavedConfigRepeatsTheRun).

    private static OptionSpec Number(string name, string help, Func<RunOptions, double, RunOptions> set, Func<RunOptions, double?> get) =>
        new(name, "NUMBER", help, (o, text) => Parse.Double(text, out double x)
            ? set(o, x)
            : ParseOutcome.Fail($"expected a number, got '{Shorten(text)}'"), Save: o => get(o));

    private static OptionSpec Integer(string name, string help, Func<RunOptions, long, RunOptions> set, Func<RunOptions, long> get, long min, long max) =>
        new(name, "INTEGER", help, (o, text) => Parse.Long(text, out long x)
            ? x >= min && x <= max ? set(o, x) : ParseOutcome.Fail($"expected an integer in [{min}, {max}], got {x}")
            : ParseOutcome.Fail($"expected an integer, got '{Shorten(text)}'"), Save: o => get(o));

    private static OptionSpec MembraneNumber(string name, string help, Func<Membrane, double, Membrane> set, Func<Membrane, double> get) =>
        Number(name, help, (o, x) => o with { Parameters = o.Parameters with { Membrane = set(o.Parameters.Membrane, x) } },
            o => get(o.Parameters.Membrane));

    private static OptionSpec StartValue(string name, string help, Func<ExplicitStart, double, ExplicitStart> set, Func<ExplicitStart, double> get, bool isV = false) =>
        new(name, "NUMBER", help, (o, text) =>
        {
            if (!Parse.Double(text, out double x)) return ParseOutcome.Fail($"expected a number, got '{Shorten(text)}'");
            // --init steady: v is given, the gates follow from it.
            if (o.Parameters.Initial is SteadyStart)
                return isV ? double.IsFinite(x) ? o with { Parameters = o.Parameters with { Initial = InitialConditions.Steady(x) } }
                        : ParseOutcome.Fail($"expected a finite number, got {Parse.Show(x)}")
                    : ParseOutcome.Fail("cannot be combined with --init steady (every gate starts at its steady state at --v0): use --init seed to set gates");
            if (o.Parameters.Initial is not ExplicitStart start)
                return ParseOutcome.Fail("cannot be combined with a start at rest (--init rest or the preset's; the rest state is computed): add --init seed to set values");
            return o with { Parameters = o.Parameters with { Initial = set(start, x) } };
        }, Save: o => o.Parameters.Initial switch
        {
            ExplicitStart s => get(s),
            SteadyStart st when isV => st.VMv,
            _ => null,
        });

    private static OptionSpec PhysicalNumber(string name, string help, Func<PhysicalCable, double, PhysicalCable> set, Func<PhysicalCable, double> get) =>
        new(name, "NUMBER", help, (o, text) =>
        {
            if (!Parse.Double(text, out double x)) return ParseOutcome.Fail($"expected a number, got '{Shorten(text)}'");
            if (o.Parameters.Cable is not PhysicalCable cable) return ParseOutcome.Fail("applies to --cable physical only");
            return o with { Parameters = o.Parameters with { Cable = set(cable, x) } };
        }, Save: o => o.Parameters.Cable is PhysicalCable c ? get(c) : null);

    private static OptionSpec Flag(string name, string help, Func<RunOptions, bool, RunOptions> set, Func<RunOptions, bool>? get, bool commandLineOnly = false) =>
        new(name, "", help, (o, text) => text switch
        {
            "true" => set(o, true),
            "false" => set(o, false),
            _ => ParseOutcome.Fail($"expected true or false, got '{Shorten(text)}'"),
        }, IsFlag: true, Save: get is null ? null : o => get(o), CommandLineOnly: commandLineOnly);

    private static string InitName(InitialConditions initial) => initial switch
    {
        RestingStart => "rest",
        SteadyStart => "steady",
        ExplicitStart x when x == (ExplicitStart)InitialConditions.Zero => "zero",
        _ => "seed",
    };

    private static string ShowSegment(StimulusSegment s) => string.Join(',',
        Parse.Show(s.StartMs), Parse.Show(s.EndMs), Parse.Show(s.AmplitudeUAPerCm2), s.Compartment.ToString(CultureInfo.InvariantCulture));

    /// <summary>Geometry a physical cable starts from when --cable physical is chosen without it: the HH 1952 squid axon.</summary>
    private static readonly PhysicalCable DefaultPhysical = (PhysicalCable)Presets.Hh1952.Cable;

    // With --morphology the cell is built from the file: the plain cable's geometry options are refused then, saying what
    // to use instead (CellOptions.NotWithMorphology).
    private const string CellGeometry = "the cell's geometry comes from the file";

    private static List<OptionSpec> BuildTable() =>
    [
        new("config", "FILE", "read options from a JSON file (keys are these long names); options given here override it",
            (o, _) => o, CommandLineOnly: true),
        new("save-config", "FILE", "write the configuration in effect as JSON (hhf run --config FILE repeats the run exactly)",
            (o, text) => text.Length > 0 ? o with { SaveConfigPath = text } : ParseOutcome.Fail("expected a file name, got ''"),
            CommandLineOnly: true),
        new("preset", string.Join('|', Presets.All.Select(p => p.Name)), "seed (default) | pymonnto (the seed from PymoNNto's zero start) | hh1952 (HH 1952 axon)",
            (o, text) => Presets.All.FirstOrDefault(p => p.Name == text) is { Name: not null } p
                ? o with { Parameters = p.Parameters, Preset = text }
                : ParseOutcome.Fail($"expected one of {string.Join(", ", Presets.All.Select(x => x.Name))}, got '{Shorten(text)}'"),
            Save: o => o.Preset),
        // After --preset (which sets every parameter) and before what a morphology changes the defaults of.
        CellOptions.Morphology(),
        .. CellOptions.Discretisation(),
        CellOptions.Insert(),
        CellOptions.Param(),
        CellOptions.NotWithMorphology(new("cable", "seed|physical", "coupling: the seed's b_r (default) or a cable in real units",
            (o, text) => text switch
            {
                "seed" => o.Parameters.Cable is SeedCoupling ? o : o with { Parameters = o.Parameters with { Cable = Cable.Seed } },
                "physical" => o.Parameters.Cable is PhysicalCable ? o : o with { Parameters = o.Parameters with { Cable = DefaultPhysical } },
                _ => ParseOutcome.Fail($"expected seed or physical, got '{Shorten(text)}'"),
            }, Save: o => o.Parameters.Cable is PhysicalCable ? "physical" : "seed"), CellGeometry),
        CellOptions.NotWithMorphology(new("b-r", "NUMBER", "seed coupling b_r (seed: 0.15; effective conductance dt/b_r)", (o, text) =>
        {
            if (!Parse.Double(text, out double x)) return ParseOutcome.Fail($"expected a number, got '{Shorten(text)}'");
            if (o.Parameters.Cable is not SeedCoupling) return ParseOutcome.Fail("applies to --cable seed only");
            return o with { Parameters = o.Parameters with { Cable = new SeedCoupling(x) } };
        }, Save: o => o.Parameters.Cable is SeedCoupling s ? s.BR : null), CellGeometry),
        CellOptions.NotWithMorphology(PhysicalNumber("diameter-um", "physical cable diameter, µm (default 476)", (c, x) => c with { DiameterUm = x }, c => c.DiameterUm), CellGeometry),
        CellOptions.NotWithMorphology(PhysicalNumber("length-um", "physical cable total length, µm (default 50000)", (c, x) => c with { LengthUm = x }, c => c.LengthUm), CellGeometry),
        CellOptions.NotWithMorphology(PhysicalNumber("ra-ohm-cm", "physical cable axial resistivity, Ω·cm (default 35.4)", (c, x) => c with { RaOhmCm = x }, c => c.RaOhmCm), "use --param all:ra=VALUE"),
        CellOptions.NotWithMorphology(Integer("compartments", "compartments per neuron B (seed: 20)", (o, x) => o with { Parameters = o.Parameters with { Compartments = (int)x } },
            o => o.Parameters.Compartments, int.MinValue, int.MaxValue), "--nseg, --d-lambda or --segment-length-um set the compartments"),
        Integer("neurons", "neurons in the group N (seed: 1)", (o, x) => o with { Parameters = o.Parameters with { Neurons = (int)x } },
            o => o.Parameters.Neurons, int.MinValue, int.MaxValue),
        Integer("iterations", "number of updates (seed: 50000)", (o, x) => o with { Parameters = o.Parameters with { Iterations = x } },
            o => o.Parameters.Iterations, long.MinValue, long.MaxValue),
        Number("dt", "time step, ms (seed: 0.01)", (o, x) => o with { Parameters = o.Parameters with { DtMs = x } }, o => o.Parameters.DtMs),
        MembraneNumber("cm", "membrane capacitance, µF/cm² (seed: 1)", (m, x) => m with { CmUFPerCm2 = x }, m => m.CmUFPerCm2),
        MembraneNumber("gna", "max sodium conductance, mS/cm² (seed: 120)", (m, x) => m with { GNaMSPerCm2 = x }, m => m.GNaMSPerCm2),
        MembraneNumber("gk", "max potassium conductance, mS/cm² (seed: 36)", (m, x) => m with { GKMSPerCm2 = x }, m => m.GKMSPerCm2),
        MembraneNumber("gl", "leak conductance, mS/cm² (seed: 0.3)", (m, x) => m with { GLMSPerCm2 = x }, m => m.GLMSPerCm2),
        MembraneNumber("ena", "sodium reversal potential, mV (seed: 50)", (m, x) => m with { ENaMv = x }, m => m.ENaMv),
        MembraneNumber("ek", "potassium reversal potential, mV (seed: -77)", (m, x) => m with { EKMv = x }, m => m.EKMv),
        MembraneNumber("el", "leak reversal potential, mV (seed: -54.387)", (m, x) => m with { ELMv = x }, m => m.ELMv),
        MembraneNumber("temperature-c", "temperature, °C; rates scale by 3^((T-6.3)/10) (default 6.3)", (m, x) => m with { TemperatureC = x }, m => m.TemperatureC),
        new("integrator", string.Join('|', IntegratorNames.All.Select(x => x.Name)), "forward-euler (default) | exponential-euler | backward-euler | crank-nicolson",
            (o, text) => IntegratorNames.Parse(text) is { } kind
                ? o with { Parameters = o.Parameters with { Integrator = kind } }
                : ParseOutcome.Fail($"expected one of {string.Join(", ", IntegratorNames.All.Select(x => x.Name))}, got '{Shorten(text)}'"),
            Save: o => o.Parameters.Integrator.Name()),
        new("rate-table", RateTableOption.ValueHelp, RateTableOption.Help,
            (o, text) => RateTableOption.Apply(text, table => o with { Parameters = o.Parameters with { RateTable = table } }),
            Save: o => o.Parameters.RateTable is null ? null : RateTableOption.Name(o.Parameters.RateTable)),
        new("init", "seed|zero|rest|steady", "start: the seed's stated values (default), PymoNNto's zeros, the true rest, or steady: v = --v0 (default -65) everywhere and every gate at its steady state there (NEURON's finitialize; the default with --morphology)",
            (o, text) => text switch
            {
                "seed" => o with { Parameters = o.Parameters with { Initial = InitialConditions.Seed } },
                "zero" => o with { Parameters = o.Parameters with { Initial = InitialConditions.Zero } },
                "rest" => o with { Parameters = o.Parameters with { Initial = InitialConditions.Rest } },
                "steady" => o with { Parameters = o.Parameters with { Initial = InitialConditions.Steady(CellOptions.DefaultVMv) } },
                _ => ParseOutcome.Fail($"expected seed, zero, rest or steady, got '{Shorten(text)}'"),
            }, Save: o => InitName(o.Parameters.Initial)),
        StartValue("v0", "initial membrane potential, mV (seed: -65; with --init steady the v every gate is at steady state at)", (s, x) => s with { VMv = x }, s => s.VMv, isV: true),
        StartValue("m0", "initial m gate (seed: 0.05)", (s, x) => s with { M = x }, s => s.M),
        StartValue("h0", "initial h gate (seed: 0.6)", (s, x) => s with { H = x }, s => s.H),
        StartValue("n0", "initial n gate (seed: 0.32)", (s, x) => s with { N = x }, s => s.N),
        new("stim", "START,END,AMP,COMP", "current step on for START < t <= END ms, AMP µA/cm² (or nA, --stim-unit) into compartment COMP (0-based); " +
            "with --morphology START,END,AMP,SITE: AMP nA at a site like soma(0.5); repeatable; replaces the preset's protocol ('none': no stimulus)",
            (o, text) =>
            {
                if (o.MorphologyFile is not null)
                {
                    var keptSites = o.StimGiven ? o.SiteStimuli.ToList() : new List<SiteStimulus>();
                    if (keptSites.Count >= MaxStimSegments) return ParseOutcome.Fail($"expected at most {MaxStimSegments:N0} segments, got more");
                    if (text == "none") return o with { StimGiven = true, SiteStimuli = keptSites };
                    return CellOptions.SiteStim(o, keptSites, text);
                }
                // The first --stim replaces the preset's protocol; later ones add to it. 'none' alone clears it.
                if (o.StimGiven && o.Parameters.Stimulus.Segments.Count >= MaxStimSegments)
                    return ParseOutcome.Fail($"expected at most {MaxStimSegments:N0} segments, got more");
                var kept = o.StimGiven ? o.Parameters.Stimulus.Segments.ToList() : new List<StimulusSegment>();
                if (text == "none") return o with { StimGiven = true, Parameters = o.Parameters with { Stimulus = new Stimulus(kept) } };
                var parts = text.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length != 4 || !Parse.Double(parts[0], out double start) || !Parse.Double(parts[1], out double end)
                    || !Parse.Double(parts[2], out double amp) || !Parse.Int(parts[3], out int comp))
                    return ParseOutcome.Fail($"expected START_MS,END_MS,AMPLITUDE,COMPARTMENT (numbers, integer compartment) or none, got '{Shorten(text)}'");
                kept.Add(new StimulusSegment(start, end, amp, comp));
                return o with { StimGiven = true, Parameters = o.Parameters with { Stimulus = new Stimulus(kept) } };
            }, Repeatable: true, Save: o => o.MorphologyFile is not null ? o.SiteStimuli.Select(CellOptions.ShowSiteStim).ToArray()
                : o.Parameters.Stimulus.Segments.Select(ShowSegment).ToArray()),
        new("stim-unit", "ua-per-cm2|na", "unit of --stim amplitudes: µA/cm² of the compartment's membrane (default) or total nA (physical cable: ÷ π·d·Δx)",
            (o, text) => text switch
            {
                // A cell's amplitudes are nA at a site (its node's area converts them when the cell is built).
                "na" when o.MorphologyFile is not null => o,
                "ua-per-cm2" when o.MorphologyFile is not null => ParseOutcome.Fail("with --morphology, --stim amplitudes are in nA (--stim-unit na)"),
                "ua-per-cm2" => o,
                "na" when !o.StimGiven => ParseOutcome.Fail("applies to --stim amplitudes, but no --stim was given (the preset's protocol is already in µA/cm²)"),
                "na" when o.Parameters.Cable is PhysicalCable cable => o with
                {
                    Parameters = o.Parameters with
                    {
                        // Only --stim segments are here (the first --stim replaced the preset's protocol); applied after
                        // --compartments and the geometry options (table order), so the area is the final one.
                        // nA → µA (×1e-3) over the compartment's membrane area π·d·Δx in cm².
                        Stimulus = new Stimulus(o.Parameters.Stimulus.Segments.Select(s => s with
                        {
                            AmplitudeUAPerCm2 = s.AmplitudeUAPerCm2 * 1e-3 / cable.CompartmentAreaCm2(o.Parameters.Compartments),
                        }).ToList()),
                    },
                },
                "na" => ParseOutcome.Fail("nA needs a membrane area: use it with --cable physical"),
                _ => ParseOutcome.Fail($"expected ua-per-cm2 or na, got '{Shorten(text)}'"),
            }, Save: o => o.MorphologyFile is null ? "ua-per-cm2" : null), // amplitudes are stored converted to densities
        new("out", "FILE", "report file (default report.html; - writes no report)", (o, text) => text.Length > 0 ? o with { OutPath = text } : ParseOutcome.Fail("expected a file name, got ''"),
            Save: o => o.OutPath),
        new("title", "TEXT", "report title, HTML-escaped in the page (default: HHFunctional run report)", (o, text) => o with { Title = text },
            Save: o => o.Title),
        Flag("reproducible", "leave the wall time out of the report: the same run then gives a byte-identical file",
            (o, x) => o with { Reproducible = x }, o => o.Reproducible),
        new("csv", "DIR", "also write v.csv, m.csv, h.csv, n.csv (the recorded ones) and spikes.csv there", (o, text) => text.Length > 0 ? o with { CsvDir = text } : ParseOutcome.Fail("expected a folder name, got ''"),
            Save: o => o.CsvDir),
        new("parquet", "DIR", "also write the same tables as Parquet there (v.parquet … spikes.parquet, with the version, config and units as metadata)",
            (o, text) => text.Length > 0 ? o with { ParquetDir = text } : ParseOutcome.Fail("expected a folder name, got ''"),
            Save: o => o.ParquetDir),
        Integer("neuron", "which neuron of the group the CSVs and report show (default 0)", (o, x) => o with { Neuron = (int)x }, o => o.Neuron, 0, int.MaxValue),
        Integer("record-every", "keep every K-th update (default 1)", (o, x) => o with { RecordEvery = (int)x }, o => o.RecordEvery, 1, int.MaxValue),
        CellOptions.NotWithMorphology(new("record-compartments", "LIST", "compartments to record, e.g. 0,5,10-19 (default all)",
            (o, text) => Parse.IndexList(text) is { } list && list.Count > 0
                ? list.Distinct().Count() == list.Count ? o with { RecordCompartments = list }
                    : ParseOutcome.Fail($"expected each compartment once (each is one CSV column), got {list.GroupBy(i => i).First(g => g.Count() > 1).Key} more than once in '{Shorten(text)}'")
                : ParseOutcome.Fail($"expected a list of indices and ranges like 0,5,10-19 (at most {Parse.MaxIndexListLength:N0} indices), got '{Shorten(text)}'"),
            Save: o => o.RecordCompartments is { } list ? Parse.ShowIndexList(list) : null), "use --record-sites"),
        CellOptions.RecordSites(),
        new("record-vars", "LIST", "variables to record: any of v,m,h,n (default all)", (o, text) =>
        {
            var names = text.Split(',', StringSplitOptions.TrimEntries);
            var vars = names.Select(n => StateVariables.All.FirstOrDefault(v => v.Name() == n, (StateVariable)(-1))).ToList();
            return vars.All(v => v >= 0) && vars.Count > 0 && vars.Distinct().Count() == vars.Count
                ? o with { RecordVars = vars }
                : ParseOutcome.Fail($"expected distinct names from v,m,h,n separated by commas, got '{Shorten(text)}'");
        }, Save: o => string.Join(',', o.RecordVars.Select(v => v.Name()))),
        Integer("memory-budget-mb", $"refuse runs whose recording, state and report need more memory, MiB (default {Limits.DefaultMemoryBudgetMb})",
            (o, x) => o with { MemoryBudgetMb = x }, o => o.MemoryBudgetMb, 1, Limits.MaxMemoryBudgetMb),
        new("threads", "INTEGER", "threads for large groups of neurons (default: every core; results do not depend on it)",
            (o, text) => Parse.Long(text, out long x)
                ? x >= 1 && x <= 1024 ? o with { Threads = (int)x } : ParseOutcome.Fail($"expected an integer in [1, 1024], got {x}")
                : ParseOutcome.Fail($"expected an integer, got '{Shorten(text)}'"),
            // A machine setting, not part of the run's definition (the result does not depend on it): not a config key.
            CommandLineOnly: true),
        Flag("keep-partial", "after a numerical blow-up, still write the rows before it, marked partial (exit code stays 1)",
            (o, x) => o with { KeepPartial = x }, o => o.KeepPartial),
        Flag("help", "show this help", (o, x) => o with { Help = x }, null, commandLineOnly: true),
    ];
}
