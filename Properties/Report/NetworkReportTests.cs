using System.Text.Json;
using System.Text.RegularExpressions;
using HHFunctional.Core.Network;
using HHFunctional.Properties.Shell;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Report;

/// <summary>
/// The network report (<see cref="NetworkReport"/>) on hand-made runs whose spikes, traces and degrees are known: every
/// figure holds exactly the data given (the oracle is the input, recounted here by hand), short runs give no rate, a
/// blow-up writes no NaN, the same input gives the same bytes, and a real browser draws every figure.
/// </summary>
public sealed class NetworkReportTests
{
    private const double DtMs = 0.025;
    private const long Iterations = 4000; // 100 ms

    // exc: 8 cells, cell i fires at 5 + 10·j + 0.5·i ms (j = 0..4): 40 spikes. inh: 3 cells, cell i at 25 + 25·j + i ms (j = 0..2): 9 spikes.
    private static NetworkSpike[] TwoPopulationSpikes() =>
        Enumerable.Range(0, 8).SelectMany(i => Enumerable.Range(0, 5).Select(j => new NetworkSpike(0, i, (200 + 400 * j + 20 * i) * DtMs) { Population = 0 }))
            .Concat(Enumerable.Range(0, 3).SelectMany(i => Enumerable.Range(0, 3).Select(j => new NetworkSpike(1, i, (1000 + 1000 * j + 40 * i) * DtMs) { Population = 1 })))
            .OrderBy(s => s.TimeMs).ToArray();

    // A spike every 10 ms at the soma: rest at −65 mV, 1 ms at +30 mV.
    private static double[] Trace(long length, double offsetMs) =>
        Enumerable.Range(0, (int)length).Select(k => ((k * DtMs + offsetMs) % 10.0) < 1.0 ? 30.0 : -65.0).ToArray();

    private static NetworkReportInput TwoPopulations(TimeSpan? wallTime = null) => new(
        "ring <&> test.json",
        [("exc", 8), ("inh", 3)],
        TwoPopulationSpikes(), DtMs, Iterations,
        [("exc[0] soma(0.5)", Trace(Iterations + 1, 0)), ("inh[2] dend[0](0.5)", Trace(Iterations + 1, 3))],
        // In: exc cell i receives i % 3 connections, inh cells 4 each: 19. Out: exc 2 each, inh cell i sends i: 19.
        [[0, 1, 2, 0, 1, 2, 0, 1], [4, 4, 4]],
        [[2, 2, 2, 2, 2, 2, 2, 2], [0, 1, 2]],
        [("dt_ms", "0.025"), ("t_stop_ms", "100"), ("projections[0].rule", "fixed-probability 0.1, seed 7")],
        wallTime);

    private static JsonElement[] Data(string html, string id)
    {
        using var figure = ReportTests.FigureJson(html, id);
        return figure.RootElement.GetProperty("data").EnumerateArray().Select(t => t.Clone()).ToArray();
    }

    private static string Layout(string html, string id, string axis)
    {
        using var figure = ReportTests.FigureJson(html, id);
        return figure.RootElement.GetProperty("layout").GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;
    }

