using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// <c>bench</c>: how fast a run is, measured the way <c>run</c> simulates (Simulation.RunRecorded, recording v of
/// compartment 0 of neuron 0 at every update). Warm-up runs, then several timed runs: median wall time per
/// compartment-step, bytes allocated per update, GC collections and GC pause share. Beside each size, the C reference
/// of the seed's math (Shell/seed_c.sh: ../shared/bench/seed_c.c built with and without -ffast-math) runs in between our
/// runs, so ratios compare figures taken under the same machine load.
/// </summary>
internal static class Bench
{
    /// <summary>The named sizes run when no size is given.</summary>
    private static readonly (string Name, int Neurons, int Compartments, long Iterations)[] NamedSizes =
    {
        ("seed", 1, 20, 50_000),
        ("1000x20", 1000, 20, 1_000),
        ("1x2000", 1, 2000, 10_000),
    };

    private static readonly string[] UsageLines =
    {
        "usage: hhf bench                               the named sizes (seed 1×20×50000, 1000×20×1000, 1×2000×10000) for each",
        "                                               integrator, forward Euler at 250 and 4000 neurons (scaling), 1000×20 on every core",
        "       hhf bench --neurons N --compartments B --iterations K --integrator NAME    one case (missing ones: 1, 20, 50000, forward-euler)",
        "       hhf bench --seed-process                the whole seed run as a new process (hhf run --csv DIR), start to exit",
        "       hhf bench --sweep [--grid FILE] [--jobs K]   a whole sweep as a new process, 1 job against K (default: 1,000 point-neuron runs)",
        "       hhf bench --morphology FILE [--neurons N] [--nseg N | --d-lambda F | --segment-length-um D] [--insert REGION:MECH]",
        "                                               copies of a branched cell (SWC or JSON) in lanes, crank-nicolson (default 10000 updates)",
        "       hhf bench --network FILE [--threads T]   a network file on 1 thread and on T (default: every core), alternated; memory",
    };

