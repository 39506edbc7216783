using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Morphology;
using HHFunctional.Properties.Shell;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Report;

/// <summary>
/// The pyramidal cell's run (PyramidNeuronRunTests' protocol: NEURON 8.2.2's, 1 nA at soma(0.5), one spike) recorded at
/// every node, and its report written once through <see cref="RunReport.Write"/> with four named sites.
/// </summary>
public sealed class PyramidReportFixture : IDisposable
{
    public static readonly string[] SiteNames = ["soma(0.5)", "dend[29](1)", "dend[17](1)", "dend[18](1)"];

    public PyramidReportFixture()
    {
        Cell = PyramidNeuronRunTests.PyramidCell();
        Spec = PyramidNeuronRunTests.PyramidSpec(Cell);
        Recording = Simulation.RunRecorded(Spec, new RecordingSelection([StateVariable.V], Enumerable.Range(0, Spec.Compartments).ToArray()));
        Sites = SiteNames.Select(s => (Site)Site.Parse(s)).ToArray();
        Input = new ReportInput(Spec, Recording, null, "pyramid", "none", Cell: Cell, Sites: Sites);
        Dir = Directory.CreateTempSubdirectory("hhf-cell-report-").FullName;
        Path = System.IO.Path.Combine(Dir, "pyramid.html");
        using (var file = File.Create(Path)) RunReport.Write(file, Input);
        Html = File.ReadAllText(Path);
    }

