using System.Text.Json;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Core.Network;
using HHFunctional.Shell;
using Xunit.Abstractions;

namespace HHFunctional.Properties.Network;

/// <summary>
/// NetworkBuilder (Core/Network/NetworkBuilder.cs). Oracles: NEURON 8.2.2's ring4 run (the ring built with the builder
/// gives its 15 spikes on its steps); the hand wiring of NeuronNetworkTests.Ring (the same synapses, detectors,
/// connections and sources); the network file's loader (the 300-cell file and the builder's network are the same spec,
/// list for list). Bad calls are refused with every problem and its field.
/// </summary>
public class NetworkBuilderTests(ITestOutputHelper output)
{
    private static JsonElement RingType() =>
        JsonDocument.Parse(NeuronNetworkTests.Fixture("ring4.json")).RootElement.GetProperty("cell_types").GetProperty("ring_cell").Clone();

    /// <summary>ring4.json's network (cell g → g + 1 mod 4, ExpSyn τ 2 ms, e 0 mV, 0.05 µS, 5 ms; one event at 0 ms into
    /// cell 0 after 1 ms; detectors at soma(0.5), 10 mV), with the builder.</summary>
    internal static NetworkBuilder Ring(Cell cell, int? count = 4) =>
        new NetworkBuilder(tStopMs: 100, dtMs: 0.025, IntegratorKind.CrankNicolson, v0Mv: -65)
            .Population("ring", cell, count)
            .Projection("ring", "soma(0.5)", 10, "ring", "dend[0](0.5)", new ExpSyn(2, 0), [(0, 1, 0.05, 5.0), (1, 2, 0.05, 5.0), (2, 3, 0.05, 5.0), (3, 0, 0.05, 5.0)])
            .Source("ring", new Site("dend[0]", 0.5), new ExpSyn(2, 0), 0.05, 1.0, new SpikeTrain.Explicit([0.0]), cells: [0], name: "kick")
            .Record("ring", 0, "soma(0.5)")
            .Record("ring", 1, "soma(0.5)");

