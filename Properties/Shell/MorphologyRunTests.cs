using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Morphology;
using Xunit.Abstractions;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// <c>hhf run --morphology</c> end to end, as a user runs it. Oracle: NEURON 8.2.2's run of the traced pyramidal cell
/// (Properties/Morphology/data/pyramid_cn_dt0.025.csv.gz, the protocol in PyramidNeuronRunTests and the shared README):
/// the same protocol given as options must give NEURON's traces to 1e-6 mV (the library reaches 4e-11 mV; the CSV's
/// shortest round-trip numbers lose nothing).
/// </summary>
public class MorphologyRunTests(ITestOutputHelper output)
{
    /// <summary>NEURON's protocol as options: hh soma (NEURON's el −54.3), passive dendrites, Ra 100, nseg = 1 + 2·⌊L/40⌋,
    /// 1 nA at soma(0.5) in the 4000 steps from 10 to 110 ms (on for START &lt; t ≤ END, edges half a step after the grid
    /// points), finitialize(−65), Crank–Nicolson dt 0.025 ms for 150 ms.</summary>
    internal static string[] PyramidArgs(Sandbox box, string swc, params string[] more) => PyramidArgs(box, swc, 6000, more);

    internal static string[] PyramidArgs(Sandbox box, string swc, int iterations, params string[] more) =>
    [
        "run", "--morphology", swc, "--segment-length-um", "40", "--insert", "soma:hh", "--insert", "dend:pas",
        "--param", "all:ra=100", "--param", "dend:pas.g=0.05", "--param", "dend:pas.e=-65", "--param", "soma:hh.el=-54.3",
        "--stim", "10.0125,110.0125,1,soma(0.5)", "--record-sites", "soma(0.5),dend[29](1)",
        "--integrator", "crank-nicolson", "--dt", "0.025", "--iterations", iterations.ToString(CultureInfo.InvariantCulture), "--init", "steady", "--v0", "-65",
        "--out", box["r.html"], .. more,
    ];

    private static string CopyPyramid(Sandbox box)
    {
        string swc = box["pyramid.swc"];
        File.Copy(Path.Combine(MorphologyData.Dir, "pyramid.swc"), swc);
        return swc;
    }

