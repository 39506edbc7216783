using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Network;

/// <summary>What a network run produced: every spike, in time order (ties by detector), and the blow-up that stopped it, if any.</summary>
/// <param name="Spikes">The spikes.</param>
/// <param name="BlowUp">The first numerical blow-up; the spikes before it are kept.</param>
public sealed record NetworkResult(IReadOnlyList<NetworkSpike> Spikes, BlowUp? BlowUp);

/// <summary>
/// Runs a network with NEURON's fixed-step event semantics (shared/reference/network/README.md), so that spike times agree
/// step for step. One update from t to t + dt:
/// (1) every detector is checked at t: it fires when v(t) &gt; threshold after a check with v ≤ threshold (no
/// interpolation: the spike time is t), and its connections queue an event for t + delay;
/// (2) every event that arrives at or before t + dt/2 is delivered (ExpSyn g += w; Exp2Syn A, B += w·factor), so an event
/// takes effect at the step boundary nearest its arrival;
/// (3) the synapses' conductances at that moment enter the implicit step, frozen over it (implicit in v, as NEURON's
/// dI/dv), with the current g·(v − e) over the node's area;
/// (4) the cells advance one update (Crank–Nicolson or backward Euler, cells side by side in SIMD lanes);
/// (5) every synapse decays exactly over dt (g ← g·exp(−dt/τ)).
/// Spike sources deliver at their exact times plus delay. Pure: the same network gives the same spikes, bit for bit.
/// </summary>
public static class NetworkRun
{
    /// <summary>Runs <paramref name="network"/> for its cells' Iterations updates.</summary>
    public static NetworkResult Run(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return RecordedRun.Dispatch(network.Cells.Parameters.Integrator, RecordedRun.DefaultPath, new Runner(network));
    }

    private sealed record Runner(NetworkSpec Network) : RecordedRun.IKernelUser<NetworkResult>
    {
        public NetworkResult Use<TKernel>() where TKernel : IGroupKernel => Run<TKernel>(Network);
    }

    private readonly record struct Event(int Synapse, double WeightUS);

    private static NetworkResult Run<TKernel>(NetworkSpec network) where TKernel : IGroupKernel
    {
        var spec = network.Cells;
        var cable = (TreeCable)spec.Parameters.Cable;
        int neurons = spec.Neurons;
        double dt = spec.DtMs;
        var group = new GroupRun<TKernel>(spec, Simulation.Initial(spec), 0, neurons);
        var b = group.Buffers;
        b.EnablePointConductances();

        var synapses = network.Synapses;
        int count = synapses.Count;
        var at = synapses.Select(s => b.Offset + s.Node * neurons + s.Neuron).ToArray();
        // µS over the node's area (µm²) → mS/cm²: ×1e5, as a current in nA → µA/cm² (TreeCable.CurrentDensityUAPerCm2).
        var perArea = synapses.Select(s => cable.CurrentDensityUAPerCm2(s.Node, 1.0)).ToArray();
        var reversal = synapses.Select(s => s.Kind.EMv).ToArray();
        var factor = synapses.Select(s => s.Kind is Exp2Syn e ? e.Factor : 1.0).ToArray();
        var decayA = synapses.Select(s => s.Kind is Exp2Syn e ? Math.Exp(-dt / e.Tau1Ms) : 0.0).ToArray();
        var decayB = synapses.Select(s => Math.Exp(-dt / (s.Kind is Exp2Syn e ? e.Tau2Ms : ((ExpSyn)s.Kind).TauMs))).ToArray();
        var isExp2 = synapses.Select(s => s.Kind is Exp2Syn).ToArray();
        var stateA = new double[count];
        var stateB = new double[count];

        // Events in arrival order, ties in the order they were queued (deterministic).
        var queue = new PriorityQueue<Event, (double ArrivalMs, long Order)>();
        long order = 0;
        foreach (var source in network.Sources)
            foreach (double t in source.TimesMs) queue.Enqueue(new Event(source.Synapse, source.WeightUS), (t + source.DelayMs, order++));
        var outgoing = network.Detectors.Select((_, d) => network.Connections.Where(c => c.Detector == d).ToArray()).ToArray();
        var detectorAt = network.Detectors.Select(d => b.Offset + d.Node * neurons + d.Neuron).ToArray();
        var above = network.Detectors.Select((d, i) => b.V[detectorAt[i]] > d.ThresholdMv).ToArray();

        var spikes = new List<NetworkSpike>();
        BlowUp? blowUp = null;
        long iterations = spec.Parameters.Iterations;
        for (long k = 1; k <= iterations; k++)
        {
            double t = (k - 1) * dt;
            var v = b.V;
            for (int d = 0; d < detectorAt.Length; d++)
            {
                double vd = v[detectorAt[d]];
                if (vd > network.Detectors[d].ThresholdMv)
                {
                    if (above[d]) continue;
                    above[d] = true;
                    spikes.Add(new NetworkSpike(d, network.Detectors[d].Neuron, t));
                    foreach (var c in outgoing[d]) queue.Enqueue(new Event(c.Synapse, c.WeightUS), (t + c.DelayMs, order++));
                }
                else above[d] = false;
            }
            while (queue.TryPeek(out var e, out var when) && when.ArrivalMs <= t + dt / 2)
            {
                queue.Dequeue();
                double w = e.WeightUS * factor[e.Synapse];
                if (isExp2[e.Synapse]) stateA[e.Synapse] += w;
                stateB[e.Synapse] += w;
            }
            var pointG = b.PointG!;
            var pointGE = b.PointGE!;
            for (int s = 0; s < count; s++) { pointG[at[s]] = 0; pointGE[at[s]] = 0; }
            for (int s = 0; s < count; s++)
            {
                double g = (stateB[s] - stateA[s]) * perArea[s];
                pointG[at[s]] += g;
                pointGE[at[s]] += g * reversal[s];
            }
            if (group.Step())
            {
                blowUp = group.FindBlowUp(dt);
                break;
            }
            for (int s = 0; s < count; s++)
            {
                stateA[s] *= decayA[s];
                stateB[s] *= decayB[s];
            }
        }
        return new NetworkResult(spikes, blowUp);
    }
}