    [Fact]
    public void RasterHoldsEverySpikeAtItsTimeInItsPopulationsBand()
    {
        var input = TwoPopulations();
        string html = NetworkReport.Build(input);
        var traces = Data(html, "fig-raster");
        Assert.Equal(["exc", "inh"], traces.Select(t => t.GetProperty("name").GetString()));
        // Rows: exc cells 0..7 are rows 0..7, inh cells 0..2 rows 8..10 (stacked in the order given).
        int[] firstRow = [0, 8];
        for (int p = 0; p < 2; p++)
        {
            var given = input.Spikes.Where(s => s.Population == p).ToArray();
            Assert.Equal(given.Select(s => (float)s.TimeMs), ReportTests.Float32(traces[p].GetProperty("x")));
            Assert.Equal(given.Select(s => (float)(firstRow[p] + s.Neuron)), ReportTests.Float32(traces[p].GetProperty("y")));
            Assert.Equal(given.Select(s => (float)s.Neuron), ReportTests.Float32(traces[p].GetProperty("customdata")));
            Assert.Equal("scatter", traces[p].GetProperty("type").GetString());
        }
        Assert.Equal(49, traces.Sum(t => ReportTests.Float32(t.GetProperty("x")).Length));
        // Population names at the middle of their bands: rows 3.5 and 9.
        using var figure = ReportTests.FigureJson(html, "fig-raster");
        var yaxis = figure.RootElement.GetProperty("layout").GetProperty("yaxis");
        Assert.Equal([3.5, 9.0], yaxis.GetProperty("tickvals").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["exc", "inh"], yaxis.GetProperty("ticktext").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void RateBinsHoldEverySpikeAndTheRateIsCountOverCellsAndWidth()
    {
        var input = TwoPopulations();
        string html = NetworkReport.Build(input);
        // 100 ms / 100 bins = 1 ms, a round width: 100 bins of 1 ms.
        Assert.Equal((100, 1.0), NetworkFigures.RateBins(100, DtMs));
        Assert.Equal("rate (Hz per cell, bins of 1 ms)", Layout(html, "fig-rates", "yaxis"));
        var traces = Data(html, "fig-rates");
        int[] cells = [8, 3], spikes = [40, 9];
        for (int p = 0; p < 2; p++)
        {
            var counts = traces[p].GetProperty("customdata").EnumerateArray().Select(c => c.GetDouble()).ToArray();
            var ratesHz = ReportTests.Float32(traces[p].GetProperty("y"));
            Assert.Equal(100, counts.Length);
            Assert.Equal(spikes[p], counts.Sum());
            // rate = count / (cells × 1 ms): one exc spike in a bin reads 125 Hz, one inh spike 333.3 Hz (float32: 1e-4 relative).
            for (int b = 0; b < 100; b++) Assert.Equal(counts[b] * 1000.0 / cells[p], ratesHz[b], counts[b] * 1000.0 / cells[p] * 1e-4 + 1e-9);
        }
        // exc fires in bins 5..8, 15..18, …: cells 0..7 at 5.0 … 8.5 ms → bins 5, 5, 6, 6, 7, 7, 8, 8: two spikes each.
        var exc = traces[0].GetProperty("customdata").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal([2.0, 2, 2, 2], exc[5..9]);
        Assert.Contains("One spike in a bin reads 125 Hz in exc, 333.3 Hz in inh", html);
    }

    [Theory]
    // duration (ms), dt (ms), bins, width (ms): a round width near duration/100, at least dt, stretched to fit whole bins.
    [InlineData(1000.0, 0.025, 100, 10.0)]
    [InlineData(137.5, 0.025, 69, 137.5 / 69)]  // 1.375 wanted → 2 ms → 68.75 bins → 69
    [InlineData(0.1, 0.025, 2, 0.05)]           // dt 0.025 > 0.001 wanted → 0.05 ms
    [InlineData(0.025, 0.025, 1, 0.025)]        // one step: one bin
    [InlineData(10_000.0, 0.1, 100, 100.0)]
    public void RateBinsAreRoundAndCoverTheRun(double endMs, double dtMs, int bins, double widthMs)
    {
        var (b, w) = NetworkFigures.RateBins(endMs, dtMs);
        Assert.Equal(bins, b);
        Assert.Equal(widthMs, w, 12);
    }

    [Fact]
    public void DegreeHistogramsCountEveryCellOnce()
    {
        var input = TwoPopulations();
        string html = NetworkReport.Build(input);
        foreach (var (id, degrees) in new[] { ("fig-in-degree", input.InDegree), ("fig-out-degree", input.OutDegree) })
        {
            var traces = Data(html, id);
            for (int p = 0; p < 2; p++)
            {
                var x = traces[p].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                var y = traces[p].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.Equal(degrees[p].Length, y.Sum());
                // One degree per bar: the bar at x counts the cells of degree x.
                for (int k = 0; k < x.Length; k++) Assert.Equal(degrees[p].Count(d => d == x[k]), y[k]);
            }
        }
        // exc in-degrees 0,1,2,0,1,2,0,1: three of 0, three of 1, two of 2.
        Assert.Equal([3.0, 3, 2], Data(html, "fig-in-degree")[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).Take(3));
        Assert.Equal("in-degree (connections per cell)", Layout(html, "fig-in-degree", "xaxis"));
    }

    [Fact]
    public void WideDegreeRangesAreBinnedAndStillCountEveryCell()
    {
        // Degrees 0..250: bins 3 wide (⌈251 / 100⌉), 84 of them; the last holds 249 and 250.
        var degrees = Enumerable.Range(0, 251).ToArray();
        using var figure = JsonDocument.Parse(NetworkFigures.Degrees([("big", 251)], [degrees], "in-degree").ToJson());
        var bar = figure.RootElement.GetProperty("data")[0];
        var y = bar.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(84, y.Length);
        Assert.Equal(251, y.Sum());
        Assert.Equal("249–251", bar.GetProperty("text")[83].GetString());
        Assert.Equal(2, y[83]);
        Assert.Equal("in-degree (connections per cell, bins of 3)", figure.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void SummaryGivesSpikesAndMeanRatesPerPopulation()
    {
        string html = NetworkReport.Build(TwoPopulations());
        var table = Regex.Match(html, "<table id=\"tbl-network-spikes\".*?</table>", RegexOptions.Singleline).Value;
        // exc: 40 spikes / (8 cells × 0.1 s) = 50 Hz; inh: 9 / (3 × 0.1 s) = 30 Hz; all: 49 / (11 × 0.1 s) = 44.545… Hz.
        Assert.Contains("<tr><th>exc</th><td>8</td><td>40</td><td>50.00</td></tr>", table);
        Assert.Contains("<tr><th>inh</th><td>3</td><td>9</td><td>30.00</td></tr>", table);
        Assert.Contains("<tr><th>all</th><td>11</td><td>49</td><td>44.55</td></tr>", table);
        Assert.Contains("<tr><th>projections[0].rule</th><td>fixed-probability 0.1, seed 7</td></tr>", html);
        Assert.Contains("<tr><th>connections (in-degrees summed)</th><td>19</td></tr>", html);
    }

    [Fact]
    public void ShortRunGivesNoRateForOneSpike()
    {
        // One spike in 0.1 ms would read 10,000 Hz: below 50 ms the table says "–".
        var input = TwoPopulations() with
        {
            Spikes = [new NetworkSpike(0, 0, 0.05) { Population = 0 }], Iterations = 4, Traces = [],
            Populations = [("one", 1)], InDegree = [[0]], OutDegree = [[0]],
        };
        string html = NetworkReport.Build(input);
        Assert.Contains("<tr><th>one</th><td>1</td><td>1</td><td>–</td></tr>", html);
        string tables = html[html.IndexOf("<section id=\"tables\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("10000", tables);
        Assert.DoesNotContain("10,000", tables);
        Assert.Equal(1.0, Data(html, "fig-rates")[0].GetProperty("customdata").EnumerateArray().Sum(c => c.GetDouble()));
    }

    [Fact]
    public void EmptyNetworkStillGivesAValidPage()
    {
        var input = new NetworkReportInput("empty", [("lonely", 5)], [], DtMs, Iterations, [], [new int[5]], [new int[5]], [], null);
        string html = NetworkReport.Build(input);
        Assert.Contains("No cell fired in this run.", html);
        Assert.Contains("No site was recorded in this run.", html);
        Assert.DoesNotContain("<div id=\"fig-traces\"", html);
        foreach (string id in NetworkReport.FigureIds.Where(id => id != "fig-traces")) Assert.NotEmpty(Data(html, id));
        Assert.Empty(ReportTests.Float32(Data(html, "fig-raster")[0].GetProperty("x")));
        Assert.Equal(0.0, Data(html, "fig-rates")[0].GetProperty("customdata").EnumerateArray().Sum(c => c.GetDouble()));
        Assert.Equal([5.0], Data(html, "fig-in-degree")[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Contains("<tr><th>lonely</th><td>5</td><td>0</td><td>0.00</td></tr>", html);
        Assert.EndsWith("</html>\n", html);
        // No population and no time at all still makes a page.
        string none = NetworkReport.Build(new NetworkReportInput("nothing", [], [], DtMs, 0, [], [], [], [], null));
        Assert.Contains("No time was simulated", none);
        Assert.Empty(Data(none, "fig-raster"));
    }

    [Fact]
    public void BlowUpIsABannerAndNoNonFiniteValueReachesAFigure()
    {
        // exc[0] soma(0.5) blows up at step 1000 (25 ms): NaN then +∞; inh's trace stays finite.
        var v = Trace(Iterations + 1, 0);
        for (long k = 1000; k <= Iterations; k++) v[k] = k % 2 == 0 ? double.NaN : double.PositiveInfinity;
        var input = TwoPopulations() with { Traces = [("exc[0] soma(0.5)", v), ("inh[2] dend[0](0.5)", Trace(Iterations + 1, 3))], Problem = "blow-up: exc cell 0 soma v is NaN at step 1000 (25 ms)" };
        string html = NetworkReport.Build(input);
        Assert.Contains("<div id=\"banner\" role=\"alert\"", html);
        Assert.Contains("blow-up: exc cell 0 soma v is NaN at step 1000 (25 ms)", html);
        Assert.Contains("v at exc[0] soma(0.5) is not finite from t = 25 ms on: drawn up to there.", html);
        var traces = Data(html, "fig-traces");
        var t = ReportTests.Float32(traces[0].GetProperty("x"));
        Assert.True(t.Max() < 25, $"the blown-up trace is drawn to {t.Max()} ms");
        foreach (string id in NetworkReport.FigureIds)
        {
            string start = $"hhfPlot('{id}', ";
            int from = html.IndexOf(start, StringComparison.Ordinal);
            string json = html[from..html.IndexOf(");</script>", from, StringComparison.Ordinal)];
            Assert.DoesNotContain("NaN", json);
            Assert.DoesNotContain("Infinity", json);
            foreach (var trace in Data(html, id))
                foreach (var member in trace.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object && m.Value.TryGetProperty("bdata", out _)))
                    Assert.All(ReportTests.Float32(member.Value), x => Assert.True(float.IsFinite(x), $"{id}.{member.Name} holds {x}"));
        }
    }

    [Fact]
    public void SameInputGivesTheSameBytesAndWallTimeIsShownOnlyWhenGiven()
    {
        var input = TwoPopulations();
        byte[] Bytes(NetworkReportInput i) { using var m = new MemoryStream(); NetworkReport.Write(m, i); return m.ToArray(); }
        Assert.Equal(Bytes(input), Bytes(TwoPopulations()));
        Assert.Contains("<tr><th>simulation wall time</th><td>not shown (--reproducible)</td></tr>", NetworkReport.Build(input));
        Assert.Contains("<tr><th>simulation wall time</th><td>1234.5 ms</td></tr>", NetworkReport.Build(TwoPopulations(TimeSpan.FromMilliseconds(1234.5))));
        // The title is user text: escaped.
        Assert.Contains("<title>ring &lt;&amp;&gt; test.json</title>", NetworkReport.Build(input));
    }

    [Fact]
    public void HundredThousandSpikesAreDrawnWithWebGlAndKeepThePageSmall()
    {
        var (input, spikes) = Large();
        string html = NetworkReport.Build(input);
        var raster = Data(html, "fig-raster");
        Assert.All(raster, t => Assert.Equal("scattergl", t.GetProperty("type").GetString()));
        Assert.Equal(spikes, raster.Sum(t => ReportTests.Float32(t.GetProperty("x")).Length));
        // plotly.js (3.6 MB) + 3 float32 a spike (~16 bytes in base64) + the rest.
        Assert.InRange(html.Length, 3_600_000, 3_600_000 + 16 * spikes + 300_000);
    }

    // 1,000 cells in two populations, 100,000 spikes over 1 s, spread by a fixed rule (no randomness).
    private static (NetworkReportInput Input, int Spikes) Large()
    {
        const int n = 100_000;
        var spikes = Enumerable.Range(0, n).Select(k => new NetworkSpike(0, k % 800 < 600 ? k % 800 : k % 200, Math.Round(k * 1000.0 / n / DtMs) * DtMs)
            { Population = k % 800 < 600 ? 0 : 1 }).ToArray();
        return (new NetworkReportInput("large", [("e", 800), ("i", 200)], spikes, DtMs, 40_000, [("e[0]", Trace(40_001, 0))],
            [new int[800], new int[200]], [new int[800], new int[200]], [], null), n);
    }

    [Fact]
    public void RingOfFourRunReportsNeuronsSpikesAndOneConnectionInAndOutPerCell()
    {
        // Oracle: NEURON 8.2.2's 15 spikes of the ring (Fixtures/ring4_spikes.csv) and the fixture's connections 0→1→2→3→0
        // (its spike source into cell 0 is no connection). Times to 1e-4 ms: float32 keeps ~8e-6 ms at 100 ms.
        var network = Network.NeuronNetworkTests.Ring(5.0);
        int soma = network.Detectors[0].Node;
        var result = NetworkRun.Run(network, new NetworkRunSettings { Record = [new NetworkProbe(0, 0, soma)] });
        var input = NetworkReport.Input("ring4.json", network, result, ["cells[0] detector site"], [("dt_ms", "0.025")], null, null);
        string html = NetworkReport.Build(input);
        var neuron = Network.NeuronNetworkTests.Spikes("ring4_spikes.csv");
        var raster = Assert.Single(Data(html, "fig-raster"));
        var x = ReportTests.Float32(raster.GetProperty("x"));
        var y = ReportTests.Float32(raster.GetProperty("y"));
        Assert.Equal(neuron.Length, x.Length);
        var drawn = x.Zip(y, (t, cell) => (Cell: (int)cell, TimeMs: (double)t)).OrderBy(s => s.TimeMs).ThenBy(s => s.Cell).ToArray();
        for (int i = 0; i < neuron.Length; i++)
        {
            Assert.Equal(neuron[i].Cell, drawn[i].Cell);
            Assert.True(Math.Abs(neuron[i].TimeMs - drawn[i].TimeMs) < 1e-4, $"spike {i}: NEURON {neuron[i].TimeMs} ms, drawn {drawn[i].TimeMs} ms");
        }
        foreach (string id in new[] { "fig-in-degree", "fig-out-degree" })
            Assert.Equal([0.0, 4.0], Assert.Single(Data(html, id)).GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        // 15 spikes / (4 cells × 0.1 s) = 37.5 Hz.
        Assert.Contains("<tr><th>cells</th><td>4</td><td>15</td><td>37.50</td></tr>", html);
        var v = ReportTests.Float32(Assert.Single(Data(html, "fig-traces")).GetProperty("y"));
        Assert.True(v.Max() > 0, "cell 0 fires, so its trace crosses 0 mV");
    }

    [Fact]
    public void PageDrawsEveryFigureInChromiumWithoutScriptErrors()
    {
        string chromium = Chromium.Require();
        // The SVG raster: a WebGL one (above MaxSvgSpikes) draws too, with software GL, but costs this test 6 s more.
        string dir = Directory.CreateTempSubdirectory("hhf-network-report-").FullName;
        try
        {
            string path = Path.Combine(dir, "network.html");
            File.WriteAllText(path, NetworkReport.Build(TwoPopulations()));
            Chromium.AssertEveryFigureDrawn(Chromium.DumpDom(chromium, path, TimeSpan.FromSeconds(90)).Dom, NetworkReport.FigureIds);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
