using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The channels' conductances over a chunk as the voltage equations read them: forward Euler's net current
/// I − I_Na − I_K − I_L, channel by channel in the membrane's order (the seed's), or the membrane linearised at fixed gates,
/// I_ion = G·V − G·E_eff (exact for these channels, whose currents are linear in V at fixed gates), whose sums the
/// channels' passes have added up in the same order.
/// </summary>
internal readonly ref struct ChunkChannels<T> where T : struct, ILane<T>
{
    // Channel c's conductance and reversal at chunk position j sit at c·ChunkSize + j of one array each (GroupBuffers).
    private readonly ref double _conductance;
    private readonly ref double _reversal;
    private readonly ref double _linearisedG;
    private readonly ref double _linearisedGE;
    private readonly int _channels;
    private readonly ReadOnlySpan<double> _tail;

    /// <summary>The group's chunk buffers.</summary>
    public ChunkChannels(GroupBuffers b)
    {
        _conductance = ref MemoryMarshal.GetArrayDataReference(b.Conductance);
        _reversal = ref MemoryMarshal.GetArrayDataReference(b.ChunkE);
        _linearisedG = ref MemoryMarshal.GetArrayDataReference(b.LinearisedG);
        _linearisedGE = ref MemoryMarshal.GetArrayDataReference(b.LinearisedGE);
        _channels = b.Conductance.Length / GroupBuffers.ChunkSize;
        _tail = b.TailValues;
    }

    /// <summary><paramref name="current"/> − Σ_c g_c·(V − E_c), subtracted in order, at chunk position <paramref name="j"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T SubtractCurrents(T current, T vMv, nuint j)
    {
        for (int c = 0; c < _channels; c++)
        {
            nuint at = (nuint)c * GroupBuffers.ChunkSize + j;
            current = current - ChannelMath.Current(T.Load(ref _conductance, at), vMv, T.Load(ref _reversal, at));
        }
        return current;
    }

    /// <summary>Total conductance G = Σ g_c (mS/cm²) and G·E_eff = Σ g_c·E_c (µA/cm²) at chunk position <paramref name="j"/>:
    /// the sums the channels' loops added up, then the constant channels at the membrane's end (GroupBuffers.ConstantTail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (T G, T GE) Linearised(nuint j) => WithConstantTail((T.Load(ref _linearisedG, j), T.Load(ref _linearisedGE, j)));

    /// <summary><paramref name="sums"/> with the constant channels at the membrane's end added, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (T G, T GE) WithConstantTail((T G, T GE) sums)
    {
        for (int c = 0; c < _tail.Length; c += 2) sums = ChannelMath.AddLinearised(sums, T.Broadcast(_tail[c]), T.Broadcast(_tail[c + 1]));
        return sums;
    }
}

/// <summary>
/// What one visit of a channel does, as a type (tested with typeof, which the JIT folds): add its conductance to the terms
/// (subtracted as a current, or linearised) and/or advance its gates (by forward Euler or Rush–Larsen).
/// </summary>
internal interface IElementMode;

/// <summary>Forward Euler: currents subtracted, gates by forward Euler at the old v.</summary>
internal readonly struct ForwardEulerMode : IElementMode;

/// <summary>Exponential Euler: linearised, gates by Rush–Larsen at the old v.</summary>
internal readonly struct ExponentialEulerMode : IElementMode;

/// <summary>The implicit step's rows: linearised at the old gates, no gate update yet.</summary>
internal readonly struct RowsMode : IElementMode;

/// <summary>The implicit step's gates: Rush–Larsen at the new v, no terms.</summary>
internal readonly struct GatesMode : IElementMode;

/// <summary>Where a channel's g and E come from, as a type (tested with typeof, which the JIT folds).</summary>
internal interface IValueSource;

/// <summary>The channel's own g and E at every value (broadcast once).</summary>
internal readonly struct UniformValues : IValueSource;

/// <summary>g and E value by value, from the group's <see cref="LocalValues"/> arrays.</summary>
internal readonly struct LocalValueArrays : IValueSource;

/// <summary>Where the gates' x∞ and decay come from, as a type (tested with typeof, which the JIT folds).</summary>
internal interface IRateSource;

/// <summary>The channel's rate functions at every step.</summary>
internal readonly struct ExactRates : IRateSource;

/// <summary>The run's <see cref="RateTables"/>.</summary>
internal readonly struct TabulatedRates : IRateSource;

/// <summary>The channels' constants as lane values (made once per run and lane type), indexed by channel.</summary>
internal sealed class ChannelLanes<T> where T : struct, ILane<T>
{
    public ChannelLanes(Channel[] channels, RateTables? tables)
    {
        Tables = tables?.Gates ?? [];
        Grid = tables is null ? default : new RateGrid<T>(tables);
        GMax = channels.Select(c => T.Broadcast(c.GMaxMSPerCm2)).ToArray();
        E = channels.Select(c => T.Broadcast(c.EMv)).ToArray();
        Phi = channels.Select(c => T.Broadcast(c.RateScale)).ToArray();
        FirstGate = new int[channels.Length];
        for (int c = 1; c < channels.Length; c++) FirstGate[c] = FirstGate[c - 1] + channels[c - 1].Gates.Count;
        RushLarsenCheckedGates = new int[channels.Length];
        for (int c = 0; c < channels.Length; c++)
        {
            var gates = Enumerable.Range(FirstGate[c], channels[c].Gates.Count);
            bool gatesStayInRange = tables is not null
                ? gates.All(g => Tables[g].All(double.IsFinite)) // (true for a channel without gates)
                : channels[c].Gates.Count == 0
                  || (channels[c].RatesFiniteWithinBlowUpBound && channels[c].RateScale >= MinRateScaleOfBoundedRates);
            RushLarsenCheckedGates[c] = gatesStayInRange ? 0 : BlowUpRule.ReportedGates;
        }
    }

