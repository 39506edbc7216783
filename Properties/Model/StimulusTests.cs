using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Model;

/// <summary>Oracle: the seed's I_inj(i) = 5·(i·dt&gt;100) − 5·(i·dt&gt;200) + 10·(i·dt&gt;300) − 10·(i·dt&gt;400), verbatim.</summary>
public class StimulusTests
{
    private static double SeedInjection(long i, double dt) =>
        5 * (i * dt > 100 ? 1 : 0) - 5 * (i * dt > 200 ? 1 : 0) + 10 * (i * dt > 300 ? 1 : 0) - 10 * (i * dt > 400 ? 1 : 0);

    [Fact]
    public void SeedProtocolEqualsTheSeedsFormulaAtEveryIteration()
    {
        for (long i = 0; i <= 50_001; i++)
        {
            Assert.Equal(SeedInjection(i, 0.01), Stimulus.Seed.AmplitudeAt(i * 0.01, 0));
            Assert.Equal(0.0, Stimulus.Seed.AmplitudeAt(i * 0.01, 1));
        }
        // The strict comparisons: update 10000 (t = 100 ms) is off, 10001 on; 20000 (t = 200) still on, 20001 off.
        Assert.Equal(0.0, Stimulus.Seed.AmplitudeAt(10_000 * 0.01, 0));
        Assert.Equal(5.0, Stimulus.Seed.AmplitudeAt(10_001 * 0.01, 0));
        Assert.Equal(5.0, Stimulus.Seed.AmplitudeAt(20_000 * 0.01, 0));
        Assert.Equal(0.0, Stimulus.Seed.AmplitudeAt(20_001 * 0.01, 0));
    }

    [Fact]
    public void BuildersComposeAsData()
    {
        var s = Stimulus.Step(10, 20, 5.0, 1) + Stimulus.Pulses(0, 3, 1.0, 10.0, 2.0) + Stimulus.Ramp(100, 200, 0.0, 10.0, 2)
                + Stimulus.FromFunction((t, c) => c == 3 ? t : 0.0);
        Assert.Equal(5.0, s.AmplitudeAt(15, 1));
        Assert.Equal(0.0, s.AmplitudeAt(15, 0));
        Assert.Equal(new[] { 2.0, 0.0, 2.0, 0.0, 2.0, 0.0 }, new[] { 0.5, 1.5, 10.5, 11.5, 21.0, 30.5 }.Select(t => s.AmplitudeAt(t, 0)));
        Assert.Equal(5.0, s.AmplitudeAt(150, 2), 12);
        Assert.Equal(10.0, s.AmplitudeAt(200, 2), 12);
        Assert.Equal(0.0, s.AmplitudeAt(100, 2));
        Assert.Equal(42.0, s.AmplitudeAt(42, 3));
    }

    /// <summary>Law: amplitudes of a sum are the sums of amplitudes.</summary>
    [Property(MaxTest = 300)]
    public Property SumOfStimuliAddsTheirCurrents() => SumLaw((a, b) => a + b);

    [Fact]
    public void ShouldFail_SumLawOnACompositionThatDropsTheSecondStimulus() => Mutants.Mutation.AssertFails(SumLaw((a, _) => a));

    private static Property SumLaw(Func<Stimulus, Stimulus, Stimulus> plus) =>
        Prop.ForAll(Arb.From(
            from a in Generators.Between(-10, 10)
            from b in Generators.Between(-10, 10)
            from t in Generators.Between(-5, 60)
            from s1 in Generators.Between(0, 50)
            from s2 in Generators.Between(0, 50)
            select (a, b, t, s1, s2)), x =>
        {
            var one = Stimulus.Step(x.s1, x.s1 + 5, x.a);
            var two = Stimulus.Ramp(x.s2, x.s2 + 7, x.b, -x.b);
            return plus(one, two).AmplitudeAt(x.t, 0) == one.AmplitudeAt(x.t, 0) + two.AmplitudeAt(x.t, 0);
        });
}
