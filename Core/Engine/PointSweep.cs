using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HHFunctional.Core.Engine;

/// <summary>
/// An explicit scheme's update of one compartment from its own old values, its neighbours' old voltages and the
/// stimulus: written once, generic over the lane. The masks say, lane by lane, whether the compartment has a previous
/// or next neighbour (all bits set where it does), so a lane's result never depends on where it sits in a vector.
/// </summary>
internal interface IPointScheme
{
    static abstract (T V, T M, T H, T N) Update<T>(in StepLanes<T> c, T v, T vPrevious, T vNext, T hasPrevious, T hasNext,
        T m, T h, T n, T stimulus) where T : struct, ILane<T>;
}

/// <summary>
/// One update of a whole group by a point scheme, swept flat over the compartment-major arrays T.Count values at a time:
/// across neurons when N is large, across compartments when N = 1. Thanks to the ghost rows and padding of
/// <see cref="GroupBuffers"/>, every load of v[i − N], v[i], v[i + N] stays inside the arrays; lanes of the first
/// compartment (i &lt; N) have no previous neighbour, of the last (i ≥ size − N) no next one, and lanes past the end are
/// computed into the padding and left out of the blow-up check.
/// </summary>
internal readonly struct PointSweep<TScheme> : IScheme where TScheme : IPointScheme
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Advance<T>(KernelConstants k, GroupBuffers b) where T : struct, ILane<T>
    {
        var c = new StepLanes<T>(k);
        int size = b.Size, stride = b.Neurons;
        ref double v = ref MemoryMarshal.GetArrayDataReference(b.V);
        ref double m = ref MemoryMarshal.GetArrayDataReference(b.M);
        ref double h = ref MemoryMarshal.GetArrayDataReference(b.H);
        ref double n = ref MemoryMarshal.GetArrayDataReference(b.N);
        ref double s = ref MemoryMarshal.GetArrayDataReference(b.Stim);
        ref double v1 = ref MemoryMarshal.GetArrayDataReference(b.V1);
        ref double m1 = ref MemoryMarshal.GetArrayDataReference(b.M1);
        ref double h1 = ref MemoryMarshal.GetArrayDataReference(b.H1);
        ref double n1 = ref MemoryMarshal.GetArrayDataReference(b.N1);
        var bad = T.Broadcast(0.0);
        for (int i = 0; i < size; i += T.Count)
        {
            nuint x = (nuint)(b.Offset + i);
            var (vNew, mNew, hNew, nNew) = TScheme.Update(c, T.Load(ref v, x),
                T.Load(ref v, x - (nuint)stride), T.Load(ref v, x + (nuint)stride),
                T.IndexIn(i, stride, int.MaxValue), T.IndexIn(i, 0, size - stride),
                T.Load(ref m, x), T.Load(ref h, x), T.Load(ref n, x), T.Load(ref s, x));
            T.Store(vNew, ref v1, x); T.Store(mNew, ref m1, x); T.Store(hNew, ref h1, x); T.Store(nNew, ref n1, x);
            bad = T.Or(bad, T.And(BlowUpRule.Lanes(vNew, mNew, hNew, nNew), T.IndexIn(i, 0, size)));
        }
        return T.Any(bad);
    }
}
