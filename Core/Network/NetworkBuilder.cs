using HHFunctional.Core.Model;
using LanguageExt;

namespace HHFunctional.Core.Network;

/// <summary>
/// Builds a <see cref="NetworkSpec"/> from named populations, projections, spike sources and recorded sites, doing the
/// wiring a hand-built spec needs (node indices, synapses, detectors), exactly as the network file does (docs/network.md):
/// <code>
/// var built = new NetworkBuilder(tStopMs: 100)
///     .Population("ring", cell, 4)
///     .Projection("ring", "soma(0.5)", 10, "ring", "dend[0](0.5)", new ExpSyn(2, 0), 0.01, 5, new ConnectionRule.FixedInDegree(2, Seed: 1, AllowSelf: false))
///     .Source("ring", "dend[0](0.5)", new ExpSyn(2, 0), 0.01, 0, new SpikeTrain.Explicit([1.0]), cells: [0])
///     .Record("ring", 0, "soma(0.5)")
///     .Build();
/// </code>
/// The builder is immutable: each call returns a new builder, and nothing is checked until <see cref="Build"/>, which
/// reports every problem at once with its field (<c>Projections[2].TargetSite</c>). Wiring: one synapse per (population,
/// cell, site, synapse kind), shared by every connection and source onto it (kinds compare by value); one detector per
/// (population, cell, site, threshold); projections are expanded in the order they were added (each rule's pairs in
/// <see cref="ConnectionRules"/>' order), then sources; then each population gets a spike detector on each cell
/// (<see cref="BuiltNetwork.SpikeDetectors"/>).
/// </summary>
public sealed record NetworkBuilder
{
    internal sealed record PopulationCall(string Name, Cell Cell, int? Count, Stimulus? Stimulus, SiteRef? SpikeSite, double? SpikeThresholdMv);
    internal sealed record ProjectionCall(string Source, SiteRef SourceSite, double ThresholdMv, string Target, SiteRef TargetSite,
        SynapseKind Synapse, double WeightUS, double DelayMs, ConnectionRule? Rule, IReadOnlyList<(int Source, int Target, double WeightUS, double DelayMs)>? Pairs);
    internal sealed record SourceCall(string? Name, string Target, SiteRef Site, SynapseKind Synapse, double WeightUS, double DelayMs,
        SpikeTrain Train, IReadOnlyList<int>? Cells);
    internal sealed record RecordCall(string Population, int Cell, SiteRef Site);

    /// <summary>NEURON's NetCon threshold, mV: a population's spike threshold when nothing else gives one.</summary>
    public const double DefaultThresholdMv = 10.0;

    /// <summary>
    /// A network run for <paramref name="tStopMs"/> ms: Iterations = round(t-stop / dt), cells starting at rest at
    /// <paramref name="v0Mv"/> (every gate at steady state), no injected current unless a population gives one.
    /// </summary>
    /// <param name="tStopMs">The run's end, ms (&gt; 0; at least one step).</param>
    /// <param name="dtMs">Time step, ms (default NEURON's 0.025).</param>
    /// <param name="integrator">Crank–Nicolson (default, NEURON's secondorder = 2) or backward Euler (NEURON's default 0).</param>
    /// <param name="v0Mv">Initial potential, mV (default −65, NEURON's v_init).</param>
    public NetworkBuilder(double tStopMs, double dtMs = 0.025, IntegratorKind integrator = IntegratorKind.CrankNicolson, double v0Mv = -65.0)
        : this(new SimulationParameters
        {
            DtMs = dtMs,
            Iterations = double.IsFinite(tStopMs / dtMs) && tStopMs / dtMs < long.MaxValue / 2 ? Math.Max(0, (long)Math.Round(tStopMs / dtMs)) : 0,
            Integrator = integrator,
            Initial = InitialConditions.Steady(v0Mv),
            Stimulus = Stimulus.None,
        }, tStopMs)
    {
    }

    /// <summary>
    /// A network whose populations run with <paramref name="run"/>'s dt, Iterations, integrator, initial conditions and
    /// membrane (its cable, compartments, neurons, channels and local values come from each population's cell, its stimulus
    /// from the population). t-stop is Iterations·dt.
    /// </summary>
    /// <exception cref="ArgumentNullException">When <paramref name="run"/> is null.</exception>
    public NetworkBuilder(SimulationParameters run)
        : this(run ?? throw new ArgumentNullException(nameof(run)), run.Iterations * run.DtMs)
    {
    }

