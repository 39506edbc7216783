using System.Text.Json;
using System.Text.RegularExpressions;
using HHFunctional.Properties.Reference;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Shell;

/// <summary>The report as a file: offline, complete, small, deterministic, escaped, and graceful when data is missing.</summary>
[Collection(SeedReportCollection.Name)]
public sealed class ReportTests(SeedReportFixture report)
{
    /// <summary>The issue's budget: plotly.js (~3.6 MB) plus the data of six figures.</summary>
    private const long MaxReportBytes = 6_000_000;

    [Fact]
    public void SeedReportIsWrittenAndAtMostSixMegabytes()
    {
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.InRange(report.Bytes, 3_600_000, MaxReportBytes);
    }

    [Fact]
    public void PlotlyIsEmbeddedOnceAndNothingIsFetched()
    {
        Assert.Single(Regex.Matches(report.Html, Regex.Escape("plotly.js v2.28.0")));
        Assert.DoesNotMatch("<script[^>]*\\bsrc=", report.Html);
        Assert.DoesNotMatch("<link[^>]*\\bhref=", report.Html);
        // Outside plotly.js itself (whose defaults name a CDN for map data it never needs here), no address at all.
        int start = report.Html.IndexOf("plotly.js v2.28.0", StringComparison.Ordinal);
        int end = report.Html.IndexOf("</script>", start, StringComparison.Ordinal);
        string ours = report.Html[..start] + report.Html[end..];
        Assert.DoesNotContain("http://", ours);
        Assert.DoesNotContain("https://", ours);
    }

    [Fact]
    public void EveryFigureHasItsDivAndOnePlotCall()
    {
        foreach (string id in RunReport.FigureIds)
        {
            Assert.Single(Regex.Matches(report.Html, $"<div id=\"{id}\""));
            Assert.Single(Regex.Matches(report.Html, $"hhfPlot\\('{id}',"));
        }
        foreach (string heading in new[] { "Membrane potential, stacked", "compartment &#215; time", "Gating variables", "Injected current", "Spikes and propagation", "Tables" })
            Assert.Contains(heading, report.Html);
    }

    [Fact]
    public void StackedTracesAreOffsetByMinusTenDAndHoverShowsTheRealV()
    {
        using var figure = FigureJson(report.Html, "fig-voltage-stacked");
        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(20, traces.Length);
        foreach (var (trace, d) in traces.Select((t, d) => (t, d)))
        {
            Assert.Equal($"c{d}", trace.GetProperty("name").GetString());
            float[] x = Float32(trace.GetProperty("x")), y = Float32(trace.GetProperty("y")), v = Float32(trace.GetProperty("customdata"));
            Assert.Equal(x.Length, y.Length);
            Assert.Equal(x.Length, v.Length);
            Assert.InRange(x.Length, 100, 2 * Figures.TracePoints + 2 * 20 + 2); // thinned: 50,000 samples → about 2,000
            Assert.All(x.Zip(x.Skip(1)), p => Assert.True(p.Item1 < p.Item2, "time increases"));
            // Drawn at V − 10·d; float32 keeps 7 digits, so |error| ≤ ~1e-5 mV here.
            Assert.All(y.Zip(v), p => Assert.InRange(p.Item1 - (p.Item2 - 10.0 * d), -1e-4, 1e-4));
            Assert.Contains("%{customdata", trace.GetProperty("hovertemplate").GetString());
            Assert.InRange(v.Max(), 20f, 60f); // every compartment spikes (the seed's wave reaches the end): its peak is kept
        }
    }

    [Fact]
    public void TitleIsHtmlEscaped()
    {
        Assert.DoesNotContain("<script>document", report.Html);
        Assert.Contains("Seed &lt;script&gt;document.documentElement.setAttribute(&#39;data-xss&#39;,&#39;1&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; &lt;/SCRIPT&gt;", report.Html);
        // Every <script> element the page opens is closed exactly once: no text ended one early.
        Assert.Equal(Regex.Matches(report.Html, "<script[ >]", RegexOptions.IgnoreCase).Count, Regex.Matches(report.Html, "</script>", RegexOptions.IgnoreCase).Count);
    }

