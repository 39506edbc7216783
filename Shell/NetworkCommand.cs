using System.Diagnostics;
using HHFunctional.Core.Model;
using HHFunctional.Core.Network;
using HHFunctional.Shell.Report;

namespace HHFunctional.Shell;

/// <summary>
/// <c>hhf network FILE.json --out DIR</c>: reads a network file (<see cref="NetworkFile"/>), runs it
/// (<see cref="NetworkRun"/>), and writes spikes.csv, connections.csv, traces.csv (when the file records places),
/// spikes.parquet (--parquet) and the report into DIR, all or none (staged, then renamed). Bad input: every problem at
/// once, exit 2, nothing written. Blow-up: exit 1, nothing written. Interrupted: exit 130, nothing written.
/// </summary>
internal static class NetworkCommand
{
    private static readonly string[] UsageLines =
    [
        "usage: hhf network FILE.json --out DIR [options]",
        "",
        "Runs the network of FILE.json (cell types, synapse types, populations, projections, sources, recorded places;",
        "docs/network.md) and writes DIR/spikes.csv, DIR/connections.csv, DIR/traces.csv (with \"record\"),",
        "DIR/spikes.parquet (--parquet) and DIR/report.html. The options override the file's \"simulation\".",
    ];

    /// <summary>Most problems listed (a bad list file can make thousands).</summary>
    private const int MaxProblemsShown = 100;

    /// <summary>Bytes a connection, a synapse or a detector takes while the network runs (its record, its place in the
    /// run's tables and queues), rounded up.</summary>
    public const double BytesPerConnection = 64, BytesPerSynapse = 96, BytesPerDetector = 48;

    internal sealed record Options
    {
        public string? File { get; init; }
        public string? OutDir { get; init; }
        public int? Threads { get; init; }
        public double? DtMs { get; init; }
        public double? TStopMs { get; init; }
        public IntegratorKind? Integrator { get; init; }
        public (RateTable? Table, bool Given) RateTable { get; init; }
        public bool Reproducible { get; init; }
        public bool Parquet { get; init; }
        public bool NoReport { get; init; }
        public bool Help { get; init; }
        public long MemoryBudgetMb { get; init; } = Limits.DefaultMemoryBudgetMb;

        public NetworkOverrides Overrides => new() { DtMs = DtMs, TStopMs = TStopMs, Integrator = Integrator, RateTable = RateTable };
    }

    /// <summary>network's options: one table for parsing, help, completion and docs (the same parser as every command).</summary>
    internal static readonly IReadOnlyList<OptionSpec<Options>> Table =
    [
        OptionKinds.Text<Options>("out", "DIR", "the folder to write spikes.csv, connections.csv, traces.csv, spikes.parquet and report.html in (required)",
            (o, text) => o with { OutDir = text }),
        OptionKinds.Int<Options>("threads", "INTEGER", "threads (default: every core; the spikes do not depend on it)", 1, 1024,
            (o, x) => o with { Threads = (int)x }),
        Number("dt", "time step, ms (overrides the file's simulation.dt-ms)", (o, x) => o with { DtMs = x }),
        Number("t-stop-ms", "duration, ms (overrides simulation.t-stop-ms); the run makes round(t-stop / dt) updates", (o, x) => o with { TStopMs = x }),
        new("integrator", "crank-nicolson|backward-euler", "NEURON's fixed step: crank-nicolson or backward-euler (overrides simulation.integrator)",
            (o, text) => IntegratorNames.Parse(text) is { } kind && NetworkFile.Integrators.Contains(kind)
                ? o with { Integrator = kind }
                : ParseOutcome<Options>.Fail($"expected crank-nicolson or backward-euler, got '{CommandLine.Shorten(text)}'")),
        new("rate-table", RateTableOption.ValueHelp, RateTableOption.Help + " (overrides simulation.rate-table)",
            (o, text) => RateTableOption.Apply(text, table => o with { RateTable = (table, true) })),
        OptionKinds.Flag<Options>("reproducible", "leave the wall time out of the report: the same run then gives a byte-identical file",
            (o, x) => o with { Reproducible = x }),
        OptionKinds.Flag<Options>("parquet", "also write DIR/spikes.parquet (population, cell, t_ms; the file's hash as metadata)", (o, x) => o with { Parquet = x }),
        OptionKinds.Flag<Options>("no-report", "write no report.html", (o, x) => o with { NoReport = x }),
        OptionKinds.Int<Options>("memory-budget-mb", "INTEGER", $"refuse networks whose cells, wiring and traces need more memory, MiB (default {Limits.DefaultMemoryBudgetMb})",
            1, Limits.MaxMemoryBudgetMb, (o, x) => o with { MemoryBudgetMb = x }),
        OptionKinds.Flag<Options>("help", "show this help", (o, x) => o with { Help = x }),
    ];

