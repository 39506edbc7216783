using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators.Kernels;

/// <summary>
/// What every update of a run shares, resolved once from the validated spec: membrane, coupling, dt, φ and the size of
/// the (sub)group a kernel advances. Plain data, so kernels stay loops over flat arrays.
/// </summary>
internal readonly struct KernelConstants
{
    public KernelConstants(SimulationSpec spec, int neurons)
    {
        Membrane = spec.Membrane;
        Coupling = new Coupling(spec);
        DtMs = spec.DtMs;
        RateScale = spec.Membrane.RateScale;
        Neurons = neurons;
        Compartments = spec.Compartments;
        // Per neighbour, the coupling current is gain·(v_nb − v): the seed's ((v_nb − v)/b_r)·dt becomes (v_nb − v)·(dt/b_r)
        // in the vector kernels (≤ 1 ulp apart); the physical cable's g·(v_nb − v) is the same expression in both.
        CouplingGainMSPerCm2 = Coupling.GMSPerCm2;
    }

    public Membrane Membrane { get; }
    public Coupling Coupling { get; }
    public double DtMs { get; }
    /// <summary>Rate scale φ = 3^((T − 6.3)/10).</summary>
    public double RateScale { get; }
    /// <summary>Neurons of the (sub)group the buffers hold: the stride between compartments.</summary>
    public int Neurons { get; }
    public int Compartments { get; }
    /// <summary>Axial conductance to one neighbour per unit area (seed mode: dt/b_r), mS/cm².</summary>
    public double CouplingGainMSPerCm2 { get; }
}

/// <summary>
/// A kernel advances a whole (sub)group by one update: it reads the old arrays and writes the new ones (simultaneous
/// update) and returns true when a written value signals a blow-up (<see cref="State.FindBlowUp"/>'s rule), so a run needs
/// no separate scan of the state.
/// </summary>
internal interface IGroupKernel
{
    static abstract bool Advance(in KernelConstants k, GroupBuffers b);
}

/// <summary>
/// A scalar kernel advances the flat range [lo, hi) of a group; hasPrevious/hasNext say whether the range's compartment
/// has a neighbour at index −N / +N. <see cref="Ranges"/> splits a group into the three ranges that differ in neighbours.
/// </summary>
internal interface IRangeKernel
{
    static abstract bool Advance(in KernelConstants k, GroupBuffers b, int lo, int hi, bool hasPrevious, bool hasNext);
}

/// <summary>A group as the ranges first compartment, inner compartments, last compartment.</summary>
internal static class Ranges
{
    public static bool Advance<TKernel>(in KernelConstants k, GroupBuffers b) where TKernel : IRangeKernel
    {
        int neurons = b.Neurons, size = b.Size;
        if (b.Compartments == 1) return TKernel.Advance(k, b, 0, size, false, false);
        bool bad = TKernel.Advance(k, b, 0, neurons, false, true);
        if (b.Compartments > 2) bad |= TKernel.Advance(k, b, neurons, size - neurons, true, true);
        return bad | TKernel.Advance(k, b, size - neurons, size, true, false);
    }
}
