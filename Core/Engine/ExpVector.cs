using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HHFunctional.Core.Engine;

/// <summary>
/// exp for eight doubles, inlined into the kernels (the library's Vector512.Exp is an out-of-line call that spills
/// every vector register around it). x = (16m + j)·ln2/16 + r with |r| ≤ ln2/32, so
/// exp(x) = 2^m · 2^(j/16) · e^r: 2^(j/16) from a sixteen-entry table held in two registers (one two-register permute),
/// e^r by a degree-6 polynomial fitted on that interval (error below 8e-18 relative), 2^m applied by AVX-512's vscalefpd (elsewhere built
/// in the exponent bits in two halves) so that results down to the smallest subnormal and up to overflow come out right.
/// Within 2 ulp of Math.Exp (ExpVectorTests); exp(NaN) = NaN, exp(+∞) = +∞, exp(−∞) = 0, as Math.Exp.
/// </summary>
internal static class ExpVector
{
    private const double Shifter = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low mantissa bits
    private const long ShifterBits = 0x4338000000000000;
    private const double SixteenthsPerLn2 = 23.083120654223414;       // 16/ln 2
    private const double Ln2Over16High = 0.04332169878499658;        // ln2/16 rounded to double …
    private const double Ln2Over16Low = 1.4494042586539372e-18;      // … and the rest, for an accurate r
    private const byte RangeMinAbsoluteSignOfFirst = 0b0010; // vrangepd imm8: [1:0] = 10 min of |a|, |b|; [3:2] = 00 sign of a

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        // Beyond ±746 exp is 0 or ∞ in double; clamping keeps the reduction exact and 2^m's exponent in range. AVX-512's
        // vrangepd clamps in one instruction (|x| ≤ 746 with x's sign; it turns NaN into −746, put back at the end).
        bool avx512 = Avx512DQ.IsSupported && Avx512F.IsSupported;
        var xc = avx512
            ? Avx512DQ.Range(x, Vector512.Create(746.0), RangeMinAbsoluteSignOfFirst)
            : Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-746.0)), Vector512.Create(710.0));
        var t = Vector512.FusedMultiplyAdd(xc, Vector512.Create(SixteenthsPerLn2), Vector512.Create(Shifter));
        var kd = t - Vector512.Create(Shifter);
        var r = Vector512.FusedMultiplyAdd(kd, Vector512.Create(-Ln2Over16High), xc);
        r = Vector512.FusedMultiplyAdd(kd, Vector512.Create(-Ln2Over16Low), r);

        // e^r by a degree-6 polynomial fitted to it on [−ln2/32, ln2/32] (docs/exp_polynomial.py: relative error below
        // 8e-18 with these double coefficients): one multiply-add fewer than the Taylor series to r⁷ it replaced.
        var p = Vector512.Create(0.0013889092532749104);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.008333496248686918));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.04166666666188925));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.16666666662844726));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5000000000000003));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0000000000000022));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);

        // j = k mod 16 sits in t's low mantissa bits (the shifter's are zero there), for negative k too.
        var j = t.AsInt64() & Vector512.Create(15L);
        // 2^(j/16), j = 0 … 15, correctly rounded; constants (not static fields) so no class-init check lands in the loop.
        var low = Vector512.Create(1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916,
            1.189207115002721, 1.241857812073484, 1.2968395546510096, 1.3542555469368927);
        var high = Vector512.Create(1.4142135623730951, 1.4768261459394993, 1.5422108254079407, 1.6104903319492543,
            1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474);
        Vector512<double> y;
        if (Avx512F.IsSupported)
        {
            // j is in [0, 15] by construction: one permute across both table registers; then vscalefpd multiplies by
            // 2^⌊k/16⌋ (it floors its second operand itself) in one instruction, subnormal and overflowing results included.
            y = Avx512F.Scale(Avx512F.PermuteVar8x64x2(low, j, high) * p, kd * Vector512.Create(1.0 / 16.0));
        }
        else
        {
            var twoToJ16 = Vector512.ConditionalSelect(Vector512.GreaterThan(j, Vector512.Create(7L)).AsDouble(),
                Vector512.Shuffle(high, j - Vector512.Create(8L)), Vector512.Shuffle(low, j));
            var m = Vector512.ShiftRightArithmetic(t.AsInt64() - Vector512.Create(ShifterBits), 4);
            var m1 = Vector512.ShiftRightArithmetic(m, 1);
            var m2 = m - m1;
            var bias = Vector512.Create(1023L);
            var scale1 = Vector512.ShiftLeft(m1 + bias, 52).AsDouble();
            var scale2 = Vector512.ShiftLeft(m2 + bias, 52).AsDouble();
            y = twoToJ16 * p * scale1 * scale2;
        }
        // exp(NaN) = NaN: vfixupimmpd returns x where x is a NaN (quieted) and y elsewhere, one instruction for a compare
        // and a blend (its table: a nibble per class of x, 1 = x for a quiet NaN, 2 = x quieted for a signalling one).
        return avx512 ? Avx512F.Fixup(y, x, Vector512.Create(0x21L), 0) : Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }
}
