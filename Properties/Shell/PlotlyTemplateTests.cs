using System.Text.Json.Nodes;
using HHFunctional.Shell.Report;
using Plotly.NET;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// The report writes its figures' JSON itself and applies Plotly.NET's default look from a stored copy of its template:
/// the copy must stay the template Plotly.NET itself writes (oracle: Plotly.NET's own serialiser, run here).
/// </summary>
public sealed class PlotlyTemplateTests
{
    [Fact]
    public void StoredTemplateIsPlotlyNetsDefaultTemplate()
    {
        var chart = Plotly.NET.CSharp.Chart.Point<double, double, string>(new[] { 0.0, 1 }, new[] { 1.0, 2 });
        var written = JsonNode.Parse(GenericChart.toJson(chart))!["layout"]!["template"];
        var stored = JsonNode.Parse(Page.TemplateJson.Value);
        Assert.True(JsonNode.DeepEquals(written, stored), "Shell/Report/plotly-template.json differs from Plotly.NET's default template; regenerate it");
    }

    [Fact]
    public void EveryFigureWithoutItsOwnTemplateGetsTheStoredOne()
    {
        string page = Page.Build("t", "intro", new[]
        {
            new Page.Section("s", "S", "d", new[] { new Page.Figure("fig-a", new PlotlyFigure(new JsonArray(), new JsonObject())) }),
        });
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "window.hhfTemplate = \\{"));
        Assert.Contains("if (window.hhfTemplate && !figure.layout.template) figure.layout.template = window.hhfTemplate;", page);
        Assert.Contains("hhfPlot('fig-a', {\"data\":[],\"layout\":{},\"config\":{\"responsive\":true}});", page);
    }
}