    private static BuiltNetwork Built(NetworkBuilder builder) =>
        builder.Build().Match(Succ: n => n, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    [Fact]
    public void RingBuiltWithTheBuilderSpikesOnNeuronsSteps()
    {
        var ring = Built(Ring(NeuronNetworkTests.CellOf(RingType(), 1)));
        var result = NetworkRun.Run(ring, threads: 2);
        Assert.Null(result.BlowUp);
        var ours = ring.Spikes(result);
        var neuron = NeuronNetworkTests.Spikes("ring4_spikes.csv");
        output.WriteLine(string.Join(" ", ours.Select(s => $"{s.Cell}@{s.TimeMs:F3}")));
        Assert.Equal(15, neuron.Length);
        Assert.Equal(neuron.Length, ours.Count);
        for (int i = 0; i < neuron.Length; i++)
        {
            Assert.Equal(("ring", neuron[i].Cell), (ours[i].Population, ours[i].Cell));
            Assert.True(Math.Abs(neuron[i].TimeMs - ours[i].TimeMs) < 1e-6, $"spike {i}: NEURON {neuron[i].TimeMs} ms, ours {ours[i].TimeMs} ms");
        }
        Assert.Equal(["ring[0]:soma(0.5)", "ring[1]:soma(0.5)"], ring.RecordNames);
        Assert.Equal(2, result.Traces.Count);
        Assert.Equal(4001, result.Traces[0].Length);
    }

    /// <summary>NSuite's Exp2Syn pair (NEURON 8.2.2, Fixtures/exp2syn_pair.json) with the builder: an IClamp on the driver as
    /// the population's stimulus, an Exp2Syn on the receiver from an explicit list; both spikes on NEURON's steps.</summary>
    [Fact]
    public void Exp2SynPairBuiltWithTheBuilderSpikesOnNeuronsSteps()
    {
        using var json = JsonDocument.Parse(NeuronNetworkTests.Fixture("exp2syn_pair.json"));
        var root = json.RootElement;
        var types = root.GetProperty("cell_types");
        var cell = NeuronNetworkTests.CellOf(types.GetProperty("driver"), 1);
        var sim = root.GetProperty("simulation");
        double dt = sim.GetProperty("dt_ms").GetDouble();
        var clamp = root.GetProperty("stimuli")[0];
        var clampSite = new Site(clamp.GetProperty("section").GetString()!, clamp.GetProperty("x").GetDouble());
        double del = clamp.GetProperty("del_ms").GetDouble(), dur = clamp.GetProperty("dur_ms").GetDouble();
        // IClamp is on while del ≤ t < del + dur at the step midpoint (NeuronNetworkTests): on cell 0 only.
        var stimulus = new Stimulus([.. cell.Step(del + dt / 2, del + dur + dt / 2, clamp.GetProperty("amp_nA").GetDouble(), clampSite)
            .Match(Succ: s => s, Fail: e => throw new InvalidDataException(e.Message)).Segments.Select(x => x with { Neuron = clamp.GetProperty("cell").GetInt32() })]);
        var syn = types.GetProperty("receiver").GetProperty("synapses")[0];
        var p = syn.GetProperty("parameters");
        var c = root.GetProperty("connections")[0];
        var built = Built(new NetworkBuilder(sim.GetProperty("tstop_ms").GetDouble(), dt, IntegratorKind.CrankNicolson, sim.GetProperty("v_init_mV").GetDouble())
            .Population("pair", cell, 2, stimulus)
            .Projection("pair", "soma(0.5)", 10, "pair", new Site(syn.GetProperty("section").GetString()!, syn.GetProperty("x").GetDouble()),
                new Exp2Syn(p.GetProperty("tau1").GetDouble(), p.GetProperty("tau2").GetDouble(), p.GetProperty("e").GetDouble()),
                [(c.GetProperty("source").GetInt32(), c.GetProperty("target").GetInt32(), c.GetProperty("weight_uS").GetDouble(), c.GetProperty("delay_ms").GetDouble())]));
        var spikes = built.Spikes(NetworkRun.Run(built));
        var neuron = NeuronNetworkTests.Spikes("exp2syn_pair_spikes.csv");
        Assert.Equal(2, neuron.Length);
        Assert.Equal(neuron.Select(s => s.Cell), spikes.Select(s => s.Cell));
        Assert.All(neuron.Zip(spikes, (a, b) => (Neuron: a.TimeMs, Ours: b.TimeMs)), x => Assert.True(Math.Abs(x.Neuron - x.Ours) < 1e-6, $"NEURON {x.Neuron} ms, ours {x.Ours} ms"));
    }

    [Fact]
    public void BuilderGivesTheHandWiredRing()
    {
        var hand = NeuronNetworkTests.Ring(5.0);
        var cell4 = NeuronNetworkTests.CellOf(RingType(), 4);
        var built = Built(Ring(NeuronNetworkTests.CellOf(RingType(), 1)));
        var spec = built.Spec;
        // The cells: one neuron copied four times is the cell built for four.
        var (ours, theirs) = (spec.Populations[0].Cells.Parameters, hand.Populations[0].Cells.Parameters);
        Assert.Equal(theirs.LocalValues, ours.LocalValues);
        Assert.Equal((theirs.Neurons, theirs.Compartments, theirs.DtMs, theirs.Iterations, theirs.Integrator, theirs.Initial, theirs.Membrane),
            (ours.Neurons, ours.Compartments, ours.DtMs, ours.Iterations, ours.Integrator, ours.Initial, ours.Membrane));
        Assert.Equal(Built(Ring(cell4)).Spec.Populations[0].Cells.Parameters.LocalValues, ours.LocalValues);

        // Exactly the network file's order: detectors and synapses made as the connections are, in the list's order;
        // the kick into cell 0 shares the synapse of 3 → 0; each population's spike detectors share the projection's.
        int syn = NeuronNetworkTests.Node(cell4, "dend[0]", 0.5), soma = NeuronNetworkTests.Node(cell4, "soma", 0.5);
        Assert.Equal([1, 2, 3, 0], spec.Synapses.Select(s => s.Neuron));
        Assert.All(spec.Synapses, s => Assert.Equal((0, syn, (SynapseKind)new ExpSyn(2, 0)), (s.Population, s.Node, s.Kind)));
        Assert.Equal(Enumerable.Range(0, 4).Select(c => new Detector(c, soma, 10)), spec.Detectors);
        Assert.Equal(Enumerable.Range(0, 4).Select(c => new Connection(c, c, 0.05, 5.0)), spec.Connections);
        Assert.Equal([(3, 0.05, 1.0)], spec.Sources.Select(s => (s.Synapse, s.WeightUS, s.DelayMs)));
        Assert.Equal([0.0], spec.Sources[0].TimesMs);
        Assert.Equal([0, 1, 2, 3], built.SpikeDetectors[0]);

        // And the hand wiring's network, once indices are read as what they point at.
        Assert.Equal(Resolved(hand), Resolved(spec));
        Assert.Equal((hand.Synapses.Count, hand.Detectors.Count), (spec.Synapses.Count, spec.Detectors.Count));
    }

    /// <summary>The wiring with indices replaced by what they point at, in a canonical order.</summary>
    private static string[] Resolved(NetworkSpec n) =>
    [
        .. n.Connections.Select(c => $"{n.Detectors[c.Detector]} -> {n.Synapses[c.Synapse]} w {c.WeightUS} d {c.DelayMs}").Order(StringComparer.Ordinal),
        .. n.Sources.Select(s => $"[{string.Join(",", s.TimesMs)}] -> {n.Synapses[s.Synapse]} w {s.WeightUS} d {s.DelayMs}").Order(StringComparer.Ordinal),
    ];

    /// <summary>
    /// Fixtures/ei300/network_ei.net.json (fixed in-degree and fixed probability projections, Poisson drives per cell, two
    /// synapse types on shared sites) written with the builder: the loader's spec, list for list.
    /// </summary>
    [Fact]
    public void BuilderGivesTheNetworkFilesSpec()
    {
        string dir = Path.Combine(RepoRoot.Path, "Properties", "Network", "Fixtures", "ei300");
        var (model, problems) = NetworkFile.Load(Path.Combine(dir, "network_ei.net.json"));
        Assert.True(model is not null, string.Join("\n", problems));
        var morphology = MorphologyJson.Read(File.ReadAllText(Path.Combine(dir, "network_cell.json")), "network_cell.json")
            .Match(Succ: m => m, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
        var cell = CellModel.Build(morphology, new NsegRule.Fixed(4), [new("soma", "hh"), new("dend", "pas")],
            [new("all", "ra", 100), new("dend", "pas.g", 1), new("dend", "pas.e", -65), new("soma", "hh.gl", 0.3), new("soma", "hh.el", -54.3)])
            .Match(Succ: c => c, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
        var (exc, inh) = (new ExpSyn(2, 0), new ExpSyn(6, -80));
        var built = Built(new NetworkBuilder(tStopMs: 200)
            .Population("e", cell, 240)
            .Population("i", cell, 60)
            .Projection("e", "soma(0.5)", 10, "e", "dend[0](0.5)", exc, 0.004, 2, new ConnectionRule.FixedInDegree(20, 1, false))
            .Projection("e", "soma(0.5)", 10, "i", "dend[0](0.5)", exc, 0.004, 2, new ConnectionRule.FixedInDegree(20, 2, false))
            .Projection("i", "soma(0.5)", 10, "e", "soma(0.5)", inh, 0.01, 2, new ConnectionRule.FixedProbability(0.2, 3, false))
            .Projection("i", "soma(0.5)", 10, "i", "soma(0.5)", inh, 0.01, 2, new ConnectionRule.FixedProbability(0.2, 4, false))
            .Source("e", "dend[0](0.5)", exc, 0.02, 0, new SpikeTrain.Poisson(200, 11, 0, 200), name: "drive-e")
            .Source("i", "dend[0](0.5)", exc, 0.02, 0, new SpikeTrain.Poisson(200, 12, 0, 200), name: "drive-i")
            .Record("e", 0, "soma(0.5)")
            .Record("i", 0, "soma(0.5)"));
        var (file, ours) = (model!.Spec, built.Spec);
        Assert.Equal(file.Synapses, ours.Synapses);
        Assert.Equal(file.Detectors, ours.Detectors);
        Assert.Equal(file.Connections, ours.Connections);
        Assert.Equal(file.Sources.Count, ours.Sources.Count);
        for (int s = 0; s < file.Sources.Count; s++)
        {
            Assert.Equal((file.Sources[s].Synapse, file.Sources[s].WeightUS, file.Sources[s].DelayMs), (ours.Sources[s].Synapse, ours.Sources[s].WeightUS, ours.Sources[s].DelayMs));
            Assert.Equal(file.Sources[s].TimesMs, ours.Sources[s].TimesMs);
        }
        Assert.Equal(model.SpikeDetectors.Select(d => d.ToArray()), built.SpikeDetectors.Select(d => d.ToArray()));
        Assert.Equal(model.Record, built.Record);
        Assert.Equal(model.RecordNames, built.RecordNames);
        for (int p = 0; p < 2; p++)
        {
            var (a, b) = (file.Populations[p].Cells.Parameters, ours.Populations[p].Cells.Parameters);
            Assert.Equal(file.Populations[p].Name, ours.Populations[p].Name);
            Assert.Equal(a.LocalValues, b.LocalValues);
            Assert.Equal((a.Neurons, a.Compartments, a.DtMs, a.Iterations, a.Integrator, a.Initial, a.Membrane, a.Stimulus.Segments.Count),
                (b.Neurons, b.Compartments, b.DtMs, b.Iterations, b.Integrator, b.Initial, b.Membrane, b.Stimulus.Segments.Count));
        }
        output.WriteLine($"{ours.Synapses.Count} synapses, {ours.Detectors.Count} detectors, {ours.Connections.Count} connections, {ours.Sources.Count} sources");
    }

    [Fact]
    public void BadCallsListEveryProblemWithItsField()
    {
        var cell = NeuronNetworkTests.CellOf(RingType(), 1);
        var result = new NetworkBuilder(tStopMs: 100)
            .Population("ring", cell, 4)
            .Population("ring", cell, 0)
            .Projection("ring", "soma(0.5)", double.NaN, "rings", "dend[0](0.5)", new ExpSyn(-1, 0), -0.1, 0.01, new ConnectionRule.OneToOne())
            .Projection("ring", "axon(0.5)", 10, "ring", "dend[0](1.5)", new ExpSyn(2, 0), 0.01, 1, new ConnectionRule.FixedProbability(1.5, 1, false))
            .Projection("ring", "soma(0.5)", 10, "ring", "dend[0](0.5)", new ExpSyn(2, 0), [(0, 4, 0.01, 1.0), (-1, 0, -1.0, 0.0)])
            .Projection("ring", "soma(0.5)", 10, "ring", "dend[0](0.5)", new ExpSyn(2, 0), 0.01, 1, new ConnectionRule.FixedInDegree(4, 1, false))
            .Source("ring", "dend[0]", new ExpSyn(2, 0), -1, -1, new SpikeTrain.Regular(0, 0), cells: [0, 0, 7])
            .Source("nowhere", "soma(0.5)", null!, 0, 0, new SpikeTrain.Poisson(-5, 1))
            .Record("ring", 9, "soma(0.5)")
            .Record("ring", 0, "soma(2)")
            .Build();
        Assert.True(result.IsFail);
        var problems = result.FailToSeq().ToArray();
        foreach (var p in problems) output.WriteLine(p.Message);
        string[] expected =
        [
            "Populations[1].Name", "Populations[1].Count",
            "Projections[0].Target", "Projections[0].ThresholdMv", "Projections[0].Synapse", "Projections[0].WeightUS", "Projections[0].DelayMs",
            "Projections[1].SourceSite", "Projections[1].TargetSite", "Projections[1].Rule.P",
            "Projections[2].Pairs[0].Target", "Projections[2].Pairs[1].Source", "Projections[2].Pairs[1].WeightUS", "Projections[2].Pairs[1].DelayMs",
            "Projections[3].Rule.K",
            "Sources[0].Site", "Sources[0].WeightUS", "Sources[0].DelayMs", "Sources[0].Train.IntervalMs", "Sources[0].Cells[1]", "Sources[0].Cells[2]",
            "Sources[1].Target", "Sources[1].Synapse", "Sources[1].Train.RateHz",
            "Record[0].Cell", "Record[1].Site",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), problems.Select(p => p.Field).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.Message == "Projections[1].Rule.P: expected a probability in [0, 1], got 1.5");
        Assert.Contains(problems, p => p.Message.StartsWith("Projections[1].SourceSite: site axon(0.5): no section named 'axon'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message == "Projections[0].DelayMs: expected a finite delay ≥ dt (0.025 ms), got 0.01");
        Assert.Contains(problems, p => p.Message == "Sources[0].Cells[1]: expected each cell once, got 0 again");
    }

    [Fact]
    public void RunSettingsAreCheckedAtBuild()
    {
        var cell = NeuronNetworkTests.CellOf(RingType(), 1);
        var problems = new NetworkBuilder(tStopMs: 100, dtMs: -1, IntegratorKind.ForwardEuler).Population("p", cell, 2).Build().FailToSeq().Select(p => p.Field).ToArray();
        Assert.Contains("Parameters.DtMs", problems);
        Assert.Contains("Parameters.Integrator", problems);
        Assert.Equal(new[] { "Populations" }, new NetworkBuilder(tStopMs: 100).Build().FailToSeq().Select(p => p.Field).ToArray());
        // A population's stimulus is checked with its cells.
        var stray = new Stimulus([new StimulusSegment(1, 2, 1, 0) { Neuron = 5 }]);
        Assert.Equal(new[] { "Populations[0].Stimulus[0].Neuron" }, new NetworkBuilder(tStopMs: 1).Population("p", cell, 2, stray).Build().FailToSeq().Select(p => p.Field).ToArray());
        // A cell built for 3 neurons is not 4 cells.
        Assert.Equal(new[] { "Populations[0].Count" }, new NetworkBuilder(tStopMs: 1).Population("p", NeuronNetworkTests.CellOf(RingType(), 3), 4).Build().FailToSeq().Select(p => p.Field).ToArray());
    }

    [Fact]
    public void SpikeSiteAndThresholdDefaultAsInTheNetworkFile()
    {
        var cell = NeuronNetworkTests.CellOf(RingType(), 1);
        // No projection out of a population: soma(0.5) at 10 mV; one out: its site and threshold; given: those.
        var built = Built(new NetworkBuilder(tStopMs: 1)
            .Population("a", cell, 2)
            .Population("b", cell, 2)
            .Population("c", cell, 2, spikeSite: "dend[1](1)", spikeThresholdMv: -20)
            .Projection("b", "dend[0](0.5)", 0, "a", "soma(0.5)", new ExpSyn(2, 0), 0.01, 1, new ConnectionRule.OneToOne()));
        var d = built.Spec.Detectors;
        int Node(string section, double x) => NeuronNetworkTests.Node(cell, section, x);
        Assert.Equal([new Detector(0, Node("dend[0]", 0.5), 0) { Population = 1 }, new Detector(1, Node("dend[0]", 0.5), 0) { Population = 1 }], d.Take(2));
        Assert.Equal([0, 1], built.SpikeDetectors[1]);
        Assert.All(built.SpikeDetectors[0], i => Assert.Equal((0, Node("soma", 0.5), 10.0), (d[i].Population, d[i].Node, d[i].ThresholdMv)));
        Assert.All(built.SpikeDetectors[2], i => Assert.Equal((2, Node("dend[1]", 1), -20.0), (d[i].Population, d[i].Node, d[i].ThresholdMv)));
    }

    /// <summary>Regular trains are the same for every cell; Poisson trains draw with seed + cell index.</summary>
    [Fact]
    public void SourcesGiveEachCellItsTrain()
    {
        var cell = NeuronNetworkTests.CellOf(RingType(), 1);
        var built = Built(new NetworkBuilder(tStopMs: 50)
            .Population("p", cell, 3)
            .Source("p", "soma(0.5)", new ExpSyn(2, 0), 0.01, 0, new SpikeTrain.Regular(5, 10))
            .Source("p", "soma(0.5)", new ExpSyn(2, 0), 0.01, 0, new SpikeTrain.Poisson(100, 7), cells: [2, 0])
            .Source("p", "soma(0.5)", new ExpSyn(2, 0), 0.01, 0, new SpikeTrain.PerCell(c => [c + 1.0]), cells: [1]));
        var s = built.Spec.Sources;
        Assert.Equal(6, s.Count);
        Assert.All(s.Take(3), x => Assert.Equal([5.0, 15, 25, 35, 45], x.TimesMs));
        Assert.Equal(SpikeTimes.Poisson(100, 0, 50, 9), s[3].TimesMs);
        Assert.Equal(SpikeTimes.Poisson(100, 0, 50, 7), s[4].TimesMs);
        Assert.Equal([2.0], s[5].TimesMs);
        // All onto one synapse per cell (equal kinds at one site share it).
        Assert.Equal(3, built.Spec.Synapses.Count);
        Assert.Equal([0, 1, 2, 2, 0, 1], s.Select(x => x.Synapse));
    }

    [Fact]
    public void DocsSampleRunsAndIsOnThePage()
    {
        string page = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "network.md")).Replace("\r\n", "\n");
        string source = File.ReadAllText(Path.Combine(RepoRoot.Path, "Properties", "Network", "NetworkBuilderSample.cs")).Replace("\r\n", "\n");
        int from = source.IndexOf("// sample:begin\n", StringComparison.Ordinal) + "// sample:begin\n".Length;
        int to = source.LastIndexOf("        // sample:end", StringComparison.Ordinal);
        var lines = source[from..to].TrimEnd('\n').Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()).ToArray();
        Assert.True(lines.Length <= 15, $"{lines.Length} lines");
        Assert.Contains("```csharp\n" + string.Join("\n", lines) + "\n```", page);

        var (network, result) = NetworkBuilderSample.Run();
        var spikes = network.Spikes(result);
        output.WriteLine(string.Join(" ", spikes.Select(s => $"{s.Cell}@{s.TimeMs:F3}")));
        Assert.Null(result.BlowUp);
        // The kick makes cell 0 fire, and the activity goes round the ring in order.
        Assert.True(spikes.Count >= 4, $"{spikes.Count} spikes");
        Assert.Equal([0, 1, 2, 3], spikes.Take(4).Select(s => s.Cell));
        Assert.Equal(result.Spikes.Count, spikes.Count);
    }
}