    private NetworkBuilder(SimulationParameters run, double tStopMs)
    {
        Parameters = run;
        TStopMs = tStopMs;
    }

    /// <summary>What every population runs with (before its cell and stimulus are applied).</summary>
    public SimulationParameters Parameters { get; private init; }

    /// <summary>The run's end, ms: the default end of regular and Poisson trains.</summary>
    public double TStopMs { get; private init; }

    internal Seq<PopulationCall> Populations { get; private init; }
    internal Seq<ProjectionCall> Projections { get; private init; }
    internal Seq<SourceCall> Sources { get; private init; }
    internal Seq<RecordCall> Records { get; private init; }

    /// <summary>
    /// Adds a population of <paramref name="count"/> cells of <paramref name="cell"/> (<see cref="CellModel.Build"/>).
    /// </summary>
    /// <param name="name">A unique, non-empty name (spikes' population; how projections, sources and records name it).</param>
    /// <param name="cell">The cell, built for 1 neuron (then copied <paramref name="count"/> times) or for
    /// <paramref name="count"/> neurons (cells that differ, <see cref="RegionParameter.Neuron"/>).</param>
    /// <param name="count">Cells, ≥ 1; null: the cell's <see cref="Cell.Neurons"/>.</param>
    /// <param name="stimulus">Injected current (e.g. <see cref="Cell.Step"/>; <see cref="StimulusSegment.Neuron"/> picks a cell);
    /// null: none.</param>
    /// <param name="spikeSite">Where the population's spikes are detected; null: the source site of the first projection
    /// out of it, else <c>soma(0.5)</c>, else the middle of its root section.</param>
    /// <param name="spikeThresholdMv">The spikes' threshold, mV; null: the first projection's out of it, else 10 mV.</param>
    public NetworkBuilder Population(string name, Cell cell, int? count = null, Stimulus? stimulus = null, SiteRef? spikeSite = null,
        double? spikeThresholdMv = null) =>
        this with { Populations = Populations.Add(new PopulationCall(name, cell, count, stimulus, spikeSite, spikeThresholdMv)) };

    /// <summary>
    /// Adds a projection: each pair (i, j) of <paramref name="rule"/> connects cell i of <paramref name="source"/> (v at
    /// <paramref name="sourceSite"/> crossing <paramref name="thresholdMv"/> upwards) to a <paramref name="synapse"/> on cell j
    /// of <paramref name="target"/> at <paramref name="targetSite"/>, with a weight (µS, ≥ 0) and a delay (ms, ≥ dt).
    /// </summary>
    public NetworkBuilder Projection(string source, SiteRef sourceSite, double thresholdMv, string target, SiteRef targetSite,
        SynapseKind synapse, double weightUS, double delayMs, ConnectionRule rule) =>
        this with { Projections = Projections.Add(new ProjectionCall(source, sourceSite, thresholdMv, target, targetSite, synapse, weightUS, delayMs, rule, null)) };

    /// <summary>
    /// Adds a projection from an explicit list: (cell of <paramref name="source"/>, cell of <paramref name="target"/>,
    /// weight µS ≥ 0, delay ms ≥ dt), in the list's order (the network file's <c>list</c> rule).
    /// </summary>
    public NetworkBuilder Projection(string source, SiteRef sourceSite, double thresholdMv, string target, SiteRef targetSite,
        SynapseKind synapse, IEnumerable<(int Source, int Target, double WeightUS, double DelayMs)> pairs) =>
        this with
        {
            Projections = Projections.Add(new ProjectionCall(source, sourceSite, thresholdMv, target, targetSite, synapse, 0, 0, null,
                pairs is null ? null : [.. pairs])),
        };

