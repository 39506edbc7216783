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
        T hasPrevious, T hasNext, T stimulus, T cm) where T : struct, ILane<T>;
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
        var channels = new ChunkChannels<T>(b.Conductance, c.Channels.E, b.ChunkE);
        // C_m as a prepared divisor: the membrane's, or value by value where neurons or compartments differ.
        ref double cmAt = ref b.Cm is { } cmArray ? ref MemoryMarshal.GetArrayDataReference(cmArray) : ref v;
        bool localCm = b.Cm is not null;
        bool badGate = false;
        var bad = T.Broadcast(0.0);
        for (int lo = 0; lo < end; lo += GroupBuffers.ChunkSize)
        {
            int hi = Math.Min(lo + GroupBuffers.ChunkSize, end);
            for (int p = 0; p < c.Passes.Length; p++) badGate |= c.Passes[p].Run<TMode>(b, lo, hi, size, b.V, c.Channels, k.DtMs);
            for (int i = lo; i < hi; i += T.Count)
            {
                nuint x = (nuint)(b.Offset + i);
                var vNew = TScheme.Voltage(c, channels, (nuint)(i - lo), T.Load(ref v, x), T.Load(ref v, x - (nuint)stride),
                    T.Load(ref v, x + (nuint)stride), T.IndexIn(i, stride, int.MaxValue), T.IndexIn(i, 0, size - stride), T.Load(ref s, x),
                    localCm ? T.PrepareDivisor(T.Load(ref cmAt, x)) : c.Cm);
                T.Store(vNew, ref v1, x);
                bad = T.Or(bad, BlowUpRule.InGroup(T.BadVoltage(vNew), i, size));
            }
        }
        return badGate | T.Any(bad);
    }
}
