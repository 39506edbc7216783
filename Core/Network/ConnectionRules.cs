using LanguageExt;
using static LanguageExt.Prelude;

namespace HHFunctional.Core.Network;

/// <summary>
/// How a projection joins the cells of a source population to those of a target population. Each rule is a pure
/// function of the two sizes and its stated seed (<see cref="ConnectionRules.Pairs"/>), drawn with the SplitMix64 of
/// <see cref="SpikeTimes"/> in an order documented in docs/network.md, so another tool can reproduce the list.
/// "Self" is a pair (i, i) when source and target are the same population.
/// </summary>
public abstract record ConnectionRule
{
    private protected ConnectionRule() { }

    /// <summary>Source i → target i, for every i; the populations must have the same size.</summary>
    public sealed record OneToOne : ConnectionRule;

    /// <summary>Every source → every target (without self pairs unless <paramref name="AllowSelf"/>).</summary>
    /// <param name="AllowSelf">Whether a cell connects to itself when source and target are one population.</param>
    public sealed record AllToAll(bool AllowSelf) : ConnectionRule;

    /// <summary>Each (source, target) pair independently with probability <paramref name="P"/>: a target's in-degree is
    /// Binomial(candidates, p).</summary>
    /// <param name="P">Probability of each pair, in [0, 1].</param>
    /// <param name="Seed">The generator's seed.</param>
    /// <param name="AllowSelf">Whether self pairs are candidates.</param>
    public sealed record FixedProbability(double P, ulong Seed, bool AllowSelf) : ConnectionRule;

    /// <summary>Each target gets exactly <paramref name="K"/> distinct sources, drawn uniformly without replacement.</summary>
    /// <param name="K">In-degree, 0 ≤ k ≤ the number of candidate sources (the source population, less the target itself
    /// when self pairs are not allowed).</param>
    /// <param name="Seed">The generator's seed.</param>
    /// <param name="AllowSelf">Whether a target may draw itself.</param>
    public sealed record FixedInDegree(int K, ulong Seed, bool AllowSelf) : ConnectionRule;
}

/// <summary>One pair of a projection: cell <paramref name="Source"/> of the source population to cell
/// <paramref name="Target"/> of the target population.</summary>
public readonly record struct CellPair(int Source, int Target);

/// <summary>
/// Expands a <see cref="ConnectionRule"/> into its pairs. Pure and deterministic: the same rule and sizes give the same
/// list on every machine. Order: by target ascending, then source ascending. Draw order (one SplitMix64 stream from the
/// seed, state = seed): fixed probability visits targets t = 0…m−1 and, for each, sources s = 0…n−1 (skipping a self pair
/// unless allowed, which draws nothing) and keeps (s, t) when u &lt; p, u = (draw &gt;&gt; 11)·2⁻⁵³; fixed in-degree, for
/// t = 0…m−1, lists the candidates ascending (c of them), then for i = 0…k−1 swaps candidate i with candidate
/// i + NextBelow(c − i) (a partial Fisher–Yates shuffle; NextBelow(b) draws until draw ≥ (2⁶⁴ − b) mod b and returns
/// draw mod b) and keeps the first k, sorted.
/// </summary>
public static class ConnectionRules
{
    /// <summary>The problems with <paramref name="rule"/> for these sizes (empty when it can be expanded), each naming the
    /// parameter: <c>P</c>, <c>K</c>, <c>Sizes</c>.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="sources">Cells in the source population, ≥ 1.</param>
    /// <param name="targets">Cells in the target population, ≥ 1.</param>
    /// <param name="samePopulation">Whether source and target are one population (self pairs exist only then).</param>
    public static IReadOnlyList<FieldProblem> Problems(ConnectionRule rule, int sources, int targets, bool samePopulation)
    {
        var problems = new List<FieldProblem>();
        if (rule is null) { problems.Add(new FieldProblem("Rule", "expected a rule, got null")); return problems; }
        if (sources < 1) problems.Add(new FieldProblem("Sources", $"expected at least 1 source cell, got {sources}"));
        if (targets < 1) problems.Add(new FieldProblem("Targets", $"expected at least 1 target cell, got {targets}"));
        if (samePopulation && sources != targets)
            problems.Add(new FieldProblem("Sizes", $"one population has one size: got {sources} sources and {targets} targets"));
        switch (rule)
        {
            case ConnectionRule.OneToOne when sources != targets:
                problems.Add(new FieldProblem("Sizes", $"one-to-one needs populations of equal size, got {sources} sources and {targets} targets"));
                break;
            case ConnectionRule.FixedProbability f when !(f.P >= 0 && f.P <= 1):
                problems.Add(new FieldProblem("P", $"expected a probability in [0, 1], got {f.P}"));
                break;
            case ConnectionRule.FixedInDegree d:
                int candidates = Candidates(sources, samePopulation, d.AllowSelf);
                if (d.K < 0) problems.Add(new FieldProblem("K", $"expected an in-degree ≥ 0, got {d.K}"));
                else if (d.K > candidates)
                    problems.Add(new FieldProblem("K", $"expected at most {candidates} (the source population's {sources} cells" +
                        (samePopulation && !d.AllowSelf ? ", less the target itself" : "") + $"), got {d.K}"));
                break;
        }
        return problems;
    }

