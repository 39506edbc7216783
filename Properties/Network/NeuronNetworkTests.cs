using System.Globalization;
using System.Text.Json;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Core.Network;
using Xunit.Abstractions;

namespace HHFunctional.Properties.Network;

/// <summary>
/// Oracle: NEURON 8.2.2 runs of small networks (Fixtures: a ring of four hh-soma cells with passive dendritic trees and
/// ExpSyn synapses, and a pair of point cells joined by an Exp2Syn). The model is built from the fixture's JSON with the
/// public API (MorphologyBuilder, CellModel, NetworkSpec) and must reproduce every spike step (|Δt| &lt; 1e-6 ms).
/// </summary>
public class NeuronNetworkTests(ITestOutputHelper output)
{
    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(RepoRoot.Path, "Properties", "Network", "Fixtures", name));

    internal static (int Cell, double TimeMs)[] Spikes(string file) =>
        Fixture(file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture))).ToArray();

    /// <summary>The cell type's sections as a morphology, its nseg, and its mechanisms and values as CellModel insertions and parameters.</summary>
    internal static Cell CellOf(JsonElement type, int neurons)
    {
        var builder = new MorphologyBuilder();
        var nseg = new List<int>();
        var inserts = new List<Insertion>();
        var parameters = new List<RegionParameter>();
        foreach (var s in type.GetProperty("sections").EnumerateArray())
        {
            string name = s.GetProperty("name").GetString()!;
            string? parent = s.GetProperty("parent").ValueKind == JsonValueKind.Null ? null : s.GetProperty("parent").GetString();
            double parentX = s.TryGetProperty("parent_x", out var px) ? px.GetDouble() : 1.0;
            builder = builder.Cylinder(name, name.StartsWith("dend") ? "dend" : "soma", parent, s.GetProperty("L_um").GetDouble(),
                s.GetProperty("diam_um").GetDouble(), parentX);
            nseg.Add(s.GetProperty("nseg").GetInt32());
            parameters.Add(new RegionParameter(name, "cm", s.GetProperty("cm_uF_cm2").GetDouble()));
            parameters.Add(new RegionParameter(name, "ra", s.GetProperty("Ra_ohm_cm").GetDouble()));
            foreach (var mech in s.GetProperty("mechanisms").EnumerateObject())
            {
                inserts.Add(new Insertion(name, mech.Name));
                foreach (var p in mech.Value.EnumerateObject())
                {
                    // S/cm² → mS/cm² for conductances; the hoc names of hh's
                    var (param, value) = (mech.Name, p.Name) switch
                    {
                        ("hh", "gnabar") => ("hh.gna", p.Value.GetDouble() * 1e3),
                        ("hh", "gkbar") => ("hh.gk", p.Value.GetDouble() * 1e3),
                        ("hh", "gl") => ("hh.gl", p.Value.GetDouble() * 1e3),
                        ("hh", "el") => ("hh.el", p.Value.GetDouble()),
                        ("pas", "g") => ("pas.g", p.Value.GetDouble() * 1e3),
                        ("pas", "e") => ("pas.e", p.Value.GetDouble()),
                        _ => throw new InvalidDataException($"unknown parameter {mech.Name}.{p.Name}"),
                    };
                    parameters.Add(new RegionParameter(name, param, value));
                }
            }
            if (s.TryGetProperty("ion_reversal_mV", out var ions))
            {
                parameters.Add(new RegionParameter(name, "hh.ena", ions.GetProperty("ena").GetDouble()));
                parameters.Add(new RegionParameter(name, "hh.ek", ions.GetProperty("ek").GetDouble()));
            }
        }
        var morphology = builder.Build().Match(Succ: m => m, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
        return CellModel.Build(morphology, new NsegRule.PerSection([.. nseg]), inserts, parameters, neurons)
            .Match(Succ: c => c, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
    }

    private static SimulationSpec CellsSpec(Cell cell, JsonElement simulation, Stimulus stimulus, RateTable? rateTable = null) =>
        SimulationSpec.Validate(cell.ApplyTo(new SimulationParameters
        {
            DtMs = simulation.GetProperty("dt_ms").GetDouble(),
            Iterations = (long)Math.Round(simulation.GetProperty("tstop_ms").GetDouble() / simulation.GetProperty("dt_ms").GetDouble()),
            Integrator = IntegratorKind.CrankNicolson,
            Initial = InitialConditions.Steady(simulation.GetProperty("v_init_mV").GetDouble()),
            Stimulus = stimulus,
            RateTable = rateTable,
        })).Match(Succ: s => s, Fail: e => throw new InvalidDataException(string.Join("; ", e)));

    internal static int Node(Cell cell, string section, double x) => (int)cell.NodeOf(new Site(section, x));

    private void AssertSameSpikes((int Cell, double TimeMs)[] expected, NetworkResult result)
    {
        Assert.Null(result.BlowUp);
        var ours = result.Spikes.Select(s => (s.Neuron, s.TimeMs)).OrderBy(s => s.TimeMs).ThenBy(s => s.Neuron).ToArray();
        output.WriteLine($"ours: {string.Join(" ", ours.Select(s => $"{s.Neuron}@{s.TimeMs:F6}"))}");
        Assert.Equal(expected.Length, ours.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Cell, ours[i].Neuron);
            Assert.True(Math.Abs(expected[i].TimeMs - ours[i].TimeMs) < 1e-6, $"spike {i}: NEURON {expected[i].TimeMs} ms, ours {ours[i].TimeMs} ms");
        }
    }

    [Fact]
    public void RingOfFourWithExpSynSpikesOnNeuronsSteps() => AssertSameSpikes(Spikes("ring4_spikes.csv"), NetworkRun.Run(Ring(5.0)));

    /// <summary>NEURON's soma traces of cells 0 and 1 at every step (4001 rows) against ours: the issue asks 0.01 mV; they agree to 2e-11 mV.</summary>
    [Fact]
    public void RingSomaTracesAgreeWithNeuronsToRoundOff()
    {
        var ring = Ring(5.0);
        var cell = CellOf(JsonDocument.Parse(Fixture("ring4.json")).RootElement.GetProperty("cell_types").GetProperty("ring_cell"), 4);
        int soma = Node(cell, "soma", 0.5);
        var result = NetworkRun.Run(ring, new NetworkRunSettings { Record = [new NetworkProbe(0, 0, soma), new NetworkProbe(0, 1, soma)] });
        AssertTracesAgree(Traces("ring4_v_soma_cells01.csv.gz"), result, 1e-9);
    }

    // NEURON's delivery rule (shared README, point 5, checked there with NEURON): an event takes effect at the step boundary
    // nearest its arrival, so a delay of 5.0124 ms acts as 5.0 and 5.0126 ms one step later. A rule that delivered at the
    // next boundary (or at the previous one) would move one of the two.
    [Fact]
    public void DelaysActAtTheNearestStepBoundary()
    {
        var reference = Spikes("ring4_spikes.csv");
        AssertSameSpikes(reference, NetworkRun.Run(Ring(5.0124)));
        var later = NetworkRun.Run(Ring(5.0126)).Spikes.First(s => s.Neuron == 1);
        Assert.Equal(reference.First(s => s.Cell == 1).TimeMs + 0.025, later.TimeMs, 9);
    }

    /// <summary>
    /// NEURON's default hh rate tables (<c>usetable_hh = 1</c>; Fixtures/ring4_tables, made by ring4_tables.py there) move its
    /// soma traces by up to 0.15 mV from its exact-rate run. Ours with <see cref="RateTable.Neuron"/> spikes on the table
    /// run's steps and follows its traces within the issue's 0.01 mV (measured 0.0087 mV: NEURON interpolates τ and takes
    /// exp(−dt/τ), we interpolate the decay itself).
    /// </summary>
    [Fact]
    public void WithNeuronsRateTableTheRingFollowsNeuronsTableRun()
    {
        var tables = Traces("ring4_tables/ring4_tables_v_soma_cells01.csv.gz");
        var exact = Traces("ring4_v_soma_cells01.csv.gz");
        double tableEffect = tables.Zip(exact, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        Assert.True(tableEffect >= 0.1, $"NEURON's tables move its traces by {tableEffect} mV");
        var ring = Ring(5.0, RateTable.Neuron);
        var cell = CellOf(JsonDocument.Parse(Fixture("ring4.json")).RootElement.GetProperty("cell_types").GetProperty("ring_cell"), 4);
        int soma = Node(cell, "soma", 0.5);
        var result = NetworkRun.Run(ring, new NetworkRunSettings { Record = [new NetworkProbe(0, 0, soma), new NetworkProbe(0, 1, soma)] });
        AssertSameSpikes(Spikes("ring4_tables/ring4_tables_spikes.csv"), result);
        AssertTracesAgree(tables, result, 0.01);
    }

    /// <summary>The ring4 fixture's network with every connection's delay set to <paramref name="delayMs"/> (NEURON's: 5 ms).</summary>
    internal static NetworkSpec Ring(double delayMs, RateTable? rateTable = null)
    {
        using var json = JsonDocument.Parse(Fixture("ring4.json"));
        var root = json.RootElement;
        var type = root.GetProperty("cell_types").GetProperty("ring_cell");
        int cells = root.GetProperty("cells").GetArrayLength();
        var cell = CellOf(type, cells);
        var spec = CellsSpec(cell, root.GetProperty("simulation"), Stimulus.None, rateTable);
        var synapse = type.GetProperty("synapses")[0];
        var p = synapse.GetProperty("parameters");
        int synNode = Node(cell, synapse.GetProperty("section").GetString()!, synapse.GetProperty("x").GetDouble());
        var detector = type.GetProperty("spike_detector");
        int detNode = Node(cell, detector.GetProperty("section").GetString()!, detector.GetProperty("x").GetDouble());
        var synapses = Enumerable.Range(0, cells).Select(j => new SynapseSite(j, synNode, new ExpSyn(p.GetProperty("tau").GetDouble(), p.GetProperty("e").GetDouble()))).ToArray();
        var detectors = Enumerable.Range(0, cells).Select(j => new Detector(j, detNode, detector.GetProperty("threshold_mV").GetDouble())).ToArray();
        var connections = root.GetProperty("connections").EnumerateArray().Select(c => new Connection(c.GetProperty("source").GetInt32(),
            c.GetProperty("target").GetInt32(), c.GetProperty("weight_uS").GetDouble(), delayMs)).ToArray();
        Assert.All(root.GetProperty("connections").EnumerateArray(), c => Assert.Equal(5.0, c.GetProperty("delay_ms").GetDouble()));
        var sources = root.GetProperty("stimuli").EnumerateArray().SelectMany(s => s.GetProperty("targets").EnumerateArray().Select(t =>
            new SpikeSource(s.GetProperty("source_spike_times_ms").EnumerateArray().Select(x => x.GetDouble()).ToArray(), t.GetProperty("cell").GetInt32(),
                s.GetProperty("weight_uS").GetDouble(), s.GetProperty("delay_ms").GetDouble()))).ToArray();
        return NetworkSpec.Validate(spec, synapses, detectors, connections, sources)
            .Match(Succ: n => n, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
    }

    [Fact]
    public void PairWithExp2SynSpikesOnNeuronsSteps()
    {
        using var json = JsonDocument.Parse(Fixture("exp2syn_pair.json"));
        var root = json.RootElement;
        var types = root.GetProperty("cell_types");
        // Both cells have the same sections and mechanisms (checked), so they are two neurons of one group.
        Assert.Equal(types.GetProperty("driver").GetProperty("sections").GetRawText(), types.GetProperty("receiver").GetProperty("sections").GetRawText());
        var cell = CellOf(types.GetProperty("driver"), 2);
        var clamp = root.GetProperty("stimuli")[0];
        double dt = root.GetProperty("simulation").GetProperty("dt_ms").GetDouble();
        int clampNode = Node(cell, clamp.GetProperty("section").GetString()!, clamp.GetProperty("x").GetDouble());
        double del = clamp.GetProperty("del_ms").GetDouble(), dur = clamp.GetProperty("dur_ms").GetDouble();
        // IClamp is on while del ≤ t < del + dur at the step midpoint; update k (ending at k·dt) has its midpoint at k·dt − dt/2.
        var stimulus = new Stimulus([new StimulusSegment(del + dt / 2, del + dur + dt / 2,
            cell.Cable.CurrentDensityUAPerCm2(clampNode, clamp.GetProperty("amp_nA").GetDouble()), clampNode) { Neuron = clamp.GetProperty("cell").GetInt32() }]);
        var spec = CellsSpec(cell, root.GetProperty("simulation"), stimulus);
        var syn = types.GetProperty("receiver").GetProperty("synapses")[0];
        var p = syn.GetProperty("parameters");
        int soma = Node(cell, "soma", 0.5);
        var synapses = new[] { new SynapseSite(1, Node(cell, syn.GetProperty("section").GetString()!, syn.GetProperty("x").GetDouble()),
            new Exp2Syn(p.GetProperty("tau1").GetDouble(), p.GetProperty("tau2").GetDouble(), p.GetProperty("e").GetDouble())) };
        var detectors = new[] { new Detector(0, soma, 10.0), new Detector(1, soma, 10.0) };
        var c = root.GetProperty("connections")[0];
        var network = NetworkSpec.Validate(spec, synapses, detectors,
            [new Connection(c.GetProperty("source").GetInt32(), 0, c.GetProperty("weight_uS").GetDouble(), c.GetProperty("delay_ms").GetDouble())], [])
            .Match(Succ: n => n, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
        var result = NetworkRun.Run(network, new NetworkRunSettings { Record = [new NetworkProbe(0, 0, soma), new NetworkProbe(0, 1, soma)] });
        AssertSameSpikes(Spikes("exp2syn_pair_spikes.csv"), result);
        AssertTracesAgree(Traces("exp2syn_pair_traces.csv.gz"), result, 1e-9);
    }

    /// <summary>A gzipped NEURON trace file (step, t_ms, v of cell 0, v of cell 1, …): the two v columns.</summary>
    private static double[][] Traces(string file)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(RepoRoot.Path, "Properties", "Network", "Fixtures", file)),
            System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var rows = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        return [.. Enumerable.Range(2, 2).Select(c => rows.Select(r => double.Parse(r[c], CultureInfo.InvariantCulture)).ToArray())];
    }

    private void AssertTracesAgree(double[][] neuron, NetworkResult ours, double toleranceMv)
    {
        for (int c = 0; c < neuron.Length; c++)
        {
            Assert.Equal(neuron[c].Length, ours.Traces[c].Length);
            double worst = neuron[c].Zip(ours.Traces[c], (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"cell {c}: largest |Δv| {worst:G3} mV over {neuron[c].Length} steps");
            Assert.True(worst < toleranceMv, $"cell {c}: |Δv| up to {worst} mV");
        }
    }
}
