using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// A run's gate tables (<see cref="RateTable"/>), made once from the channels' own rate functions: per gate of the
/// membrane, at each grid point, [x∞, next x∞ − x∞, decay, next decay − decay], so that one 32-byte row holds all a step
/// reads at a voltage (the differences precomputed, as NEURON's tables subtract neighbours at each lookup).
/// </summary>
internal sealed class RateTables
{
    /// <summary>Doubles per grid point.</summary>
    public const int RowLength = 4;

    public RateTables(RateTable table, Channel[] channels, double dtMs, bool forwardEuler)
    {
        MinMv = table.MinMv;
        PointsPerMv = table.Intervals / (table.MaxMv - table.MinMv);
        Intervals = table.Intervals;
        var gates = new List<double[]>();
        foreach (var channel in channels)
            for (int k = 0; k < channel.Gates.Count; k++)
            {
                var rows = new double[RowLength * (table.Intervals + 1)];
                double xInfBefore = 0, decayBefore = 0;
                for (int point = 0; point <= table.Intervals; point++)
                {
                    var (alpha, beta) = channel.RatesAt(k, table.VoltageMv(point));
                    ScalarLane alphaScaled = channel.RateScale * alpha, betaScaled = channel.RateScale * beta;
                    double xInf = RushLarsen.SteadyState(alphaScaled, betaScaled);
                    double decay = RushLarsen.Decay(alphaScaled + betaScaled, dtMs, forwardEuler);
                    rows[RowLength * point] = xInf;
                    rows[RowLength * point + 2] = decay;
                    // The last point's differences stay 0: beyond the range the end value holds.
                    if (point > 0)
                    {
                        rows[RowLength * (point - 1) + 1] = xInf - xInfBefore;
                        rows[RowLength * (point - 1) + 3] = decay - decayBefore;
                    }
                    xInfBefore = xInf; decayBefore = decay;
                }
                gates.Add(rows);
            }
        Gates = gates.ToArray();
    }

    /// <summary>The rows of each gate, indexed as the group's gate arrays.</summary>
    public double[][] Gates { get; }
    public double MinMv { get; }
    public double PointsPerMv { get; }
    public int Intervals { get; }
}

/// <summary>A <see cref="RateTables"/> grid as lane values (broadcast once per run).</summary>
internal readonly struct RateGrid<T>(RateTables tables) where T : struct, ILane<T>
{
    public readonly T MinMv = T.Broadcast(tables.MinMv);
    public readonly T PointsPerMv = T.Broadcast(tables.PointsPerMv);
    public readonly T Intervals = T.Broadcast(tables.Intervals);
}

/// <summary>Where a voltage falls in a table: each lane's row offset (doubles) and its fraction θ towards the next row.
/// One per channel and position, shared by the channel's gates (all tables have one grid).</summary>
internal readonly struct TablePosition<T>(Vector256<int> offsets, T theta) where T : struct, ILane<T>
{
    public readonly Vector256<int> Offsets = offsets;
    public readonly T Theta = theta;
}

