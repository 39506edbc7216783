using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Network;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Network;

/// <summary>
/// The connection rules' laws (Core/Network/ConnectionRules.cs): one-to-one needs equal sizes; fixed in-degree gives
/// exactly k distinct sources per target, none itself unless allowed; fixed probability's counts are Binomial; the same
/// seed gives the same list and different seeds differ. Each law fails on a mutant (Mutants/ConnectionRuleMutants.cs).
/// The draw order is pinned against an independent Python implementation of the documented order.
/// </summary>
public class ConnectionRuleProperties
{
    internal delegate CellPair[] Expander(ConnectionRule rule, int sources, int targets, bool samePopulation);

    private static readonly Expander Ours = ConnectionRules.PairsUnchecked;

    /// <summary>A population size (1 … 40), whether source and target are one population, and a seed.</summary>
    private static Gen<(int Sources, int Targets, bool Same, ulong Seed)> Shapes =>
        from same in Gen.Elements(true, false)
        from n in Gen.Choose(1, 40)
        from m in Gen.Choose(1, 40)
        from seed in Gen.Choose(0, int.MaxValue)
        select (n, same ? n : m, same, (ulong)seed);

    private static Gen<(int Sources, int Targets, bool Same, ulong Seed, int K, bool AllowSelf)> InDegreeCases =>
        from shape in Shapes
        from allow in Gen.Elements(true, false)
        let candidates = shape.Same && !allow ? shape.Sources - 1 : shape.Sources
        from k in Gen.Choose(0, candidates)
        select (shape.Sources, shape.Targets, shape.Same, shape.Seed, k, allow);

    internal static Property InDegreeIsExactlyKDistinctSources(Expander expand) =>
        Prop.ForAll(InDegreeCases.ToArbitrary(), c =>
        {
            var pairs = expand(new ConnectionRule.FixedInDegree(c.K, c.Seed, c.AllowSelf), c.Sources, c.Targets, c.Same);
            var byTarget = pairs.GroupBy(p => p.Target).ToDictionary(g => g.Key, g => g.Select(p => p.Source).ToList());
            bool exact = Enumerable.Range(0, c.Targets).All(t => (byTarget.GetValueOrDefault(t)?.Count ?? 0) == c.K);
            bool distinct = byTarget.Values.All(s => s.Distinct().Count() == s.Count);
            bool inRange = pairs.All(p => p.Source >= 0 && p.Source < c.Sources && p.Target >= 0 && p.Target < c.Targets);
            bool noSelf = c.AllowSelf || !c.Same || pairs.All(p => p.Source != p.Target);
            return exact.Label("k per target").And(distinct.Label("distinct")).And(inRange.Label("in range")).And(noSelf.Label("no self"))
                .Classify(c.Same, "one population");
        });

    [Property(MaxTest = 200)]
    public Property FixedInDegreeGivesExactlyKDistinctSourcesPerTarget() => InDegreeIsExactlyKDistinctSources(Ours);

    [Fact]
    public void ShouldFail_FixedInDegree_WithReplacement() =>
        PropertyAssert.Falsified(InDegreeIsExactlyKDistinctSources(ConnectionRuleMutants.InDegreeWithReplacement), 200);

    [Fact]
    public void ShouldFail_FixedInDegree_WhenSelfIsAlwaysAllowed() =>
        PropertyAssert.Falsified(InDegreeIsExactlyKDistinctSources(ConnectionRuleMutants.SelfAlwaysAllowed), 200);

    internal static Property NoSelfPairsUnlessAllowed(Expander expand) =>
        Prop.ForAll(Shapes.ToArbitrary(), Generators.Between(0, 1).ToArbitrary(), (c, p) =>
        {
            var all = expand(new ConnectionRule.AllToAll(false), c.Sources, c.Targets, c.Same);
            var prob = expand(new ConnectionRule.FixedProbability(p, c.Seed, false), c.Sources, c.Targets, c.Same);
            int expected = c.Sources * c.Targets - (c.Same ? c.Sources : 0);
            return (all.Length == expected).Label("all-to-all count")
                .And((!c.Same || all.Concat(prob).All(x => x.Source != x.Target)).Label("no self"))
                .And((prob.Distinct().Count() == prob.Length && prob.All(x => all.Contains(x))).Label("probability: distinct candidate pairs"));
        });

    [Property(MaxTest = 100)]
    public Property AllToAllAndFixedProbabilityHaveNoSelfPairsUnlessAllowed() => NoSelfPairsUnlessAllowed(Ours);

    [Fact]
    public void ShouldFail_NoSelfPairs_WhenSelfIsAlwaysAllowed() =>
        PropertyAssert.Falsified(NoSelfPairsUnlessAllowed(ConnectionRuleMutants.SelfAlwaysAllowed));