    /// <summary>bench's options: one table for parsing, help and shell completion (the same parser as run and sweep).</summary>
    internal static readonly IReadOnlyList<OptionSpec<Options>> Table = new[]
    {
        OptionKinds.Int<Options>("neurons", "N", "the case to measure: neurons (default 1)", 1, int.MaxValue, (o, x) => o with { Neurons = (int)x }),
        OptionKinds.Int<Options>("compartments", "B", "compartments per neuron (default 20)", 1, int.MaxValue, (o, x) => o with { Compartments = (int)x }),
        OptionKinds.Int<Options>("iterations", "K", "updates (default 50000)", 1, int.MaxValue, (o, x) => o with { Iterations = x }),
        new OptionSpec<Options>("integrator", string.Join('|', IntegratorNames.All.Select(x => x.Name)), "the integrator (default forward-euler)",
            (o, text) => IntegratorNames.Parse(text) is { } kind
                ? o with { Integrator = kind }
                : ParseOutcome<Options>.Fail($"expected one of {string.Join(", ", IntegratorNames.All.Select(x => x.Name))}, got '{CommandLine.Shorten(text)}'")),
        new OptionSpec<Options>("rate-table", RateTableOption.ValueHelp, "every case's gate kinetics: " + RateTableOption.Help,
            (o, text) => RateTableOption.Apply(text, table => o with { RateTable = table, RateTableGiven = true })),
        OptionKinds.Int<Options>("threads", "T", "threads for the run (default 1; the named sizes also run 1000×20 on every core)", 1, 1024, (o, x) => o with { Threads = (int)x }),
        OptionKinds.Int<Options>("runs", "R", "timed runs per case, median reported (default 5; --sweep: rounds, default 3)", 1, 1000, (o, x) => o with { RunsGiven = (int)x }),
        OptionKinds.Int<Options>("warmup", "W", "untimed runs first (default 2; --sweep: rounds, default 1)", 0, 1000, (o, x) => o with { WarmupGiven = (int)x }),
        OptionKinds.Flag<Options>("json", "print a JSON list of objects instead of the table", (o, x) => o with { Json = x }),
        OptionKinds.Flag<Options>("no-c", "skip the C reference (../shared/bench/seed_c.c)", (o, x) => o with { NoC = x }),
        OptionKinds.Flag<Options>("seed-process", "time `hhf run --csv DIR` end to end (runtime start, simulation, CSVs, report) in new processes", (o, x) => o with { SeedProcess = x }),
        OptionKinds.Flag<Options>("sweep", "time `hhf sweep --grid G --out DIR --jobs J` end to end in new processes, J = 1 and K alternated", (o, x) => o with { Sweep = x }),
        OptionKinds.Text<Options>("grid", "FILE", "with --sweep: the grid (default: 1,000 point-neuron runs of 50,000 steps, 0.02 … 20 µA/cm²)", (o, x) => o with { Grid = x }),
        OptionKinds.Int<Options>("jobs", "K", "with --sweep: the jobs compared with 1 (default: the core count)", 1, 1024, (o, x) => o with { Jobs = (int)x }),
        OptionKinds.Text<Options>("morphology", "FILE", "a branched cell to measure (SWC or JSON): N copies in lanes, steady at -65 mV, no stimulus",
            (o, x) => o with { Morphology = x }),
        OptionKinds.Int<Options>("nseg", "N", "with --morphology: N segments in every section (default: --d-lambda 0.1)", 1, Core.Morphology.Discretisation.MaxNseg,
            (o, x) => o with { Rule = new Core.Morphology.NsegRule.Fixed((int)x), RulesGiven = o.RulesGiven + 1 }),
        PositiveNumber("d-lambda", "F", "with --morphology: NEURON's d_lambda rule (the default, with 0.1)",
            (o, x) => o with { Rule = new Core.Morphology.NsegRule.DLambda(x), RulesGiven = o.RulesGiven + 1 }),
        PositiveNumber("segment-length-um", "D", "with --morphology: nseg = 1 + 2·floor(L/D)",
            (o, x) => o with { Rule = new Core.Morphology.NsegRule.SegmentLength(x), RulesGiven = o.RulesGiven + 1 }),
        new OptionSpec<Options>("insert", "REGION:MECH", "with --morphology: a mechanism in a region, as run's --insert (repeatable; default all:hh)",
            (o, text) => text.Split(':') is [var region, var mechanism] && region.Length > 0 && mechanism.Length > 0
                ? o with { Inserts = o.Inserts.Append(new Insertion(region, mechanism)).ToArray() }
                : ParseOutcome<Options>.Fail($"expected REGION:MECH, e.g. all:pas, got '{CommandLine.Shorten(text)}'"), Repeatable: true),
        OptionKinds.Text<Options>("network", "FILE", "a network file (as `hhf network` reads it) timed on 1 thread and on --threads (default: every core), alternated",
            (o, x) => o with { Network = x }),
        OptionKinds.Flag<Options>("help", "show this help", (o, x) => o with { Help = x }),
    };

    private static OptionSpec<Options> PositiveNumber(string name, string valueHelp, string help, Func<Options, double, Options> set) =>
        new(name, valueHelp, help, (o, text) => HHFunctional.Shell.Parse.Double(text, out double x) && double.IsFinite(x) && x > 0
            ? set(o, x)
            : ParseOutcome<Options>.Fail($"expected a number > 0, got '{CommandLine.Shorten(text)}'"));

    /// <summary>What <c>hhf help bench</c> prints.</summary>
    public static string Help => CommandLine.Help(UsageLines, Table);

