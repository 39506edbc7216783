using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HHFunctional.Core.Integrators.Kernels;

/// <summary>
/// The arithmetic of one update for eight compartments at once. Neighbour masks are per lane (all bits set where the
/// compartment has that neighbour), so a lane's result depends only on its own inputs, never on where it sits in a vector.
/// </summary>
internal interface ILaneMath<TSelf> where TSelf : struct, ILaneMath<TSelf>
{
    /// <summary>Broadcasts the run's constants once per update.</summary>
    static abstract TSelf Create(in KernelConstants k);

    (Vector512<double> V, Vector512<double> M, Vector512<double> H, Vector512<double> N) Compute(
        Vector512<double> v, Vector512<double> vPrevious, Vector512<double> vNext,
        Vector512<double> hasPrevious, Vector512<double> hasNext,
        Vector512<double> m, Vector512<double> h, Vector512<double> n, Vector512<double> stim);
}

/// <summary>
/// One update of a whole group with <typeparamref name="TMath"/>, swept flat over the compartment-major arrays: across
/// neurons when N is large, across compartments when N = 1. Thanks to the ghost rows and padding of
/// <see cref="GroupBuffers"/>, every vector loads v[i − N], v[i], v[i + N] directly; lanes of the first compartment
/// (i &lt; N) are masked as having no previous neighbour, of the last (i ≥ size − N) no next one, and lanes past the end
/// are computed into the padding and left out of the blow-up check.
/// </summary>
internal readonly struct VectorSweep<TMath> : IGroupKernel where TMath : struct, ILaneMath<TMath>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Advance(in KernelConstants k, GroupBuffers b)
    {
        var math = TMath.Create(k);
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
        var lane = Vector512.Create(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        var first = Vector512.Create((long)stride);
        var lastStart = Vector512.Create((long)(size - stride));
        var end = Vector512.Create((long)size);
        var bad = Vector512<double>.Zero;
        for (int i = 0; i < size; i += GroupBuffers.VectorWidth)
        {
            nuint x = (nuint)(b.Offset + i);
            var index = Vector512.Create((long)i) + lane;
            var vi = Vector512.LoadUnsafe(ref v, x);
            var (vNew, mNew, hNew, nNew) = math.Compute(vi,
                Vector512.LoadUnsafe(ref v, x - (nuint)stride), Vector512.LoadUnsafe(ref v, x + (nuint)stride),
                Vector512.GreaterThanOrEqual(index, first).AsDouble(), Vector512.LessThan(index, lastStart).AsDouble(),
                Vector512.LoadUnsafe(ref m, x), Vector512.LoadUnsafe(ref h, x), Vector512.LoadUnsafe(ref n, x),
                Vector512.LoadUnsafe(ref s, x));
            vNew.StoreUnsafe(ref v1, x); mNew.StoreUnsafe(ref m1, x); hNew.StoreUnsafe(ref h1, x); nNew.StoreUnsafe(ref n1, x);
            bad |= BlowUpRule.Lanes(vNew, mNew, hNew, nNew) & Vector512.LessThan(index, end).AsDouble();
        }
        return bad != Vector512<double>.Zero;
    }
}
