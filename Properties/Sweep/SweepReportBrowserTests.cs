using System.Text.RegularExpressions;
using HHFunctional.Properties.Shell;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>sweep.html opens offline: headless Chromium with no network draws every figure, with no script error.</summary>
public class SweepReportBrowserTests
{
    [Fact]
    public void SweepReportDrawsEveryFigureOffline()
    {
        string chromium = Chromium.Find()
            ?? throw new Xunit.Sdk.XunitException("chromium is not installed: run .ci/setup-chromium.sh (CI does) to test that sweep.html opens offline");
        // Two axes: line charts against each option, one line per value of the other, and a heatmap per metric; one failed row.
        string dir = RunSweep(GridFile("""
            {"base": {"compartments": 1, "init": "rest", "iterations": 3000, "stim": ["0,30,0,0"]},
             "vary": {"stim-amplitude": [0, 10, 20], "dt": [0.01, 0.1]}}
            """));
        string html = File.ReadAllText(Path.Combine(dir, "sweep.html"));
        int figures = Regex.Matches(html, "<div id=\"sweep-figure-\\d+\" class=\"figure\">").Count;
        Assert.True(figures >= 6, $"expected line charts and heatmaps, found {figures} figures");
        Assert.Contains("\"type\":\"heatmap\"", html);
        Assert.DoesNotContain("<script src", html); // plotly.js is inside the page

        var dump = Chromium.DumpDom(chromium, Path.Combine(dir, "sweep.html"), TimeSpan.FromSeconds(90));
        var root = Regex.Match(dump.Dom, "<html[^>]*>").Value;
        Assert.False(root.Contains("data-script-errors", StringComparison.Ordinal), $"script error in the page: {root}");
        int drawn = Regex.Matches(dump.Dom, "id=\"sweep-figure-\\d+\" class=\"figure[^\"]*\"[^>]*data-rendered=\"true\"").Count;
        Assert.True(drawn == figures, $"{drawn} of {figures} figures drawn (network namespace: {dump.NetworkNamespace}); chromium stderr:\n{dump.Stderr}");
    }
}
