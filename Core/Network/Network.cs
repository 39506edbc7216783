using HHFunctional.Core.Model;
using LanguageExt;
using static LanguageExt.Prelude;

namespace HHFunctional.Core.Network;

/// <summary>
/// A synapse's kinetics: state variables that events of weight w (µS) increment and that then decay exponentially, and
/// the current they pass, I(v) in nA for v in mV. The engine asks each kind for its current linearised at the step's
/// v (I ≈ G·v − GE), which enters the implicit step as NEURON's point processes do (G is NEURON's dI/dv).
/// </summary>
public abstract record SynapseKind
{
    private protected SynapseKind() { }

    /// <summary>Reversal potential e, mV.</summary>
    public abstract double EMv { get; }

    /// <summary>How many state variables one synapse of this kind holds.</summary>
    internal abstract int StateCount { get; }

    /// <summary>Each state variable's decay factor over one step of <paramref name="dtMs"/> (exact: exp(−dt/τ)).</summary>
    internal abstract double[] DecayFactors(double dtMs);

    /// <summary>An event of weight <paramref name="weightUS"/> arrives.</summary>
    internal abstract void Receive(Span<double> state, double weightUS);

    /// <summary>
    /// For a kind whose conductance is a fixed combination of its states, g = Σ wᵢ·stateᵢ (µS), and whose current is
    /// g·(v − e): the wᵢ; null for any other kind. The run computes such kinds' currents in one loop, without a call each.
    /// </summary>
    internal virtual double[]? ConductanceWeights => null;

    /// <summary>The current at <paramref name="vMv"/> as I ≈ G·v − GE: G in µS, GE in µS·mV (nA). Kinds with
    /// <see cref="ConductanceWeights"/> need not override it: I = g·(v − e) is exact in this form.</summary>
    internal virtual (double GUS, double GEnA) Linearize(ReadOnlySpan<double> state, double vMv)
    {
        var weights = ConductanceWeights ?? throw new InvalidOperationException($"{GetType().Name}: a kind without ConductanceWeights must override Linearize");
        double g = 0;
        for (int i = 0; i < weights.Length; i++) g += weights[i] * state[i];
        return (g, g * EMv);
    }

    /// <summary>The problems with this kind's parameters (empty when valid), each naming its parameter.</summary>
    internal abstract IEnumerable<string> Problems();
}

/// <summary>NEURON's <c>ExpSyn</c>: g ← g + w on an event, then g decays with τ (exactly: g ← g·exp(−dt/τ)); i = g·(v − e).</summary>
/// <param name="TauMs">Decay time constant τ, ms, &gt; 0.</param>
/// <param name="ReversalMv">Reversal potential e, mV.</param>
public sealed record ExpSyn(double TauMs, double ReversalMv) : SynapseKind
{
    /// <inheritdoc/>
    public override double EMv => ReversalMv;

    internal override int StateCount => 1;

    internal override double[] DecayFactors(double dtMs) => [Math.Exp(-dtMs / TauMs)];

    internal override void Receive(Span<double> state, double weightUS) => state[0] += weightUS;

    /// <summary>g is the one state.</summary>
    internal override double[] ConductanceWeights => [1.0];

    internal override IEnumerable<string> Problems()
    {
        if (!(double.IsFinite(TauMs) && TauMs > 0)) yield return $"ExpSyn.TauMs: expected τ > 0 ms, got {TauMs}";
        if (!double.IsFinite(ReversalMv)) yield return $"ExpSyn.ReversalMv: expected a finite potential, got {ReversalMv}";
    }
}

