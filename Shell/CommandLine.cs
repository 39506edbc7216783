using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// The <c>run</c> options: a table of <see cref="OptionSpec"/> (long names are a contract: scripts call them) and a
/// parser that reports every problem at once. The same raw name → values map comes from the command line or a config file.
/// </summary>
internal static class CommandLine
{
    public static readonly IReadOnlyList<OptionSpec> RunOptionsTable = BuildTable();

    /// <summary>Splits arguments into option name → values (in order); unknown names, missing values, stray words are errors.</summary>
    public static (List<KeyValuePair<string, string>> Raw, List<string> Errors) Tokenise(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> table)
    {
        var raw = new List<KeyValuePair<string, string>>();
        var errors = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help") { raw.Add(new("help", "true")); continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                errors.Add($"unexpected argument '{arg}': options start with -- (see --help)");
                continue;
            }
            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            var spec = table.FirstOrDefault(o => o.Name == name);
            if (spec is null)
            {
                errors.Add($"--{name}: unknown option{Suggest(name, table)}");
                if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
                continue;
            }
            if (spec.IsFlag) { raw.Add(new(name, value ?? "true")); continue; }
            if (value is null)
            {
                if (i + 1 >= args.Count) { errors.Add($"--{name}: expected a value ({spec.ValueHelp}), got nothing"); continue; }
                value = args[++i];
            }
            raw.Add(new(name, value));
        }
        return (raw, errors);
    }

    /// <summary>
    /// Applies a raw map: preset first, then each option in table order; every problem is collected, and the options
    /// that did parse are still returned so validation can report its problems too.
    /// </summary>
    public static (RunOptions Options, List<string> Errors) Apply(IReadOnlyList<KeyValuePair<string, string>> raw, IReadOnlyList<OptionSpec> table)
    {
        var errors = new List<string>();
        var options = new RunOptions();
        foreach (var spec in table)
        {
            var values = raw.Where(kv => kv.Key == spec.Name).Select(kv => kv.Value).ToList();
            if (values.Count > 1 && !spec.Repeatable)
            {
                errors.Add($"--{spec.Name}: given {values.Count} times, expected once");
                continue;
            }
            foreach (var value in values)
            {
                var outcome = spec.Apply(options, value);
                if (outcome.Error is not null) errors.Add($"--{spec.Name}: {outcome.Error}");
                else options = outcome.Options!;
            }
        }
        return (options, errors);
    }

    /// <summary>The run options (as far as they parsed) and every parse problem.</summary>
    public static (RunOptions Options, List<string> Errors) ParseRun(IReadOnlyList<string> args)
    {
        var (raw, tokenErrors) = Tokenise(args, RunOptionsTable);
        var (options, applyErrors) = Apply(raw, RunOptionsTable);
        return (options, tokenErrors.Concat(applyErrors).ToList());
    }

    public static string Help(string command, IReadOnlyList<OptionSpec> table)
    {
        var lines = new List<string> { $"usage: hhf {command} [options]", "", "options:" };
        foreach (var o in table)
        {
            string left = o.IsFlag ? $"  --{o.Name}" : $"  --{o.Name} {o.ValueHelp}";
            lines.Add(left.Length < 34 ? left.PadRight(34) + o.Help : left + "\n" + new string(' ', 34) + o.Help);
        }
        return string.Join('\n', lines);
    }

    private static string Suggest(string name, IReadOnlyList<OptionSpec> table)
    {
        var best = table.Select(o => (o.Name, Distance: Levenshtein(name, o.Name))).OrderBy(x => x.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= 3 ? $" (did you mean --{best.Name}?)" : " (see --help)";
    }

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

    private static OptionSpec Number(string name, string help, Func<RunOptions, double, RunOptions> set) =>
        new(name, "NUMBER", help, (o, text) => Parse.Double(text, out double x)
            ? set(o, x)
            : ParseOutcome.Fail($"expected a number, got '{text}'"));

    private static OptionSpec Integer(string name, string help, Func<RunOptions, long, RunOptions> set, long min, long max) =>
        new(name, "INTEGER", help, (o, text) => Parse.Long(text, out long x)
            ? x >= min && x <= max ? set(o, x) : ParseOutcome.Fail($"expected an integer in [{min}, {max}], got {x}")
            : ParseOutcome.Fail($"expected an integer, got '{text}'"));

    private static OptionSpec MembraneNumber(string name, string help, Func<Membrane, double, Membrane> set) =>
        Number(name, help, (o, x) => o with { Parameters = o.Parameters with { Membrane = set(o.Parameters.Membrane, x) } });

    private static OptionSpec StartValue(string name, string help, Func<ExplicitStart, double, ExplicitStart> set) =>
        new(name, "NUMBER", help, (o, text) =>
        {
            if (!Parse.Double(text, out double x)) return ParseOutcome.Fail($"expected a number, got '{text}'");
            if (o.Parameters.Initial is not ExplicitStart start)
                return ParseOutcome.Fail("cannot be combined with --init rest (the rest state is computed)");
            return o with { Parameters = o.Parameters with { Initial = set(start, x) } };
        });

    private static OptionSpec PhysicalNumber(string name, string help, Func<PhysicalCable, double, PhysicalCable> set) =>
        new(name, "NUMBER", help, (o, text) =>
        {
            if (!Parse.Double(text, out double x)) return ParseOutcome.Fail($"expected a number, got '{text}'");
            if (o.Parameters.Cable is not PhysicalCable cable) return ParseOutcome.Fail("applies to --cable physical only");
            return o with { Parameters = o.Parameters with { Cable = set(cable, x) } };
        });

    /// <summary>Geometry a physical cable starts from when --cable physical is chosen without it: the HH 1952 squid axon.</summary>
    private static readonly PhysicalCable DefaultPhysical = (PhysicalCable)Presets.Hh1952.Cable;

    private static List<OptionSpec> BuildTable() => new()
    {
        new("preset", "NAME", "seed (default) | pymonnto (the seed from PymoNNto's zero start) | hh1952 (HH 1952 axon)",
            (o, text) => Presets.All.FirstOrDefault(p => p.Name == text) is { Name: not null } p
                ? o with { Parameters = p.Parameters, Preset = text }
                : ParseOutcome.Fail($"expected one of {string.Join(", ", Presets.All.Select(x => x.Name))}, got '{text}'")),
        new("cable", "seed|physical", "coupling: the seed's b_r (default) or a cable in real units",
            (o, text) => text switch
            {
                "seed" => o.Parameters.Cable is SeedCoupling ? o : o with { Parameters = o.Parameters with { Cable = Cable.Seed } },
                "physical" => o.Parameters.Cable is PhysicalCable ? o : o with { Parameters = o.Parameters with { Cable = DefaultPhysical } },
                _ => ParseOutcome.Fail($"expected seed or physical, got '{text}'"),
            }),
        new("b-r", "NUMBER", "seed coupling b_r (seed: 0.15; effective conductance dt/b_r)", (o, text) =>
        {
            if (!Parse.Double(text, out double x)) return ParseOutcome.Fail($"expected a number, got '{text}'");
            if (o.Parameters.Cable is not SeedCoupling) return ParseOutcome.Fail("applies to --cable seed only");
            return o with { Parameters = o.Parameters with { Cable = new SeedCoupling(x) } };
        }),
        PhysicalNumber("diameter-um", "physical cable diameter, µm (default 476)", (c, x) => c with { DiameterUm = x }),
        PhysicalNumber("length-um", "physical cable total length, µm (default 50000)", (c, x) => c with { LengthUm = x }),
        PhysicalNumber("ra-ohm-cm", "physical cable axial resistivity, Ω·cm (default 35.4)", (c, x) => c with { RaOhmCm = x }),
        Integer("compartments", "compartments per neuron B (seed: 20)", (o, x) => o with { Parameters = o.Parameters with { Compartments = (int)x } }, int.MinValue, int.MaxValue),
        Integer("neurons", "neurons in the group N (seed: 1)", (o, x) => o with { Parameters = o.Parameters with { Neurons = (int)x } }, int.MinValue, int.MaxValue),
        Integer("iterations", "number of updates (seed: 50000)", (o, x) => o with { Parameters = o.Parameters with { Iterations = x } }, long.MinValue, long.MaxValue),
        Number("dt", "time step, ms (seed: 0.01)", (o, x) => o with { Parameters = o.Parameters with { DtMs = x } }),
        MembraneNumber("cm", "membrane capacitance, µF/cm² (seed: 1)", (m, x) => m with { CmUFPerCm2 = x }),
        MembraneNumber("gna", "max sodium conductance, mS/cm² (seed: 120)", (m, x) => m with { GNaMSPerCm2 = x }),
        MembraneNumber("gk", "max potassium conductance, mS/cm² (seed: 36)", (m, x) => m with { GKMSPerCm2 = x }),
        MembraneNumber("gl", "leak conductance, mS/cm² (seed: 0.3)", (m, x) => m with { GLMSPerCm2 = x }),
        MembraneNumber("ena", "sodium reversal potential, mV (seed: 50)", (m, x) => m with { ENaMv = x }),
        MembraneNumber("ek", "potassium reversal potential, mV (seed: -77)", (m, x) => m with { EKMv = x }),
        MembraneNumber("el", "leak reversal potential, mV (seed: -54.387)", (m, x) => m with { ELMv = x }),
        MembraneNumber("temperature-c", "temperature, °C; rates scale by 3^((T-6.3)/10) (default 6.3)", (m, x) => m with { TemperatureC = x }),
        new("integrator", "NAME", "forward-euler (default) | exponential-euler | backward-euler | crank-nicolson",
            (o, text) => IntegratorNames.Parse(text) is { } kind
                ? o with { Parameters = o.Parameters with { Integrator = kind } }
                : ParseOutcome.Fail($"expected one of {string.Join(", ", IntegratorNames.All.Select(x => x.Name))}, got '{text}'")),
        new("init", "seed|zero|rest", "start: the seed's stated values (default), PymoNNto's zeros, or the true rest",
            (o, text) => text switch
            {
                "seed" => o with { Parameters = o.Parameters with { Initial = InitialConditions.Seed } },
                "zero" => o with { Parameters = o.Parameters with { Initial = InitialConditions.Zero } },
                "rest" => o with { Parameters = o.Parameters with { Initial = InitialConditions.Rest } },
                _ => ParseOutcome.Fail($"expected seed, zero or rest, got '{text}'"),
            }),
        StartValue("v0", "initial membrane potential, mV (seed: -65)", (s, x) => s with { VMv = x }),
        StartValue("m0", "initial m gate (seed: 0.05)", (s, x) => s with { M = x }),
        StartValue("h0", "initial h gate (seed: 0.6)", (s, x) => s with { H = x }),
        StartValue("n0", "initial n gate (seed: 0.32)", (s, x) => s with { N = x }),
        new("stim", "START,END,AMP,COMP", "current step on for START < t <= END ms, AMP µA/cm² into COMP; repeatable; replaces the seed's protocol",
            (o, text) =>
            {
                var parts = text.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length != 4 || !Parse.Double(parts[0], out double start) || !Parse.Double(parts[1], out double end)
                    || !Parse.Double(parts[2], out double amp) || !Parse.Int(parts[3], out int comp))
                    return ParseOutcome.Fail($"expected START_MS,END_MS,AMPLITUDE,COMPARTMENT (numbers, integer compartment), got '{text}'");
                // The first --stim replaces the preset's protocol; later ones add to it.
                var kept = o.StimGiven ? o.Parameters.Stimulus.Segments.ToList() : new List<StimulusSegment>();
                kept.Add(new StimulusSegment(start, end, amp, comp));
                return o with { StimGiven = true, Parameters = o.Parameters with { Stimulus = new Stimulus(kept) } };
            }, Repeatable: true),
        new("stim-unit", "ua-per-cm2|na", "unit of --stim amplitudes: density (default) or total nA into the compartment (physical cable)",
            (o, text) => text switch
            {
                "ua-per-cm2" => o,
                "na" when o.Parameters.Cable is PhysicalCable cable => o with
                {
                    Parameters = o.Parameters with
                    {
                        // nA → µA (×1e-3) over the compartment's membrane area π·d·Δx in cm².
                        Stimulus = new Stimulus(o.Parameters.Stimulus.Segments.Select(s => s with
                        {
                            AmplitudeUAPerCm2 = s.AmplitudeUAPerCm2 * 1e-3 / cable.CompartmentAreaCm2(o.Parameters.Compartments),
                        }).ToList()),
                    },
                },
                "na" => ParseOutcome.Fail("nA needs a membrane area: use it with --cable physical"),
                _ => ParseOutcome.Fail($"expected ua-per-cm2 or na, got '{text}'"),
            }),
        new("out", "FILE", "report file (default report.html)", (o, text) => text.Length > 0 ? o with { OutPath = text } : ParseOutcome.Fail("expected a file name, got ''")),
        new("title", "TEXT", "report title (default: HHFunctional run report)", (o, text) => o with { Title = text }),
        new("reproducible", "", "leave the wall time out of the report: the same run then gives a byte-identical file",
            (o, text) => text == "true" ? o with { Reproducible = true } : ParseOutcome.Fail($"takes no value, got '{text}'"), IsFlag: true),
        new("csv", "DIR", "also write v.csv, m.csv, h.csv, n.csv there", (o, text) => text.Length > 0 ? o with { CsvDir = text } : ParseOutcome.Fail("expected a folder name, got ''")),
        Integer("neuron", "which neuron of the group the CSVs and report show (default 0)", (o, x) => o with { Neuron = (int)x }, 0, int.MaxValue),
        Integer("record-every", "keep every K-th update (default 1)", (o, x) => o with { RecordEvery = (int)x }, 1, int.MaxValue),
        new("record-compartments", "LIST", "compartments to record, e.g. 0,5,10-19 (default all)",
            (o, text) => Parse.IndexList(text) is { } list && list.Count > 0
                ? o with { RecordCompartments = list }
                : ParseOutcome.Fail($"expected a list of indices and ranges like 0,5,10-19, got '{text}'")),
        new("record-vars", "LIST", "variables to record: any of v,m,h,n (default all)", (o, text) =>
        {
            var names = text.Split(',', StringSplitOptions.TrimEntries);
            var vars = names.Select(n => StateVariables.All.FirstOrDefault(v => v.Name() == n, (StateVariable)(-1))).ToList();
            return vars.All(v => v >= 0) && vars.Count > 0 && vars.Distinct().Count() == vars.Count
                ? o with { RecordVars = vars }
                : ParseOutcome.Fail($"expected distinct names from v,m,h,n separated by commas, got '{text}'");
        }),
        new("help", "", "show this help", (o, _) => o with { Help = true }, IsFlag: true),
    };
}
