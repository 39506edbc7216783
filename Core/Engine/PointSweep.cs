using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HHFunctional.Core.Engine;

/// <summary>
/// An explicit scheme's voltage update, written once, generic over the lane, from the old v, the neighbours' old
/// voltages, the stimulus and the channels' conductances (<see cref="ChunkChannels{T}"/>, at chunk position j). The masks say, lane by lane, whether the compartment has a previous or next neighbour (all bits set where it does),
/// so a lane's result never depends on where it sits in a vector.
/// </summary>
internal interface IPointScheme
{
    static abstract T Voltage<T>(in StepLanes<T> c, in ChunkChannels<T> channels, nuint j, T v, T vPrevious, T vNext,
        T hasPrevious, T hasNext, T stimulus, T cm, in TreeTerms<T> tree) where T : struct, ILane<T>;
}

/// <summary>
/// A branched cell's axial terms at one value for an explicit scheme: the axial current Σ g·(v_nb − v) (µA/cm²) and the
/// conductance Σ g (mS/cm²) of its row; both zero on a chain, whose neighbours come through the masks instead.
/// </summary>
internal readonly struct TreeTerms<T>(T current, T conductance) where T : struct, ILane<T>
{
    public readonly T Current = current;
    public readonly T Conductance = conductance;
}

/// <summary>
/// One update of a whole group by an explicit scheme, chunk by chunk (a chunk's buffers stay in L1): each channel in a
/// loop of its own (<see cref="ChannelPass"/>; small loops the JIT compiles with every rate and exp
/// inlined), then the new v; swept flat over the compartment-major arrays T.Count values at a time (across neurons when N
/// is large, across compartments when N = 1). Thanks to the ghost
/// rows and padding of <see cref="GroupBuffers"/>, every load of v[i − N], v[i], v[i + N] stays inside the arrays; lanes
/// of the first compartment (i &lt; N) have no previous neighbour, of the last (i ≥ size − N) no next one, and lanes past
/// the end are computed into the padding and left out of the blow-up check.
/// </summary>
internal readonly struct PointSweep<TScheme, TMode> : IScheme where TScheme : IPointScheme where TMode : IElementMode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Advance<T>(KernelConstants k, GroupBuffers b) where T : struct, ILane<T>
    {
        var c = new StepLanes<T>(k);
        int size = b.Size, stride = b.Neurons, end = b.EndFor(T.Count);
        ref double v = ref MemoryMarshal.GetArrayDataReference(b.V);
        ref double s = ref MemoryMarshal.GetArrayDataReference(b.Stim);
        ref double v1 = ref MemoryMarshal.GetArrayDataReference(b.V1);
        var channels = new ChunkChannels<T>(b, c.Channels.E);
        // C_m as a prepared divisor: the membrane's, or value by value where neurons or compartments differ.
        ref double cmAt = ref b.Cm is { } cmArray ? ref MemoryMarshal.GetArrayDataReference(cmArray) : ref v;
        bool localCm = b.Cm is not null;
        bool bad = false;
        var zero = T.Broadcast(0.0);
        int offset = b.Offset;
        // A branched cell: axial currents edge by edge at the old v (the chain's neighbour masks stay off).
        bool tree = k.Tree is not null;
        int wholeNeurons = stride / T.Count * T.Count;
        if (tree)
        {
            if (wholeNeurons > 0) TreeAxial.Currents<T>(k.Cable, b.V, b.Axial, b.Offset, stride, 0, wholeNeurons);
            if (wholeNeurons < stride) TreeAxial.Currents<ScalarLane>(k.Cable, b.V, b.Axial, b.Offset, stride, wholeNeurons, stride);
        }
        ref double axialAt = ref tree ? ref MemoryMarshal.GetArrayDataReference(b.Axial!) : ref v;
        ref double axialDiagonalAt = ref tree ? ref MemoryMarshal.GetArrayDataReference(b.AxialDiagonal!) : ref v;
        for (int lo = 0; lo < end; lo += GroupBuffers.ChunkSize)
        {
            int hi = Math.Min(lo + GroupBuffers.ChunkSize, end);
            if (typeof(TMode) == typeof(ExponentialEulerMode)) b.ClearLinearised(hi - lo);
            for (int p = 0; p < c.Passes.Length; p++) bad |= c.Passes[p].Run<TMode>(b, lo, hi, size, b.V, c.Channels, k.DtMs);
            // The chunk's own mask, in a register (one carried across the channels' calls lived on the stack).
            var badV = zero;
            for (int i = lo; i < hi; i += T.Count)
            {
                nuint x = (nuint)(offset + i);
                var terms = tree ? new TreeTerms<T>(T.Load(ref axialAt, x), T.Load(ref axialDiagonalAt, x)) : default;
                var vNew = TScheme.Voltage(c, channels, (nuint)(i - lo), T.Load(ref v, x), T.Load(ref v, x - (nuint)stride),
                    T.Load(ref v, x + (nuint)stride), tree ? zero : T.IndexIn(i, stride, int.MaxValue), tree ? zero : T.IndexIn(i, 0, size - stride),
                    T.Load(ref s, x), localCm ? T.PrepareDivisor(T.Load(ref cmAt, x)) : c.Cm, terms);
                T.Store(vNew, ref v1, x);
                badV = T.Or(badV, BlowUpRule.InGroup(T.BadVoltage(vNew), i, size));
            }
            bad |= T.Any(badV);
        }
        // A section end has no membrane: its v is where no current flows through it, the conductance-weighted mean of its
        // neighbours' new v (they are all segment centres, so this needs no order).
        if (tree) EndNodes(k, b);
        return bad;
    }

    private static void EndNodes(KernelConstants k, GroupBuffers b)
    {
        var v1 = b.V1;
        int n = b.Neurons;
        foreach (var (node, neighbours, weights) in k.EndNodeStencils)
            for (int j = 0; j < n; j++)
            {
                double sum = 0.0, total = 0.0;
                for (int q = 0; q < neighbours.Length; q++)
                {
                    sum += weights[q] * v1[b.Offset + neighbours[q] * n + j];
                    total += weights[q];
                }
                v1[b.Offset + node * n + j] = sum / total;
            }
    }
}