    [Fact]
    public void SameRunGivesByteIdenticalFiles()
    {
        string[] args = { "--iterations", "3000", "--stim", "5,25,10,0", "--reproducible", "--title", "twice" };
        var first = report.Run("twice-1.html", args);
        var second = report.Run("twice-2.html", args);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(first.Html, second.Html);
        Assert.Contains("not shown (--reproducible)", first.Html);
        Assert.Contains("simulation wall time", report.Html);
        Assert.DoesNotContain("not shown (--reproducible)", report.Html);
    }

    [Fact]
    public void SpikeCountsPerStimulusWindowMatchPymonnto()
    {
        // Oracle: ref_seed_summary.json, spike counts per compartment per window [0,100) [100,200) … [400,500] ms of the
        // real PymoNNto run (zero start), found by the reference's own crossing rule.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures.Dir, "seed_pymonnto_init", "ref_seed_summary.json")));
        var windows = summary.RootElement.GetProperty("windows_ms").EnumerateArray().Select(w => w.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var expected = summary.RootElement.GetProperty("spike_count_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        Assert.Equal(20, expected.Length);
        Assert.Equal(new[] { 0.0, 100, 200, 300, 400 }, windows.Select(w => w[0]));

        var run = report.Run("pymonnto.html", "--preset", "pymonnto", "--reproducible");
        Assert.True(run.ExitCode == 0, run.Output);
        var table = Regex.Match(run.Html, "<table id=\"tbl-spikes\">.*?</table>", RegexOptions.Singleline).Value;
        foreach (string window in new[] { "0–100 ms", "100–200 ms", "200–300 ms", "300–400 ms", "400–500 ms" }) Assert.Contains(window, table);
        for (int c = 0; c < 20; c++)
        {
            var row = Regex.Match(table, $"<tr data-compartment=\"{c}\">.*?</tr>").Value;
            var counts = Regex.Matches(row, "<td class=\"count\">(\\d+)</td>").Select(m => int.Parse(m.Groups[1].Value)).ToArray();
            Assert.Equal(expected[c], counts);
            var rates = Regex.Matches(row, "<td class=\"rate\">([0-9.]+)</td>").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            // Rate = count over a 100 ms window.
            Assert.Equal(expected[c].Select(n => n * 10.0), rates);
        }
    }

    [Fact]
    public void Hh1952AxonConductsAtHodgkinAndHuxleysComputedSpeed()
    {
        // Oracle: Hodgkin & Huxley (1952), J. Physiol. 117, 500–544: the propagated action potential computed for their
        // squid axon travels at 18.8 m/s (21.2 m/s measured). The report's speed is the least-squares slope over all 500
        // compartments (compartments/ms × Δx): within 3% of 18.8 m/s (the sealed ends and the stimulated end bend the
        // first and last arrivals a little).
        var run = report.Run("hh1952.html", "--preset", "hh1952", "--reproducible");
        Assert.True(run.ExitCode == 0, run.Output);
        var speed = Regex.Match(run.Html, "<tr><th>0</th><td>500 of 500</td><td>([0-9.]+) compartments/ms = ([0-9.]+) m/s</td></tr>");
        Assert.True(speed.Success, "the propagation table gives the speed in m/s on the physical cable");
        double compartmentsPerMs = double.Parse(speed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        double metresPerSecond = double.Parse(speed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(metresPerSecond, 18.8 * 0.97, 18.8 * 1.03);
        // Δx = 50,000 µm / 500 = 100 µm: 1 compartment/ms = 100 µm/ms = 0.1 m/s (to the 4 digits shown).
        Assert.InRange(metresPerSecond / (compartmentsPerMs * 0.1), 0.999, 1.001);
        Assert.Contains("position along the cable (µm)", run.Html);
    }

    [Fact]
    public void ParameterTableListsEveryParameterAndTheRun()
    {
        var table = Regex.Match(report.Html, "<table id=\"tbl-parameters\".*?</table>", RegexOptions.Singleline).Value;
        foreach (var (name, value) in new[]
                 {
                     ("Membrane.CmUFPerCm2", "1"), ("Membrane.GNaMSPerCm2", "120"), ("Membrane.GKMSPerCm2", "36"), ("Membrane.GLMSPerCm2", "0.3"),
                     ("Membrane.ENaMv", "50"), ("Membrane.EKMv", "-77"), ("Membrane.ELMv", "-54.387"), ("Cable.BR", "0.15"), ("Compartments", "20"),
                     ("Neurons", "1"), ("DtMs", "0.01"), ("Iterations", "50000"), ("Stimulus.Segments[1].AmplitudeUAPerCm2", "10"),
                     ("Initial.VMv", "-65"), ("Initial.N", "0.32"), ("Integrator", "forward-euler"),
                 })
            Assert.Contains($"<tr><th>{name}</th><td>{value}</td></tr>", table);
        var run = Regex.Match(report.Html, "<table id=\"tbl-run\".*?</table>", RegexOptions.Singleline).Value;
        Assert.Matches("<tr><th>simulation wall time</th><td>[0-9]+\\.[0-9] ms</td></tr>", run);
        Assert.Contains("<tr><th>iterations</th><td>50,000</td></tr>", run);
        Assert.Contains("<tr><th>integrator</th><td>forward-euler</td></tr>", run);
    }

    [Fact]
    public void ReportWithoutGatesOmitsTheGatingFigureWithANote()
    {
        var run = report.Run("v-only.html", "--iterations", "3000", "--stim", "5,25,10,0", "--record-vars", "v", "--record-compartments", "0,5,10-12");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("<div id=\"fig-gating\"", run.Html);
        Assert.Contains("No gating variable was recorded: add m, h or n to --record-vars.", run.Html);
        foreach (string id in new[] { "fig-voltage-stacked", "fig-voltage-heatmap", "fig-current", "fig-raster", "fig-latency" })
            Assert.Contains($"<div id=\"{id}\"", run.Html);
        Assert.Contains("Recorded compartments: 0, 5, 10-12.", run.Html);
        Assert.Equal(5, Regex.Matches(run.Html, "<tr data-compartment=").Count);
    }

    [Fact]
    public void ReportWithoutVoltageKeepsGatesCurrentAndParameters()
    {
        var run = report.Run("gates-only.html", "--iterations", "3000", "--record-vars", "m,h");
        Assert.True(run.ExitCode == 0, run.Output);
        foreach (string id in new[] { "fig-voltage-stacked", "fig-voltage-heatmap", "fig-raster", "fig-latency" })
            Assert.DoesNotContain($"<div id=\"{id}\"", run.Html);
        Assert.Contains("<div id=\"fig-gating\"", run.Html);
        Assert.Contains("<div id=\"fig-current\"", run.Html);
        Assert.Contains("V was not recorded: add v to --record-vars.", run.Html);
        Assert.Contains("Not recorded: n (add to --record-vars).", run.Html);
        Assert.Contains("<table id=\"tbl-parameters\"", run.Html);
    }

    /// <summary>The figure JSON passed to hhfPlot for a div id.</summary>
    internal static JsonDocument FigureJson(string html, string id)
    {
        string start = $"hhfPlot('{id}', ";
        int from = html.IndexOf(start, StringComparison.Ordinal) + start.Length;
        int to = html.IndexOf(");</script>", from, StringComparison.Ordinal);
        return JsonDocument.Parse(html[from..to]);
    }

    /// <summary>A plotly typed array {"bdata": base64, "dtype": "f4"} as floats.</summary>
    internal static float[] Float32(JsonElement typedArray)
    {
        Assert.Equal("f4", typedArray.GetProperty("dtype").GetString());
        var bytes = Convert.FromBase64String(typedArray.GetProperty("bdata").GetString()!);
        return Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToSingle(bytes, 4 * i)).ToArray();
    }

    [Fact]
    public void ReportOfARunFourTimesLongerIsNoBigger()
    {
        // Display data is bounded by the decimation budgets, not by the run's length: 80,000 updates of 3 compartments
        // firing all along give at most 1% more bytes than 20,000 (both far above the 2,000 points a trace may keep;
        // what grows is one raster tick and two kept points per extra spike).
        string[] common = { "--compartments", "3", "--stim", "5,1000,10,0", "--reproducible" };
        var shortRun = report.Run("short.html", common.Append("--iterations").Append("20000").ToArray());
        var longRun = report.Run("long.html", common.Append("--iterations").Append("80000").ToArray());
        Assert.True(longRun.ExitCode == 0, longRun.Output);
        Assert.InRange(longRun.Html.Length, 0, shortRun.Html.Length * 1.01);
    }
}