/// <summary>
/// NEURON's <c>Exp2Syn</c>: g = B − A, A and B decaying with τ1 &lt; τ2; an event of weight w adds w·factor to both, with
/// factor = 1/(exp(−tp/τ2) − exp(−tp/τ1)) and tp = τ1τ2/(τ2 − τ1)·ln(τ2/τ1), so that one event peaks at exactly w.
/// </summary>
/// <param name="Tau1Ms">Rise time constant τ1, ms, &gt; 0 and &lt; τ2.</param>
/// <param name="Tau2Ms">Decay time constant τ2, ms.</param>
/// <param name="ReversalMv">Reversal potential e, mV.</param>
public sealed record Exp2Syn(double Tau1Ms, double Tau2Ms, double ReversalMv) : SynapseKind
{
    /// <inheritdoc/>
    public override double EMv => ReversalMv;

    /// <summary>NEURON's peak normalisation: the factor an event's weight is multiplied by.</summary>
    public double Factor => PeakFactor(Tau1Ms, Tau2Ms);

    /// <summary>1/(exp(−tp/τ2) − exp(−tp/τ1)) with tp = τ1τ2/(τ2 − τ1)·ln(τ2/τ1): the difference of exponentials then peaks at 1.</summary>
    internal static double PeakFactor(double tau1Ms, double tau2Ms)
    {
        double tp = tau1Ms * tau2Ms / (tau2Ms - tau1Ms) * Math.Log(tau2Ms / tau1Ms);
        return 1.0 / (Math.Exp(-tp / tau2Ms) - Math.Exp(-tp / tau1Ms));
    }

    internal override int StateCount => 2;

    internal override double[] DecayFactors(double dtMs) => [Math.Exp(-dtMs / Tau1Ms), Math.Exp(-dtMs / Tau2Ms)];

    internal override void Receive(Span<double> state, double weightUS)
    {
        double w = weightUS * Factor;
        state[0] += w;
        state[1] += w;
    }

    /// <summary>g = B − A.</summary>
    internal override double[] ConductanceWeights => [-1.0, 1.0];

    internal override IEnumerable<string> Problems()
    {
        if (!(double.IsFinite(Tau1Ms) && Tau1Ms > 0)) yield return $"Exp2Syn.Tau1Ms: expected τ1 > 0 ms, got {Tau1Ms}";
        if (!(double.IsFinite(Tau2Ms) && Tau2Ms > Tau1Ms)) yield return $"Exp2Syn.Tau2Ms: expected τ2 > τ1 ({Tau1Ms} ms), got {Tau2Ms}";
        if (!double.IsFinite(ReversalMv)) yield return $"Exp2Syn.ReversalMv: expected a finite potential, got {ReversalMv}";
    }
}

/// <summary>A population: cells of one morphology and mechanisms (one neuron of <paramref name="Cells"/> per cell), run side
/// by side in SIMD lanes. Its cells may differ in parameters (<see cref="RegionParameter.Neuron"/>) and currents.</summary>
/// <param name="Name">A name for outputs (spikes.csv's population column); unique in the network.</param>
/// <param name="Cells">A validated spec built from a <see cref="Cell"/> (a tree cable) with an implicit integrator.</param>
public sealed record Population(string Name, SimulationSpec Cells);

/// <summary>A synapse placed on a node (compartment) of one cell (NEURON's point process at SECTION(x)).</summary>
/// <param name="Neuron">The cell: a neuron of its population's group.</param>
/// <param name="Node">Its node (see <see cref="Cell.NodeOf"/>).</param>
/// <param name="Kind">Its kinetics.</param>
public sealed record SynapseSite(int Neuron, int Node, SynapseKind Kind)
{
    /// <summary>Index of the cell's population in <see cref="NetworkSpec.Populations"/> (0 by default).</summary>
    public int Population { get; init; }
}

/// <summary>A spike detector (NEURON's NetCon source): v at a node of a cell crossing a threshold upwards.</summary>
/// <param name="Neuron">The cell.</param>
/// <param name="Node">The node whose v is watched.</param>
/// <param name="ThresholdMv">Threshold, mV.</param>
public sealed record Detector(int Neuron, int Node, double ThresholdMv)
{
    /// <summary>Index of the cell's population in <see cref="NetworkSpec.Populations"/> (0 by default).</summary>
    public int Population { get; init; }
}

