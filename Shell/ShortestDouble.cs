using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HHFunctional.Shell;

/// <summary>
/// Writes a double as UTF-8 exactly as <c>double.ToString(CultureInfo.InvariantCulture)</c> does (shortest round-trip
/// digits; scientific notation "d.dddE+XX" from 1e17 up and below 1e-4), several times
/// faster: the CSVs of a run hold millions of numbers. The digits come from Ryu (Ulf Adams, "Ryū: fast float-to-string
/// conversion", PLDI 2018; github.com/ulfjack/ryu, d2s.c), whose 128-bit power-of-5 tables are computed here once with
/// BigInteger. NaN and infinities take .NET's own path. ShortestDoubleTests compares every output with .NET's.
/// </summary>
internal static class ShortestDouble
{
    private const int MantissaBits = 52;
    private const int ExponentBits = 11;
    private const int Bias = 1023;
    private const int Pow5InvBitCount = 125;
    private const int Pow5BitCount = 125;

    // 5^i and 2^k/5^i as 125-bit numbers split into (low, high) 64-bit halves, as Ryu's DOUBLE_POW5_SPLIT / _INV_SPLIT.
    private static readonly (ulong Low, ulong High)[] Pow5Split = Table(326, inverse: false);
    private static readonly (ulong Low, ulong High)[] Pow5InvSplit = Table(342, inverse: true);

    /// <summary>Longest output: sign, 17 digits, point, "E-324".</summary>
    public const int MaxLength = 32;

