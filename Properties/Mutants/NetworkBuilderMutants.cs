using HHFunctional.Core.Network;

namespace HHFunctional.Properties.Mutants;

/// <summary>Deliberately broken wirings of a built network: each must make a sub-law of NetworkBuilderProperties fail.</summary>
internal static class NetworkBuilderMutants
{
    /// <summary>What the wiring law reads: the spec's lists.</summary>
    public sealed record Wiring(IReadOnlyList<SynapseSite> Synapses, IReadOnlyList<Detector> Detectors, IReadOnlyList<Connection> Connections,
        IReadOnlyList<SpikeSource> Sources);

    /// <summary>No sharing (the naive wiring): every connection and source gets a synapse of its own.</summary>
    public static Wiring OneSynapsePerConnection(Wiring w)
    {
        var synapses = new List<SynapseSite>();
        var connections = w.Connections.Select(c => { synapses.Add(w.Synapses[c.Synapse]); return c with { Synapse = synapses.Count - 1 }; }).ToArray();
        var sources = w.Sources.Select(s => { synapses.Add(w.Synapses[s.Synapse]); return s with { Synapse = synapses.Count - 1 }; }).ToArray();
        return new Wiring(synapses, w.Detectors, connections, sources);
    }

    /// <summary>A projection's source cells looked up in its target population (the names mixed up).</summary>
    public static Wiring SourceInTargetPopulation(Wiring w)
    {
        var detectors = new List<Detector>();
        var index = new Dictionary<Detector, int>();
        int Of(Detector d)
        {
            if (index.TryGetValue(d, out int i)) return i;
            detectors.Add(d);
            return index[d] = detectors.Count - 1;
        }
        var connections = w.Connections.Select(c =>
        {
            var d = w.Detectors[c.Detector];
            var target = w.Synapses[c.Synapse].Population;
            return c with { Detector = Of(d with { Population = target }) };
        }).ToArray();
        return new Wiring(w.Synapses, detectors, connections, w.Sources);
    }
}