    internal static Property SameSeedSameListDifferentSeedsDiffer(Expander expand) =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (seed, inDegree) =>
        {
            // 30 × 30 cells: two seeds give the same list with probability far below 1e-100.
            ConnectionRule Rule(ulong s) => inDegree ? new ConnectionRule.FixedInDegree(10, s, false) : new ConnectionRule.FixedProbability(0.3, s, false);
            var a = expand(Rule((ulong)seed), 30, 30, true);
            var again = expand(Rule((ulong)seed), 30, 30, true);
            var other = expand(Rule((ulong)seed + 1), 30, 30, true);
            return a.SequenceEqual(again).Label("same seed, same list").And((!a.SequenceEqual(other)).Label("next seed, another list"));
        });

    [Property(MaxTest = 50)]
    public Property SameSeedGivesTheSameListAndDifferentSeedsDiffer() => SameSeedSameListDifferentSeedsDiffer(Ours);

    [Fact]
    public void ShouldFail_SeedsDiffer_WhenTheSeedIsIgnored() =>
        PropertyAssert.Falsified(SameSeedSameListDifferentSeedsDiffer(ConnectionRuleMutants.SeedIgnored));

    /// <summary>
    /// Oracle: the Binomial distribution. 20 sources → 1 target at p = 0.3 over 4,000 seeds: the in-degree's mean is
    /// n·p = 6 and its variance n·p·(1 − p) = 4.2 (mean within 4 standard errors, 0.13; variance within 10%, about 4.5
    /// of its standard errors). Deciding per target (all or none) keeps the mean and fails the variance (≈ 84).
    /// </summary>
    internal static void AssertBinomialInDegree(Expander expand)
    {
        const int n = 20, seeds = 4000;
        const double p = 0.3;
        var counts = Enumerable.Range(0, seeds).Select(s => (double)expand(new ConnectionRule.FixedProbability(p, (ulong)s, true), n, 1, false).Length).ToArray();
        double mean = counts.Average(), variance = counts.Select(c => (c - mean) * (c - mean)).Sum() / (seeds - 1);
        Assert.InRange(mean, n * p - 4 * Math.Sqrt(n * p * (1 - p) / seeds), n * p + 4 * Math.Sqrt(n * p * (1 - p) / seeds));
        Assert.InRange(variance, n * p * (1 - p) * 0.9, n * p * (1 - p) * 1.1);
    }

    [Fact]
    public void FixedProbabilityInDegreeIsBinomial() => AssertBinomialInDegree(Ours);

    [Fact]
    public void ShouldFail_Binomial_WhenDecidedPerTarget() =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertBinomialInDegree(ConnectionRuleMutants.ProbabilityPerTarget));

    /// <summary>Oracle: uniform sampling without replacement. 10 sources, k = 3, one target, 6,000 seeds: each source is
    /// drawn with probability 0.3 (1,800 times, within 5 standard errors of 35.5).</summary>
    [Fact]
    public void FixedInDegreeDrawsEverySourceEquallyOften()
    {
        var hits = new int[10];
        for (int s = 0; s < 6000; s++)
            foreach (var pair in ConnectionRules.PairsUnchecked(new ConnectionRule.FixedInDegree(3, (ulong)s, true), 10, 1, false)) hits[pair.Source]++;
        Assert.All(hits, h => Assert.InRange(h, 1800 - 5 * 35.5, 1800 + 5 * 35.5));
    }

    /// <summary>Oracle: an independent Python implementation of the draw order documented in docs/network.md (SplitMix64,
    /// u = (draw &gt;&gt; 11)/2⁵³, rejection for bounded draws, partial Fisher–Yates), run once; its output pasted here.</summary>
    [Fact]
    public void DrawOrderMatchesAnIndependentImplementationOfTheDocumentedOrder()
    {
        CellPair[] P(params (int S, int T)[] pairs) => pairs.Select(p => new CellPair(p.S, p.T)).ToArray();
        Assert.Equal(P((2, 0), (4, 0), (0, 1), (3, 1), (1, 2), (3, 2)),
            ConnectionRules.PairsUnchecked(new ConnectionRule.FixedProbability(0.4, 9, false), 5, 3, false));
        Assert.Equal(P((3, 0), (4, 0), (5, 0), (3, 1), (4, 1), (5, 1), (0, 2), (1, 2), (4, 2), (0, 3), (4, 3), (5, 3), (1, 4), (3, 4), (5, 4), (0, 5), (1, 5), (2, 5)),
            ConnectionRules.PairsUnchecked(new ConnectionRule.FixedInDegree(3, 42, false), 6, 6, true));
    }

    [Fact]
    public void OneToOneNeedsEqualSizesAndPairsIWithI()
    {
        Assert.Equal([new CellPair(0, 0), new CellPair(1, 1), new CellPair(2, 2)],
            ConnectionRules.Pairs(new ConnectionRule.OneToOne(), 3, 3, false).Match(Succ: p => p, Fail: e => throw new InvalidOperationException(string.Join("; ", e))));
        var problems = ConnectionRules.Problems(new ConnectionRule.OneToOne(), 3, 4, false);
        Assert.Equal("Sizes", Assert.Single(problems).Field);
    }

    [Fact]
    public void BadParametersAreProblemsNamingTheParameter()
    {
        Assert.Equal("P", Assert.Single(ConnectionRules.Problems(new ConnectionRule.FixedProbability(1.5, 1, false), 4, 4, true)).Field);
        Assert.Equal("P", Assert.Single(ConnectionRules.Problems(new ConnectionRule.FixedProbability(double.NaN, 1, false), 4, 4, true)).Field);
        var k = Assert.Single(ConnectionRules.Problems(new ConnectionRule.FixedInDegree(4, 1, false), 4, 4, true));
        Assert.Equal("K", k.Field);
        Assert.Contains("at most 3", k.Message);
        Assert.Empty(ConnectionRules.Problems(new ConnectionRule.FixedInDegree(4, 1, true), 4, 4, true));
        Assert.Empty(ConnectionRules.Problems(new ConnectionRule.FixedInDegree(4, 1, false), 4, 9, false));
        Assert.True(ConnectionRules.Pairs(new ConnectionRule.FixedInDegree(-1, 1, false), 4, 4, true).IsFail);
    }
}
