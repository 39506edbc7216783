using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The engine's two loops over one channel, on one lane type, for a chunk of a group's values (as NEURON's nrn_cur and
/// nrn_state run mechanism by mechanism): its conductance g·Π xᵖ, and its gates' update. One virtual call per channel
/// and chunk; the loops inside are the channel's kinetics specialised for the lane.
/// </summary>
internal abstract class ChannelPass
{
    /// <summary>Index of the channel's first gate among the group's gate arrays.</summary>
    public int FirstGate { get; set; }

    /// <summary>Writes the conductance (mS/cm²) of values [lo, hi) to <paramref name="conductance"/>[0 … hi − lo).</summary>
    public abstract void Conductance(GroupBuffers b, int lo, int hi, double[] conductance);

    /// <summary>
    /// Advances every gate of values [lo, hi) by dt with rates at <paramref name="vAtMv"/> (a group array), into the new gate
    /// arrays: by Rush–Larsen or by forward Euler. True when a new value is not finite (among the first <paramref name="size"/>).
    /// </summary>
    public abstract bool Gates(GroupBuffers b, int lo, int hi, double[] vAtMv, double dtMs, bool rushLarsen, int size);
}

/// <summary><see cref="ChannelPass"/> for channel kinetics <typeparamref name="TKinetics"/> on lane type <typeparamref name="T"/>.</summary>
internal sealed class ChannelPass<TKinetics, T>(Channel channel) : ChannelPass
    where TKinetics : struct, IChannelKinetics where T : struct, ILane<T>
{
    private readonly double _gMax = channel.GMaxMSPerCm2;
    private readonly double _phi = channel.RateScale;
    private readonly int[] _exponents = TKinetics.Gates.Select(g => g.Exponent).ToArray();

    // g = g_max·x₁^p₁·x₂^p₂·…, left to right (the seed's g_Na·m³·h).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Conductance(GroupBuffers b, int lo, int hi, double[] conductance)
    {
        ref double g = ref MemoryMarshal.GetArrayDataReference(conductance);
        var gMax = T.Broadcast(_gMax);
        var exponents = _exponents;
        for (int i = lo; i < hi; i += T.Count)
        {
            nuint x = (nuint)(b.Offset + i);
            var value = gMax;
            for (int k = 0; k < exponents.Length; k++)
                value = value * T.Power(T.Load(ref MemoryMarshal.GetArrayDataReference(b.Gate[FirstGate + k]), x), exponents[k]);
            T.Store(value, ref g, (nuint)(i - lo));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Gates(GroupBuffers b, int lo, int hi, double[] vAtMv, double dtMs, bool rushLarsen, int size)
    {
        var phi = T.Broadcast(_phi);
        var dt = T.Broadcast(dtMs);
        var bad = T.Broadcast(0.0);
        ref double v = ref MemoryMarshal.GetArrayDataReference(vAtMv);
        for (int k = 0; k < _exponents.Length; k++)
        {
            ref double old = ref MemoryMarshal.GetArrayDataReference(b.Gate[FirstGate + k]);
            ref double updated = ref MemoryMarshal.GetArrayDataReference(b.Gate1[FirstGate + k]);
            // Blow-ups are reported for v, m, h, n (State.FindBlowUp); an added channel's bad gate reaches v an update later.
            bool reported = FirstGate + k < BlowUpRule.ReportedGates;
            for (int i = lo; i < hi; i += T.Count)
            {
                nuint x = (nuint)(b.Offset + i);
                var rates = TKinetics.Rates(k, T.Load(ref v, x));
                var alpha = phi * rates.Alpha;
                var beta = phi * rates.Beta;
                var gate = T.Load(ref old, x);
                var next = rushLarsen ? RushLarsen.Gate(gate, alpha, beta, dt) : RushLarsen.ForwardEulerGate(gate, alpha, beta, dt);
                T.Store(next, ref updated, x);
                if (reported) bad = T.Or(bad, T.And(T.NotFinite(next), T.IndexIn(i, 0, size)));
            }
        }
        return T.Any(bad);
    }
}