    internal sealed record Options
    {
        public int? Neurons { get; init; }
        public int? Compartments { get; init; }
        public long? Iterations { get; init; }
        public IntegratorKind? Integrator { get; init; }
        public RateTable? RateTable { get; init; }
        public bool RateTableGiven { get; init; }
        public int Threads { get; init; } = 1;
        /// <summary>--runs as given; null for the default (5 timed runs a case, 3 rounds of --sweep).</summary>
        public int? RunsGiven { get; init; }
        /// <summary>--warmup as given; null for the default (2 a case, 1 round of --sweep).</summary>
        public int? WarmupGiven { get; init; }
        public int Runs => RunsGiven ?? 5;
        public int Warmup => WarmupGiven ?? 2;
        public bool Json { get; init; }
        public bool NoC { get; init; }
        public bool Help { get; init; }
        public bool SeedProcess { get; init; }
        public bool Sweep { get; init; }
        public string? Grid { get; init; }
        public int? Jobs { get; init; }
        public string? Morphology { get; init; }
        public string? Network { get; init; }
        public Core.Morphology.NsegRule Rule { get; init; } = CellOptions.DefaultNsegRule;
        public int RulesGiven { get; init; }
        public IReadOnlyList<Insertion> Inserts { get; init; } = Array.Empty<Insertion>();
        public bool SingleCase => Neurons is not null || Compartments is not null || Iterations is not null || Integrator is not null;
    }

    /// <param name="Model">A branched cell's parameters (its tree, channels and local values); null for the seed's cable.</param>
    /// <param name="Segments">A branched cell's segments (NEURON's compartments: its nodes less the section ends); null otherwise.</param>
    private sealed record Case(string Size, int Neurons, int Compartments, long Iterations, IntegratorKind Integrator, int Threads,
        SimulationParameters? Model = null, int? Segments = null)
    {
        /// <summary>The gate kinetics' table (--rate-table), or null for exact rates.</summary>
        public RateTable? RateTable { get; init; }
    }

    private sealed record Result(Case Case, double MedianNs, double MedianCpuNs, double AllocatedBytesPerStep, int Gen0, int Gen1, int Gen2,
        double GcPauseShare, double? SeedCNs, double? SeedCFastNs, double? SpeedupVsOneThread, string? Skipped);

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (options, errors) = ParseOptions(args);
        if (options.Help) { stdout.WriteLine(Help); return ExitCode.Ok; }
        if (options.Sweep)
        {
            if (options.SingleCase || options.Threads != 1 || options.NoC || options.SeedProcess || options.RateTableGiven)
                errors.Add("--sweep: times the sweep as its grid says; expected no --neurons, --compartments, --iterations, --integrator, --threads, --no-c, --rate-table or --seed-process with it");
            if (errors.Count > 0) return BadOptions(stderr, errors);
            // Fewer rounds by default than a case: each is a whole sweep (seconds), and 1 and K jobs are alternated.
            return Sweep.SweepProcessBench.Execute(options.Grid, options.Jobs ?? Environment.ProcessorCount, options.RunsGiven ?? 3,
                options.WarmupGiven ?? 1, options.Json, stdout, stderr);
        }
        if (options.Network is not null)
        {
            if (options.SingleCase || options.NoC || options.SeedProcess || options.Morphology is not null || options.RulesGiven > 0 || options.Inserts.Count > 0)
                errors.Add("--network: the file sets the model; expected only --threads, --runs, --warmup, --rate-table and --json with it");
            if (errors.Count > 0) return BadOptions(stderr, errors);
            int threads = options.Threads != 1 ? options.Threads : Math.Max(2, Environment.ProcessorCount);
            var overrides = new NetworkOverrides { RateTable = (options.RateTable, options.RateTableGiven) };
            return NetworkBench.Execute(options.Network, overrides, threads, options.RunsGiven ?? 3, options.WarmupGiven ?? 1, options.Json, stdout, stderr);
        }
        if (options.Grid is not null || options.Jobs is not null)
            errors.Add("--grid, --jobs: only with --sweep");
        if (options.Morphology is null && (options.RulesGiven > 0 || options.Inserts.Count > 0))
            errors.Add("--nseg, --d-lambda, --segment-length-um, --insert: only with --morphology");
        if (options.Morphology is not null)
        {
            if (options.SeedProcess || options.Compartments is not null)
                errors.Add("--morphology: the cell sets the compartments; expected no --compartments or --seed-process with it");
            if (options.RulesGiven > 1) errors.Add("--nseg, --d-lambda, --segment-length-um: expected at most one of them");
            if (errors.Count > 0) return BadOptions(stderr, errors);
            var (cellCase, cellProblems) = CellCase(options);
            if (cellCase is null) return BadOptions(stderr, cellProblems);
            var cellResult = Measure(cellCase, options, null);
            if (options.Json) WriteJson(stdout, [cellResult]);
            else WriteTable(stdout, [cellResult], false);
            return ExitCode.Ok;
        }
        if (options.SeedProcess)
        {
            if (options.SingleCase || options.Threads != 1 || options.NoC || options.RateTableGiven)
                errors.Add("--seed-process: times the whole seed run as is; expected no --neurons, --compartments, --iterations, --integrator, --threads, --rate-table or --no-c with it");
            if (errors.Count > 0) return BadOptions(stderr, errors);
            return SeedProcessBench.Execute(options.Runs, options.Warmup, options.Json, stdout, stderr);
        }
        var cases = Cases(options);
        foreach (var c in cases)
            errors.AddRange(SimulationSpec.Problems(Parameters(c)).Select(p => $"{p} (bench case {c.Size})"));
        if (errors.Count > 0) return BadOptions(stderr, errors);

