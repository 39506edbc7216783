using System.Text.Json;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Network;

namespace HHFunctional.Shell;

/// <summary>Values given on the command line (<c>hhf network</c>, <c>hhf bench --network</c>) that override the file's
/// <c>simulation</c> block; null: the file's (or its default).</summary>
internal sealed record NetworkOverrides
{
    public double? DtMs { get; init; }
    public double? TStopMs { get; init; }
    public IntegratorKind? Integrator { get; init; }
    /// <summary>--rate-table as given: null when not given; its value null for off.</summary>
    public (RateTable? Table, bool Given) RateTable { get; init; }
}

/// <summary>
/// A network file made concrete (<see cref="NetworkFile.Load"/>): the validated network, what its file named, and what
/// to record. Spikes of <see cref="SpikeDetectors"/> are the population's spikes (spikes.csv); the connections of the
/// spec are the expanded connectivity (connections.csv).
/// </summary>
/// <param name="File">The file as given.</param>
/// <param name="Spec">The network.</param>
/// <param name="TStopMs">The run's end, ms (Iterations = round(t-stop / dt)).</param>
/// <param name="CellTypes">Each population's cell type name.</param>
/// <param name="SpikeDetectors">Each population's spike detector on each of its cells (indices into the spec's
/// detectors): its spike-site at its spike-threshold.</param>
/// <param name="Record">Where v is recorded, in the file's order.</param>
/// <param name="RecordNames">Each recorded place as the file names it (<c>ring[0]:soma(0.5)</c>): the traces' columns.</param>
internal sealed record NetworkModel(string File, NetworkSpec Spec, double TStopMs, IReadOnlyList<string> CellTypes,
    IReadOnlyList<int[]> SpikeDetectors, IReadOnlyList<NetworkProbe> Record, IReadOnlyList<string> RecordNames)
{
    /// <summary>Every cell's start, mV (simulation.v0-mv).</summary>
    public double V0Mv { get; init; } = CellOptions.DefaultVMv;

    /// <summary>hh's temperature, °C (simulation.temperature-c).</summary>
    public double TemperatureC { get; init; } = Membrane.ReferenceTemperatureC;

    /// <summary>Each population's name (spikes.csv's population column).</summary>
    public IReadOnlyList<string> PopulationNames => Spec.Populations.Select(p => p.Name).ToArray();
}

/// <summary>
/// The network file (docs/network.md, "The network file"): JSON with kebab-case keys (comments and trailing commas
/// allowed; <c>$schema</c> accepted), paths relative to the file. <see cref="Load"/> reads it, builds every cell type
/// with run's own parsers (<c>--insert</c>, <c>--param</c>, <c>--stim</c>, <c>--nseg</c> …) and <see cref="CellRun"/>,
/// expands the projections with <see cref="ConnectionRules"/>, and returns the network or every problem at once, each
/// with the file and its JSON path (<c>net.json: $.projections[2].rule.p: expected a probability in [0, 1], got 1.5</c>).
/// </summary>
internal static partial class NetworkFile
{
    /// <summary>Largest network file read: 16 MiB (like a run config; connection lists go in CSV files).</summary>
    public const int MaxFileBytes = 16 << 20;

    /// <summary>Largest list CSV read: 1 GiB.</summary>
    public const int MaxListBytes = 1 << 30;

    /// <summary>Most connections a network may have (each costs ~100 bytes while built).</summary>
    public const long MaxConnections = 50_000_000;

    /// <summary>Most cells in one population.</summary>
    public const int MaxCount = 10_000_000;

    /// <summary>NEURON's NetCon threshold when none is given, mV.</summary>
    public const double DefaultThresholdMv = 10.0;

    internal static readonly string[] TopKeys = ["$schema", "simulation", "cell-types", "synapse-types", "populations", "projections", "sources", "record"];
    internal static readonly string[] SimulationKeys = ["t-stop-ms", "dt-ms", "integrator", "v0-mv", "temperature-c", "rate-table"];

    /// <summary>The integrators a network runs with (NEURON's fixed step).</summary>
    public static readonly IReadOnlyList<IntegratorKind> Integrators = [IntegratorKind.CrankNicolson, IntegratorKind.BackwardEuler];

