using System.Runtime.Intrinsics;
using HHFunctional.Core.Engine;

namespace HHFunctional.Properties.Integrators;

/// <summary>Oracle: the platform's Math.Exp (libm), lane by lane.</summary>
public class ExpVectorTests
{
    private static long Ulps(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    private static double Lane0(double x) => ExpVector.Exp(Vector512.Create(x)).GetElement(0);

    // libm's exp is within ~0.5 ulp of the true value; the table entry, the polynomial and the products add at most ~1.5 ulp.
    [Fact]
    public void WithinTwoUlpOfMathExpOverTheWholeRange()
    {
        var random = new Random(20240601);
        long worst = 0; double worstX = 0;
        var xs = new double[8];
        for (int trial = 0; trial < 200_000; trial++)
        {
            for (int l = 0; l < 8; l++)
            {
                // Half the samples where the kernels live (|x| ≤ 50), half over the whole finite range of exp.
                xs[l] = trial % 2 == 0 ? (random.NextDouble() * 2 - 1) * 50 : -745.0 + random.NextDouble() * (709.78 + 745.0);
            }
            var ys = ExpVector.Exp(Vector512.Create(xs));
            for (int l = 0; l < 8; l++)
            {
                double expected = Math.Exp(xs[l]);
                // Subnormal results lose relative precision in any exp; compare them absolutely.
                long u = expected < 2.2250738585072014e-308 ? (Math.Abs(ys[l] - expected) <= 1e-323 ? 0 : 99) : Ulps(ys[l], expected);
                if (u > worst) { worst = u; worstX = xs[l]; }
            }
        }
        Assert.True(worst <= 2, $"{worst} ulp at x = {worstX:R}");
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(710.0, double.PositiveInfinity)]
    [InlineData(1e6, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(-746.0, 0.0)]
    [InlineData(-1e6, 0.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    public void EdgesAsMathExp(double x, double expected) => Assert.Equal(expected, Lane0(x));

    [Fact]
    public void OneIsEWithinTwoUlp() => Assert.True(Ulps(Lane0(1.0), Math.E) <= 2);

    [Fact]
    public void NaNStaysNaN() => Assert.True(double.IsNaN(Lane0(double.NaN)));

    [Fact]
    public void LargestFiniteAndSmallestSubnormalAsMathExp()
    {
        Assert.True(Ulps(Lane0(709.78), Math.Exp(709.78)) <= 2);
        Assert.Equal(Math.Exp(-745.0), Lane0(-745.0));
    }
}
