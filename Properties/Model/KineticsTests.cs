using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Model;

/// <summary>Oracles: the analytic limits of the removable singularities, and the seed's own formulas elsewhere.</summary>
public class KineticsTests
{
    // The seed's formulas verbatim (hodgkin_huxley_pymonnto.md), to compare against away from the singular points.
    private static double SeedAlphaM(double v) => 0.1 * (v + 40.0) / (1.0 - Math.Exp(-(v + 40.0) / 10.0));
    private static double SeedAlphaN(double v) => 0.01 * (v + 55.0) / (1.0 - Math.Exp(-(v + 55.0) / 10.0));

    [Fact]
    public void SeedFormulaIsZeroOverZeroAtTheSingularPoints()
    {
        Assert.True(double.IsNaN(SeedAlphaM(-40.0)));
        Assert.True(double.IsNaN(SeedAlphaN(-55.0)));
    }

    // lim_{x→0} 0.1·x/(1 − e^{−x/10}) = 0.1·10 = 1 and lim 0.01·x/(1 − e^{−x/10}) = 0.1 (L'Hôpital).
    [Fact]
    public void AlphaMIsItsLimitAtMinus40Mv() => Assert.Equal(1.0, Kinetics.AlphaM(-40.0), 15);

    [Fact]
    public void AlphaNIsItsLimitAtMinus55Mv() => Assert.Equal(0.1, Kinetics.AlphaN(-55.0), 15);

    public static TheoryData<double> Offsets => new() { 1e-12, -1e-12, 1e-13, -1e-13, 5e-7, -5e-7, 1e-6, -1e-6, 2e-5, -2e-5, 1e-3, -1e-3 };

    // Near x = 0 the function is 1 + x/20 + x²/1200 + … (α_m) and 0.1·(1 + x/20 + …) (α_n): the derivative is 1/20 and
    // 1/200 per mV, so within δ mV the value moves by at most δ/20. Allow that plus 1e-9 relative (the seed's formula
    // loses ~eps/|x/10| of relative accuracy near the point: 2e-10 at the Taylor switch, |x| = 1e-5 mV).
    [Theory]
    [MemberData(nameof(Offsets))]
    public void AlphaMIsFiniteAndContinuousNearMinus40Mv(double offsetMv)
    {
        double a = Kinetics.AlphaM(-40.0 + offsetMv);
        Assert.True(double.IsFinite(a));
        Assert.True(Math.Abs(a - (1.0 + offsetMv / 20.0)) <= 1e-9 + offsetMv * offsetMv, $"α_m(−40 + {offsetMv}) = {a:R}");
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void AlphaNIsFiniteAndContinuousNearMinus55Mv(double offsetMv)
    {
        double a = Kinetics.AlphaN(-55.0 + offsetMv);
        Assert.True(double.IsFinite(a));
        Assert.True(Math.Abs(a - 0.1 * (1.0 + offsetMv / 20.0)) <= 1e-10 + offsetMv * offsetMv, $"α_n(−55 + {offsetMv}) = {a:R}");
    }

    /// <summary>Law: away from the singular points (|V − V*| ≥ 1e-5 mV) the rates are the seed's, bit for bit.</summary>
    [Property(MaxTest = 2000)]
    public Property RatesAreTheSeedsAwayFromTheSingularities() =>
        Prop.ForAll(Arb.From(Generators.Between(-150.0, 100.0)), v =>
        {
            bool farM = Math.Abs(v + 40.0) >= 1e-5, farN = Math.Abs(v + 55.0) >= 1e-5;
            return (!farM || Kinetics.AlphaM(v).Equals(SeedAlphaM(v))).Label("α_m")
                .And((!farN || Kinetics.AlphaN(v).Equals(SeedAlphaN(v))).Label("α_n"));
        });

    [Fact]
    public void RatesAreFiniteAndNonNegativeOverTheWholeRange()
    {
        for (double v = -200.0; v <= 150.0; v += 0.001)
            foreach (double r in new[] { Kinetics.AlphaM(v), Kinetics.BetaM(v), Kinetics.AlphaH(v), Kinetics.BetaH(v), Kinetics.AlphaN(v), Kinetics.BetaN(v) })
                Assert.True(double.IsFinite(r) && r >= 0, $"rate {r} at {v} mV");
    }
}
