using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The arithmetic a model equation is written in, so that each equation exists once and runs both on one value at a
/// time (<see cref="ScalarLane"/>: the readable <see cref="Simulation.Step"/>) and on eight neurons or compartments at once
/// (<see cref="VectorLane"/>: the fast path). Write a rate, a current or a gate update as a generic method over
/// <c>T : struct, ILane&lt;T&gt;</c>; the JIT compiles one specialised copy per lane type, with every call inlined.
/// </summary>
/// <remarks>
/// The two lane types differ only in how a value is rounded, never in the formula: <see cref="ScalarLane"/> keeps the seed's
/// operations (Math.Exp, Math.Pow, true division), so the seed's run is reproduced to round-off; <see cref="VectorLane"/>
/// uses an inlined vector exp (≤ 2 ulp from Math.Exp), repeated multiplication for small powers and multiplication by the
/// reciprocal for division by a constant. Masks (comparison results) are lane values with every bit set for true and
/// zero for false; pass them to <see cref="Select"/> only.
/// </remarks>
/// <typeparam name="T">The lane type itself.</typeparam>
public interface ILane<T> where T : struct, ILane<T>
{
    /// <summary>Values per lane value: 1 or 8.</summary>
    static abstract int Count { get; }

    /// <summary>The same value in every lane.</summary>
    static abstract T Broadcast(double value);

    /// <summary>Lanes read from <paramref name="source"/> at <paramref name="index"/> (Count consecutive values).</summary>
    static abstract T Load(ref double source, nuint index);

    /// <summary>Writes the lanes to <paramref name="target"/> at <paramref name="index"/>.</summary>
    static abstract void Store(T value, ref double target, nuint index);

    /// <summary>Sum.</summary>
    static abstract T operator +(T a, T b);
    /// <summary>Difference.</summary>
    static abstract T operator -(T a, T b);
    /// <summary>Product.</summary>
    static abstract T operator *(T a, T b);
    /// <summary>Quotient.</summary>
    static abstract T operator /(T a, T b);
    /// <summary>Negation.</summary>
    static abstract T operator -(T a);

    /// <summary>x / c for a constant c: a true division on the scalar lane, x·(1/c) on the vector lane.</summary>
    static abstract T DivideBy(T x, double c);

    /// <summary>A divisor c prepared once for <see cref="DivideByPrepared"/>: c on the scalar lane, 1/c on the vector lane.</summary>
    static abstract T PrepareDivisor(double c);

    /// <summary><see cref="PrepareDivisor(double)"/> lane by lane, for divisors that differ between values (bit for bit the same per lane).</summary>
    static abstract T PrepareDivisor(T c);

    /// <summary>x / c with c from <see cref="PrepareDivisor(double)"/> (hoists the reciprocal out of a loop).</summary>
    static abstract T DivideByPrepared(T x, T prepared);

    /// <summary>c − a·b rounded once (a fused multiply-add, on both lanes: the same bits).</summary>
    static abstract T SubtractProduct(T c, T a, T b);

    /// <summary>eˣ.</summary>
    static abstract T Exp(T x);

    /// <summary>ln x (for x &gt; 0; a fractional power xᵃ is Exp(a·Log(x))).</summary>
    static abstract T Log(T x);

    /// <summary>|x|.</summary>
    static abstract T Abs(T x);

    /// <summary>x³ (the seed's <c>m**3</c>: a pow call on the scalar lane).</summary>
    static abstract T Cube(T x);

    /// <summary>x⁴ (the seed's <c>n**4</c>: a pow call on the scalar lane).</summary>
    static abstract T Fourth(T x);

    /// <summary>xᵖ for a whole p ≥ 1 (a pow call on the scalar lane except p = 1, repeated products on the vector lane).</summary>
    static abstract T Power(T x, int p);

    /// <summary>Mask of a &lt; b.</summary>
    static abstract T LessThan(T a, T b);

    /// <summary>Mask of a = b.</summary>
    static abstract T EqualTo(T a, T b);

    /// <summary>Mask of the lanes whose index (<paramref name="first"/> + lane) is in [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    static abstract T IndexIn(int first, int lo, int hi);

    /// <summary>ifTrue where the mask is set, ifFalse elsewhere.</summary>
    static abstract T Select(T mask, T ifTrue, T ifFalse);