    /// <summary>
    /// Adds a spike source: <paramref name="train"/>'s times for each target cell reach a <paramref name="synapse"/> at
    /// <paramref name="site"/> after <paramref name="delayMs"/> (ms, ≥ 0) with <paramref name="weightUS"/> (µS, ≥ 0).
    /// </summary>
    /// <param name="target">The target population's name.</param>
    /// <param name="site">The synapse's site.</param>
    /// <param name="synapse">The synapse's kind (shared with a projection's synapse of equal kind at the same site).</param>
    /// <param name="weightUS">Weight, µS, ≥ 0.</param>
    /// <param name="delayMs">Delay, ms, ≥ 0.</param>
    /// <param name="train">The times: explicit, regular, Poisson (seed + cell index) or a function of the cell.</param>
    /// <param name="cells">The target cells, each once; null: every cell of the population.</param>
    /// <param name="name">A name for your own reference (not used by the run).</param>
    public NetworkBuilder Source(string target, SiteRef site, SynapseKind synapse, double weightUS, double delayMs, SpikeTrain train,
        IReadOnlyList<int>? cells = null, string? name = null) =>
        this with { Sources = Sources.Add(new SourceCall(name, target, site, synapse, weightUS, delayMs, train, cells is null ? null : [.. cells])) };

    /// <summary>Records v at <paramref name="site"/> of cell <paramref name="cell"/> of <paramref name="population"/> at every
    /// step (<see cref="NetworkResult.Traces"/>, in the order of these calls, labelled <c>ring[0]:soma(0.5)</c>).</summary>
    public NetworkBuilder Record(string population, int cell, SiteRef site) =>
        this with { Records = Records.Add(new RecordCall(population, cell, site)) };

    /// <summary>The network, or every problem found, each with its field: <c>Populations[i].Count</c>,
    /// <c>Projections[i].TargetSite</c>, <c>Projections[i].Rule.P</c>, <c>Projections[i].Pairs[k].Target</c>,
    /// <c>Sources[i].Train.IntervalMs</c>, <c>Sources[i].Cells[k]</c>, <c>Record[i].Cell</c> ….</summary>
    public Validation<FieldProblem, BuiltNetwork> Build() => BuilderWiring.Build(this);
}

/// <summary>A population's spike: the population's name, the cell and the time, ms.</summary>
public sealed record PopulationSpike(string Population, int Cell, double TimeMs);

/// <summary>
/// A network made by <see cref="NetworkBuilder.Build"/> (only there): the validated spec, each population's spike
/// detectors, and the recorded sites with their labels. Run it with <see cref="NetworkRun.Run(BuiltNetwork, int)"/>.
/// </summary>
public sealed record BuiltNetwork
{
    internal BuiltNetwork(NetworkSpec spec, IReadOnlyList<IReadOnlyList<int>> spikeDetectors, IReadOnlyList<NetworkProbe> record,
        IReadOnlyList<string> recordNames, double tStopMs)
    {
        (Spec, SpikeDetectors, Record, RecordNames, TStopMs) = (spec, spikeDetectors, record, recordNames, tStopMs);
    }

    /// <summary>The network.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>For each population, the detector of each of its cells (indices into the spec's detectors): its spikes
    /// are the population's.</summary>
    public IReadOnlyList<IReadOnlyList<int>> SpikeDetectors { get; }

    /// <summary>Where v is recorded, in the order of the Record calls.</summary>
    public IReadOnlyList<NetworkProbe> Record { get; }

    /// <summary>Each recorded place as <c>POPULATION[CELL]:SITE</c>, in the same order.</summary>
    public IReadOnlyList<string> RecordNames { get; }

    /// <summary>The run's end, ms.</summary>
    public double TStopMs { get; }

    /// <summary>Each population's name, in the order they were added.</summary>
    public IReadOnlyList<string> PopulationNames => [.. Spec.Populations.Select(p => p.Name)];

    /// <summary>The spikes of the populations' spike detectors in <paramref name="result"/> (a run of this network), by
    /// time, then population, then cell.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="result"/> is null.</exception>
    public IReadOnlyList<PopulationSpike> Spikes(NetworkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var owner = new Dictionary<int, (int Population, int Cell)>();
        for (int p = 0; p < SpikeDetectors.Count; p++)
            for (int c = 0; c < SpikeDetectors[p].Count; c++) owner[SpikeDetectors[p][c]] = (p, c);
        return [.. result.Spikes.Where(s => owner.ContainsKey(s.Detector))
            .Select(s => (Spike: s, Owner: owner[s.Detector]))
            .OrderBy(x => x.Spike.TimeMs).ThenBy(x => x.Owner.Population).ThenBy(x => x.Owner.Cell)
            .Select(x => new PopulationSpike(Spec.Populations[x.Owner.Population].Name, x.Owner.Cell, x.Spike.TimeMs))];
    }
}