    public Cell Cell { get; }
    public SimulationSpec Spec { get; }
    public Recording Recording { get; }
    public Site[] Sites { get; }
    internal ReportInput Input { get; }
    public string Dir { get; }
    public string Path { get; }
    public string Html { get; }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The branched cell's page: its figures against NEURON's run and section table, its size, determinism, and a real browser.</summary>
public sealed class CellReportTests(PyramidReportFixture report) : IClassFixture<PyramidReportFixture>
{
    [Fact]
    public void PageHasTheCellFiguresAndNoCompartmentIndices()
    {
        foreach (string id in CellReport.FigureIds)
        {
            Assert.Single(Regex.Matches(report.Html, $"<div id=\"{id}\""));
            Assert.Single(Regex.Matches(report.Html, $"hhfPlot\\('{id}',"));
        }
        // Nothing by node index: the cable figures' ids and "c12"-style names are absent.
        Assert.DoesNotContain("fig-voltage-stacked", report.Html);
        using var sites = ReportTests.FigureJson(report.Html, "fig-sites");
        Assert.Equal(PyramidReportFixture.SiteNames, sites.RootElement.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var table = Regex.Match(report.Html, "<table id=\"tbl-spikes\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(PyramidReportFixture.SiteNames, Regex.Matches(table, "<tr data-compartment=\"\\d+\"><th>([^<]*)</th>").Select(m => m.Groups[1].Value));
        // One spike at the soma, none in the passive dendrites (NEURON: one spike at 13.517 ms, pyramid_spikes.json).
        Assert.Equal([1, 0, 0, 0], Regex.Matches(table, "<td class=\"total\">(\\d+)</td>").Select(m => int.Parse(m.Groups[1].Value)));
        // The current figure speaks nA at soma(0.5): the 1 nA the protocol gives, not its density.
        using var current = ReportTests.FigureJson(report.Html, "fig-current");
        var trace = Assert.Single(current.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("into soma(0.5)", trace.GetProperty("name").GetString());
        Assert.Equal(1.0, ReportTests.Float32(trace.GetProperty("y")).Max(), 5);
        Assert.Equal("I_inj (nA)", current.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        // A site's amplitude is nA whatever --stim-unit says (the run command passes µA/cm² when --stim is given without it).
        string html = RunReport.Build(report.Input with { CurrentUnit = CurrentUnit.UAPerCm2 });
        using var again = ReportTests.FigureJson(html, "fig-current");
        Assert.Equal("I_inj (nA)", again.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void BackPropagationMatchesNeuronsPeaksAndPathDistances()
    {
        // Oracles: NEURON 8.2.2's traces (pyramid_cn_dt0.025.csv.gz, columns soma, dend[29](1), dend[17](1), dend[18](1)) for
        // the peaks, its section table (pyramid_sections.csv, path_dist_1end_um = h.distance(soma(0.5), sec(1))) for the
        // distances. Tolerances: the README's 1 mV at the soma and 0.1 mV in dendrites (our traces agree to 1e-8 mV);
        // distances to 1e-6 µm (NEURON prints 12 digits).
        var neuronPeaks = NeuronPeaks();
        var distances = MorphologyData.Csv("pyramid_sections.csv").ToDictionary(r => r["name"], r => MorphologyData.D(r["path_dist_1end_um"]));
        using var figure = ReportTests.FigureJson(report.Html, "fig-bap");
        var ringed = figure.RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "recorded sites");
        var names = ringed.GetProperty("text").EnumerateArray().Select(x => x.GetString()!).ToArray();
        var x = ringed.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var y = ringed.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(PyramidReportFixture.SiteNames, names);
        for (int i = 0; i < names.Length; i++)
        {
            double expectedX = i == 0 ? 0.0 : distances[names[i][..^3]];
            Assert.True(Math.Abs(x[i] - expectedX) <= 1e-6, $"{names[i]}: distance {x[i]} µm, NEURON {expectedX} µm");
            Assert.True(Math.Abs(y[i] - neuronPeaks[i]) <= (i == 0 ? 1.0 : 0.1), $"{names[i]}: peak {y[i]} mV, NEURON {neuronPeaks[i]} mV");
        }
        // Every node is a point (the whole cell was recorded); only the soma is active, so its peak is the cell's highest.
        int points = figure.RootElement.GetProperty("data").EnumerateArray().Where(t => t.GetProperty("name").GetString() != "recorded sites")
            .Sum(t => CellFiguresTests.Float32(t.GetProperty("x")).Length);
        Assert.Equal(report.Spec.Compartments, points);
        double highest = figure.RootElement.GetProperty("data").EnumerateArray().Where(t => t.GetProperty("name").GetString() != "recorded sites")
            .Max(t => CellFiguresTests.Float32(t.GetProperty("y")).Max());
        Assert.Equal(y[0], highest, 3);
    }

    [Fact]
    public void CellPictureHasOneSliderStepPerFrameAndStaysSmall()
    {
        using var figure = ReportTests.FigureJson(report.Html, "fig-cell");
        var steps = figure.RootElement.GetProperty("layout").GetProperty("sliders")[0].GetProperty("steps").GetArrayLength();
        Assert.Equal(CellFigures.MaxFrames, steps);
        // The spike (13.5 ms, the soma above 0 mV for about a millisecond) is in a frame: the frame chosen in its stretch is its peak.
        var labels = figure.RootElement.GetProperty("layout").GetProperty("sliders")[0].GetProperty("steps").EnumerateArray()
            .Select(s => double.Parse(s.GetProperty("label").GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Contains(labels, t => t > 13.0 && t < 14.5);
        // plotly.js (3.6 MB) plus 100 frames of 275 colours and the rest: well under the cable report's 6 MB budget.
        Assert.InRange(new FileInfo(report.Path).Length, 3_600_000, 5_000_000);
    }

    [Fact]
    public void WholeCellSelectionRecordsEveryNodeWithinTheBudget()
    {
        // 6000 updates × 355 nodes = 2,130,000 values: every update fits 8 million, every 3rd fits 710,000 (2000 × 355).
        var all = CellReport.WholeCell(report.Spec);
        Assert.Equal(Enumerable.Range(0, 355), all.Compartments);
        Assert.Equal(1, all.Every);
        var thinned = CellReport.WholeCell(report.Spec, maxValues: 710_000);
        Assert.Equal(3, thinned.Every);
        Assert.True(thinned.RowsFor(6000) * 355 <= 710_000);
        Assert.Equal(4, CellReport.WholeCell(report.Spec, maxValues: 709_999).Every);
    }

    [Fact]
    public void SameInputGivesByteIdenticalPages()
    {
        Assert.Equal(report.Html, RunReport.Build(report.Input));
    }

    [Fact]
    public void RunRecordingOnlyTheSitesStillReportsThemAndSaysWhatBringsThePictureBack()
    {
        var nodes = report.Sites.Select(s => (int)report.Cell.NodeOf(s)).ToArray();
        var recording = Simulation.RunRecorded(report.Spec, new RecordingSelection([StateVariable.V], nodes));
        string html = RunReport.Build(report.Input with { Recording = recording });
        Assert.DoesNotContain("<div id=\"fig-cell\"", html);
        Assert.Contains("the picture needs every node", html);
        Assert.Contains("<div id=\"fig-sites\"", html);
        Assert.Contains("<div id=\"fig-bap\"", html);
    }

    [Fact]
    public void PageRendersEveryFigureAndTheSliderOfflineInChromium()
    {
        string dom = Chromium.DumpDom(Chromium.Require(), report.Path, TimeSpan.FromSeconds(120)).Dom;
        Chromium.AssertEveryFigureDrawn(dom, CellReport.FigureIds);
        // plotly draws the slider in its own layer of the cell figure.
        int cell = dom.IndexOf("<div id=\"fig-cell\"", StringComparison.Ordinal);
        int next = dom.IndexOf("<div id=\"fig-sites\"", StringComparison.Ordinal);
        Assert.Contains("slider-container", dom[cell..next]);
    }

    private static double[] NeuronPeaks()
    {
        using var gz = new GZipStream(File.OpenRead(System.IO.Path.Combine(MorphologyData.Dir, "pyramid_cn_dt0.025.csv.gz")), CompressionMode.Decompress);
        var rows = new StreamReader(gz).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return Enumerable.Range(1, 4).Select(c => rows.Max(r => r[c])).ToArray();
    }
}
