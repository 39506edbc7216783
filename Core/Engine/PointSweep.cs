using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The channels' conductances of one chunk as the voltage equations read them: the ionic current subtracted channel by
/// channel in the membrane's order (the seed's I − I_Na − I_K − I_L), or the membrane linearised at fixed gates,
/// I_ion = G·V − G·E_eff (exact for these channels, whose currents are linear in V at fixed gates).
/// </summary>
internal readonly struct ChunkChannels<T>(double[][] conductance, T[] reversalMv) where T : struct, ILane<T>
{
    /// <summary><paramref name="current"/> − Σ_c g_c·(V − E_c), subtracted in order, for chunk position <paramref name="j"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T SubtractCurrents(T current, T vMv, nuint j)
    {
        for (int c = 0; c < reversalMv.Length; c++)
            current = current - T.Load(ref MemoryMarshal.GetArrayDataReference(conductance[c]), j) * (vMv - reversalMv[c]);
        return current;
    }

    /// <summary>Total conductance G = Σ g_c (mS/cm²) and G·E_eff = Σ g_c·E_c (µA/cm²) at chunk position <paramref name="j"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (T G, T GE) Linearised(nuint j)
    {
        var g = T.Broadcast(0.0);
        var gE = T.Broadcast(0.0);
        for (int c = 0; c < reversalMv.Length; c++)
        {
            var gc = T.Load(ref MemoryMarshal.GetArrayDataReference(conductance[c]), j);
            g = g + gc;
            gE = gE + gc * reversalMv[c];
        }
        return (g, gE);
    }
}

/// <summary>
/// An explicit scheme's voltage update of one compartment from its old v, its neighbours' old voltages, the stimulus and
/// the channels' conductances, written once, generic over the lane. The masks say, lane by lane, whether the compartment
/// has a previous or next neighbour (all bits set where it does), so a lane's result never depends on where it sits.
/// </summary>
internal interface IPointScheme
{
    /// <summary>Whether the gates advance by Rush–Larsen (else forward Euler), with rates at the old v.</summary>
    static abstract bool RushLarsenGates { get; }

    static abstract T Voltage<T>(in StepLanes<T> c, in ChunkChannels<T> channels, nuint j, T v, T vPrevious, T vNext,
        T hasPrevious, T hasNext, T stimulus) where T : struct, ILane<T>;
}

/// <summary>
/// One update of a whole group by an explicit scheme, chunk by chunk (a chunk's arrays stay in L1): each channel's
/// conductance at the old state, each channel's gates, then the voltage, swept flat over the compartment-major arrays
/// T.Count values at a time (across neurons when N is large, across compartments when N = 1). Thanks to the ghost rows
/// and padding of <see cref="GroupBuffers"/>, every load of v[i − N], v[i], v[i + N] stays inside the arrays; lanes of the
/// first compartment (i &lt; N) have no previous neighbour, of the last (i ≥ size − N) no next one, and lanes past the end
/// are computed into the padding and left out of the blow-up check.
/// </summary>
internal readonly struct PointSweep<TScheme> : IScheme where TScheme : IPointScheme
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Advance<T>(KernelConstants k, GroupBuffers b) where T : struct, ILane<T>
    {
        var c = new StepLanes<T>(k);
        var passes = k.Passes<T>();
        var channels = new ChunkChannels<T>(b.Conductance, k.ReversalLanes<T>());
        int size = b.Size, stride = b.Neurons, end = (size + T.Count - 1) / T.Count * T.Count;
        ref double v = ref MemoryMarshal.GetArrayDataReference(b.V);
        ref double s = ref MemoryMarshal.GetArrayDataReference(b.Stim);
        ref double v1 = ref MemoryMarshal.GetArrayDataReference(b.V1);
        bool badGate = false;
        var bad = T.Broadcast(0.0);
        for (int lo = 0; lo < end; lo += GroupBuffers.ChunkSize)
        {
            int hi = Math.Min(lo + GroupBuffers.ChunkSize, end);
            for (int p = 0; p < passes.Length; p++) passes[p].Conductance(b, lo, hi, b.Conductance[p]);
            for (int p = 0; p < passes.Length; p++) badGate |= passes[p].Gates(b, lo, hi, b.V, k.DtMs, TScheme.RushLarsenGates, size);
            for (int i = lo; i < hi; i += T.Count)
            {
                nuint x = (nuint)(b.Offset + i);
                var vNew = TScheme.Voltage(c, channels, (nuint)(i - lo), T.Load(ref v, x),
                    T.Load(ref v, x - (nuint)stride), T.Load(ref v, x + (nuint)stride),
                    T.IndexIn(i, stride, int.MaxValue), T.IndexIn(i, 0, size - stride), T.Load(ref s, x));
                T.Store(vNew, ref v1, x);
                bad = T.Or(bad, T.And(T.BadVoltage(vNew), T.IndexIn(i, 0, size)));
            }
        }
        return badGate | T.Any(bad);
    }
}
