using HHFunctional.Core.Network;

namespace HHFunctional.Properties.Mutants;

/// <summary>Deliberately broken connection rules: each must make a law of ConnectionRuleProperties fail.</summary>
internal static class ConnectionRuleMutants
{
    /// <summary>Fixed in-degree drawn with replacement (k independent uniform sources): a target may get one source twice.</summary>
    public static CellPair[] InDegreeWithReplacement(ConnectionRule rule, int sources, int targets, bool samePopulation)
    {
        if (rule is not ConnectionRule.FixedInDegree d) return ConnectionRules.PairsUnchecked(rule, sources, targets, samePopulation);
        var rng = new Random((int)d.Seed);
        var pairs = new List<CellPair>();
        for (int t = 0; t < targets; t++)
        {
            var candidates = Enumerable.Range(0, sources).Where(s => d.AllowSelf || !samePopulation || s != t).ToArray();
            pairs.AddRange(Enumerable.Range(0, d.K).Select(_ => candidates[rng.Next(candidates.Length)]).Order().Select(s => new CellPair(s, t)));
        }
        return [.. pairs];
    }

    /// <summary>Self pairs forgotten: every rule draws from the whole source population even when they are not allowed.</summary>
    public static CellPair[] SelfAlwaysAllowed(ConnectionRule rule, int sources, int targets, bool samePopulation) =>
        ConnectionRules.PairsUnchecked(rule switch
        {
            ConnectionRule.AllToAll a => a with { AllowSelf = true },
            ConnectionRule.FixedProbability f => f with { AllowSelf = true },
            ConnectionRule.FixedInDegree d => d with { AllowSelf = true, K = Math.Min(d.K, sources) },
            _ => rule,
        }, sources, targets, samePopulation);

    /// <summary>Fixed probability decided once per target (all of its sources or none): the mean in-degree is right, the
    /// spread is not Binomial.</summary>
    public static CellPair[] ProbabilityPerTarget(ConnectionRule rule, int sources, int targets, bool samePopulation)
    {
        if (rule is not ConnectionRule.FixedProbability f) return ConnectionRules.PairsUnchecked(rule, sources, targets, samePopulation);
        var all = ConnectionRules.PairsUnchecked(new ConnectionRule.AllToAll(f.AllowSelf), sources, targets, samePopulation);
        var rng = new Random((int)f.Seed);
        var kept = Enumerable.Range(0, targets).Select(_ => rng.NextDouble() < f.P).ToArray();
        return all.Where(p => kept[p.Target]).ToArray();
    }

    /// <summary>The seed ignored (a fixed one): every seed gives the same list.</summary>
    public static CellPair[] SeedIgnored(ConnectionRule rule, int sources, int targets, bool samePopulation) =>
        ConnectionRules.PairsUnchecked(rule switch
        {
            ConnectionRule.FixedProbability f => f with { Seed = 1 },
            ConnectionRule.FixedInDegree d => d with { Seed = 1 },
            _ => rule,
        }, sources, targets, samePopulation);
}
