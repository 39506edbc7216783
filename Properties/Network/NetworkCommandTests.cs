using System.Globalization;
using System.IO.Compression;
using HHFunctional.Properties.Shell;
using HHFunctional.Shell;
using Xunit.Abstractions;

namespace HHFunctional.Properties.Network;

/// <summary>
/// <c>hhf network FILE.json --out DIR</c> end to end, in-process. Oracle: NEURON 8.2.2's ring4 (Fixtures/ring4_spikes.csv,
/// Fixtures/ring4_v_soma_cells01.csv.gz), here written as a network file (docs/examples/ring4/ring4.net.json: the cell as a
/// JSON morphology, the ring's connections as a list CSV): the 15 spikes on NEURON's steps, the soma traces within
/// 1e-6 mV, and the outputs' headers and contents as docs/network.md states them.
/// </summary>
public class NetworkCommandTests(ITestOutputHelper output)
{
    internal static string RingFile => Path.Combine(RepoRoot.Path, "docs", "examples", "ring4", "ring4.net.json");

    private static string Fixture(string name) => Path.Combine(RepoRoot.Path, "Properties", "Network", "Fixtures", name);

    private static string[][] Rows(string path) =>
        File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();

    private static double D(string x) => double.Parse(x, CultureInfo.InvariantCulture);

    private CliResult Run(Sandbox box, params string[] args)
    {
        var r = box.Run(args);
        output.WriteLine(r.ToString());
        return r;
    }

