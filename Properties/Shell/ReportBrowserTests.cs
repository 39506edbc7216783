using System.Text.RegularExpressions;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// The seed report opened in a real browser (Debian's headless Chromium) with the network unreachable: every figure
/// must have drawn its plot (plotly.js marks the div js-plotly-plot and fills it with main-svg layers) and no script
/// error may have happened (the page's error trap writes data-script-errors on the root element).
/// </summary>
[Collection(SeedReportCollection.Name)]
public sealed class ReportBrowserTests(SeedReportFixture report)
{
    [Fact]
    public void SeedReportRendersEveryFigureOfflineWithoutScriptErrors()
    {
        Assert.True(report.ExitCode == 0, report.Output);
        // Never skip: a machine without the browser fails with what to do.
        string chromium = Chromium.Find()
            ?? throw new Xunit.Sdk.XunitException("chromium is not installed, so the report cannot be checked in a browser: run " +
                                                  ".ci/setup-chromium.sh (apt-get update && apt-get install -y chromium) or .ci/run");
        var dump = Chromium.DumpDom(chromium, report.Path, TimeSpan.FromSeconds(90));
        string dom = dump.Dom;

        var root = Regex.Match(dom, "<html[^>]*>").Value;
        Assert.False(root.Contains("data-script-errors", StringComparison.Ordinal), $"script error in the page: {root}");
        Assert.False(root.Contains("data-xss", StringComparison.Ordinal), "the --title text ran as a script");
        foreach (string id in RunReport.FigureIds)
        {
            var div = Regex.Match(dom, $"<div id=\"{id}\"[^>]*>");
            Assert.True(div.Success, $"figure {id} is missing from the rendered page");
            Assert.Contains("js-plotly-plot", div.Value);
            Assert.Contains("data-rendered=\"true\"", div.Value);
            // The figure's own subtree (up to the next figure or section) holds plotly's SVG layers.
            int end = dom.IndexOf("<section", div.Index, StringComparison.Ordinal) is var s and > 0 ? s : dom.Length;
            int next = dom.IndexOf("<div id=\"fig-", div.Index + 1, StringComparison.Ordinal) is var n and > 0 ? Math.Min(n, end) : end;
            Assert.True(dom.AsSpan(div.Index, next - div.Index).Contains("main-svg", StringComparison.Ordinal), $"figure {id} drew no SVG");
        }
    }
}