    /// <summary>Formats <paramref name="value"/> into <paramref name="destination"/> (≥ <see cref="MaxLength"/> bytes); returns the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Format(double value, Span<byte> destination)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        bool negative = (bits >> 63) != 0;
        ulong ieeeMantissa = bits & ((1UL << MantissaBits) - 1);
        uint ieeeExponent = (uint)((bits >> MantissaBits) & ((1u << ExponentBits) - 1));
        if (ieeeExponent == (1u << ExponentBits) - 1)
        {
            value.TryFormat(destination, out int special, default, CultureInfo.InvariantCulture);
            return special;
        }
        int pos = 0;
        if (negative) destination[pos++] = (byte)'-';
        if (ieeeExponent == 0 && ieeeMantissa == 0)
        {
            destination[pos++] = (byte)'0';
            return pos;
        }
        var (digits, exponent) = Decimal(ieeeMantissa, ieeeExponent);
        while (digits % 10 == 0) { digits /= 10; exponent++; }
        return pos + Layout(digits, exponent, destination[pos..]);
    }

    /// <summary>.NET's FormatGeneral for value = digits × 10^exponent, with nMaxDigits = 17 (double's round-trip digits).</summary>
    private static int Layout(ulong digits, int exponent, Span<byte> d)
    {
        Span<byte> text = stackalloc byte[20];
        int count = 0;
        for (ulong x = digits; x > 0; x /= 10) text[19 - count++] = (byte)('0' + (int)(x % 10));
        text = text[(20 - count)..];
        int scale = count + exponent; // value = 0.d1d2…dn × 10^scale
        int pos = 0;
        if (scale > 17 || scale < -3)
        {
            d[pos++] = text[0];
            if (count > 1)
            {
                d[pos++] = (byte)'.';
                text[1..].CopyTo(d[pos..]);
                pos += count - 1;
            }
            int e = scale - 1;
            d[pos++] = (byte)'E';
            d[pos++] = e < 0 ? (byte)'-' : (byte)'+';
            e = Math.Abs(e);
            if (e >= 100) { d[pos++] = (byte)('0' + e / 100); e %= 100; d[pos++] = (byte)('0' + e / 10); d[pos++] = (byte)('0' + e % 10); }
            else { d[pos++] = (byte)('0' + e / 10); d[pos++] = (byte)('0' + e % 10); }
            return pos;
        }
        if (scale <= 0)
        {
            d[pos++] = (byte)'0';
            d[pos++] = (byte)'.';
            for (int z = scale; z < 0; z++) d[pos++] = (byte)'0';
            text.CopyTo(d[pos..]);
            return pos + count;
        }
        if (scale >= count)
        {
            text.CopyTo(d[pos..]);
            pos += count;
            for (int z = count; z < scale; z++) d[pos++] = (byte)'0';
            return pos;
        }
        text[..scale].CopyTo(d[pos..]);
        pos += scale;
        d[pos++] = (byte)'.';
        text[scale..].CopyTo(d[pos..]);
        return pos + count - scale;
    }

    /// <summary>Ryu's d2d: the shortest decimal digits × 10^exponent that round-trip, closest to the exact value.</summary>
    private static (ulong Digits, int Exponent) Decimal(ulong ieeeMantissa, uint ieeeExponent)
    {
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - Bias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = (int)ieeeExponent - Bias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }
        bool even = (m2 & 1) == 0, acceptBounds = even;

        ulong mv = 4 * m2;
        uint mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;
        ulong vr, vp, vm;
        int e10;
        bool vmIsTrailingZeros = false, vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            uint q = Log10Pow2(e2) - (e2 > 3 ? 1u : 0u);
            e10 = (int)q;
            int k = Pow5InvBitCount + Pow5Bits((int)q) - 1;
            int i = -e2 + (int)q + k;
            vr = MulShiftAll(m2, Pow5InvSplit[q], i, out vp, out vm, mmShift);
            if (q <= 21)
            {
                if (mv % 5 == 0) vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                else if (acceptBounds) vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                else vp -= MultipleOfPowerOf5(mv + 2, q) ? 1UL : 0UL;
            }
        }
        else
        {
            uint q = Log10Pow5(-e2) - (-e2 > 1 ? 1u : 0u);
            e10 = (int)q + e2;
            int i = -e2 - (int)q;
            int k = Pow5Bits(i) - Pow5BitCount;
            int j = (int)q - k;
            vr = MulShiftAll(m2, Pow5Split[i], j, out vp, out vm, mmShift);
            if (q <= 1)
            {
                vrIsTrailingZeros = true;
                if (acceptBounds) vmIsTrailingZeros = mmShift == 1;
                else --vp;
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = (mv & ((1UL << (int)q) - 1)) == 0;
            }
        }

        int removed = 0;
        int lastRemovedDigit = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // The general case (about 0.7% of doubles).
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = (int)(vr % 10);
                vr /= 10; vp /= 10; vm /= 10;
                ++removed;
            }
            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = (int)(vr % 10);
                    vr /= 10; vp /= 10; vm /= 10;
                    ++removed;
                }
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) lastRemovedDigit = 4; // round half to even
            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            bool roundUp = false;
            if (vp / 100 > vm / 100)
            {
                roundUp = vr % 100 >= 50;
                vr /= 100; vp /= 100; vm /= 100;
                removed += 2;
            }
            while (vp / 10 > vm / 10)
            {
                roundUp = vr % 10 >= 5;
                vr /= 10; vp /= 10; vm /= 10;
                ++removed;
            }
            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }
        return (output, e10 + removed);
    }

    private static ulong MulShiftAll(ulong m, (ulong Low, ulong High) mul, int j, out ulong vp, out ulong vm, uint mmShift)
    {
        vp = MulShift(4 * m + 2, mul, j);
        vm = MulShift(4 * m - 1 - mmShift, mul, j);
        return MulShift(4 * m, mul, j);
    }

    // (m × mul) >> j for the 128-bit mul, j ≥ 64: the top of the 192-bit product.
    private static ulong MulShift(ulong m, (ulong Low, ulong High) mul, int j)
    {
        ulong high1 = Math.BigMul(m, mul.High, out ulong low1);
        ulong high0 = Math.BigMul(m, mul.Low, out _);
        ulong sum = high0 + low1;
        if (sum < high0) ++high1;
        int shift = j - 64;
        return (high1 << (64 - shift)) | (sum >> shift);
    }

    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static uint Log10Pow2(int e) => ((uint)e * 78913) >> 18;

    private static uint Log10Pow5(int e) => ((uint)e * 732923) >> 20;

    private static bool MultipleOfPowerOf5(ulong value, uint p)
    {
        uint count = 0;
        while (value % 5 == 0) { value /= 5; count++; }
        return count >= p;
    }

    private static (ulong, ulong)[] Table(int size, bool inverse)
    {
        var table = new (ulong, ulong)[size];
        var mask = (BigInteger.One << 64) - 1;
        for (int i = 0; i < size; i++)
        {
            var pow = BigInteger.Pow(5, i);
            int length = (int)pow.GetBitLength();
            var value = inverse
                ? (BigInteger.One << (length - 1 + Pow5InvBitCount)) / pow + 1
                : length >= Pow5BitCount ? pow >> (length - Pow5BitCount) : pow << (Pow5BitCount - length);
            table[i] = ((ulong)(value & mask), (ulong)(value >> 64));
        }
        return table;
    }
}