    /// <summary>The README's network command (<c>hhf network docs/examples/ring4/ring4.net.json --out ring</c>).</summary>
    [Fact]
    public void RingFromANetworkFileSpikesOnNeuronsSteps()
    {
        using var box = new Sandbox();
        Assert.Contains("hhf network docs/examples/ring4/ring4.net.json --out ring", File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md")));
        var r = Run(box, "network", RingFile, "--out", box["out"]);
        Assert.True(r.Code == ExitCode.Ok, r.ToString());
        Assert.True(File.Exists(box["out/report.html"]));
        var neuron = Rows(Fixture("ring4_spikes.csv"));
        Assert.Equal(15, neuron.Length); // the fixture, checked before use
        Assert.Equal("population,cell,t_ms", File.ReadLines(box["out/spikes.csv"]).First());
        var ours = Rows(box["out/spikes.csv"]);
        Assert.Equal(neuron.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.Equal("ring", ours[i][0]);
            Assert.Equal(neuron[i][0], ours[i][1]);
            // NEURON puts a spike on a step boundary: the same step, to the rounding of k·dt.
            Assert.True(Math.Abs(D(neuron[i][1]) - D(ours[i][2])) < 1e-6, $"spike {i}: NEURON {neuron[i][1]}, ours {ours[i][2]}");
        }
        Assert.Equal(ours.Select(s => D(s[2])).Order(), ours.Select(s => D(s[2])));
    }

    [Fact]
    public void TracesAreNeuronsSomaTracesAndConnectionsAreTheList()
    {
        using var box = new Sandbox();
        var r = Run(box, "network", RingFile, "--out", box["out"], "--no-report", "--threads", "2");
        Assert.True(r.Code == ExitCode.Ok, r.ToString());
        var lines = File.ReadAllLines(box["out/traces.csv"]);
        Assert.Equal("t_ms,ring[0]:soma(0.5),ring[1]:soma(0.5)", lines[0]);
        using var gz = new GZipStream(File.OpenRead(Fixture("ring4_v_soma_cells01.csv.gz")), CompressionMode.Decompress);
        var neuron = new StreamReader(gz).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,t_ms,v_cell0_mV,v_cell1_mV", neuron[0]);
        Assert.Equal(4002, neuron.Length);
        Assert.Equal(neuron.Length, lines.Length);
        double worst = 0;
        for (int k = 1; k < lines.Length; k++)
        {
            var (ours, theirs) = (lines[k].Split(','), neuron[k].Split(','));
            Assert.Equal((k - 1) * 0.025, D(ours[0]), 12);
            worst = Math.Max(worst, Math.Max(Math.Abs(D(ours[1]) - D(theirs[2])), Math.Abs(D(ours[2]) - D(theirs[3]))));
        }
        output.WriteLine($"largest |Δv| against NEURON: {worst:E2} mV");
        // The library reaches 2e-11 mV (NeuronNetworkTests); the CSV's shortest round-trip numbers lose nothing.
        Assert.True(worst < 1e-6, $"{worst} mV");

        Assert.Equal(["source_population,source,target_population,target,weight_us,delay_ms",
            "ring,0,ring,1,0.05,5", "ring,1,ring,2,0.05,5", "ring,2,ring,3,0.05,5", "ring,3,ring,0,0.05,5"], File.ReadAllLines(box["out/connections.csv"]));
    }

    /// <summary>spikes.parquet read back by DuckDB (no code shared with the writer): the rows of spikes.csv.</summary>
    [Fact]
    public void ParquetSpikesAreTheCsvRows()
    {
        using var box = new Sandbox();
        var r = Run(box, "network", RingFile, "--out", box["out"], "--no-report", "--parquet", "--t-stop-ms", "50");
        Assert.True(r.Code == ExitCode.Ok, r.ToString());
        var csv = Rows(box["out/spikes.csv"]);
        Assert.Equal(8, csv.Length); // --t-stop-ms 50 overrides the file's 100: NEURON's first 8 spikes
        using var db = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT population, cell, t_ms FROM read_parquet('{box["out/spikes.parquet"]}')";
        using var reader = command.ExecuteReader();
        int row = 0;
        while (reader.Read())
        {
            Assert.Equal(csv[row][0], reader.GetString(0));
            Assert.Equal(int.Parse(csv[row][1], CultureInfo.InvariantCulture), reader.GetInt32(1));
            Assert.Equal(BitConverter.DoubleToInt64Bits(D(csv[row][2])), BitConverter.DoubleToInt64Bits(reader.GetDouble(2)));
            row++;
        }
        Assert.Equal(csv.Length, row);
    }

    /// <summary>A network of two populations with inline morphologies, rules, Poisson and regular sources: connections.csv
    /// shows each target's exact in-degree (fixed-in-degree) and only pairs of the stated populations; the run is the same
    /// on 1 and 2 threads, byte for byte.</summary>
    [Fact]
    public void RulesAndSourcesExpandAsStatedAndThreadsDoNotChangeTheOutputs()
    {
        using var box = new Sandbox();
        string file = box.Write("net/two.net.json", TwoPopulations);
        var one = Run(box, "network", file, "--out", box["one"], "--no-report", "--threads", "1");
        var two = Run(box, "network", file, "--out", box["two"], "--no-report", "--threads", "2");
        Assert.True(one.Code == ExitCode.Ok && two.Code == ExitCode.Ok, one + "\n" + two);
        foreach (var name in new[] { "spikes.csv", "connections.csv", "traces.csv" })
            Assert.Equal(File.ReadAllBytes(box[$"one/{name}"]), File.ReadAllBytes(box[$"two/{name}"]));
        var connections = Rows(box["one/connections.csv"]);
        var inhToExc = connections.Where(c => c[0] == "inh" && c[2] == "exc").ToArray();
        Assert.All(inhToExc.GroupBy(c => c[3]), g => Assert.Equal(3, g.Select(c => c[1]).Distinct().Count()));
        Assert.Equal(10, inhToExc.GroupBy(c => c[3]).Count());
        var excToExc = connections.Where(c => c[0] == "exc" && c[2] == "exc").ToArray();
        Assert.All(excToExc, c => Assert.NotEqual(c[1], c[3])); // no self pairs
        Assert.All(connections, c => Assert.Equal("2", c[5]));
        var spikes = Rows(box["one/spikes.csv"]);
        Assert.NotEmpty(spikes);
        Assert.All(spikes, s => Assert.Contains(s[0], new[] { "exc", "inh" }));
        Assert.Equal("t_ms,exc[3]:soma(0.5),inh[0]:dend(1)", File.ReadLines(box["one/traces.csv"]).First());
    }

    internal const string TwoPopulations = """
        {
          "simulation": {"t-stop-ms": 40, "dt-ms": 0.05},
          "cell-types": {
            "ball-stick": {
              "morphology": {"sections": [
                {"name": "soma", "type": "soma", "parent": null, "length-um": 20, "diameter-um": 20},
                {"name": "dend", "type": "dend", "parent": "soma", "length-um": 200, "diameter-um": 1}]},
              "nseg": 3,
              "insert": ["soma:hh", "dend:pas"],
              "param": ["dend:pas.e=-65"]
            }
          },
          "synapse-types": {
            "ampa": {"kind": "exp-syn", "tau-ms": 2, "e-mv": 0},
            "gaba": {"kind": "exp2-syn", "tau1-ms": 0.5, "tau2-ms": 5, "e-mv": -80}
          },
          "populations": [
            {"name": "exc", "cell-type": "ball-stick", "count": 10},
            {"name": "inh", "cell-type": "ball-stick", "count": 5}
          ],
          "projections": [
            {"source": "exc", "source-site": "soma(0.5)", "target": "exc", "target-site": "dend(0.5)", "synapse": "ampa",
             "weight-us": 0.002, "delay-ms": 2, "rule": {"kind": "fixed-probability", "p": 0.3, "seed": 11}},
            {"source": "exc", "source-site": "soma(0.5)", "target": "inh", "target-site": "soma(0.5)", "synapse": "ampa",
             "weight-us": 0.002, "delay-ms": 2, "rule": {"kind": "all-to-all"}},
            {"source": "inh", "source-site": "soma(0.5)", "target": "exc", "target-site": "soma(0.5)", "synapse": "gaba",
             "weight-us": 0.001, "delay-ms": 2, "rule": {"kind": "fixed-in-degree", "k": 3, "seed": 5}}
          ],
          "sources": [
            {"name": "drive", "poisson": {"rate-hz": 200, "seed": 3}, "target": "exc", "site": "soma(0.5)", "synapse": "ampa", "weight-us": 0.02, "delay-ms": 1},
            {"name": "beat", "regular": {"start-ms": 5, "interval-ms": 10}, "target": "inh", "cells": [0, 1], "site": "soma(0.5)", "synapse": "ampa", "weight-us": 0.05, "delay-ms": 1}
          ],
          "record": ["exc[3]:soma(0.5)", "inh[0]:dend(1)"]
        }
        """;

    /// <summary>A blow-up (an absurd weight drives v to NaN) names the population, cell and step, exits 1 and writes no file.</summary>
    [Fact]
    public void BlowUpNamesPopulationCellAndStepAndWritesNothing()
    {
        using var box = new Sandbox();
        foreach (var f in new[] { "ring_cell.json", "ring4.csv" }) File.Copy(Path.Combine(Path.GetDirectoryName(RingFile)!, f), box[f]);
        string file = box.Write("blow.net.json", File.ReadAllText(RingFile).Replace("\"weight-us\": 0.05, \"delay-ms\": 1", "\"weight-us\": 1e308, \"delay-ms\": 1"));
        var r = Run(box, "network", file, "--out", box["out"], "--t-stop-ms", "5");
        Assert.True(r.Code == ExitCode.RunFailed, r.ToString());
        Assert.Contains("numerical blow-up in population 'ring', cell 0, at iteration 41 of 200", r.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(box["out"]));
    }

    [Fact]
    public void InterruptedBeforeTheRunWritesNothing()
    {
        using var box = new Sandbox();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var r = box.Run(["network", RingFile, "--out", box["out"]], cancelled.Token);
        Assert.Equal(ExitCode.Interrupted, r.Code);
        Assert.False(Directory.Exists(box["out"]));
    }

    /// <summary>A population's spikes are detected at its spike-site and spike-threshold-mv, whatever its projections watch
    /// (the ring's at 0 mV come a little before its 10 mV crossings, once each), and a population with no projection out of
    /// it (listener, driven by every ring cell) still has its spikes in spikes.csv (at soma(0.5), 10 mV).</summary>
    [Fact]
    public void SpikesAreEachPopulationsOwnDetectorsOncePerCell()
    {
        using var box = new Sandbox();
        foreach (var f in new[] { "ring_cell.json", "ring4.csv" }) File.Copy(Path.Combine(Path.GetDirectoryName(RingFile)!, f), box[f]);
        string text = File.ReadAllText(RingFile)
            .Replace("{\"name\": \"ring\", \"cell-type\": \"ring-cell\", \"count\": 4}",
                "{\"name\": \"ring\", \"cell-type\": \"ring-cell\", \"count\": 4, \"spike-threshold-mv\": 0}, {\"name\": \"listener\", \"cell-type\": \"ring-cell\", \"count\": 1}")
            .Replace("\"projections\": [{", "\"projections\": [{\"source\": \"ring\", \"source-site\": \"soma(0.5)\", \"target\": \"listener\", \"target-site\": \"dend[0](0.5)\", " +
                     "\"synapse\": \"exc\", \"weight-us\": 0.05, \"delay-ms\": 2, \"rule\": {\"kind\": \"all-to-all\"}}, {");
        var r = Run(box, "network", box.Write("two.net.json", text), "--out", box["out"], "--no-report");
        Assert.True(r.Code == ExitCode.Ok, r.ToString());
        var spikes = Rows(box["out/spikes.csv"]);
        var ring = spikes.Where(s => s[0] == "ring").ToArray();
        var neuron = Rows(Fixture("ring4_spikes.csv"));
        Assert.Equal(neuron.Length, ring.Length);
        for (int i = 0; i < ring.Length; i++)
        {
            Assert.Equal(neuron[i][0], ring[i][1]);
            Assert.InRange(D(neuron[i][1]) - D(ring[i][2]), 0.0, 0.2);
        }
        Assert.Contains(spikes, s => s[0] == "listener");
        Assert.Equal(4 + 4, Rows(box["out/connections.csv"]).Length);
    }

    /// <summary>report.html is written (unless --no-report) with the report's figures; with --reproducible two runs give the
    /// same bytes.</summary>
    [Fact]
    public void ReportIsWrittenAndReproducible()
    {
        using var box = new Sandbox();
        var a = Run(box, "network", RingFile, "--out", box["a"], "--reproducible", "--t-stop-ms", "30");
        var b = Run(box, "network", RingFile, "--out", box["b"], "--reproducible", "--t-stop-ms", "30", "--threads", "1");
        Assert.True(a.Code == ExitCode.Ok && b.Code == ExitCode.Ok, a + "\n" + b);
        string page = File.ReadAllText(box["a/report.html"]);
        foreach (var id in HHFunctional.Shell.Report.NetworkReport.FigureIds) Assert.Contains(id, page);
        Assert.Contains("ring4.net.json", page);
        Assert.Equal(File.ReadAllBytes(box["a/report.html"]), File.ReadAllBytes(box["b/report.html"]));
        Assert.False(File.Exists(box["c/report.html"]));
    }

    /// <summary>A glutamate synapse type: each key sets its own parameter of GlutamateSyn (a swapped pair would differ),
    /// absent keys take GlutamateSyn's defaults, and bad values are refused with their paths.</summary>
    [Fact]
    public void GlutamateSynapseTypesSetEachParameterAndDefaultTheRest()
    {
        using var box = new Sandbox();
        foreach (var f in new[] { "ring_cell.json", "ring4.csv" }) File.Copy(Path.Combine(Path.GetDirectoryName(RingFile)!, f), box[f]);
        string Glu(string keys) => box.Write("glu.net.json", File.ReadAllText(RingFile).Replace("{\"kind\": \"exp-syn\", \"tau-ms\": 2, \"e-mv\": 0}", $"{{\"kind\": \"glutamate\"{keys}}}"));
        var (model, problems) = NetworkFile.Load(Glu(", \"ampa-tau1-ms\": 0.3, \"ampa-tau2-ms\": 3, \"nmda-tau1-ms\": 4, \"nmda-tau2-ms\": 43, " +
                                                     "\"nmda-ratio\": 0.5, \"mg-mm\": 1.2, \"e-mv\": -5"));
        Assert.Empty(problems);
        Assert.Equal(new HHFunctional.Core.Network.GlutamateSyn { AmpaTau1Ms = 0.3, AmpaTau2Ms = 3, NmdaTau1Ms = 4, NmdaTau2Ms = 43, NmdaRatio = 0.5, MgMM = 1.2, ReversalMv = -5 },
            model!.Spec.Synapses[0].Kind);
        (model, problems) = NetworkFile.Load(Glu(""));
        Assert.Empty(problems);
        Assert.Equal(new HHFunctional.Core.Network.GlutamateSyn(), model!.Spec.Synapses[0].Kind);
        var r = box.Run("network", Glu(", \"nmda-tau2-ms\": 1, \"mg-mm\": -1, \"mass\": 2"), "--out", box["out"]);
        Assert.Equal(ExitCode.BadInput, r.Code);
        Assert.Contains("$.synapse-types.exc.nmda-tau2-ms: expected τ2 > τ1 (2 ms), got 1", r.Stderr);
        Assert.Contains("$.synapse-types.exc.mg-mm: expected a concentration ≥ 0 mM, got -1", r.Stderr);
        Assert.Contains("$.synapse-types.exc.mass: unknown key", r.Stderr);
        var run = Run(box, "network", Glu(""), "--out", box["out"], "--no-report", "--t-stop-ms", "30");
        Assert.True(run.Code == ExitCode.Ok, run.ToString());
        Assert.NotEmpty(Rows(box["out/spikes.csv"]));
    }

    /// <summary>A cell type's stim (run's --stim with a site, nA) drives every cell of the type: without the kick, a 1 nA
    /// pulse at soma(0.5) from 0.5 to 1.5 ms makes all four ring cells fire together, soon after it starts.</summary>
    [Fact]
    public void CellTypeStimDrivesEveryCellOfTheType()
    {
        using var box = new Sandbox();
        foreach (var f in new[] { "ring_cell.json", "ring4.csv" }) File.Copy(Path.Combine(Path.GetDirectoryName(RingFile)!, f), box[f]);
        string text = File.ReadAllText(RingFile).Replace("\"dend:pas.g=1\", \"dend:pas.e=-65\"]", "\"dend:pas.g=1\", \"dend:pas.e=-65\"], \"stim\": [\"0.5,1.5,1,soma(0.5)\"]");
        text = text[..text.IndexOf("\"sources\"", StringComparison.Ordinal)] + "\"record\": []}";
        var r = Run(box, "network", box.Write("stim.net.json", text), "--out", box["out"], "--no-report", "--t-stop-ms", "4");
        Assert.True(r.Code == ExitCode.Ok, r.ToString());
        var spikes = Rows(box["out/spikes.csv"]);
        Assert.Equal(["0", "1", "2", "3"], spikes.Select(s => s[1]));
        Assert.All(spikes, s => Assert.InRange(D(s[2]), 0.5, 3.0));
        Assert.Single(spikes.Select(s => s[2]).Distinct());
        Assert.False(File.Exists(box["out/traces.csv"]));
    }

    [Fact]
    public void LoaderGivesTheSpecTheBenchRuns()
    {
        var (model, problems) = NetworkFile.Load(RingFile, new NetworkOverrides { DtMs = 0.0125 });
        Assert.Empty(problems);
        Assert.NotNull(model);
        Assert.Equal(0.0125, model!.Spec.DtMs);
        Assert.Equal(8000, model.Spec.Iterations);
        Assert.Equal(["ring"], model.PopulationNames);
        Assert.Equal(4, model.Spec.Connections.Count);
        // One ExpSyn per cell at dend[0](0.5), shared by the ring's connection and the kick.
        Assert.Equal(4, model.Spec.Synapses.Count);
        Assert.Equal(["ring[0]:soma(0.5)", "ring[1]:soma(0.5)"], model.RecordNames);
    }

    [Fact]
    public void HelpListsTheOptionsAndTopLevelUsageNamesTheCommand()
    {
        using var box = new Sandbox();
        var help = box.Run("network", "--help");
        Assert.Equal(ExitCode.Ok, help.Code);
        foreach (var option in new[] { "--out", "--threads", "--dt", "--t-stop-ms", "--integrator", "--reproducible", "--parquet", "--no-report" })
            Assert.Contains(option, help.Stdout);
        Assert.Contains("hhf network", box.Run("help").Stdout);
    }
}