    /// <summary>What <c>hhf help network</c> prints.</summary>
    public static string Usage => CommandLine.Help(UsageLines, Table);

    private static OptionSpec<Options> Number(string name, string help, Func<Options, double, Options> set) =>
        new(name, "NUMBER", help, (o, text) => Parse.Double(text, out double x) && double.IsFinite(x) && x > 0
            ? set(o, x)
            : ParseOutcome<Options>.Fail($"expected a number > 0, got '{CommandLine.Shorten(text)}'"));

    /// <summary>FILE first (a word before any option), then the options through the one option parser.</summary>
    internal static (Options, List<string>) Read(IReadOnlyList<string> args)
    {
        string? file = args.Count > 0 && !(args[0] ?? "").StartsWith('-') ? args[0] : null;
        var (raw, problems) = CommandLine.Tokenise(file is null ? args : args.Skip(1).ToList(), Table);
        var (options, applyProblems) = CommandLine.Apply(raw, Table, new Options { File = file });
        problems.AddRange(applyProblems);
        return (options, problems);
    }

    private static string[] OutputNames(NetworkModel? model, Options o) =>
    [
        NetworkOutputs.SpikesCsv, NetworkOutputs.ConnectionsCsv,
        .. model is null || model.Record.Count > 0 ? [NetworkOutputs.TracesCsv] : Array.Empty<string>(),
        .. o.Parquet ? [NetworkOutputs.SpikesParquet] : Array.Empty<string>(),
        .. o.NoReport ? Array.Empty<string>() : [NetworkOutputs.Report],
    ];

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken token = default)
    {
        var (o, problems) = Read(args);
        if (o.Help) { stdout.WriteLine(Usage); return ExitCode.Ok; }
        if (o.File is null) problems.Add("FILE: expected a network file (.json) before the options, got nothing");
        if (o.OutDir is null) problems.Add("--out: expected the folder to write in (--out DIR), got nothing");
        NetworkModel? model = null;
        if (o.File is not null)
        {
            var (loaded, loadProblems) = NetworkFile.Load(o.File, o.Overrides);
            model = loaded;
            problems.AddRange(loadProblems);
        }
        if (model is not null && MemoryProblem(model, o.MemoryBudgetMb) is { } memory) problems.Add(memory);
        if (o.OutDir is not null) problems.AddRange(OutputFolders.FolderProblems("--out", o.OutDir, OutputNames(model, o)));
        if (problems.Count > 0) return BadInput(stderr, problems);

        token.ThrowIfCancellationRequested();
        if (OutputFolders.CreateFolder("--out", o.OutDir!) is { } folderProblem) return BadInput(stderr, [folderProblem]);
        var spec = model!.Spec;
        int cells = spec.Populations.Sum(p => p.Cells.Neurons);
        stdout.WriteLine($"simulating {spec.Iterations} updates of {cells} cells in {spec.Populations.Count} populations " +
                         $"({spec.Populations.Sum(p => (long)p.Cells.Neurons * p.Cells.Compartments)} compartments, {spec.Synapses.Count} synapses, " +
                         $"{spec.Connections.Count} connections; {spec.Populations[0].Cells.Parameters.Integrator.Name()}, dt {Parse.Show(spec.DtMs)} ms); Ctrl-C stops cleanly");
        stdout.Flush();
        int threads = o.Threads ?? Environment.ProcessorCount;
        var clock = Stopwatch.StartNew();
        NetworkResult result;
        using (var progress = ProgressLine.ForTerminal(stderr, spec.Iterations))
        {
            var settings = new NetworkRunSettings
            {
                Threads = threads, Record = model.Record, Progress = progress, Cancellation = token,
            };
            result = NetworkRun.Run(spec, settings);
        }
        clock.Stop();
        stdout.WriteLine($"simulated in {clock.Elapsed.TotalMilliseconds:F1} ms");
        if (result.BlowUp is { } blowUp)
        {
            stderr.WriteLine($"error: {BlowUpMessage(blowUp, model)}");
            stderr.WriteLine("nothing was written.");
            return ExitCode.RunFailed;
        }

        var spikes = NetworkOutputs.Spikes(model, result);
        string dir = o.OutDir!;
        var written = new List<string>();
        using (var batch = new AtomicBatch())
        {
            void Add(string name, Action<Stream> write)
            {
                string path = Path.Combine(dir, name);
                batch.Add(path, write);
                written.Add(path);
            }
            Add(NetworkOutputs.SpikesCsv, s => NetworkOutputs.WriteSpikesCsv(s, model, spikes));
            Add(NetworkOutputs.ConnectionsCsv, s => NetworkOutputs.WriteConnectionsCsv(s, model));
            if (model.Record.Count > 0) Add(NetworkOutputs.TracesCsv, s => NetworkOutputs.WriteTracesCsv(s, model, result));
            if (o.Parquet)
            {
                byte[] fileBytes = File.ReadAllBytes(o.File!);
                Add(NetworkOutputs.SpikesParquet, s => NetworkOutputs.WriteSpikesParquet(s, model, spikes, fileBytes));
            }
            if (!o.NoReport)
            {
                // The populations' spikes (one detector per cell): the run's list also has detectors that only feed
                // projections from other sites or thresholds.
                var shown = result with { Spikes = NetworkOutputs.PopulationSpikes(model, result) };
                Add(NetworkOutputs.Report, s => NetworkReport.Write(s, NetworkReport.Input(Path.GetFileName(o.File!), spec, shown, model.RecordNames,
                    NetworkOutputs.Parameters(model), o.Reproducible ? null : clock.Elapsed, null)));
            }
            token.ThrowIfCancellationRequested();
            batch.Commit();
        }
        stdout.WriteLine($"{spikes.Length} spikes; wrote {string.Join(", ", written)}");
        return ExitCode.Ok;
    }

    /// <summary>The memory the run would need (the cells' state, the wiring, the traces at every step), if over the budget.</summary>
    internal static string? MemoryProblem(NetworkModel model, long budgetMb)
    {
        var spec = model.Spec;
        double state = spec.Populations.Sum(p => Limits.StateBytes(p.Cells));
        double wiring = spec.Connections.Count * BytesPerConnection + spec.Synapses.Count * BytesPerSynapse + spec.Detectors.Count * BytesPerDetector
                        + spec.Sources.Sum(s => 8.0 * s.TimesMs.Count + BytesPerConnection);
        double traces = model.Record.Count * (spec.Iterations + 1.0) * 8;
        double total = state + wiring + traces, budget = budgetMb * (double)(1 << 20);
        static string MiB(double bytes) => $"{bytes / (1 << 20):N0} MiB";
        return total <= budget ? null
            : $"memory: the network would need about {MiB(total)} ({MiB(state)} for the cells' state, {MiB(wiring)} for synapses, connections and " +
              $"sources, {MiB(traces)} for {model.Record.Count} traces of {spec.Iterations + 1:N0} steps), over the budget of {MiB(budget)} " +
              $"(--memory-budget-mb {budgetMb}); record fewer places, shorten the run, shrink the populations, or raise --memory-budget-mb";
    }

    /// <summary>Which population, cell, step and variable blew up, and what to change.</summary>
    public static string BlowUpMessage(NetworkBlowUp blowUp, NetworkModel model)
    {
        var b = blowUp.Detail;
        return $"numerical blow-up in population '{model.PopulationNames[blowUp.Population]}', cell {b.Neuron}, at iteration {b.Iteration} of " +
               $"{model.Spec.Iterations} (t = {Parse.Show(b.TimeMs)} ms): {b.Variable.Name()} = {Parse.Show(b.Value)} in compartment {b.Compartment}. " +
               $"Likely cause: dt = {Parse.Show(model.Spec.DtMs)} ms is too large or a parameter or weight is extreme; lower --dt, or check the " +
               "conductances, weights and stimuli for extreme values.";
    }

    private static int BadInput(TextWriter stderr, IReadOnlyList<string> errors)
    {
        foreach (var e in errors.Take(MaxProblemsShown)) stderr.WriteLine($"error: {e}");
        if (errors.Count > MaxProblemsShown) stderr.WriteLine($"error: … and {errors.Count - MaxProblemsShown} more problems (the first {MaxProblemsShown} are shown)");
        stderr.WriteLine("nothing was written; see 'hhf network --help'.");
        return ExitCode.BadInput;
    }
}