/// <summary>A connection (NEURON's NetCon): a spike of detector <paramref name="Detector"/> reaches synapse <paramref name="Synapse"/>
/// after <paramref name="DelayMs"/> with weight <paramref name="WeightUS"/>.</summary>
/// <param name="Detector">Index into <see cref="NetworkSpec.Detectors"/>.</param>
/// <param name="Synapse">Index into <see cref="NetworkSpec.Synapses"/>.</param>
/// <param name="WeightUS">Weight, µS, ≥ 0.</param>
/// <param name="DelayMs">Delay, ms, ≥ dt.</param>
public sealed record Connection(int Detector, int Synapse, double WeightUS, double DelayMs);

/// <summary>Spikes at given times (NEURON's VecStim/NetStim events) into a synapse, after a delay, with a weight.</summary>
/// <param name="TimesMs">Spike times, ms.</param>
/// <param name="Synapse">Index into <see cref="NetworkSpec.Synapses"/>.</param>
/// <param name="WeightUS">Weight, µS, ≥ 0.</param>
/// <param name="DelayMs">Delay, ms, ≥ 0.</param>
public sealed record SpikeSource(IReadOnlyList<double> TimesMs, int Synapse, double WeightUS, double DelayMs);

/// <summary>One spike of a network run: the detector that fired and when, ms.</summary>
/// <param name="Detector">Index into <see cref="NetworkSpec.Detectors"/>.</param>
/// <param name="Neuron">The detector's cell (in its population).</param>
/// <param name="TimeMs">The step boundary t_k at which v was first above threshold, ms, as the decimal product k·dt (1.9, not 1.9000000000000001).</param>
public sealed record NetworkSpike(int Detector, int Neuron, double TimeMs)
{
    /// <summary>The detector's population (index into <see cref="NetworkSpec.Populations"/>).</summary>
    public int Population { get; init; }
}

/// <summary>
/// A network: populations of cells joined by synapses, detectors and connections, with external spike sources. Built
/// only through <see cref="Validate(IReadOnlyList{Population}, IReadOnlyList{SynapseSite}, IReadOnlyList{Detector}, IReadOnlyList{Connection}, IReadOnlyList{SpikeSource})"/>.
/// </summary>
public sealed record NetworkSpec
{
    private NetworkSpec(IReadOnlyList<Population> populations, IReadOnlyList<SynapseSite> synapses, IReadOnlyList<Detector> detectors,
        IReadOnlyList<Connection> connections, IReadOnlyList<SpikeSource> sources)
    {
        (Populations, Synapses, Detectors, Connections, Sources) = (populations, synapses, detectors, connections, sources);
    }

    /// <summary>The populations; all share dt, the number of updates and the integrator.</summary>
    public IReadOnlyList<Population> Populations { get; }
    /// <summary>The synapses.</summary>
    public IReadOnlyList<SynapseSite> Synapses { get; }
    /// <summary>The spike detectors.</summary>
    public IReadOnlyList<Detector> Detectors { get; }
    /// <summary>The connections from detectors to synapses.</summary>
    public IReadOnlyList<Connection> Connections { get; }
    /// <summary>The external spike sources.</summary>
    public IReadOnlyList<SpikeSource> Sources { get; }

    /// <summary>Time step, ms (every population's).</summary>
    public double DtMs => Populations[0].Cells.DtMs;
    /// <summary>Number of updates (every population's).</summary>
    public long Iterations => Populations[0].Cells.Parameters.Iterations;

