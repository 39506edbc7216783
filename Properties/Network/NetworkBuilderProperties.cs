using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Core.Network;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Network;

/// <summary>
/// The builder's wiring law, on generated networks (1–3 populations of 1–8 cells, projections between any two of them
/// with every rule, three synapse kinds on three sites, two thresholds, spike sources onto chosen cells): each rule's pairs
/// become connections, in order, from a detector of the named source population's cell to a synapse of the named target
/// population's cell at the named sites; and nothing is made twice: one synapse per (population, cell, node, kind), one
/// detector per (population, cell, node, threshold). Each sub-law fails on a mutant (Mutants/NetworkBuilderMutants.cs).
/// </summary>
public class NetworkBuilderProperties
{
    internal delegate NetworkBuilderMutants.Wiring Wire(BuiltNetwork network);

    private static readonly Wire Ours = n => new(n.Spec.Synapses, n.Spec.Detectors, n.Spec.Connections, n.Spec.Sources);

    private static readonly Lazy<Cell> BallAndStick = new(() =>
    {
        var m = new MorphologyBuilder().Cylinder("soma", "soma", null, 20, 20).Cylinder("dend[0]", "dend", "soma", 200, 1)
            .Cylinder("dend[1]", "dend", "soma", 100, 1).Build().Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        return CellModel.Build(m, new NsegRule.Fixed(3), [new("soma", "hh"), new("dend", "pas")], [])
            .Match(Succ: c => c, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
    });

    private static readonly string[] Sites = ["soma(0.5)", "dend[0](0.5)", "dend[1](1)"];
    private static readonly SynapseKind[] Kinds = [new ExpSyn(2, 0), new ExpSyn(6, -80), new Exp2Syn(0.5, 3, 0)];

    public sealed record Projected(int Source, int Target, int SourceSite, int TargetSite, int Kind, double ThresholdMv, ConnectionRule Rule);
    public sealed record Sourced(int Target, int Site, int Kind, int[] Cells);

    public sealed record Case(int[] Sizes, Projected[] Projections, Sourced[] Sources)
    {
        public NetworkBuilder Builder()
        {
            var b = new NetworkBuilder(tStopMs: 1);
            for (int p = 0; p < Sizes.Length; p++) b = b.Population($"p{p}", BallAndStick.Value, Sizes[p]);
            foreach (var x in Projections)
                b = b.Projection($"p{x.Source}", Sites[x.SourceSite], x.ThresholdMv, $"p{x.Target}", Sites[x.TargetSite], Kinds[x.Kind], 0.01, 1, x.Rule);
            foreach (var s in Sources)
                b = b.Source($"p{s.Target}", Sites[s.Site], Kinds[s.Kind], 0.01, 0, new SpikeTrain.Regular(0, 0.5), s.Cells);
            return b;
        }

        public override string ToString() =>
            $"sizes [{string.Join(", ", Sizes)}]; projections {string.Join("; ", Projections.Select(p => $"p{p.Source}.{Sites[p.SourceSite]}@{p.ThresholdMv} → p{p.Target}.{Sites[p.TargetSite]} kind {p.Kind} {p.Rule}"))}; " +
            $"sources {string.Join("; ", Sources.Select(s => $"p{s.Target}.{Sites[s.Site]} kind {s.Kind} cells [{string.Join(",", s.Cells)}]"))}";
    }

    private static Gen<ConnectionRule> Rules(int n, int m, bool same) =>
        from allow in Gen.Elements(true, false)
        from seed in Gen.Choose(0, 1000)
        from p in Gen.Choose(0, 10)
        from k in Gen.Choose(0, same && !allow ? n - 1 : n)
        from which in Gen.Choose(n == m ? 0 : 1, 3)
        select which switch
        {
            0 => (ConnectionRule)new ConnectionRule.OneToOne(),
            1 => new ConnectionRule.AllToAll(allow),
            2 => new ConnectionRule.FixedProbability(p / 10.0, (ulong)seed, allow),
            _ => new ConnectionRule.FixedInDegree(k, (ulong)seed, allow),
        };

    private static Gen<Case> Cases =>
        from populations in Gen.Choose(1, 3)
        from sizes in Gen.Choose(1, 8).ArrayOf(populations)
        from projections in (
            from s in Gen.Choose(0, populations - 1)
            from t in Gen.Choose(0, populations - 1)
            from ss in Gen.Choose(0, 2)
            from ts in Gen.Choose(0, 2)
            from kind in Gen.Choose(0, 2)
            from threshold in Gen.Elements(0.0, 10.0)
            from rule in Rules(sizes[s], sizes[t], s == t)
            select new Projected(s, t, ss, ts, kind, threshold, rule)).ArrayOf().Select(a => a.Take(5).ToArray())
        from sources in (
            from t in Gen.Choose(0, populations - 1)
            from site in Gen.Choose(0, 2)
            from kind in Gen.Choose(0, 2)
            from cells in Gen.Shuffle(Enumerable.Range(0, sizes[t]).ToArray())
            from count in Gen.Choose(0, sizes[t])
            select new Sourced(t, site, kind, cells.Take(count).ToArray())).ArrayOf().Select(a => a.Take(3).ToArray())
        select new Case(sizes, projections, sources);

    internal static Property WiringFollowsTheNamesAndSharesSites(Wire wire) =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var built = c.Builder().Build().Match(Succ: n => n, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
            var w = wire(built);
            int Node(int site) => (int)BallAndStick.Value.NodeOf((Site)Site.Parse(Sites[site]));
            // The connections of projection i are the next ones in the list, in its rule's order.
            bool named = true;
            int at = 0;
            foreach (var x in c.Projections)
            {
                var pairs = ConnectionRules.Pairs(x.Rule, c.Sizes[x.Source], c.Sizes[x.Target], x.Source == x.Target)
                    .Match(Succ: ps => ps, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
                foreach (var pair in pairs)
                {
                    if (at >= w.Connections.Count) { named = false; break; }
                    var (d, s) = (w.Detectors[w.Connections[at].Detector], w.Synapses[w.Connections[at].Synapse]);
                    named &= d == new Detector(pair.Source, Node(x.SourceSite), x.ThresholdMv) { Population = x.Source }
                             && s == new SynapseSite(pair.Target, Node(x.TargetSite), Kinds[x.Kind]) { Population = x.Target };
                    at++;
                }
            }
            named &= at == w.Connections.Count;
            var expectedSources = c.Sources.SelectMany(s => s.Cells.Select(cell => new SynapseSite(cell, Node(s.Site), Kinds[s.Kind]) { Population = s.Target })).ToArray();
            bool sourcesNamed = expectedSources.SequenceEqual(w.Sources.Select(s => w.Synapses[s.Synapse]));
            bool inRange = w.Synapses.All(s => s.Neuron >= 0 && s.Neuron < c.Sizes[s.Population]) && w.Detectors.All(d => d.Neuron >= 0 && d.Neuron < c.Sizes[d.Population]);
            bool synapsesOnce = w.Synapses.Distinct().Count() == w.Synapses.Count;
            bool detectorsOnce = w.Detectors.Distinct().Count() == w.Detectors.Count;
            return named.Label("connections follow the rule and the names")
                .And(sourcesNamed.Label("sources reach the named cells"))
                .And(inRange.Label("cells in their populations"))
                .And(synapsesOnce.Label("one synapse per (population, cell, node, kind)"))
                .And(detectorsOnce.Label("one detector per (population, cell, node, threshold)"))
                .Classify(w.Connections.Count > 0, "connected")
                .Classify(c.Sizes.Length > 1, "several populations");
        });

    [Property(MaxTest = 200)]
    public Property ConnectionsFollowTheNamesAndSitesAreShared() => WiringFollowsTheNamesAndSharesSites(Ours);

    [Fact]
    public void ShouldFail_WhenEachConnectionGetsItsOwnSynapse() =>
        PropertyAssert.Falsified(WiringFollowsTheNamesAndSharesSites(n => NetworkBuilderMutants.OneSynapsePerConnection(Ours(n))), 200);

    [Fact]
    public void ShouldFail_WhenTheSourcePopulationIsTakenForTheTarget() =>
        PropertyAssert.Falsified(WiringFollowsTheNamesAndSharesSites(n => NetworkBuilderMutants.SourceInTargetPopulation(Ours(n))), 200);
}
