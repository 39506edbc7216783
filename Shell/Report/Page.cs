using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Plotly.NET;

namespace HHFunctional.Shell.Report;

/// <summary>
/// One self-contained HTML page: plotly.js embedded once (from the Plotly.NET assembly, so it renders with no network),
/// then each chart's div. Chart div ids are replaced by stable ones so the same run gives a byte-identical file.
/// </summary>
internal static partial class Page
{
    private static readonly Lazy<string> PlotlyJs = new(() =>
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public sealed record Section(string Heading, string Description, GenericChart? Chart, string? Html = null);

    /// <param name="title">Page title and heading.</param>
    /// <param name="sections">The sections in order.</param>
    /// <param name="banner">A warning shown in red right under the heading (e.g. "PARTIAL: …"); null for none.</param>
    public static string Build(string title, IReadOnlyList<Section> sections, string? banner = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style>\n<script type=\"text/javascript\">")
            .Append(PlotlyJs.Value.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>\n</head>\n<body>\n<h1>")
            .Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        if (banner is not null)
            html.Append("<div id=\"banner\" role=\"alert\" style=\"background:#fee;border:3px solid #c00;color:#900;padding:.6em 1em;font-weight:bold\">")
                .Append(WebUtility.HtmlEncode(banner)).Append("</div>\n");
        int index = 0;
        foreach (var section in sections)
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(section.Heading)).Append("</h2>\n<p>")
                .Append(WebUtility.HtmlEncode(section.Description)).Append("</p>\n");
            if (section.Chart is not null) html.Append(StableIds(GenericChart.toChartHTML(section.Chart), $"figure-{index++}")).Append('\n');
            if (section.Html is not null) html.Append(section.Html).Append('\n');
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    // toChartHTML names each div with a fresh GUID; replace every occurrence by a stable id.
    private static string StableIds(string chartHtml, string id)
    {
        var guids = GuidPattern().Matches(chartHtml).Select(m => m.Value).Distinct();
        foreach (var guid in guids) chartHtml = chartHtml.Replace(guid, id, StringComparison.Ordinal);
        return chartHtml;
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();
}