/// <summary>Reads a gate's x∞ and decay at v from its table rows: linear interpolation, end values outside the range.</summary>
internal static class RateTableLookup
{
    /// <summary>The rows and fractions of <paramref name="vMv"/>; a NaN voltage reads the first row (the voltage itself
    /// reports the blow-up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TablePosition<T> Position<T>(T vMv, in RateGrid<T> grid) where T : struct, ILane<T>
    {
        if (typeof(T) == typeof(VectorLane) && Avx512F.IsSupported)
        {
            var v = Unsafe.As<T, VectorLane>(ref vMv).Value;
            // vmaxpd returns its second operand when the first is NaN: a NaN voltage reads point 0.
            var xi = Avx512F.Min(Avx512F.Max((v - Lane(grid.MinMv)) * Lane(grid.PointsPerMv), Vector512<double>.Zero), Lane(grid.Intervals));
            var points = Avx512F.ConvertToVector256Int32WithTruncation(xi);
            var theta = new VectorLane(xi - Avx512F.ConvertToVector512Double(points));
            return new TablePosition<T>(points * RateTables.RowLength, Unsafe.As<VectorLane, T>(ref theta));
        }
        var xis = (vMv - grid.MinMv) * grid.PointsPerMv;
        var thetas = T.Broadcast(0.0);
        var offsets = Vector256<int>.Zero;
        double intervals = Unsafe.As<T, double>(ref Unsafe.AsRef(in grid.Intervals));
        for (int lane = 0; lane < T.Count; lane++)
        {
            double xi = Unsafe.Add(ref Unsafe.As<T, double>(ref xis), lane);
            xi = !(xi > 0.0) ? 0.0 : xi > intervals ? intervals : xi;
            int point = (int)xi;
            Unsafe.Add(ref Unsafe.As<T, double>(ref thetas), lane) = xi - point;
            offsets = offsets.WithElement(lane, RateTables.RowLength * point);
        }
        return new TablePosition<T>(offsets, thetas);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lane<T>(in T x) where T : struct, ILane<T> => Unsafe.As<T, VectorLane>(ref Unsafe.AsRef(in x)).Value;

    /// <summary>(x∞, decay) at <paramref name="vMv"/> (<see cref="Position"/> and <see cref="At{T}(double[], in TablePosition{T})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (T XInf, T Decay) At<T>(double[] rows, T vMv, in RateGrid<T> grid) where T : struct, ILane<T>
    {
        var position = Position(vMv, in grid);
        return At(rows, in position);
    }

    /// <summary>(x∞, decay) at a position: row + θ·difference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (T XInf, T Decay) At<T>(double[] rows, in TablePosition<T> position) where T : struct, ILane<T>
    {
        ref double row = ref MemoryMarshal.GetArrayDataReference(rows);
        if (typeof(T) == typeof(VectorLane) && Avx512F.IsSupported)
        {
            var (xInf, decay) = Vector(ref row, position.Offsets, Lane(position.Theta));
            return (Unsafe.As<VectorLane, T>(ref Unsafe.AsRef(in xInf)), Unsafe.As<VectorLane, T>(ref Unsafe.AsRef(in decay)));
        }
        var resultXInf = T.Broadcast(0.0);
        var resultDecay = T.Broadcast(0.0);
        var theta = position.Theta;
        for (int lane = 0; lane < T.Count; lane++)
        {
            ref double at = ref Unsafe.Add(ref row, position.Offsets.GetElement(lane));
            double fraction = Unsafe.Add(ref Unsafe.As<T, double>(ref theta), lane);
            Unsafe.Add(ref Unsafe.As<T, double>(ref resultXInf), lane) = at + fraction * Unsafe.Add(ref at, 1);
            Unsafe.Add(ref Unsafe.As<T, double>(ref resultDecay), lane) = Unsafe.Add(ref at, 2) + fraction * Unsafe.Add(ref at, 3);
        }
        return (resultXInf, resultDecay);
    }

    // Eight rows loaded as they lie (one 32-byte load per lane) and transposed into four columns: AVX-512 has no gather in
    // .NET, and eight row loads plus eight shuffles beat sixteen element gathers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (VectorLane XInf, VectorLane Decay) Vector(ref double row, Vector256<int> offsets, Vector512<double> theta)
    {
        var z0 = Vector512.Create(Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(0)), Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(4)));
        var z1 = Vector512.Create(Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(1)), Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(5)));
        var z2 = Vector512.Create(Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(2)), Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(6)));
        var z3 = Vector512.Create(Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(3)), Vector256.LoadUnsafe(ref row, (nuint)offsets.GetElement(7)));
        // t0 = [r0.0 r1.0 r0.2 r1.2 | r4.0 r5.0 r4.2 r5.2], t1 the same for columns 1 and 3; t2, t3 for rows 2, 3, 6, 7.
        var t0 = Avx512F.UnpackLow(z0, z1);
        var t1 = Avx512F.UnpackHigh(z0, z1);
        var t2 = Avx512F.UnpackLow(z2, z3);
        var t3 = Avx512F.UnpackHigh(z2, z3);
        var even = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
        var odd = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
        var xInf = Avx512F.PermuteVar8x64x2(t0, even, t2);
        var xInfStep = Avx512F.PermuteVar8x64x2(t1, even, t3);
        var decay = Avx512F.PermuteVar8x64x2(t0, odd, t2);
        var decayStep = Avx512F.PermuteVar8x64x2(t1, odd, t3);
        return (new VectorLane(xInf + theta * xInfStep), new VectorLane(decay + theta * decayStep));
    }
}