        var reference = options.NoC ? null : SeedC.Find(stderr);
        var results = new List<Result>();
        var seedCBySize = new Dictionary<(int, int, long), (double? Libm, double? Fast)>();
        foreach (var c in cases)
        {
            if (!options.Json) stderr.Write($"  {c.Size} {c.Integrator.Name()} threads={c.Threads} … ");
            bool timeC = reference is not null && c.Threads == 1 && !seedCBySize.ContainsKey((c.Neurons, c.Compartments, c.Iterations));
            var result = Measure(c, options, timeC ? reference : null);
            if (timeC) seedCBySize[(c.Neurons, c.Compartments, c.Iterations)] = (result.SeedCNs, result.SeedCFastNs);
            else if (seedCBySize.TryGetValue((c.Neurons, c.Compartments, c.Iterations), out var known))
                result = result with { SeedCNs = known.Libm, SeedCFastNs = known.Fast };
            if (c.Threads > 1 && results.FirstOrDefault(r => r.Case == c with { Threads = 1 }) is { Skipped: null } single)
                result = result with { SpeedupVsOneThread = single.MedianNs / result.MedianNs };
            results.Add(result);
            if (!options.Json) stderr.WriteLine(result.Skipped ?? "done");
        }

        if (options.Json) WriteJson(stdout, results.Where(r => r.Skipped is null));
        else WriteTable(stdout, results, reference is not null);
        return ExitCode.Ok;
    }

    private static int BadOptions(TextWriter stderr, List<string> errors)
    {
        foreach (var e in errors.Distinct()) stderr.WriteLine($"error: {e}");
        stderr.WriteLine("see 'hhf bench --help'.");
        return ExitCode.BadInput;
    }

    private static List<Case> Cases(Options o) => CasesAtExactRates(o).Select(c => c with { RateTable = o.RateTable }).ToList();

    private static List<Case> CasesAtExactRates(Options o)
    {
        if (o.SingleCase)
        {
            int n = o.Neurons ?? 1, b = o.Compartments ?? 20;
            return new() { new($"{n}x{b}", n, b, o.Iterations ?? 50_000, o.Integrator ?? IntegratorKind.ForwardEuler, o.Threads) };
        }
        var cases = new List<Case>();
        foreach (var (name, n, b, k) in NamedSizes)
            foreach (var (_, kind) in IntegratorNames.All)
                cases.Add(new(name, n, b, k, kind, o.Threads));
        // Linear scaling: forward Euler at 4× and 16× the work of 250×20×1000 (1000×20 is in the list above).
        foreach (int n in new[] { 250, 4000 })
            cases.Add(new($"{n}x20", n, 20, 1_000, IntegratorKind.ForwardEuler, o.Threads));
        // Both cores on the large group, against the one-thread rows above.
        int cores = Environment.ProcessorCount;
        if (o.Threads == 1 && cores > 1)
            foreach (var kind in new[] { IntegratorKind.ForwardEuler, IntegratorKind.ExponentialEuler })
                cases.Add(new("1000x20", 1000, 20, 1_000, kind, cores));
        return cases;
    }

    private static SimulationParameters Parameters(Case c) => c.Model is { } model
        ? model with { Iterations = c.Iterations, Integrator = c.Integrator, RateTable = c.RateTable }
        : new() { Neurons = c.Neurons, Compartments = c.Compartments, Iterations = c.Iterations, Integrator = c.Integrator, RateTable = c.RateTable };

    /// <summary>--morphology: N copies of the cell, as run builds it (CellModel), steady at −65 mV, no stimulus; the case's
    /// size is the file's name and its compartments the tree's nodes.</summary>
    private static (Case? Case, List<string> Problems) CellCase(Options o)
    {
        var (morphology, problems) = MorphologyFile.Read(o.Morphology!);
        if (morphology is null) return (null, problems.Select(p => $"--morphology: {p}").ToList());
        int neurons = o.Neurons ?? 1;
        var built = CellModel.Build(morphology, o.Rule, o.Inserts, Array.Empty<RegionParameter>(), neurons);
        if (built.IsFail) return (null, built.FailToSeq().Map(p => $"--morphology {o.Morphology}: {p}").ToList());
        var cell = (Cell)built;
        var kind = o.Integrator ?? IntegratorKind.CrankNicolson;
        var model = cell.ApplyTo(new SimulationParameters { Stimulus = Stimulus.None, Initial = InitialConditions.Steady(-65.0) });
        var c = new Case(Path.GetFileName(o.Morphology!), neurons, cell.Cable.Compartments, o.Iterations ?? 10_000, kind, o.Threads, model,
            cell.Cable.Tree.Nseg.Sum()) { RateTable = o.RateTable };
        var invalid = SimulationSpec.Problems(Parameters(c)).ToList();
        return invalid.Count > 0 ? (null, invalid.Select(p => $"{FieldNames.InOptionTerms(p)} (bench --morphology)").ToList()) : (c, problems);
    }

    private static Result Measure(Case c, Options o, SeedC? reference)
    {
        var spec = SimulationSpec.Validate(Parameters(c)).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var selection = new RecordingSelection(new[] { StateVariable.V }, new[] { 0 });
        var settings = new RunSettings { Threads = c.Threads };
        try
        {
            for (int w = 0; w < o.Warmup; w++) Simulation.RunRecorded(spec, selection, settings);
        }
        catch (NotSupportedException e)
        {
            return new Result(c, double.NaN, double.NaN, double.NaN, 0, 0, 0, double.NaN, null, null, null, $"skipped: {e.Message}");
        }

        double steps = (double)c.Neurons * c.Compartments * c.Iterations;
        var wall = new List<double>(); var cpu = new List<double>(); var cLibm = new List<double>(); var cFast = new List<double>();
        var process = Process.GetCurrentProcess();
        long allocated = 0; int gen0 = 0, gen1 = 0, gen2 = 0; TimeSpan pause = TimeSpan.Zero, total = TimeSpan.Zero;
        for (int r = 0; r < o.Runs; r++)
        {
            // The C reference runs between our runs, so both see the same machine load.
            if (reference?.Run(c.Compartments, c.Neurons, c.Iterations) is { } cResult) { cLibm.Add(cResult.Libm); cFast.Add(cResult.Fast); }
            int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
            var pauseBefore = GC.GetTotalPauseDuration();
            long bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Simulation.RunRecorded(spec, selection, settings);
            clock.Stop();
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalNanoseconds / steps);
            allocated += GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
            gen0 += GC.CollectionCount(0) - g0; gen1 += GC.CollectionCount(1) - g1; gen2 += GC.CollectionCount(2) - g2;
            pause += GC.GetTotalPauseDuration() - pauseBefore;
            total += clock.Elapsed;
            wall.Add(clock.Elapsed.TotalNanoseconds / steps);
        }
        return new Result(c, Median(wall), Median(cpu), (double)allocated / (o.Runs * (double)c.Iterations), gen0, gen1, gen2,
            pause / total, cLibm.Count > 0 ? Median(cLibm) : null, cFast.Count > 0 ? Median(cFast) : null, null, null);
    }

    internal static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static void WriteTable(TextWriter w, List<Result> results, bool withC)
    {
        w.WriteLine($"bench: {Environment.ProcessorCount} cores, {RuntimeDescription()}; median of the timed runs; " +
                    "cpu = process CPU time per compartment-step (less sensitive to other load)");
        w.WriteLine($"{"size",-8} {"integrator",-18} {"thr",3} {"work",7} {"ms/run",8} {"ns/cs",7} {"cpu ns",7} {"B/step",8} {"gc 0/1/2",9} {"gc %",5}" +
                    (withC ? $" {"C libm",7} {"C fast",7} {"×libm",6} {"×fast",6}" : "") + "  note");
        foreach (var r in results)
        {
            var c = r.Case;
            if (r.Skipped is not null) { w.WriteLine($"{c.Size,-8} {c.Integrator.Name(),-18} {c.Threads,3}  {r.Skipped}"); continue; }
            string cCols = withC
                ? $" {Show(r.SeedCNs),7} {Show(r.SeedCFastNs),7} {Show(r.MedianNs / r.SeedCNs),6} {Show(r.MedianNs / r.SeedCFastNs),6}"
                : "";
            string note = r.SpeedupVsOneThread is { } s ? $"speed-up ×{s:F2} vs 1 thread" : "";
            if (c.Segments is int segments)
                note = $"{segments} segments: {PerSegment(r, c)!.Value:F2} ns per segment-step{(note.Length > 0 ? "; " + note : "")}";
            if (c.RateTable is not null) note = $"rate table {RateTableOption.Name(c.RateTable)}{(note.Length > 0 ? "; " + note : "")}";
            double work = (double)c.Neurons * c.Compartments * c.Iterations;
            w.WriteLine($"{c.Size,-8} {c.Integrator.Name(),-18} {c.Threads,3} {work / 1e6,6:F1}M {r.MedianNs * work / 1e6,8:F1} {r.MedianNs,7:F2} {r.MedianCpuNs,7:F2} {r.AllocatedBytesPerStep,8:F1} " +
                        $"{$"{r.Gen0}/{r.Gen1}/{r.Gen2}",9} {100 * r.GcPauseShare,5:F1}{cCols}  {note}");
        }
        w.WriteLine("work = neurons × compartments × iterations (compartment-steps); ns/cs = wall time per compartment-step;" +
                    " B/step = bytes allocated per update (recording included)");
        if (withC) w.WriteLine("C: ../shared/bench/seed_c.c (forward Euler, the seed's math) at the same size; ×libm, ×fast = our time / C's.");
    }

    /// <summary>The median wall time per segment-step: the same run divided by NEURON's compartments instead of its nodes.</summary>
    private static double? PerSegment(Result r, Case c) => c.Segments is int segments ? r.MedianNs * c.Compartments / segments : null;

    private static string Show(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";

    /// <summary>The JSON contract (other tools read it): a list of objects, one per measured case.</summary>
    private static void WriteJson(TextWriter w, IEnumerable<Result> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("hhf_version", ToolVersion.Informational);
                json.WriteString("size", r.Case.Size);
                json.WriteNumber("neurons", r.Case.Neurons);
                json.WriteNumber("compartments", r.Case.Compartments);
                json.WriteNumber("iterations", r.Case.Iterations);
                json.WriteString("integrator", r.Case.Integrator.Name());
                json.WriteString("rate_table", RateTableOption.Name(r.Case.RateTable));
                json.WriteNumber("threads", r.Case.Threads);
                json.WriteNumber("median_ns_per_compartment_step", r.MedianNs);
                json.WriteNumber("median_ms_per_run", r.MedianNs * r.Case.Neurons * r.Case.Compartments * r.Case.Iterations / 1e6);
                json.WriteNumber("median_cpu_ns_per_compartment_step", r.MedianCpuNs);
                json.WriteNumber("allocated_bytes_per_step", r.AllocatedBytesPerStep);
                json.WriteNumber("gc_collections", r.Gen0 + r.Gen1 + r.Gen2);
                json.WriteNumber("gc_gen0", r.Gen0);
                json.WriteNumber("gc_gen1", r.Gen1);
                json.WriteNumber("gc_gen2", r.Gen2);
                json.WriteNumber("gc_pause_share", r.GcPauseShare);
                WriteNullable(json, "seed_c_ns_per_compartment_step", r.SeedCNs);
                WriteNullable(json, "seed_c_fast_math_ns_per_compartment_step", r.SeedCFastNs);
                WriteNullable(json, "ratio_to_seed_c", r.MedianNs / r.SeedCNs);
                WriteNullable(json, "ratio_to_seed_c_fast_math", r.MedianNs / r.SeedCFastNs);
                WriteNullable(json, "speedup_vs_one_thread", r.SpeedupVsOneThread);
                if (r.Case.Segments is int segments) json.WriteNumber("segments", segments);
                else json.WriteNull("segments");
                WriteNullable(json, "median_ns_per_segment_step", PerSegment(r, r.Case));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        w.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static string RuntimeDescription() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
        $"Vector512 {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "accelerated" : "emulated")}";

    private static (Options Options, List<string> Errors) ParseOptions(IReadOnlyList<string> args)
    {
        var (raw, errors) = CommandLine.Tokenise(args, Table);
        var (options, applyErrors) = CommandLine.Apply(raw, Table, new Options());
        errors.AddRange(applyErrors);
        return (options, errors);
    }

    /// <summary>Shell/seed_c.sh, found from the current folder or the tool's own folder upwards.</summary>
    private sealed class SeedC(string script)
    {
        public static SeedC? Find(TextWriter stderr)
        {
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "Shell", "seed_c.sh");
                    if (!File.Exists(candidate)) continue;
                    var seed = new SeedC(candidate);
                    // One tiny run builds both binaries and proves the source, gcc and bash are there.
                    if (seed.Run(2, 1, 10, stderr) is not null) return seed;
                    stderr.WriteLine("bench: the C reference is unavailable; ratios to seed_c are left out.");
                    return null;
                }
            stderr.WriteLine("bench: Shell/seed_c.sh not found above the current folder; ratios to seed_c are left out.");
            return null;
        }

        public (double Libm, double Fast)? Run(int blocks, int neurons, long iterations, TextWriter? stderr = null)
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { script, blocks.ToString(CultureInfo.InvariantCulture), neurons.ToString(CultureInfo.InvariantCulture),
                         iterations.ToString(CultureInfo.InvariantCulture) })
                info.ArgumentList.Add(a);
            try
            {
                using var p = Process.Start(info)!;
                string output = p.StandardOutput.ReadToEnd();
                string error = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) { stderr?.WriteLine($"bench: {script}: {error.Trim()}"); return null; }
                double? libm = null, fast = null;
                foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = line.Split(' ');
                    if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double ns))
                    {
                        if (parts[0] == "libm") libm = ns;
                        if (parts[0] == "fast-math") fast = ns;
                    }
                }
                return libm is { } l && fast is { } f ? (l, f) : null;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                stderr?.WriteLine($"bench: cannot run bash: {e.Message}");
                return null;
            }
        }
    }
}
