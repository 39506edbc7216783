using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// The report of a physical cable speaks in positions and in the unit the user gave (issue 17's Report item): each test
/// failed on the report before the fix (measured on main 49accd7: spike 2% of the stacked figure's height, y in
/// compartment indices, 33,440 µA/cm² for the 50,000 nA pulse, "10000.0" Hz for one spike in 0.1 ms).
/// </summary>
[Collection(SeedReportCollection.Name)]
public sealed class PhysicalCableReportTests(SeedReportFixture report)
{
    private string Hh1952()
    {
        var run = report.Run("hh1952-places.html", "--preset", "hh1952", "--reproducible");
        Assert.True(run.ExitCode == 0, run.Output);
        return run.Html;
    }

    [Fact]
    public void StackedTracesKeepASpikeAtLeastAFifthOfTheFigure()
    {
        // 40 of 500 traces: with offsets by drawn rank (10 mV each) the figure spans 390 mV plus the traces' own range, so
        // a ~100 mV spike is about a sixth of it (measured 17.6%: the stimulated end overshoots); by compartment index
        // (10·d up to 4990 mV) it was 2%.
        using var figure = ReportTests.FigureJson(Hh1952(), "fig-voltage-stacked");
        var ys = figure.RootElement.GetProperty("data").EnumerateArray().Select(t => ReportTests.Float32(t.GetProperty("y"))).ToArray();
        Assert.Equal(40, ys.Length);
        double span = ys.Max(y => y.Max()) - ys.Min(y => y.Min());
        double smallestSpike = ys.Min(y => y.Max() - y.Min());
        Assert.True(smallestSpike / span >= 0.15, $"smallest trace excursion {smallestSpike:F1} mV is {smallestSpike / span:P1} of the figure's {span:F0} mV");
    }

    [Fact]
    public void FiguresPlaceCompartmentsByPositionInMicrometres()
    {
        // Oracle: HH 1952 preset geometry, 50,000 µm in 500 compartments: centre of compartment d at (d + ½)·100 µm.
        string html = Hh1952();
        using var heatmap = ReportTests.FigureJson(html, "fig-voltage-heatmap");
        var y = ReportTests.Float32(heatmap.RootElement.GetProperty("data")[0].GetProperty("y"));
        Assert.Equal(Enumerable.Range(0, 500).Select(d => (d + 0.5) * 100.0), y.Select(v => (double)v));
        Assert.Equal("position along the cable (µm)", Title(heatmap, "yaxis"));
        using var raster = ReportTests.FigureJson(html, "fig-raster");
        Assert.Equal("position along the cable (µm)", Title(raster, "yaxis"));
        var ticks = ReportTests.Float32(raster.RootElement.GetProperty("data")[0].GetProperty("y"));
        Assert.All(ticks, t => Assert.Equal(0.5, t / 100.0 - Math.Floor(t / 100.0), 6));
        using var stacked = ReportTests.FigureJson(html, "fig-voltage-stacked");
        var names = stacked.RootElement.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToArray();
        Assert.Equal("50 µm", names[0]);
        Assert.Equal("49950 µm", names[^1]);
        Assert.Contains("<tr data-compartment=\"499\"><th>c499: 49950 µm</th>", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public void CurrentIsShownInTheUnitTheUserGave()
    {
        // The preset's pulse is defined as 50,000 nA (Presets.Hh1952PulseNanoamps); float32 keeps 7 digits.
        using (var figure = ReportTests.FigureJson(Hh1952(), "fig-current"))
        {
            Assert.Equal("I_inj (nA)", Title(figure, "yaxis"));
            Assert.Equal(Presets.Hh1952PulseNanoamps, ReportTests.Float32(figure.RootElement.GetProperty("data")[0].GetProperty("y")).Max(), 1e-2);
        }
        var nanoamps = report.Run("physical-na.html", "--cable", "physical", "--compartments", "50", "--iterations", "200", "--dt", "0.01",
            "--stim", "0,0.5,2000,0", "--stim-unit", "na", "--reproducible");
        Assert.True(nanoamps.ExitCode == 0, nanoamps.Output);
        using (var figure = ReportTests.FigureJson(nanoamps.Html, "fig-current"))
        {
            Assert.Equal("I_inj (nA)", Title(figure, "yaxis"));
            Assert.Equal(2000.0, ReportTests.Float32(figure.RootElement.GetProperty("data")[0].GetProperty("y")).Max(), 1e-3);
        }
        Assert.Contains("2000 nA into 500 µm", WebUtility.HtmlDecode(nanoamps.Html));
        var density = report.Run("physical-ua.html", "--cable", "physical", "--compartments", "50", "--iterations", "200", "--dt", "0.01",
            "--stim", "0,0.5,20,0", "--reproducible");
        Assert.True(density.ExitCode == 0, density.Output);
        using (var figure = ReportTests.FigureJson(density.Html, "fig-current"))
        {
            Assert.Equal("I_inj (µA/cm²)", Title(figure, "yaxis"));
            Assert.Equal(20.0, ReportTests.Float32(figure.RootElement.GetProperty("data")[0].GetProperty("y")).Max(), 1e-5);
        }
    }

    [Fact]
    public void NoRateIsGivenForAWindowTooShortToHoldOne()
    {
        // hh1952: windows [0, 0.1) (the pulse, one spike at compartment 0) and [0.1, 5) ms, both under 50 ms.
        var table = Regex.Match(Hh1952(), "<table id=\"tbl-spikes\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.DoesNotContain("10000", table);
        var rates = Regex.Matches(table, "<td class=\"rate\"[^>]*>([^<]*)</td>").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Equal(["–"], rates);
        // The seed's 100 ms windows keep their rates (count × 10 Hz; SpikeCountsPerStimulusWindowMatchPymonnto).
        Assert.Matches("<td class=\"rate\">[0-9]+\\.[0-9]</td>", report.Html);
    }

    private static string Title(JsonDocument figure, string axis) =>
        figure.RootElement.GetProperty("layout").GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;
}
