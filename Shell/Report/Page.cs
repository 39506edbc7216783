using System.Text;
using Plotly.NET;
using static HHFunctional.Shell.Report.Format;

namespace HHFunctional.Shell.Report;

/// <summary>
/// One self-contained HTML page: plotly.js embedded once (from the Plotly.NET assembly, so it renders with no network),
/// then the sections, each figure in a div with a fixed id drawn by one call of Plotly.newPlot. Nothing random, no
/// clock: the same sections give byte-identical pages. A script error anywhere, or a figure that fails to draw, is
/// recorded on the root element (data-script-errors) so a headless browser's DOM dump shows it.
/// </summary>
internal static class Page
{
    /// <summary>A figure: its div id (fixed, for tests and links) and the chart.</summary>
    public sealed record Figure(string Id, GenericChart Chart);

    /// <summary>A section: heading, one paragraph, then figures, then raw HTML (already escaped), then a note.</summary>
    public sealed record Section(string Id, string Heading, string Description, IReadOnlyList<Figure> Figures, string? Html = null, string? Note = null);

    private static readonly Lazy<string> PlotlyJs = new(() =>
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    // Runs before plotly.js, so even a failure to load it is caught.
    private const string ErrorTrap = """
        window.hhfErrors = [];
        function hhfError(message) {
          window.hhfErrors.push(String(message));
          document.documentElement.setAttribute('data-script-errors', window.hhfErrors.join(' | '));
        }
        window.addEventListener('error', function (e) { hhfError(e.message || 'error'); });
        window.addEventListener('unhandledrejection', function (e) { hhfError(e.reason); });
        function hhfPlot(id, figure) {
          try {
            Plotly.newPlot(id, figure.data, figure.layout, figure.config).then(
              function () { document.getElementById(id).setAttribute('data-rendered', 'true'); },
              function (e) { hhfError(id + ': ' + e); });
          } catch (e) { hhfError(id + ': ' + e); }
        }
        """;

    private const string Style =
        "body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em;color:#222}" +
        "h2{margin-top:2em;border-bottom:1px solid #ddd}.note{background:#fff4e0;padding:.5em;border-left:4px solid #f0a030}" +
        "table{border-collapse:collapse;margin:.5em 0;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}" +
        "thead th{background:#f3f3f3}tbody th{text-align:left;font-weight:normal}table.text td,table.text thead th{text-align:left}.figure{width:100%}";

    /// <summary>The page. <paramref name="title"/> is user text: escaped like every other text.</summary>
    /// <param name="title">Page title and heading.</param>
    /// <param name="intro">The paragraph under the heading.</param>
    /// <param name="sections">The sections in order.</param>
    /// <param name="banner">A warning shown in red right under the heading (e.g. "PARTIAL: …"); null for none.</param>
    public static string Build(string title, string intro, IReadOnlyList<Section> sections, string? banner = null)
    {
        var html = new StringBuilder(PlotlyJs.Value.Length + 2_000_000);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Html(title)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n")
            .Append("<script>\n").Append(ErrorTrap).Append("\n</script>\n")
            .Append("<script>").Append(ScriptSafe(PlotlyJs.Value)).Append("</script>\n</head>\n<body>\n")
            .Append("<h1>").Append(Html(title)).Append("</h1>\n");
        if (banner is not null)
            html.Append("<div id=\"banner\" role=\"alert\" style=\"background:#fee;border:3px solid #c00;color:#900;padding:.6em 1em;font-weight:bold\">")
                .Append(Html(banner)).Append("</div>\n");
        html.Append("<p>").Append(Html(intro)).Append("</p>\n<ol class=\"contents\">\n");
        foreach (var s in sections) html.Append($"<li><a href=\"#{s.Id}\">{Html(s.Heading)}</a></li>\n");
        html.Append("</ol>\n");
        foreach (var s in sections)
        {
            html.Append($"<section id=\"{s.Id}\">\n<h2>{Html(s.Heading)}</h2>\n<p>{Html(s.Description)}</p>\n");
            foreach (var f in s.Figures)
                html.Append($"<div id=\"{f.Id}\" class=\"figure\"></div>\n<script>hhfPlot('{f.Id}', ")
                    .Append(ScriptSafe(GenericChart.toJson(FullWidth(f.Chart)))).Append(");</script>\n");
            if (s.Html is not null) html.Append(s.Html).Append('\n');
            if (s.Note is not null) html.Append("<p class=\"note\">").Append(Html(s.Note)).Append("</p>\n");
            html.Append("</section>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    // Plotly.NET's defaults fix the width at 600 px; without it plotly.js fills the page (and follows resizes).
    private static GenericChart FullWidth(GenericChart chart)
    {
        var layout = GenericChart.getLayout(chart);
        layout.RemoveProperty("width");
        return GenericChart.setLayout(layout, chart);
    }

    // Text inside <script> must not contain "</script" (it would end the element early). JSON is made safe by writing
    // every '<' as the escape \u003c (the same string to JavaScript); plotly.js has "</script" only inside strings,
    // where "<\/script" is the same string.
    private static string ScriptSafe(string script) =>
        script.StartsWith('{')
            ? script.Replace("<", "\\u003c", StringComparison.Ordinal)
            : script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