    private static double[][] NeuronReference()
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(MorphologyData.Dir, "pyramid_cn_dt0.025.csv.gz")), CompressionMode.Decompress);
        var lines = new StreamReader(gz).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Fixture check: the columns this test reads.
        Assert.Equal("t_ms,soma,dend[29](1),dend[17](1),dend[18](1)", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    private static (string Header, double[][] Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0], lines.Skip(1).Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray());
    }

    [Fact]
    public void PyramidThroughHhfRunMatchesNeuron()
    {
        using var box = new Sandbox();
        string swc = CopyPyramid(box);
        var r = box.Run(PyramidArgs(box, swc, "--csv", box["out"], "--record-vars", "v"));
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("(crank-nicolson)", r.Stdout);

        var (header, rows) = ReadCsv(box["out/v.csv"]);
        Assert.Equal("t_ms,soma(0.5),dend[29](1)", header);
        var reference = NeuronReference();
        Assert.Equal(6000, rows.Length);
        double worstSoma = 0, worstDend = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            // Row k is the state after update k + 1, NEURON's row k + 1 (its row 0 is t = 0).
            Assert.Equal(reference[k + 1][0], rows[k][0], 1e-9);
            worstSoma = Math.Max(worstSoma, Math.Abs(rows[k][1] - reference[k + 1][1]));
            worstDend = Math.Max(worstDend, Math.Abs(rows[k][2] - reference[k + 1][2]));
        }
        output.WriteLine($"max |v − NEURON|: soma(0.5) {worstSoma:E2} mV, dend[29](1) {worstDend:E2} mV");
        Assert.True(worstSoma <= 1e-6 && worstDend <= 1e-6, $"soma {worstSoma:E2} mV, dend {worstDend:E2} mV > 1e-6 mV");

        // spikes.csv by site: NEURON's one spike (pyramid_spikes.json), within a tenth of the README's 0.0025 ms.
        var spikes = File.ReadAllText(box["out/spikes.csv"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("site,t_ms", spikes[0]);
        Assert.Equal(2, spikes.Length);
        Assert.StartsWith("soma(0.5),", spikes[1]);
        using var json = JsonDocument.Parse(MorphologyData.Text("pyramid_spikes.json"));
        double neuronSpike = json.RootElement.GetProperty("spike_times_ms")[0].GetDouble();
        double spike = double.Parse(spikes[1].Split(',')[1], CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(spike - neuronSpike) <= 2.5e-4, $"spike at {spike} ms, NEURON {neuronSpike} ms");
    }

    [Fact]
    public void SavedConfigRepeatsTheCellRunByteForByte()
    {
        using var box = new Sandbox();
        string swc = CopyPyramid(box);
        var r = box.Run(PyramidArgs(box, swc, 800, "--csv", box["a"], "--save-config", box["cell.json"]));
        Assert.True(r.Code == 0, r.ToString());
        using (var saved = JsonDocument.Parse(File.ReadAllText(box["cell.json"])))
        {
            var root = saved.RootElement;
            Assert.Equal(swc, root.GetProperty("morphology").GetString());
            Assert.Equal(40, root.GetProperty("segment-length-um").GetDouble());
            Assert.Equal(["soma:hh", "dend:pas"], root.GetProperty("insert").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal(["all:ra=100", "dend:pas.g=0.05", "dend:pas.e=-65", "soma:hh.el=-54.3"], root.GetProperty("param").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal(["10.0125,110.0125,1,soma(0.5)"], root.GetProperty("stim").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal("soma(0.5),dend[29](1)", root.GetProperty("record-sites").GetString());
            Assert.Equal("steady", root.GetProperty("init").GetString());
            // Keys of the plain cable do not apply to a cell and are left out.
            foreach (var key in new[] { "cable", "b-r", "compartments", "record-compartments", "stim-unit", "m0", "nseg", "d-lambda" })
                Assert.False(root.TryGetProperty(key, out _), key);
        }
        var again = box.Run("run", "--config", box["cell.json"], "--csv", box["b"], "--out", box["r2.html"]);
        Assert.True(again.Code == 0, again.ToString());
        foreach (var file in new[] { "v.csv", "m.csv", "h.csv", "n.csv", "spikes.csv" })
            Assert.Equal(File.ReadAllBytes(box[$"a/{file}"]), File.ReadAllBytes(box[$"b/{file}"]));
    }

    [Fact]
    public void DefaultsAreNeuronsForACell()
    {
        using var box = new Sandbox();
        string cell = box.Write("cell.json", """
            {"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20},
                          {"name": "d1", "type": "dend", "parent": "soma", "length-um": 400, "diameter-um": 1}]}
            """);
        var r = box.Run("run", "--morphology", cell, "--iterations", "20", "--csv", box["out"], "--out", "-", "--save-config", box["c.json"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("(crank-nicolson)", r.Stdout);
        // The default recorded site is soma(0.5); no stimulus, steady at −65 mV with hh everywhere (the seed's hh values).
        Assert.Equal("t_ms,soma(0.5)", File.ReadAllLines(box["out/v.csv"])[0]);
        using var saved = JsonDocument.Parse(File.ReadAllText(box["c.json"]));
        Assert.Equal(0.1, saved.RootElement.GetProperty("d-lambda").GetDouble());
        Assert.Equal("steady", saved.RootElement.GetProperty("init").GetString());
        Assert.Equal(-65, saved.RootElement.GetProperty("v0").GetDouble());
        Assert.Empty(saved.RootElement.GetProperty("stim").EnumerateArray());
        Assert.Equal("crank-nicolson", saved.RootElement.GetProperty("integrator").GetString());
        // A root without a soma: its middle.
        string noSoma = box.Write("axon.json", """{"sections": [{"name": "a0", "type": "axon", "length-um": 100, "diameter-um": 1}]}""");
        var r2 = box.Run("run", "--morphology", noSoma, "--iterations", "5", "--csv", box["o2"], "--out", "-");
        Assert.True(r2.Code == 0, r2.ToString());
        Assert.Equal("t_ms,a0(0.5)", File.ReadAllLines(box["o2/v.csv"])[0]);
    }

    /// <summary>HH 1952's rate functions (the test's own, for the oracle of --init steady): x∞ = α/(α + β) at 6.3 °C.</summary>
    private static (double M, double H, double N) HhSteady(double v)
    {
        double am = 0.1 * (v + 40) / (1 - Math.Exp(-(v + 40) / 10)), bm = 4 * Math.Exp(-(v + 65) / 18);
        double ah = 0.07 * Math.Exp(-(v + 65) / 20), bh = 1 / (1 + Math.Exp(-(v + 35) / 10));
        double an = 0.01 * (v + 55) / (1 - Math.Exp(-(v + 55) / 10)), bn = 0.125 * Math.Exp(-(v + 65) / 80);
        return (am / (am + bm), ah / (ah + bh), an / (an + bn));
    }

    /// <summary>--init steady --v0 V starts each model where --init seed with v0 = V and the gates at HH's x∞(V) starts it:
    /// the seed cable, the physical cable of hh1952, and a cell.</summary>
    [Theory]
    [InlineData("seed")]
    [InlineData("physical")]
    [InlineData("cell")]
    public void InitSteadyIsEveryGateAtItsSteadyStateForEveryModel(string model)
    {
        using var box = new Sandbox();
        const double v0 = -58.5;
        var (m, h, n) = HhSteady(v0);
        string[] common = ["--iterations", "3", "--dt", "0.001", "--stim", "none", "--out", "-", "--integrator", "backward-euler"];
        string[] modelArgs = model switch
        {
            "seed" => ["--compartments", "4"],
            "physical" => ["--preset", "hh1952", "--compartments", "5"],
            _ => ["--morphology", box.Write("cell.json", """
                {"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20},
                              {"name": "d1", "type": "dend", "parent": "soma", "length-um": 300, "diameter-um": 1}]}
                """), "--record-sites", "soma(0.5),d1(0.5),d1(1)"],
        };
        var steady = box.Run(["run", .. modelArgs, .. common, "--csv", box["steady"], "--init", "steady", "--v0", Show(v0)]);
        Assert.True(steady.Code == 0, steady.ToString());
        var given = box.Run(["run", .. modelArgs, .. common, "--csv", box["given"], "--init", "seed", "--v0", Show(v0),
            "--m0", Show(m), "--h0", Show(h), "--n0", Show(n)]);
        Assert.True(given.Code == 0, given.ToString());
        foreach (var file in new[] { "v.csv", "m.csv", "h.csv", "n.csv" })
        {
            var (headerA, a) = ReadCsv(box[$"steady/{file}"]);
            var (headerB, b) = ReadCsv(box[$"given/{file}"]);
            Assert.Equal(headerB, headerA);
            for (int k = 0; k < a.Length; k++)
                for (int c = 0; c < a[k].Length; c++)
                    Assert.True(Math.Abs(a[k][c] - b[k][c]) <= 1e-12, $"{model} {file} row {k} column {c}: {a[k][c]} vs {b[k][c]}");
        }
        // And it did start there: after 1 µs, v within 0.05 mV of v0 (no stimulus; at −58.5 mV with steady gates the
        // ionic current moves v by about 13 mV/ms).
        Assert.True(Math.Abs(ReadCsv(box["steady/v.csv"]).Rows[0][1] - v0) < 0.05);
    }

    private static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void NeuronsInLanesAreCopiesOfTheCell()
    {
        using var box = new Sandbox();
        string swc = CopyPyramid(box);
        var one = box.Run(PyramidArgs(box, swc, 600, "--csv", box["one"], "--record-vars", "v"));
        Assert.True(one.Code == 0, one.ToString());
        var many = box.Run(PyramidArgs(box, swc, 600, "--csv", box["many"], "--record-vars", "v", "--neurons", "3", "--neuron", "2"));
        Assert.True(many.Code == 0, many.ToString());
        Assert.Equal(File.ReadAllBytes(box["one/v.csv"]), File.ReadAllBytes(box["many/v.csv"]));
    }

    /// <summary>
    /// Issue 15's last case: <c>--neuron</c> on a group whose neurons differ. Neuron 1 of three gets its own soma g_Na
    /// (<c>--param soma:hh.gna=60@1</c>); its CSV holds, value for value, what the library records for neuron 1 of the same
    /// group (the oracle: <c>Simulation.RunRecorded</c> on <c>CellModel.Build</c> with <c>RegionParameter.Neuron = 1</c>), and
    /// differs from neuron 0's; the file is UTF-8 without BOM with \n line ends.
    /// </summary>
    [Fact]
    public void NeuronOfAGroupWhoseNeuronsDifferIsThatNeuronsRecording()
    {
        using var box = new Sandbox();
        string swc = CopyPyramid(box);
        var args = PyramidArgs(box, swc, 800, "--record-vars", "v,m", "--neurons", "3", "--param", "soma:hh.gna=60@1");
        var r1 = box.Run([.. args, "--csv", box["n1"], "--neuron", "1"]);
        Assert.True(r1.Code == 0, r1.ToString());
        var r0 = box.Run([.. args, "--csv", box["n0"], "--neuron", "0"]);
        Assert.True(r0.Code == 0, r0.ToString());

        var cell = HHFunctional.Core.Model.CellModel.Build(MorphologyData.ReadSwc("pyramid.swc"), new HHFunctional.Core.Morphology.NsegRule.SegmentLength(40),
            [new Insertion("soma", "hh"), new Insertion("dend", "pas")],
            [new RegionParameter("all", "ra", 100), new RegionParameter("dend", "pas.g", 0.05), new RegionParameter("dend", "pas.e", -65),
             new RegionParameter("soma", "hh.el", -54.3), new RegionParameter("soma", "hh.gna", 60) { Neuron = 1 }], 3)
            .Match(Succ: c => c, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var spec = HHFunctional.Core.SimulationSpec.Validate(cell.ApplyTo(new SimulationParameters
        {
            DtMs = 0.025, Iterations = 800, Integrator = IntegratorKind.CrankNicolson, Initial = InitialConditions.Steady(-65),
            Stimulus = (Stimulus)cell.Step(10.0125, 110.0125, 1, new Site("soma", 0.5)),
        })).Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        int[] nodes = [(int)cell.NodeOf(new Site("soma", 0.5)), (int)cell.NodeOf(new Site("dend[29]", 1))];
        var recording = HHFunctional.Core.Simulation.RunRecorded(spec, new HHFunctional.Core.RecordingSelection([StateVariable.V, StateVariable.M], nodes, 1, 1));

        foreach (var (file, variable) in new[] { ("v.csv", StateVariable.V), ("m.csv", StateVariable.M) })
        {
            byte[] bytes = File.ReadAllBytes(box[$"n1/{file}"]);
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no BOM");
            Assert.DoesNotContain((byte)'\r', bytes);
            var (header, rows) = ReadCsv(box[$"n1/{file}"]);
            Assert.Equal("t_ms,soma(0.5),dend[29](1)", header);
            Assert.Equal(recording.Rows, rows.Length);
            for (int k = 0; k < rows.Length; k++)
                for (int c = 0; c < 2; c++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(recording.Column(variable, c)[k]), BitConverter.DoubleToInt64Bits(rows[k][c + 1]));
        }
        Assert.NotEqual(File.ReadAllBytes(box["n0/v.csv"]), File.ReadAllBytes(box["n1/v.csv"]));
    }

    /// <summary>An explicit integrator on a cell runs (section ends set from their neighbours) and warns, before running,
    /// when dt is above its stability limit, naming the option (the pyramid's short, thick segments put it near 6e-6 ms).</summary>
    [Fact]
    public void ForwardEulerOnACellWarnsAboveItsStabilityLimit()
    {
        using var box = new Sandbox();
        string swc = CopyPyramid(box);
        var r = box.Run(["run", "--morphology", swc, "--integrator", "forward-euler", "--iterations", "20", "--out", box["r.html"]]);
        Assert.Contains("warning: DtMs (--dt): forward Euler is unstable for this cell at dt = ", r.Stderr);
        Assert.Contains("lower --dt below", r.Stderr);
        var quiet = box.Run(["run", "--morphology", swc, "--integrator", "forward-euler", "--dt", "0.000005", "--iterations", "20", "--out", box["q.html"]]);
        Assert.True(quiet.Code == 0, quiet.ToString());
        Assert.DoesNotContain("unstable", quiet.Stderr);
    }

    /// <summary>The README's cell example, as written there (paths moved into a sandbox), runs and writes the columns it
    /// promises; the spike at the soma comes within a step of NEURON's protocol's (the example's stimulus starts half a
    /// step earlier and its Ra, el and nseg are the defaults, so only roughly).</summary>
    [Fact]
    public void ReadmeCellExampleRuns()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        int start = readme.IndexOf("## A branched cell", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var lines = readme[start..end].Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim().TrimEnd('\\').Trim());
        var words = ShellWords(string.Join(' ', lines));
        Assert.Equal(["hhf", "run", "--morphology", "docs/examples/pyramid.swc"], words.Take(4));
        Assert.Equal(3, lines.Count());

        using var box = new Sandbox();
        var args = words.Skip(1).Select(w => w == "docs/examples/pyramid.swc" ? Path.Combine(RepoRoot.Path, w) : w == "cell" ? box["cell"] : w)
            .Concat(["--out", box["r.html"]]).ToArray();
        var r = box.Run(args);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("t_ms,soma(0.5),dend[29](1)", File.ReadAllLines(box["cell/v.csv"])[0]);
        var spikes = File.ReadAllLines(box["cell/spikes.csv"]);
        Assert.True(spikes.Length >= 2 && spikes[1].StartsWith("soma(0.5),", StringComparison.Ordinal), string.Join("\n", spikes));
        // The report draws the cell (v at every node, from the report's own run), not the note that asks for every node.
        string page = File.ReadAllText(box["r.html"]);
        Assert.Contains("1. The cell, coloured by v", page);
        Assert.Contains("\"sliders\"", page);
        Assert.DoesNotContain("the picture needs every node", page);
        // docs/examples/pyramid.swc is the file the NEURON reference was made from.
        Assert.Equal(File.ReadAllBytes(Path.Combine(MorphologyData.Dir, "pyramid.swc")), File.ReadAllBytes(Path.Combine(RepoRoot.Path, "docs", "examples", "pyramid.swc")));
    }

    /// <summary>Words of a command line as bash splits them (spaces; single quotes keep what they hold).</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line)
        {
            if (c == '\'') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted) { if (any) words.Add(word.ToString()); word.Clear(); any = false; }
            else { word.Append(c); any = true; }
        }
        if (any) words.Add(word.ToString());
        return words;
    }

    /// <summary>--parquet of a cell: columns named by site, read back by DuckDB (no code shared with the writer) equal to
    /// the CSV bit for bit; spikes.parquet has the site as a string. The report is written too.</summary>
    [Fact]
    public void ParquetOfACellIsTheCsvBySite()
    {
        using var box = new Sandbox();
        string swc = CopyPyramid(box);
        var r = box.Run(PyramidArgs(box, swc, 1000, "--csv", box["out"], "--parquet", box["pq"], "--record-vars", "v"));
        Assert.True(r.Code == 0, r.ToString());
        Assert.True(File.Exists(box["r.html"]));
        using var db = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        db.Open();
        var lines = File.ReadAllLines(box["out/v.csv"]);
        using (var command = db.CreateCommand())
        {
            command.CommandText = $"SELECT * FROM read_parquet('{box["pq/v.parquet"]}')";
            using var reader = command.ExecuteReader();
            Assert.Equal(["t_ms", "soma(0.5)", "dend[29](1)"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            int row = 0;
            while (reader.Read())
            {
                var fields = lines[++row].Split(',');
                for (int c = 0; c < reader.FieldCount; c++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(fields[c], CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(reader.GetDouble(c)));
            }
            Assert.Equal(lines.Length - 1, row);
        }
        var spikes = File.ReadAllLines(box["out/spikes.csv"]);
        using (var command = db.CreateCommand())
        {
            command.CommandText = $"SELECT site, t_ms FROM read_parquet('{box["pq/spikes.parquet"]}')";
            using var reader = command.ExecuteReader();
            int row = 0;
            while (reader.Read())
            {
                var fields = spikes[++row].Split(',');
                Assert.Equal(fields[0], reader.GetString(0));
                Assert.Equal(double.Parse(fields[1], CultureInfo.InvariantCulture), reader.GetDouble(1));
            }
            Assert.Equal(spikes.Length - 1, row);
            Assert.Equal(1, row);
        }
    }
}
