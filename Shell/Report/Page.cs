using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Plotly.NET;
using static HHFunctional.Shell.Report.Format;

namespace HHFunctional.Shell.Report;

/// <summary>
/// One self-contained HTML page: plotly.js embedded once (from the Plotly.NET assembly, so it renders with no network)
/// with Plotly.NET's default look (its "plotly" template, also embedded once and applied to every figure that names no
/// template), then the sections, each figure in a div with a fixed id drawn by one call of Plotly.newPlot. Nothing random, no
/// clock: the same sections give byte-identical pages. A script error anywhere, or a figure that fails to draw, is
/// recorded on the root element (data-script-errors) so a headless browser's DOM dump shows it.
/// </summary>
internal static class Page
{
    /// <summary>A figure: its div id (fixed, for tests and links) and the chart.</summary>
    public sealed record Figure(string Id, PlotlyFigure Plot);

    /// <summary>A section: heading, one paragraph, then figures, then raw HTML (already escaped), then a note.</summary>
    public sealed record Section(string Id, string Heading, string Description, IReadOnlyList<Figure> Figures, string? Html = null, string? Note = null);

    // plotly.js is copied from Plotly.NET's resource straight into the page as UTF-8 bytes, never decoded into a
    // string: its 3.6 MB as a string (and its escaped copy) cost more than the rest of a report to allocate.
    private static Stream OpenPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        return assembly.GetManifestResourceStream(name)!;
    }

    /// <summary>
    /// Plotly.NET's default template (<c>Defaults.DefaultTemplate</c>, the "plotly" look) as JSON, stored with this
    /// assembly because serialising it through Plotly.NET costs a second at start-up; a test checks it is still the
    /// template Plotly.NET writes.
    /// </summary>
    internal static readonly Lazy<string> TemplateJson = new(() =>
    {
        const string name = "HHFunctional.Shell.Report.plotly-template.json";
        using var stream = typeof(Page).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} missing from hhf");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    });

    // Figure JSON inside <script>: this encoder escapes < > & ' " in strings (so no "</script" can appear) and keeps
    // other text (µ, −, ·) as it is.
    private static readonly JsonWriterOptions FigureJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

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
            if (window.hhfTemplate && !figure.layout.template) figure.layout.template = window.hhfTemplate;
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

    /// <summary>The page as a string (tests, small pages); <see cref="Write"/> streams it.</summary>
    public static string Build(string title, string intro, IReadOnlyList<Section> sections, string? banner = null) =>
        Text(output => Write(output, title, intro, sections, banner));

    /// <summary>What <paramref name="write"/> writes to a stream, read back as UTF-8 text.</summary>
    internal static string Text(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the page as UTF-8 to <paramref name="output"/>. <paramref name="title"/> is user text: escaped like every other text.</summary>
    /// <param name="output">Where the page goes (left open).</param>
    /// <param name="title">Page title and heading.</param>
    /// <param name="intro">The paragraph under the heading.</param>
    /// <param name="sections">The sections in order.</param>
    /// <param name="banner">A warning shown in red right under the heading (e.g. "PARTIAL: …"); null for none.</param>
    public static void Write(Stream output, string title, string intro, IReadOnlyList<Section> sections, string? banner = null)
    {
        using var html = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        html.Write($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{Html(title)}</title>\n");
        html.Write($"<style>{Style}</style>\n<script>\n{ErrorTrap}\n</script>\n<script>");
        html.Flush();
        using (var plotly = OpenPlotlyJs()) CopyScriptSafe(plotly, output);
        html.Write("</script>\n<script>window.hhfTemplate = ");
        html.Write(TemplateJson.Value.Replace("<", "\\u003c", StringComparison.Ordinal));
        html.Write($";</script>\n</head>\n<body>\n<h1>{Html(title)}</h1>\n");
        if (banner is not null)
            html.Write("<div id=\"banner\" role=\"alert\" style=\"background:#fee;border:3px solid #c00;color:#900;padding:.6em 1em;font-weight:bold\">" +
                       $"{Html(banner)}</div>\n");
        html.Write($"<p>{Html(intro)}</p>\n<ol class=\"contents\">\n");
        foreach (var s in sections) html.Write($"<li><a href=\"#{s.Id}\">{Html(s.Heading)}</a></li>\n");
        html.Write("</ol>\n");
        foreach (var s in sections)
        {
            html.Write($"<section id=\"{s.Id}\">\n<h2>{Html(s.Heading)}</h2>\n<p>{Html(s.Description)}</p>\n");
            foreach (var f in s.Figures)
            {
                html.Write($"<div id=\"{f.Id}\" class=\"figure\"></div>\n<script>hhfPlot('{f.Id}', ");
                html.Flush();
                using (var json = new Utf8JsonWriter(output, FigureJson)) f.Plot.WriteTo(json);
                html.Write(");</script>\n");
            }
            if (s.Html is not null) html.Write($"{s.Html}\n");
            if (s.Note is not null) html.Write($"<p class=\"note\">{Html(s.Note)}</p>\n");
            html.Write("</section>\n");
        }
        html.Write("</body>\n</html>\n");
    }

    /// <summary>
    /// Copies a script into a script element: "&lt;/script" (any case), which would end the element early, becomes
    /// "&lt;\/script", the same text to JavaScript (plotly.js has it only inside strings and regular expressions).
    /// </summary>
    internal static void CopyScriptSafe(Stream script, Stream output)
    {
        ReadOnlySpan<byte> end = "</script"u8;
        var buffer = new byte[1 << 16];
        int held = 0; // bytes at the start of buffer carried over from the previous read (a possible partial match)
        while (true)
        {
            int read = script.Read(buffer, held, buffer.Length - held);
            int length = held + read;
            bool last = read == 0;
            // Bytes before `safe` cannot start a match that continues into the next read.
            int safe = last ? length : Math.Max(0, length - (end.Length - 1));
            int from = 0;
            for (int i = 0; i + end.Length <= length && i < safe; i++)
            {
                if (buffer[i] != (byte)'<' || !Ascii.EqualsIgnoreCase(buffer.AsSpan(i, end.Length), end)) continue;
                output.Write(buffer, from, i + 1 - from);
                output.WriteByte((byte)'\\');
                from = i + 1;
            }
            output.Write(buffer, from, safe - from);
            if (last) return;
            held = length - safe;
            Array.Copy(buffer, safe, buffer, 0, held);
        }
    }
}
