using HHFunctional.Core.Model;
using LanguageExt;
using static LanguageExt.Prelude;

namespace HHFunctional.Core.Network;

/// <summary>A synapse's kinetics: a conductance (µS) that events of weight w (µS) increment and that then decays.</summary>
public abstract record SynapseKind
{
    private protected SynapseKind() { }

    /// <summary>Reversal potential e, mV.</summary>
    public abstract double EMv { get; }
}

/// <summary>NEURON's <c>ExpSyn</c>: g ← g + w on an event, then g decays with τ (exactly: g ← g·exp(−dt/τ)); i = g·(v − e).</summary>
/// <param name="TauMs">Decay time constant τ, ms, &gt; 0.</param>
/// <param name="ReversalMv">Reversal potential e, mV.</param>
public sealed record ExpSyn(double TauMs, double ReversalMv) : SynapseKind
{
    /// <inheritdoc/>
    public override double EMv => ReversalMv;
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
    public double Factor
    {
        get
        {
            double tp = Tau1Ms * Tau2Ms / (Tau2Ms - Tau1Ms) * Math.Log(Tau2Ms / Tau1Ms);
            return 1.0 / (Math.Exp(-tp / Tau2Ms) - Math.Exp(-tp / Tau1Ms));
        }
    }
}

/// <summary>A synapse placed on a node (compartment) of one neuron of the group (NEURON's point process at SECTION(x)).</summary>
/// <param name="Neuron">The neuron (cell) of the group.</param>
/// <param name="Node">Its node (see <see cref="Cell.NodeOf"/>).</param>
/// <param name="Kind">Its kinetics.</param>
public sealed record SynapseSite(int Neuron, int Node, SynapseKind Kind);

/// <summary>A spike detector (NEURON's NetCon source): v at a node of a neuron crossing a threshold upwards.</summary>
/// <param name="Neuron">The neuron (cell).</param>
/// <param name="Node">The node whose v is watched.</param>
/// <param name="ThresholdMv">Threshold, mV.</param>
public sealed record Detector(int Neuron, int Node, double ThresholdMv);

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
/// <param name="Neuron">The detector's neuron.</param>
/// <param name="TimeMs">The step boundary t_k at which v was first above threshold, ms.</param>
public sealed record NetworkSpike(int Detector, int Neuron, double TimeMs);

/// <summary>
/// A network of cells that share one morphology (the neurons of <see cref="Cells"/>, one SIMD lane each), joined
/// by synapses. Built only through <see cref="Validate"/>.
/// </summary>
public sealed record NetworkSpec
{
    private NetworkSpec(SimulationSpec cells, IReadOnlyList<SynapseSite> synapses, IReadOnlyList<Detector> detectors,
        IReadOnlyList<Connection> connections, IReadOnlyList<SpikeSource> sources)
    {
        (Cells, Synapses, Detectors, Connections, Sources) = (cells, synapses, detectors, connections, sources);
    }

    /// <summary>The cells: a validated spec (a tree cable, an implicit integrator), one neuron per cell.</summary>
    public SimulationSpec Cells { get; }
    /// <summary>The synapses.</summary>
    public IReadOnlyList<SynapseSite> Synapses { get; }
    /// <summary>The spike detectors.</summary>
    public IReadOnlyList<Detector> Detectors { get; }
    /// <summary>The connections from detectors to synapses.</summary>
    public IReadOnlyList<Connection> Connections { get; }
    /// <summary>The external spike sources.</summary>
    public IReadOnlyList<SpikeSource> Sources { get; }

    /// <summary>The network, or every problem found (each naming the field, e.g. <c>Connections[3].DelayMs</c>).</summary>
    public static Validation<FieldProblem, NetworkSpec> Validate(SimulationSpec cells, IReadOnlyList<SynapseSite> synapses,
        IReadOnlyList<Detector> detectors, IReadOnlyList<Connection> connections, IReadOnlyList<SpikeSource> sources)
    {
        var problems = new List<FieldProblem>();
        if (cells is null) return Fail<FieldProblem, NetworkSpec>(new FieldProblem("Cells", "expected a validated spec, got null"));
        if (cells.Parameters.Cable is not TreeCable)
            problems.Add(new FieldProblem("Cells.Cable", "expected a TreeCable (cells built with CellModel)"));
        if (cells.Parameters.Integrator is not (IntegratorKind.CrankNicolson or IntegratorKind.BackwardEuler))
            problems.Add(new FieldProblem("Cells.Integrator", "expected crank-nicolson or backward-euler (NEURON's fixed step)"));
        int neurons = cells.Neurons, nodes = cells.Compartments;
        double dt = cells.DtMs;
        void Site(string field, int neuron, int node)
        {
            if (neuron < 0 || neuron >= neurons) problems.Add(new FieldProblem($"{field}.Neuron", $"expected a cell in [0, {neurons - 1}], got {neuron}"));
            if (node < 0 || node >= nodes) problems.Add(new FieldProblem($"{field}.Node", $"expected a node in [0, {nodes - 1}], got {node}"));
        }
        for (int i = 0; i < (synapses?.Count ?? 0); i++)
        {
            var s = synapses![i];
            if (s is null) { problems.Add(new FieldProblem($"Synapses[{i}]", "expected a synapse, got null")); continue; }
            Site($"Synapses[{i}]", s.Neuron, s.Node);
            switch (s.Kind)
            {
                case ExpSyn e when !(double.IsFinite(e.TauMs) && e.TauMs > 0) || !double.IsFinite(e.ReversalMv):
                    problems.Add(new FieldProblem($"Synapses[{i}].Kind", $"ExpSyn: expected τ > 0 and a finite e, got τ {e.TauMs}, e {e.ReversalMv}"));
                    break;
                case Exp2Syn e when !(e.Tau1Ms > 0 && e.Tau2Ms > e.Tau1Ms && double.IsFinite(e.Tau2Ms)) || !double.IsFinite(e.ReversalMv):
                    problems.Add(new FieldProblem($"Synapses[{i}].Kind", $"Exp2Syn: expected 0 < τ1 < τ2 and a finite e, got τ1 {e.Tau1Ms}, τ2 {e.Tau2Ms}, e {e.ReversalMv}"));
                    break;
                case null:
                    problems.Add(new FieldProblem($"Synapses[{i}].Kind", "expected ExpSyn or Exp2Syn, got null"));
                    break;
            }
        }
        for (int i = 0; i < (detectors?.Count ?? 0); i++)
        {
            var d = detectors![i];
            if (d is null) { problems.Add(new FieldProblem($"Detectors[{i}]", "expected a detector, got null")); continue; }
            Site($"Detectors[{i}]", d.Neuron, d.Node);
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
            ? Success<FieldProblem, NetworkSpec>(new NetworkSpec(cells, synapses!.ToArray(), detectors!.ToArray(), connections!.ToArray(), sources!.ToArray()))
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
            double u = ((SplitMix64(ref state) >> 11) + 1) * (1.0 / (1UL << 53));
            t += -meanMs * Math.Log(u);
            if (t > endMs) return [.. times];
            times.Add(t);
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
