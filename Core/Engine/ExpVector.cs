using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HHFunctional.Core.Engine;

/// <summary>
/// exp for eight doubles, inlined into the kernels (the library's Vector512.Exp is an out-of-line call that spills
/// every vector register around it). x = (8m + j)·ln2/8 + r with |r| ≤ ln2/16, so
/// exp(x) = 2^m · 2^(j/8) · e^r: 2^(j/8) from an eight-entry table held in one register, e^r by its Taylor series to r⁸
/// (truncation below 2e-18 relative), 2^m built in the exponent bits in two halves so that results down to the smallest
/// subnormal and up to overflow come out right. Within 2 ulp of Math.Exp (ExpVectorTests); exp(NaN) = NaN,
/// exp(+∞) = +∞, exp(−∞) = 0, as Math.Exp.
/// </summary>
internal static class ExpVector
{
    private const double Shifter = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low mantissa bits
    private const long ShifterBits = 0x4338000000000000;
    private const double EighthsPerLn2 = 11.541560327111707;          // 8/ln 2
    private const double Ln2Over8High = 0.08664339756999316;         // ln2/8 rounded to double …
    private const double Ln2Over8Low = 2.8988085173078744e-18;       // … and the rest, for an accurate r

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        // Beyond [−746, 710] exp is 0 or ∞ in double; clamping keeps 2^m's exponent arithmetic in range.
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-746.0)), Vector512.Create(710.0));
        var t = Vector512.FusedMultiplyAdd(xc, Vector512.Create(EighthsPerLn2), Vector512.Create(Shifter));
        var kd = t - Vector512.Create(Shifter);
        var k = t.AsInt64() - Vector512.Create(ShifterBits);
        var r = Vector512.FusedMultiplyAdd(kd, Vector512.Create(-Ln2Over8High), xc);
        r = Vector512.FusedMultiplyAdd(kd, Vector512.Create(-Ln2Over8Low), r);

        var p = Vector512.Create(1.0 / 40320.0);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 5040.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);

        var j = k & Vector512.Create(7L);
        var m = Vector512.ShiftRightArithmetic(k, 3);
        var m1 = Vector512.ShiftRightArithmetic(m, 1);
        var m2 = m - m1;
        var bias = Vector512.Create(1023L);
        var scale1 = Vector512.ShiftLeft(m1 + bias, 52).AsDouble();
        var scale2 = Vector512.ShiftLeft(m2 + bias, 52).AsDouble();
        // 2^(j/8), j = 0 … 7, correctly rounded; a constant (not a static field) so no class-init check lands in the loop.
        var table = Vector512.Create(1.0, 1.0905077326652577, 1.189207115002721, 1.2968395546510096,
            1.4142135623730951, 1.5422108254079407, 1.681792830507429, 1.8340080864093424);
        // j is in [0, 7] by construction: a plain permute, without Shuffle's zeroing of out-of-range indices.
        var twoToJ8 = Avx512F.IsSupported ? Avx512F.PermuteVar8x64(table, j) : Vector512.Shuffle(table, j);
        var y = twoToJ8 * p * scale1 * scale2;
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }
}