    /// <summary>The pairs of <paramref name="rule"/> (by target, then source), or every problem (<see cref="Problems"/>).</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="sources">Cells in the source population, ≥ 1.</param>
    /// <param name="targets">Cells in the target population, ≥ 1.</param>
    /// <param name="samePopulation">Whether source and target are one population (self pairs exist only then).</param>
    public static Validation<FieldProblem, IReadOnlyList<CellPair>> Pairs(ConnectionRule rule, int sources, int targets, bool samePopulation)
    {
        var problems = Problems(rule, sources, targets, samePopulation);
        return problems.Count > 0
            ? Fail<FieldProblem, IReadOnlyList<CellPair>>(toSeq(problems))
            : Success<FieldProblem, IReadOnlyList<CellPair>>(PairsUnchecked(rule, sources, targets, samePopulation));
    }

    private static int Candidates(int sources, bool samePopulation, bool allowSelf) => samePopulation && !allowSelf ? sources - 1 : sources;

    /// <summary>The pairs of an already-checked rule (NOT validated: see <see cref="Problems"/>).</summary>
    internal static CellPair[] PairsUnchecked(ConnectionRule rule, int sources, int targets, bool samePopulation)
    {
        var pairs = new List<CellPair>();
        bool Self(int s, int t, bool allowSelf) => samePopulation && !allowSelf && s == t;
        switch (rule)
        {
            case ConnectionRule.OneToOne:
                for (int i = 0; i < targets; i++) pairs.Add(new CellPair(i, i));
                break;
            case ConnectionRule.AllToAll a:
                for (int t = 0; t < targets; t++)
                    for (int s = 0; s < sources; s++)
                        if (!Self(s, t, a.AllowSelf)) pairs.Add(new CellPair(s, t));
                break;
            case ConnectionRule.FixedProbability f:
            {
                ulong state = f.Seed;
                for (int t = 0; t < targets; t++)
                    for (int s = 0; s < sources; s++)
                        if (!Self(s, t, f.AllowSelf) && SplitMix64.NextUnit(ref state) < f.P) pairs.Add(new CellPair(s, t));
                break;
            }
            case ConnectionRule.FixedInDegree d:
            {
                ulong state = d.Seed;
                var candidates = new int[sources];
                for (int t = 0; t < targets; t++)
                {
                    int c = 0;
                    for (int s = 0; s < sources; s++) if (!Self(s, t, d.AllowSelf)) candidates[c++] = s;
                    for (int i = 0; i < d.K; i++)
                    {
                        int j = i + (int)SplitMix64.NextBelow(ref state, (ulong)(c - i));
                        (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
                    }
                    var chosen = candidates[..d.K];
                    System.Array.Sort(chosen);
                    foreach (int s in chosen) pairs.Add(new CellPair(s, t));
                }
                break;
            }
            default: throw new ArgumentException($"unknown rule {rule?.GetType().Name}", nameof(rule));
        }
        return [.. pairs];
    }
}