    /// <summary>
    /// The minimum delay over the connections, in whole steps: the interval over which cells advance independently
    /// between spike exchanges. No spike can act on another cell sooner (an event is delivered at the step boundary
    /// nearest its arrival, and every delay is ≥ dt). <see cref="Iterations"/> (at least 1) when there are no connections.
    /// </summary>
    public long ExchangeSteps
    {
        get
        {
            if (Connections.Count == 0) return Math.Max(1, Iterations);
            double minDelay = Connections.Min(c => c.DelayMs);
            // Delivered at the first boundary t_m with arrival ≤ t_m + dt/2: ⌈d/dt − 1/2⌉ steps after the spike's step;
            // the tolerance rounds an exact half-step down (one step earlier is always safe).
            return Math.Max(1, (long)Math.Ceiling(minDelay / DtMs - 0.5 - 1e-9));
        }
    }

    /// <summary>One population of cells: the network, or every problem found.</summary>
    public static Validation<FieldProblem, NetworkSpec> Validate(SimulationSpec cells, IReadOnlyList<SynapseSite> synapses,
        IReadOnlyList<Detector> detectors, IReadOnlyList<Connection> connections, IReadOnlyList<SpikeSource> sources) =>
        cells is null
            ? Fail<FieldProblem, NetworkSpec>(new FieldProblem("Cells", "expected a validated spec, got null"))
            : Validate([new Population("cells", cells)], synapses, detectors, connections, sources);