    // Below this φ the φ-scaled rates of bounded kinetics could both round to 0 (0/0 in x∞): such a channel is checked.
    private const double MinRateScaleOfBoundedRates = 1e-300;

    public T[] GMax { get; }
    public T[] E { get; }
    public T[] Phi { get; }
    /// <summary>Index of each channel's first gate among the group's gate arrays.</summary>
    public int[] FirstGate { get; }
    /// <summary>
    /// Per channel, the gate index (among the group's gates) below which the Rush–Larsen modes check the channel's gates for a
    /// blow-up: <see cref="BlowUpRule.ReportedGates"/>, or 0 where its gates provably stay in [0, 1] at every voltage short of
    /// v's own blow-up (rates declared <see cref="Model.IChannelKinetics{TSelf}.RatesFiniteWithinBlowUpBound"/> at a φ that
    /// cannot round them both to 0, or a table whose values are all finite). Forward Euler checks them all: its gate update
    /// can blow up at any voltage.
    /// </summary>
    public int[] RushLarsenCheckedGates { get; }
    /// <summary>The gates' table rows, indexed as the gate arrays (empty without a table).</summary>
    public double[][] Tables { get; }
    /// <summary>The tables' grid.</summary>
    public readonly RateGrid<T> Grid;
}

/// <summary>
/// One channel at one compartment (T.Count of them), written once: its conductance g·Π xᵖ at the gates it reads, and its
/// gates advanced with φ-scaled rates at v. The engine calls it in a loop of its own per channel
/// (<see cref="ChannelPass"/>): small loops, which the JIT compiles with every rate and exp inlined (one loop over all
/// channels exceeds its inlining budget and leaves calls in the hot loop, measured 5× slower).
/// </summary>
internal static class ChannelElement
{
    // The mode's flags as type tests: the JIT folds these while importing, so the code of a mode's unused branches is never
    // inlined (a flag read through an interface member is folded only later, after its branches have used the inlining budget).
    /// <summary>The channel's conductance (mS/cm²) at the gates before their update; its gates advanced as the mode says.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Visit<TKinetics, T, TMode, TRates>(ChannelLanes<T> lanes, int c, GroupBuffers b, nuint x, T vMv, T dtMs, T gMax, ref T bad)
        where TKinetics : struct, IChannelKinetics<TKinetics> where T : struct, ILane<T> where TMode : IElementMode where TRates : IRateSource
    {
        // A table's row and fraction at v, found once for all the channel's gates.
        var position = typeof(TRates) == typeof(TabulatedRates) && typeof(TMode) != typeof(RowsMode)
            ? RateTableLookup.Position(vMv, in lanes.Grid) : default;
        int checkedBelow = typeof(TMode) == typeof(ForwardEulerMode) ? BlowUpRule.ReportedGates : lanes.RushLarsenCheckedGates[c];
        var gates = new GateVisitor<TKinetics, T, TMode, TRates>(b, lanes, position, lanes.FirstGate[c], checkedBelow, x, vMv, lanes.Phi[c], dtMs, gMax);
        TKinetics.ForEachGate(ref gates);
        bad = T.Or(bad, gates.Bad);
        return gates.G;
    }
}

/// <summary>
/// One gate of a channel at one compartment: g ← g·xᵖ (the seed's g_Na·m³·h, left to right), and x' by Rush–Larsen or
/// forward Euler with rates φα(v), φβ(v), or relaxed towards x∞ by the decay its table holds at v.
/// </summary>
internal struct GateVisitor<TKinetics, T, TMode, TRates>(GroupBuffers b, ChannelLanes<T> lanes, TablePosition<T> position, int first, int checkedBelow, nuint x,
    T vMv, T phi, T dtMs, T gMax)
    : IGateVisitor
    where TKinetics : struct, IChannelKinetics<TKinetics> where T : struct, ILane<T> where TMode : IElementMode where TRates : IRateSource
{
    public T G = gMax;
    public T Bad = T.Broadcast(0.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Visit(int k, int exponent)
    {
        var gate = T.Load(ref MemoryMarshal.GetArrayDataReference(b.Gate[first + k]), x);
        if (typeof(TMode) != typeof(GatesMode)) G = ChannelMath.Factor(G, gate, exponent);
        if (typeof(TMode) == typeof(RowsMode)) return;
        T next;
        if (typeof(TRates) == typeof(TabulatedRates))
        {
            var (xInf, decay) = RateTableLookup.At(lanes.Tables[first + k], in position);
            next = RushLarsen.Relax(gate, xInf, decay);
            if (typeof(TMode) != typeof(ForwardEulerMode)) next = RushLarsen.Clamp(next);
        }
        else next = Exact(k, gate);
        T.Store(next, ref MemoryMarshal.GetArrayDataReference(b.Gate1[first + k]), x);
        // Blow-ups are reported for v, m, h, n (State.FindBlowUp); an added channel's bad gate reaches v an update later.
        // checkedBelow is 0 where the gate cannot go bad short of v (ChannelLanes.RushLarsenCheckedGates).
        if (first + k < checkedBelow) Bad = T.Or(Bad, T.NotFinite(next));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly T Exact(int k, T gate)
    {
        var rates = TKinetics.Rates(k, vMv);
        var alpha = phi * rates.Alpha;
        var beta = phi * rates.Beta;
        var next = typeof(TMode) == typeof(ForwardEulerMode)
            ? RushLarsen.ForwardEulerGate(gate, alpha, beta, dtMs)
            : RushLarsen.Gate(gate, alpha, beta, dtMs);
        return next;
    }
}
