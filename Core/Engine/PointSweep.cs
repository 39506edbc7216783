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
    static abstract T Voltage<T, TSeed>(in StepLanes<T> c, in ChunkChannels<T> channels, nuint j, T v, T vPrevious, T vNext,
        T hasPrevious, T hasNext, T stimulus, T cm, in TreeTerms<T> tree) where T : struct, ILane<T> where TSeed : IFlag;
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
        var channels = new ChunkChannels<T>(b);
        // C_m as a prepared divisor: the membrane's, or value by value where neurons or compartments differ.
        ref double cmAt = ref b.Cm is { } cmArray ? ref MemoryMarshal.GetArrayDataReference(cmArray) : ref v;
        bool localCm = b.Cm is not null;
        bool bad = false;
        int offset = b.Offset;
        // A branched cell: axial currents edge by edge at the old v (the chain's neighbour masks stay off).
        bool tree = k.Tree is not null;
        int wholeNeurons = stride / T.Count * T.Count;
        if (tree)
        {
            if (wholeNeurons > 0) TreeAxial.Currents<T>(k.Cable, b.V, b.Axial, b.Offset, stride, 0, wholeNeurons);
            if (wholeNeurons < stride) TreeAxial.Currents<ScalarLane>(k.Cable, b.V, b.Axial, b.Offset, stride, wholeNeurons, stride);
        }
        var arrays = new SweepArrays(ref v, ref s, ref v1, ref cmAt, ref tree ? ref MemoryMarshal.GetArrayDataReference(b.Axial!) : ref v,
            ref tree ? ref MemoryMarshal.GetArrayDataReference(b.AxialDiagonal!) : ref v);
        bool seed = c.Coupling.IsSeed;
        for (int lo = 0; lo < end; lo += GroupBuffers.ChunkSize)
        {
            int hi = Math.Min(lo + GroupBuffers.ChunkSize, end);
            if (typeof(TMode) == typeof(ExponentialEulerMode)) b.ClearLinearised(hi - lo);
            // A constant channel's conductance is in its buffer from the start (forward Euler); the linearised sums take
            // the constant channels at the membrane's end from ChunkChannels (exponential Euler).
            for (int p = 0; p < c.Passes.Length; p++)
                if (typeof(TMode) == typeof(ForwardEulerMode) ? !b.Constant[p] : p < b.ConstantTail)
                    bad |= c.Passes[p].Run<TMode>(b, lo, hi, size, b.V, c.Channels, k.DtMs);
            // The chunk's voltages by a loop compiled for the cell's shape and C_m (no test of either inside it).
            var badV = (tree, localCm, seed) switch
            {
                (true, true, _) => Voltages<T, Yes, Yes, No>(c, channels, arrays, lo, hi, offset, stride, size),
                (true, false, _) => Voltages<T, Yes, No, No>(c, channels, arrays, lo, hi, offset, stride, size),
                (false, true, true) => Voltages<T, No, Yes, Yes>(c, channels, arrays, lo, hi, offset, stride, size),
                (false, true, false) => Voltages<T, No, Yes, No>(c, channels, arrays, lo, hi, offset, stride, size),
                (false, false, true) => Voltages<T, No, No, Yes>(c, channels, arrays, lo, hi, offset, stride, size),
                (false, false, false) => Voltages<T, No, No, No>(c, channels, arrays, lo, hi, offset, stride, size),
            };
            bad |= T.Any(badV);
        }
        // A section end has no membrane: its v is where no current flows through it, the conductance-weighted mean of its
        // neighbours' new v (they are all segment centres, so this needs no order).
        if (tree) EndNodes(k, b);
        return bad;
    }

    /// <summary>The arrays the voltage loop reads and writes, their references taken once per update.</summary>
    private readonly ref struct SweepArrays(ref double v, ref double stim, ref double v1, ref double cm, ref double axial, ref double axialDiagonal)
    {
        public readonly ref double V = ref v;
        public readonly ref double Stim = ref stim;
        public readonly ref double V1 = ref v1;
        public readonly ref double Cm = ref cm;
        public readonly ref double Axial = ref axial;
        public readonly ref double AxialDiagonal = ref axialDiagonal;
    }

    // The new v of values [lo, hi) (one chunk); the mask of the lanes that blew up. The chunk's own mask lives in a register
    // (one carried across the channels' calls lived on the stack).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Voltages<T, TTree, TLocalCm, TSeed>(in StepLanes<T> c, in ChunkChannels<T> channels, in SweepArrays a,
        int lo, int hi, int offset, int stride, int size)
        where T : struct, ILane<T> where TTree : IFlag where TLocalCm : IFlag where TSeed : IFlag
    {
        var zero = T.Broadcast(0.0);
        var badV = zero;
        var cmUniform = c.Cm;
        for (int i = lo; i < hi; i += T.Count)
        {
            nuint x = (nuint)(offset + i);
            // A branched cell's axial currents come edge by edge (TreeAxial); a chain's neighbours through the masks.
            var terms = TTree.On ? new TreeTerms<T>(T.Load(ref a.Axial, x), T.Load(ref a.AxialDiagonal, x)) : default;
            var vNew = TScheme.Voltage<T, TSeed>(c, channels, (nuint)(i - lo), T.Load(ref a.V, x), T.Load(ref a.V, x - (nuint)stride),
                T.Load(ref a.V, x + (nuint)stride), TTree.On ? zero : T.IndexIn(i, stride, int.MaxValue), TTree.On ? zero : T.IndexIn(i, 0, size - stride),
                T.Load(ref a.Stim, x), TLocalCm.On ? T.PrepareDivisor(T.Load(ref a.Cm, x)) : cmUniform, terms);
            T.Store(vNew, ref a.V1, x);
            badV = T.Or(badV, BlowUpRule.InGroup(T.BadVoltage(vNew), i, size));
        }
        return badV;
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
