using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Engine;

namespace HHFunctional.Properties.Engine;

/// <summary>
/// Law: the vector lane's clamp (vmaxpd/vminpd where AVX-512 runs) is the scalar lane's, lane by lane and bit for bit, and
/// both are the definition: lo below lo, hi above hi, x itself elsewhere, so NaN and −0 pass through. The generator draws
/// the values a gate update can produce (inside, just outside, the bounds themselves, ±0, ±∞, NaN); the operand order of
/// max/min decides what NaN and equal zeros give, which a swapped order would change.
/// </summary>
public class ClampTests
{
    private static readonly Gen<double> Values = Gen.Frequency(
        (4, Gen.Choose(-3000, 13000).Select(k => k / 10000.0)),
        (2, Gen.Elements(0.0, -0.0, 1.0, double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            double.Epsilon, -double.Epsilon, Math.BitIncrement(1.0), Math.BitDecrement(0.0))));

    private static double Definition(double x, double lo, double hi) => x < lo ? lo : hi < x ? hi : x;

    [Fact]
    public void VectorClampIsTheScalarClampBitForBit()
    {
        var cases = from values in Gen.ArrayOf(Values, 8)
                    from bounds in Gen.Elements((0.0, 1.0), (-1.0, 1.0), (0.5, 0.5), (-0.0, 0.0))
                    select (values, bounds.Item1, bounds.Item2);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var clamped = VectorLane.Clamp(new VectorLane(System.Runtime.Intrinsics.Vector512.Create(c.values)), c.Item2, c.Item3).Value;
            bool same = Enumerable.Range(0, 8).All(k =>
                BitConverter.DoubleToInt64Bits(clamped[k]) == BitConverter.DoubleToInt64Bits(ScalarLane.Clamp(c.values[k], c.Item2, c.Item3).Value)
                && BitConverter.DoubleToInt64Bits(clamped[k]) == BitConverter.DoubleToInt64Bits(Definition(c.values[k], c.Item2, c.Item3)));
            return same.Label($"[{string.Join(", ", c.values)}] in [{c.Item2}, {c.Item3}]");
        }).QuickCheckThrowOnFailure();
    }
}