    /// <summary>x limited to [lo, hi] (lo ≤ hi): lo where x &lt; lo, hi where x &gt; hi, x itself elsewhere, so NaN stays NaN.</summary>
    static abstract T Clamp(T x, double lo, double hi);

    /// <summary>Mask of the lanes that break the blow-up rule for a voltage: NaN, ±∞ or |v| &gt; 1000 mV.</summary>
    static abstract T BadVoltage(T vMv);

    /// <summary>Mask of the lanes that are NaN or ±∞.</summary>
    static abstract T NotFinite(T x);

    /// <summary>Union of two masks.</summary>
    static abstract T Or(T a, T b);

    /// <summary>Intersection of two masks.</summary>
    static abstract T And(T a, T b);

    /// <summary>Whether any lane of the mask is set.</summary>
    static abstract bool Any(T mask);
}

/// <summary>One double: the seed's arithmetic (Math.Exp, Math.Pow, true division).</summary>
/// <param name="Value">The value.</param>
public readonly record struct ScalarLane(double Value) : ILane<ScalarLane>
{
    private static readonly double True = BitConverter.Int64BitsToDouble(-1L);

    /// <inheritdoc/>
    public static int Count => 1;
    /// <summary>The lane holding <paramref name="value"/>.</summary>
    public static implicit operator ScalarLane(double value) => new(value);
    /// <summary>The lane's value.</summary>
    public static implicit operator double(ScalarLane lane) => lane.Value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Broadcast(double value) => new(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Load(ref double source, nuint index) => new(Unsafe.Add(ref source, index));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ScalarLane value, ref double target, nuint index) => Unsafe.Add(ref target, index) = value.Value;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane operator +(ScalarLane a, ScalarLane b) => new(a.Value + b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane operator -(ScalarLane a, ScalarLane b) => new(a.Value - b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane operator *(ScalarLane a, ScalarLane b) => new(a.Value * b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane operator /(ScalarLane a, ScalarLane b) => new(a.Value / b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane operator -(ScalarLane a) => new(-a.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane DivideBy(ScalarLane x, double c) => new(x.Value / c);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane PrepareDivisor(double c) => new(c);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane PrepareDivisor(ScalarLane c) => c;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane DivideByPrepared(ScalarLane x, ScalarLane prepared) => new(x.Value / prepared.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane SubtractProduct(ScalarLane c, ScalarLane a, ScalarLane b) => new(Math.FusedMultiplyAdd(-a.Value, b.Value, c.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Exp(ScalarLane x) => new(Math.Exp(x.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Log(ScalarLane x) => new(Math.Log(x.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Abs(ScalarLane x) => new(Math.Abs(x.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Cube(ScalarLane x) => new(Math.Pow(x.Value, 3));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Fourth(ScalarLane x) => new(Math.Pow(x.Value, 4));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Power(ScalarLane x, int p) => p == 1 ? x : new(Math.Pow(x.Value, p));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane LessThan(ScalarLane a, ScalarLane b) => Mask(a.Value < b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane EqualTo(ScalarLane a, ScalarLane b) => Mask(a.Value == b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane IndexIn(int first, int lo, int hi) => Mask(first >= lo && first < hi);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Select(ScalarLane mask, ScalarLane ifTrue, ScalarLane ifFalse) => IsSet(mask) ? ifTrue : ifFalse;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Clamp(ScalarLane x, double lo, double hi) => x.Value < lo ? lo : hi < x.Value ? hi : x;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane BadVoltage(ScalarLane vMv) => Mask(!(Math.Abs(vMv.Value) <= BlowUpRule.MaxAbsVMv));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane NotFinite(ScalarLane x) => Mask(!double.IsFinite(x.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane Or(ScalarLane a, ScalarLane b) => Mask(IsSet(a) | IsSet(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane And(ScalarLane a, ScalarLane b) => Mask(IsSet(a) & IsSet(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(ScalarLane mask) => IsSet(mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static ScalarLane Mask(bool set) => new(set ? True : 0.0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static bool IsSet(ScalarLane mask) => BitConverter.DoubleToInt64Bits(mask.Value) != 0;
}

/// <summary>Eight doubles in one AVX-512 register: inlined vector exp, powers by multiplication, reciprocals of constants.</summary>
/// <param name="Value">The eight values.</param>
public readonly record struct VectorLane(Vector512<double> Value) : ILane<VectorLane>
{
    /// <inheritdoc/>
    public static int Count => 8;
    /// <summary>Whether this lane type runs in hardware here (otherwise the engine uses <see cref="ScalarLane"/>).</summary>
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane Broadcast(double value) => new(Vector512.Create(value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane Load(ref double source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(VectorLane value, ref double target, nuint index) => value.Value.StoreUnsafe(ref target, index);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane operator +(VectorLane a, VectorLane b) => new(a.Value + b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane operator -(VectorLane a, VectorLane b) => new(a.Value - b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane operator *(VectorLane a, VectorLane b) => new(a.Value * b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane operator /(VectorLane a, VectorLane b) => new(a.Value / b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane operator -(VectorLane a) => new(-a.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane DivideBy(VectorLane x, double c) => new(x.Value * Vector512.Create(1.0 / c));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane PrepareDivisor(double c) => new(Vector512.Create(1.0 / c));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane PrepareDivisor(VectorLane c) => new(Vector512.Create(1.0) / c.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane DivideByPrepared(VectorLane x, VectorLane prepared) => new(x.Value * prepared.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane SubtractProduct(VectorLane c, VectorLane a, VectorLane b) => new(Vector512.FusedMultiplyAdd(-a.Value, b.Value, c.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane Exp(VectorLane x) => new(ExpVector.Exp(x.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane Log(VectorLane x) => new(Vector512.Log(x.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane Abs(VectorLane x) => new(Vector512.Abs(x.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane Cube(VectorLane x) => new(x.Value * x.Value * x.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Fourth(VectorLane x)
    {
        var square = x.Value * x.Value;
        return new(square * square);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Power(VectorLane x, int p)
    {
        switch (p)
        {
            case 1: return x;
            case 2: return new(x.Value * x.Value);
            case 3: return Cube(x);
            case 4: return Fourth(x);
            default:
                var result = x.Value;
                for (int i = 1; i < p; i++) result *= x.Value;
                return new(result);
        }
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane LessThan(VectorLane a, VectorLane b) => new(Vector512.LessThan(a.Value, b.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane EqualTo(VectorLane a, VectorLane b) => new(Vector512.Equals(a.Value, b.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane IndexIn(int first, int lo, int hi)
    {
        // Most vectors of a group lie wholly inside (a chain's interior): no lane arithmetic for them.
        if (first >= lo && first <= hi - Vector512<double>.Count) return new(Vector512<double>.AllBitsSet);
        var index = Vector512.Create((long)first) + Vector512.Create(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        return new((Vector512.GreaterThanOrEqual(index, Vector512.Create((long)lo)) & Vector512.LessThan(index, Vector512.Create((long)hi))).AsDouble());
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Select(VectorLane mask, VectorLane ifTrue, VectorLane ifFalse) => new(Vector512.ConditionalSelect(mask.Value, ifTrue.Value, ifFalse.Value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Clamp(VectorLane x, double lo, double hi)
    {
        // vmaxpd/vminpd return their second operand where either is NaN (or both are zeros): x, as the scalar lane does;
        // one instruction each instead of a compare, a mask conversion and a blend.
        if (Avx512F.IsSupported) return new(Avx512F.Min(Vector512.Create(hi), Avx512F.Max(Vector512.Create(lo), x.Value)));
        var low = Vector512.ConditionalSelect(Vector512.LessThan(x.Value, Vector512.Create(lo)), Vector512.Create(lo), x.Value);
        return new(Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Create(hi), low), Vector512.Create(hi), low));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane BadVoltage(VectorLane vMv) => new(~Vector512.LessThanOrEqual(Vector512.Abs(vMv.Value), Vector512.Create(BlowUpRule.MaxAbsVMv)));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane NotFinite(VectorLane x) => new(~Vector512.LessThanOrEqual(Vector512.Abs(x.Value), Vector512.Create(double.MaxValue)));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane Or(VectorLane a, VectorLane b) => new(a.Value | b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorLane And(VectorLane a, VectorLane b) => new(a.Value & b.Value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(VectorLane mask) => mask.Value != Vector512<double>.Zero;
}