    /// <summary>The network, or every problem found (each naming the field, e.g. <c>Connections[3].DelayMs</c>).</summary>
    public static Validation<FieldProblem, NetworkSpec> Validate(IReadOnlyList<Population> populations, IReadOnlyList<SynapseSite> synapses,
        IReadOnlyList<Detector> detectors, IReadOnlyList<Connection> connections, IReadOnlyList<SpikeSource> sources)
    {
        var problems = new List<FieldProblem>();
        if (populations is null || populations.Count == 0)
            return Fail<FieldProblem, NetworkSpec>(new FieldProblem("Populations", "expected at least one population"));
        double dt = double.NaN;
        long iterations = -1;
        IntegratorKind? integrator = null;
        for (int p = 0; p < populations.Count; p++)
        {
            var pop = populations[p];
            if (pop?.Cells is null) { problems.Add(new FieldProblem($"Populations[{p}]", "expected a population with a validated spec, got null")); continue; }
            if (string.IsNullOrWhiteSpace(pop.Name)) problems.Add(new FieldProblem($"Populations[{p}].Name", "expected a non-empty name"));
            else if (populations.Take(p).Any(q => q?.Name == pop.Name)) problems.Add(new FieldProblem($"Populations[{p}].Name", $"expected a unique name, got '{pop.Name}' twice"));
            var cells = pop.Cells;
            if (cells.Parameters.Cable is not TreeCable)
                problems.Add(new FieldProblem($"Populations[{p}].Cells.Cable", "expected a TreeCable (cells built with CellModel)"));
            if (cells.Parameters.Integrator is not (IntegratorKind.CrankNicolson or IntegratorKind.BackwardEuler))
                problems.Add(new FieldProblem($"Populations[{p}].Cells.Integrator", "expected crank-nicolson or backward-euler (NEURON's fixed step)"));
            if (double.IsNaN(dt)) (dt, iterations, integrator) = (cells.DtMs, cells.Parameters.Iterations, cells.Parameters.Integrator);
            else
            {
                if (cells.Parameters.Integrator != integrator)
                    problems.Add(new FieldProblem($"Populations[{p}].Cells.Integrator", $"expected every population's integrator ({integrator}), got {cells.Parameters.Integrator}"));
                if (cells.DtMs != dt) problems.Add(new FieldProblem($"Populations[{p}].Cells.DtMs", $"expected every population's dt ({dt} ms), got {cells.DtMs}"));
                if (cells.Parameters.Iterations != iterations)
                    problems.Add(new FieldProblem($"Populations[{p}].Cells.Iterations", $"expected every population's number of updates ({iterations}), got {cells.Parameters.Iterations}"));
            }
        }
        if (double.IsNaN(dt)) return Fail<FieldProblem, NetworkSpec>(toSeq(problems));
        void Site(string field, int population, int neuron, int node)
        {
            if (population < 0 || population >= populations.Count || populations[population]?.Cells is null)
            {
                problems.Add(new FieldProblem($"{field}.Population", $"expected a population in [0, {populations.Count - 1}], got {population}"));
                return;
            }
            var cells = populations[population].Cells;
            if (neuron < 0 || neuron >= cells.Neurons) problems.Add(new FieldProblem($"{field}.Neuron", $"expected a cell in [0, {cells.Neurons - 1}], got {neuron}"));
            if (node < 0 || node >= cells.Compartments) problems.Add(new FieldProblem($"{field}.Node", $"expected a node in [0, {cells.Compartments - 1}], got {node}"));
        }
        for (int i = 0; i < (synapses?.Count ?? 0); i++)
        {
            var s = synapses![i];
            if (s is null) { problems.Add(new FieldProblem($"Synapses[{i}]", "expected a synapse, got null")); continue; }
            Site($"Synapses[{i}]", s.Population, s.Neuron, s.Node);
            if (s.Kind is null) problems.Add(new FieldProblem($"Synapses[{i}].Kind", "expected a synapse kind (ExpSyn, Exp2Syn, …), got null"));
            else foreach (var problem in s.Kind.Problems()) problems.Add(new FieldProblem($"Synapses[{i}].Kind", problem));
        }
        for (int i = 0; i < (detectors?.Count ?? 0); i++)
        {
            var d = detectors![i];
            if (d is null) { problems.Add(new FieldProblem($"Detectors[{i}]", "expected a detector, got null")); continue; }
            Site($"Detectors[{i}]", d.Population, d.Neuron, d.Node);
            if (!double.IsFinite(d.ThresholdMv)) problems.Add(new FieldProblem($"Detectors[{i}].ThresholdMv", $"expected a finite potential, got {d.ThresholdMv}"));
        }
        int synapseCount = synapses?.Count ?? 0, detectorCount = detectors?.Count ?? 0;
        for (int i = 0; i < (connections?.Count ?? 0); i++)
        {
            var c = connections![i];
            if (c is null) { problems.Add(new FieldProblem($"Connections[{i}]", "expected a connection, got null")); continue; }
            if (c.Detector < 0 || c.Detector >= detectorCount) problems.Add(new FieldProblem($"Connections[{i}].Detector", $"expected a detector in [0, {detectorCount - 1}], got {c.Detector}"));
            if (c.Synapse < 0 || c.Synapse >= synapseCount) problems.Add(new FieldProblem($"Connections[{i}].Synapse", $"expected a synapse in [0, {synapseCount - 1}], got {c.Synapse}"));
            if (!(double.IsFinite(c.WeightUS) && c.WeightUS >= 0)) problems.Add(new FieldProblem($"Connections[{i}].WeightUS", $"expected a finite weight ≥ 0 µS, got {c.WeightUS}"));
            if (!(double.IsFinite(c.DelayMs) && c.DelayMs >= dt)) problems.Add(new FieldProblem($"Connections[{i}].DelayMs", $"expected a finite delay ≥ dt ({dt} ms), got {c.DelayMs}"));
        }
        for (int i = 0; i < (sources?.Count ?? 0); i++)
        {
            var s = sources![i];
            if (s is null || s.TimesMs is null) { problems.Add(new FieldProblem($"Sources[{i}]", "expected a source with times, got null")); continue; }
            if (s.Synapse < 0 || s.Synapse >= synapseCount) problems.Add(new FieldProblem($"Sources[{i}].Synapse", $"expected a synapse in [0, {synapseCount - 1}], got {s.Synapse}"));
            if (!(double.IsFinite(s.WeightUS) && s.WeightUS >= 0)) problems.Add(new FieldProblem($"Sources[{i}].WeightUS", $"expected a finite weight ≥ 0 µS, got {s.WeightUS}"));
            if (!(double.IsFinite(s.DelayMs) && s.DelayMs >= 0)) problems.Add(new FieldProblem($"Sources[{i}].DelayMs", $"expected a finite delay ≥ 0 ms, got {s.DelayMs}"));
            if (s.TimesMs.Any(t => !double.IsFinite(t))) problems.Add(new FieldProblem($"Sources[{i}].TimesMs", "expected finite times"));
        }
        if (synapses is null) problems.Add(new FieldProblem("Synapses", "expected a list (empty for none), got null"));
        if (detectors is null) problems.Add(new FieldProblem("Detectors", "expected a list (empty for none), got null"));
        if (connections is null) problems.Add(new FieldProblem("Connections", "expected a list (empty for none), got null"));
        if (sources is null) problems.Add(new FieldProblem("Sources", "expected a list (empty for none), got null"));
        return problems.Count == 0
            ? Success<FieldProblem, NetworkSpec>(new NetworkSpec(populations.ToArray(), synapses!.ToArray(), detectors!.ToArray(), connections!.ToArray(), sources!.ToArray()))
            : Fail<FieldProblem, NetworkSpec>(toSeq(problems));
    }
}

