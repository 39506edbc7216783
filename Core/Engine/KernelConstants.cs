using System.Runtime.CompilerServices;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// What every update of a run shares, resolved once from the validated spec: membrane, coupling, dt, the cable as a tree
/// for the implicit solve, and the size of the (sub)group a kernel advances. Plain data.
/// </summary>
internal sealed class KernelConstants
{
    public KernelConstants(SimulationSpec spec, int neurons)
    {
        Membrane = spec.Membrane;
        Coupling = new Coupling(spec);
        DtMs = spec.DtMs;
        Neurons = neurons;
        Compartments = spec.Compartments;
        Channels = spec.Channels.ToArray();
        Tree = spec.Parameters.Cable as TreeCable;
        Cable = Tree is null ? CableTree.Chain(spec.Compartments, -Coupling.GMSPerCm2) : CableTree.Of(Tree);
        Local = LocalArrays.For(spec, Channels);
        EndNodeStencils = Tree is null ? [] : StencilsOf(Tree.Tree);
        RateTables = spec.Parameters.RateTable is { } table
            ? new RateTables(table, Channels, spec.DtMs, spec.Parameters.Integrator == IntegratorKind.ForwardEuler)
            : null;
    }

    /// <summary>The gates' tables when the run reads its kinetics from a <see cref="RateTable"/>, else null.</summary>
    public RateTables? RateTables { get; }

    /// <summary>A tree's section ends (no membrane) with their neighbours and the edges' axial conductances (µS): an explicit
    /// scheme sets each end's v to its neighbours' conductance-weighted mean.</summary>
    public (int Node, int[] Neighbours, double[] WeightsUS)[] EndNodeStencils { get; }

    private static (int, int[], double[])[] StencilsOf(Morphology.DiscreteTree t)
    {
        var children = Enumerable.Range(1, t.Count - 1).ToLookup(k => t.Parent[k]);
        return Enumerable.Range(0, t.Count).Where(node => t.AreaUm2[node] == 0).Select(node =>
        {
            var neighbours = (node == 0 ? [] : new[] { t.Parent[node] }).Concat(children[node]).ToArray();
            var weights = (node == 0 ? [] : new[] { t.AxialConductanceUS[node] }).Concat(children[node].Select(c => t.AxialConductanceUS[c])).ToArray();
            return (node, neighbours, weights);
        }).ToArray();
    }

    /// <summary>The branched cell, or null for a chain (seed or physical cable).</summary>
    public TreeCable? Tree { get; }

    /// <summary>The values that differ between compartments or neurons (whole group), or null.</summary>
    public LocalArrays? Local { get; }

    public Membrane Membrane { get; }
    public Coupling Coupling { get; }
    public double DtMs { get; }
    /// <summary>Neurons of the (sub)group the buffers hold: the stride between compartments.</summary>
    public int Neurons { get; }
    public int Compartments { get; }
    /// <summary>The cable's matrix structure for <see cref="Hines"/>.</summary>
    public CableTree Cable { get; }

    /// <summary>The membrane's channels, in order (the seed's sodium, potassium and leak first).</summary>
    public Channel[] Channels { get; }

    private ChannelPass[]? _scalarPasses, _vectorPasses;
    private object? _scalarLanes, _vectorLanes;

    /// <summary>The channels' loops on lane type T, made on first use (a run uses one lane type).</summary>
    public ChannelPass[] Passes<T>() where T : struct, ILane<T>
    {
        if (typeof(T) == typeof(VectorLane)) return _vectorPasses ??= MakePasses<T>();
        return _scalarPasses ??= MakePasses<T>();
    }

    /// <summary>The channels' constants as lane values of type T.</summary>
    public ChannelLanes<T> Lanes<T>() where T : struct, ILane<T>
    {
        if (typeof(T) == typeof(VectorLane)) return (ChannelLanes<T>)(_vectorLanes ??= new ChannelLanes<T>(Channels, RateTables));
        return (ChannelLanes<T>)(_scalarLanes ??= new ChannelLanes<T>(Channels, RateTables));
    }

    private ChannelPass[] MakePasses<T>() where T : struct, ILane<T> =>
        Channels.Select((c, index) => c.CreatePass<T>(index, Local?.GMax[index] is not null, RateTables is not null)).ToArray();
}

/// <summary>The constants of one update as lane values (broadcast once per update, outside the loops).</summary>
internal readonly struct StepLanes<T> where T : struct, ILane<T>
{
    public StepLanes(KernelConstants k)
    {
        Coupling = new CouplingLanes<T>(k.Coupling);
        DtMs = T.Broadcast(k.DtMs);
        Cm = T.PrepareDivisor(k.Membrane.CmUFPerCm2);
        Channels = k.Lanes<T>();
        Passes = k.Passes<T>();
    }

    /// <summary>The channels' constants as lane values.</summary>
    public readonly ChannelLanes<T> Channels;
    /// <summary>The channels' loops on this lane type.</summary>
    public readonly ChannelPass[] Passes;
    public readonly CouplingLanes<T> Coupling;
    public readonly T DtMs;
    /// <summary>C_m prepared for <see cref="ILane{T}.DivideByPrepared"/>.</summary>
    public readonly T Cm;
}

/// <summary>
/// A kernel advances a whole (sub)group by one update: it reads the old arrays and writes the new ones (simultaneous
/// update) and returns true when a written value signals a blow-up (<see cref="State.FindBlowUp"/>'s rule), so a run needs
/// no separate scan of the state.
/// </summary>
internal interface IGroupKernel
{
    static abstract bool Advance(KernelConstants k, GroupBuffers b);
}

/// <summary>A scheme's update, written once and instantiated for any lane type.</summary>
internal interface IScheme
{
    static abstract bool Advance<T>(KernelConstants k, GroupBuffers b) where T : struct, ILane<T>;
}

/// <summary>A scheme on one lane type: what a run instantiates (scalar for the readable path, vector for the fast one).</summary>
internal readonly struct Kernel<TScheme, T> : IGroupKernel where TScheme : IScheme where T : struct, ILane<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Advance(KernelConstants k, GroupBuffers b) => TScheme.Advance<T>(k, b);
}

/// <summary><see cref="State.FindBlowUp"/>'s rule (NaN, ±∞, or |v| &gt; 1000 mV), for kernels that check as they write.</summary>
internal static class BlowUpRule
{
    /// <summary>The voltage bound of <see cref="State.FindBlowUp"/>'s default, mV.</summary>
    public const double MaxAbsVMv = State.DefaultMaxAbsVMv;

    /// <summary>Gates whose blow-up is reported by name: m, h, n.</summary>
    public const int ReportedGates = 3;

    /// <summary>The mask with the lanes past the group's end cleared: the last vector may reach into the padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T InGroup<T>(T mask, int first, int size) where T : struct, ILane<T> =>
        first + T.Count <= size ? mask : T.And(mask, T.IndexIn(first, 0, size));
}