    /// <summary>The network of the file at <paramref name="path"/>, or every problem (nothing is thrown for bad input).</summary>
    public static (NetworkModel? Model, List<string> Problems) Load(string path, NetworkOverrides? overrides = null)
    {
        overrides ??= new NetworkOverrides();
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) return (null, [$"{path}: is a folder, expected a network file (.json)"]);
            if (!File.Exists(path)) return (null, [$"{path}: file not found, expected a network file (.json)"]);
            var (read, tooLong) = BoundedRead.ReadAllBytes(path, MaxFileBytes);
            if (read is null) return (null, [$"{path}: {tooLong}"]);
            bytes = read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, [$"{path}: cannot read the file: {e.Message.ReplaceLineEndings(" ")}"]);
        }
        ReadOnlyMemory<byte> utf8 = bytes;
        if (utf8.Span.StartsWith(System.Text.Encoding.UTF8.Preamble)) utf8 = utf8[3..];
        if (RunConfig.InvalidUtf8At(utf8.Span) is { } at) return (null, [$"{path}: not valid UTF-8 at byte {at + 1}; save the file as UTF-8"]);
        JsonDocument document;
        try { document = JsonDocument.Parse(utf8, RunConfig.DocumentOptions with { MaxDepth = 64 }); }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            return (null, [$"{path}: not valid JSON{where}: {e.Message.Split(" LineNumber:")[0].Split(" Path:")[0]}"]);
        }
        using (document)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            return new Reader(new JsonFields(path), folder, overrides).Read(document.RootElement);
        }
    }

    /// <summary>One reading of one file: the problems found so far and what has been built.</summary>
    private sealed partial class Reader(JsonFields json, string folder, NetworkOverrides overrides)
    {
        private double _dtMs = 0.025, _tStopMs = double.NaN, _v0Mv = CellOptions.DefaultVMv, _temperatureC = Membrane.ReferenceTemperatureC;
        private IntegratorKind _integrator = IntegratorKind.CrankNicolson;
        private RateTable? _rateTable;
        private bool _timingOk = true;

        public (NetworkModel?, List<string>) Read(JsonElement root)
        {
            if (!json.Object(root, "$", TopKeys)) return (null, json.Problems);
            if (root.TryGetProperty("$schema", out var schema) && schema.ValueKind != JsonValueKind.String)
                json.Add("$['$schema']", $"expected a string (the schema of this file), got {JsonFields.Describe(schema)}");
            Simulation(root);
            var cellTypes = CellTypes(root);
            var synapseTypes = SynapseTypes(root);
            var populations = Populations(root, cellTypes);
            var wiring = new Wiring(new NetworkBuilder(Parameters(1)));
            Projections(root, populations, synapseTypes, wiring);
            Sources(root, populations, synapseTypes, wiring);
            var (probes, names) = Record(root, populations);
            SpikeSites(populations);
            if (json.Problems.Count > 0 || populations.Any(p => p.Spec is null)) return (null, json.Problems);

            // Core wires it (NetworkBuilder), with each population's cell, its stim and where its spikes are detected.
            var validation = populations.Aggregate(wiring.Builder, (b, p) =>
                b.Population(p.Name, p.Cell!, p.Count, p.Spec!.Parameters.Stimulus, p.SpikeSite is { } site ? (SiteRef?)site : null, p.SpikeThresholdMv))
                .Build();
            // A backstop: every rule is checked above with its JSON path; Core's own check must then find nothing.
            if (validation.IsFail)
                return (null, validation.FailToSeq().Map(p => $"{json.Label}: {p.Message}").Distinct().ToList());
            var built = validation.SuccessToSeq().Head();
            var (spec, spikeDetectors) = (built.Spec, built.SpikeDetectors.Select(d => d.ToArray()).ToArray());
            return (new NetworkModel(json.Label, spec, _tStopMs, populations.Select(p => p.CellType).ToArray(), spikeDetectors, probes, names)
                { V0Mv = _v0Mv, TemperatureC = _temperatureC }, json.Problems);
        }

        private string SimulationSource(string key, string option, bool overridden) => overridden ? $"--{option}" : $"{json.Label}: $.simulation.{key}";

        private void Simulation(JsonElement root)
        {
            if (json.Member(root, "simulation", "$", required: true, "the run: t-stop-ms, dt-ms, integrator, v0-mv") is not { } sim
                || !json.Object(sim, "$.simulation", SimulationKeys))
            {
                _timingOk = false;
                return;
            }
            const string at = "$.simulation";
            var tStop = json.Number(sim, "t-stop-ms", at, required: overrides.TStopMs is null, "a duration > 0 ms", x => x > 0);
            var dt = json.Number(sim, "dt-ms", at, required: false, "a time step > 0 ms", x => x > 0);
            _v0Mv = json.Number(sim, "v0-mv", at, required: false, "a potential, mV") ?? _v0Mv;
            _temperatureC = json.Number(sim, "temperature-c", at, required: false, "a temperature, °C") ?? _temperatureC;
            if (json.String(sim, "integrator", at, required: false, "crank-nicolson or backward-euler") is { } name)
            {
                if (IntegratorNames.Parse(name) is { } kind && Integrators.Contains(kind)) _integrator = kind;
                else json.Add($"{at}.integrator", $"expected crank-nicolson or backward-euler (NEURON's fixed step), got '{CommandLine.Shorten(name)}'");
            }
            if (overrides.Integrator is { } i) _integrator = i;
            if (json.String(sim, "rate-table", at, required: false, RateTableOption.ValueHelp) is { } table)
            {
                var parsed = RateTableOption.Parse(table);
                if (parsed.Ok) _rateTable = parsed.Table;
                else json.Add($"{at}.rate-table", parsed.Error!);
            }
            if (overrides.RateTable.Given) _rateTable = overrides.RateTable.Table;
            _dtMs = overrides.DtMs ?? dt ?? _dtMs;
            _tStopMs = overrides.TStopMs ?? tStop ?? double.NaN;
            if (double.IsNaN(_tStopMs)) { _timingOk = false; return; }
            if (_tStopMs / _dtMs > Limits.MaxIterations)
            {
                json.Problems.Add($"{SimulationSource("t-stop-ms", "t-stop-ms", overrides.TStopMs is not null)}: expected at most {Limits.MaxIterations:N0} steps of dt = {JsonFields.Show(_dtMs)} ms, got {JsonFields.Show(_tStopMs)} ms");
                _timingOk = false;
            }
            else if (Math.Round(_tStopMs / _dtMs) < 1)
            {
                json.Problems.Add($"{SimulationSource("t-stop-ms", "t-stop-ms", overrides.TStopMs is not null)}: expected at least one step of dt = {JsonFields.Show(_dtMs)} ms, got {JsonFields.Show(_tStopMs)} ms");
                _timingOk = false;
            }
        }

        /// <summary>The run's parameters for a population of <paramref name="neurons"/> cells (before its cell is applied).</summary>
        private SimulationParameters Parameters(int neurons) => new()
        {
            DtMs = _dtMs,
            Iterations = _timingOk ? (long)Math.Round(_tStopMs / _dtMs) : 1,
            Integrator = _integrator,
            RateTable = _rateTable,
            Initial = InitialConditions.Steady(_v0Mv),
            Stimulus = Stimulus.None,
            Neurons = neurons,
            Membrane = Membrane.Seed with { TemperatureC = _temperatureC },
        };

        /// <summary>Core's problems with a population's parameters, each put where the file (or an option) set the value.</summary>
        private string Explain(FieldProblem p, string cellTypePath) => p.Field switch
        {
            "DtMs" => $"{SimulationSource("dt-ms", "dt", overrides.DtMs is not null)}: {p.Rule}",
            "Iterations" => $"{SimulationSource("t-stop-ms", "t-stop-ms", overrides.TStopMs is not null)}: {p.Rule}",
            "Initial.VMv" or "Initial" => $"{json.Label}: $.simulation.v0-mv: {p.Rule}",
            "TemperatureC" => $"{json.Label}: $.simulation.temperature-c: {p.Rule}",
            _ => $"{json.Label}: {cellTypePath}: {p.Message}",
        };
    }
}