/// <summary>
/// Spike times for <see cref="SpikeSource"/>: regular trains and Poisson trains from a stated seed. Pure: the same
/// arguments give the same times on every machine and .NET version (SplitMix64, not System.Random, whose algorithm may
/// change between versions).
/// </summary>
public static class SpikeTimes
{
    /// <summary>start, start + interval, … while ≤ <paramref name="endMs"/> (NEURON's NetStim with noise 0).</summary>
    /// <exception cref="ArgumentException">When the interval is not finite and &gt; 0, or start/end are not finite.</exception>
    public static double[] Regular(double startMs, double intervalMs, double endMs)
    {
        if (!(double.IsFinite(intervalMs) && intervalMs > 0)) throw new ArgumentOutOfRangeException(nameof(intervalMs), intervalMs, "intervalMs: expected a finite interval > 0 ms");
        if (!double.IsFinite(startMs)) throw new ArgumentOutOfRangeException(nameof(startMs), startMs, "startMs: expected a finite time");
        if (!double.IsFinite(endMs)) throw new ArgumentOutOfRangeException(nameof(endMs), endMs, "endMs: expected a finite time");
        var times = new List<double>();
        for (long k = 0; startMs + k * intervalMs <= endMs; k++) times.Add(startMs + k * intervalMs);
        return [.. times];
    }

    /// <summary>
    /// A Poisson train of rate <paramref name="rateHz"/> on (startMs, endMs]: exponential intervals with mean 1000/rate ms,
    /// drawn from <paramref name="seed"/> (the same seed, the same train).
    /// </summary>
    /// <exception cref="ArgumentException">When the rate is not finite and ≥ 0, or start/end are not finite with end ≥ start.</exception>
    public static double[] Poisson(double rateHz, double startMs, double endMs, ulong seed)
    {
        if (!(double.IsFinite(rateHz) && rateHz >= 0)) throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz, "rateHz: expected a finite rate ≥ 0 Hz");
        if (!double.IsFinite(startMs)) throw new ArgumentOutOfRangeException(nameof(startMs), startMs, "startMs: expected a finite time");
        if (!(double.IsFinite(endMs) && endMs >= startMs)) throw new ArgumentOutOfRangeException(nameof(endMs), endMs, "endMs: expected a finite time ≥ startMs");
        var times = new List<double>();
        if (rateHz == 0) return [];
        double meanMs = 1000.0 / rateHz, t = startMs;
        ulong state = seed;
        while (true)
        {
            // uniform in (0, 1]: 53 random bits, never 0, so the log is finite
            double u = ((SplitMix64.Next(ref state) >> 11) + 1) * (1.0 / (1UL << 53));
            t += -meanMs * Math.Log(u);
            if (t > endMs) return [.. times];
            times.Add(t);
        }
    }
}
