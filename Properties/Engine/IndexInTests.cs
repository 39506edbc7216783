using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Engine;

namespace HHFunctional.Properties.Engine;

/// <summary>
/// Law: the vector lane's index mask is the scalar lane's, lane by lane: lane k is set exactly when lo ≤ first + k &lt; hi.
/// Generated around the edges the kernels use (a group's first and last compartment, chunk ends), so both the shortcut for
/// a vector wholly inside and the lane arithmetic at the edges are exercised.
/// </summary>
public class IndexInTests
{
    [Fact]
    public void VectorMaskIsTheScalarMaskLaneByLane()
    {
        var cases = from lo in Gen.Choose(-20, 40)
                    from width in Gen.Choose(0, 60)
                    from first in Gen.Choose(lo - 12, lo + width + 12)
                    select (first, lo, hi: lo + width);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var mask = VectorLane.IndexIn(c.first, c.lo, c.hi).Value;
            bool same = Enumerable.Range(0, 8).All(k =>
                BitConverter.DoubleToInt64Bits(mask[k]) == BitConverter.DoubleToInt64Bits(ScalarLane.IndexIn(c.first + k, c.lo, c.hi).Value)
                && (BitConverter.DoubleToInt64Bits(mask[k]) != 0) == (c.first + k >= c.lo && c.first + k < c.hi));
            return same.Label($"first {c.first}, [{c.lo}, {c.hi})");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void UnboundedAboveAsTheKernelsAskForIt()
    {
        var mask = VectorLane.IndexIn(int.MaxValue - 20, 0, int.MaxValue).Value;
        Assert.True(Enumerable.Range(0, 8).All(k => BitConverter.DoubleToInt64Bits(mask[k]) == -1L));
    }
}
