using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HHFunctional.Shell.Report;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// <c>sweep.html</c>: every metric against every varied option (one line per value of the next axis' option, the other
/// options at their first value), a heatmap per metric for a two-axis grid, and the failed runs. Offline (plotly.js
/// embedded once by <see cref="Page"/>) and deterministic: wall times are not shown, so a local sweep and merged shards
/// give the same page byte for byte. Figures are plotly.js JSON written here directly: Plotly.NET's toChartHTML costs
/// about a second of CPU per chart (it serialises its whole template every time), which alone would exceed the sweep's
/// 5% overhead budget on a 1,000-run sweep with a dozen charts.
/// </summary>
internal static class SweepReport
{
    /// <summary>Most lines a chart gets (values of the second option, evenly spaced over its list).</summary>
    public const int MaxLines = 10;

    private static readonly HashSet<string> NotMetrics = new(StringComparer.Ordinal) { "run_index", "run_id", "status", "reason", ResultsTable.WallColumn };

    /// <summary>Writes the page as UTF-8 to <paramref name="output"/> (plotly.js copied as bytes, never held as a string).</summary>
    public static void Write(Stream output, SweepPlan plan, IReadOnlyList<SweepRow> rows)
    {
        var columns = ResultsTable.Columns(plan);
        var varied = plan.Grid.Varied;
        var metrics = columns
            .Where(c => c.Kind != ColumnKind.Text && !NotMetrics.Contains(c.Name) && !varied.Any(v => v.Name == c.Name))
            .Where(c => rows.Any(r => c.Value(r) is not null))
            .OrderBy(c => Priority(c.Name))
            .ToList();
        int ok = rows.Count(r => r.Result.Status == RunResult.Ok);
        string intro = $"{rows.Count} runs ({ok} ok, {rows.Count - ok} failed) over " +
                       string.Join(" × ", plan.Grid.Axes.Select(a => $"{string.Join(" + ", a.Options.Select(o => o.Name))} ({a.Length} values)")) +
                       ". Spikes are upward 0 mV crossings of neuron 0; a window runs from a stimulus onset to the next onset; " +
                       $"rate_hz is the steady rate after {SweepMetrics.SteadyAfterMs} ms of the stimulus (inverse mean inter-spike interval).";
        var sections = new List<Page.Section>();
        var axes = plan.Grid.Axes;
        int figure = 0;
        foreach (var metric in metrics)
        {
            for (int a = 0; a < axes.Count; a++)
                foreach (var option in axes[a].Options)
                    sections.Add(LineSection(plan, rows, metric, a, option, figure++));
            if (axes.Count == 2) sections.Add(HeatmapSection(plan, rows, metric, figure++));
        }
        var failed = rows.Where(r => r.Result.Status != RunResult.Ok).ToList();
        if (failed.Count > 0)
            sections.Add(new("failed", "Failed runs", $"{failed.Count} runs failed; the first {Math.Min(failed.Count, 100)}:", NoFigures, FailedTable(plan, failed)));
        Page.Write(output, "HHFunctional sweep report", intro, sections);
    }

    private static Page.Section LineSection(SweepPlan plan, IReadOnlyList<SweepRow> rows, ResultColumn metric, int axis, VariedOption option, int figure)
    {
        var axes = plan.Grid.Axes;
        int second = axes.Count > 1 ? (axis + 1) % axes.Count : -1;
        var lineValues = second < 0 ? new[] { 0 } : Spread(axes[second].Length, MaxLines);
        int optionColumn = plan.Grid.Varied.ToList().FindIndex(v => v.Name == option.Name);
        bool numeric = option.Values.All(v => Parse.Double(v.Display, out _));
        var traces = new JsonArray();
        foreach (int j in lineValues)
        {
            // The runs along this axis, with the second axis at value j and every other axis at its first value.
            var line = rows.Where(r => Enumerable.Range(0, axes.Count).All(k => k == axis || r.Point.AxisIndices[k] == (k == second ? j : 0)))
                .Where(r => metric.Value(r) is not null)
                .OrderBy(r => r.Point.AxisIndices[axis])
                .ToList();
            var x = new JsonArray(line.Select(r => numeric ? (JsonNode?)Number(r.Point.Values[optionColumn]) : r.Point.Values[optionColumn]).ToArray());
            var y = new JsonArray(line.Select(r => (JsonNode?)ToDouble(metric.Value(r)!)).ToArray());
            string name = second < 0 ? metric.Name : $"{axes[second].Options[0].Name} = {axes[second].Options[0].Values[j].Display}";
            // As JsonNode, so the non-generic Add is called: Add<T> is not safe in a native build.
            traces.Add((JsonNode)new JsonObject { ["type"] = "scatter", ["mode"] = "lines+markers", ["name"] = name, ["x"] = x, ["y"] = y });
        }
        string others = string.Join(", ", axes.Select((ax, k) => (ax, k)).Where(x => x.k != axis && x.k != second)
            .Select(x => $"{x.ax.Options[0].Name} = {x.ax.Options[0].Values[0].Display}"));
        string description = (second < 0 ? $"{metric.Name} against {option.Name}." :
                $"{metric.Name} against {option.Name}, one line per value of {axes[second].Options[0].Name}" +
                (axes[second].Length > MaxLines ? $" ({MaxLines} of its {axes[second].Length} values)." : ".")) +
            (others.Length > 0 ? $" Other options at their first value: {others}." : "") + " Failed runs are left out.";
        return new($"section-{figure}", $"{metric.Name} vs {option.Name}", description, NoFigures,
            Figure(figure, traces, Layout(option.Name, metric.Name, numeric ? "linear" : "category", second >= 0)));
    }

    private static Page.Section HeatmapSection(SweepPlan plan, IReadOnlyList<SweepRow> rows, ResultColumn metric, int figure)
    {
        var (ax, ay) = (plan.Grid.Axes[0], plan.Grid.Axes[1]);
        var z = new JsonNode?[ay.Length][];
        for (int j = 0; j < ay.Length; j++) z[j] = new JsonNode?[ax.Length];
        foreach (var r in rows)
            if (metric.Value(r) is { } v) z[r.Point.AxisIndices[1]][r.Point.AxisIndices[0]] = ToDouble(v);
        var trace = new JsonObject
        {
            ["type"] = "heatmap", ["colorscale"] = "Viridis", ["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = metric.Name } },
            // Category axes: every grid value gets its cell, evenly spaced, whatever the numbers (null z = a blank cell).
            ["x"] = new JsonArray(ax.Options[0].Values.Select(v => (JsonNode?)v.Display).ToArray()),
            ["y"] = new JsonArray(ay.Options[0].Values.Select(v => (JsonNode?)v.Display).ToArray()),
            ["z"] = new JsonArray(z.Select(row => (JsonNode?)new JsonArray(row)).ToArray()),
        };
        return new($"section-{figure}", $"{metric.Name}: {ax.Options[0].Name} × {ay.Options[0].Name}", $"Heatmap of {metric.Name}; blank cells are failed runs or runs without a value.",
            NoFigures, Figure(figure, new JsonArray(trace), Layout(ax.Options[0].Name, ay.Options[0].Name, "category", false, "category")));
    }

    private static JsonObject Layout(string xTitle, string yTitle, string xType, bool legend, string yType = "linear") => new()
    {
        ["height"] = 450, ["showlegend"] = legend, ["hovermode"] = "closest",
        ["margin"] = new JsonObject { ["t"] = 20 },
        ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xTitle }, ["type"] = xType },
        ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle }, ["type"] = yType },
    };

    private static readonly IReadOnlyList<Page.Figure> NoFigures = Array.Empty<Page.Figure>();

    /// <summary>
    /// A div with a stable id and the script that draws the figure into it with the page's plotly.js, through the page's
    /// <c>hhfPlot</c> (which records a drawing error on the page, and marks the div data-rendered when drawn).
    /// </summary>
    private static string Figure(int index, JsonArray data, JsonObject layout)
    {
        string id = $"sweep-figure-{index}";
        var figure = new JsonObject { ["data"] = data, ["layout"] = layout, ["config"] = new JsonObject { ["responsive"] = true } };
        // "</" cannot end the script early: the default JSON encoder writes '<' as \u003C, so user labels are safe.
        return $"<div id=\"{id}\" class=\"figure\"></div>\n<script>hhfPlot('{id}', {figure.ToJsonString(JsonOptions)});</script>";
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private static double ToDouble(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static string FailedTable(SweepPlan plan, IReadOnlyList<SweepRow> failed)
    {
        var html = new StringBuilder("<table><tr><th>run_index</th>");
        foreach (var name in plan.VariedNames) html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        html.Append("<th>reason</th></tr>\n");
        foreach (var r in failed.Take(100))
        {
            html.Append("<tr><td>").Append(r.Point.Index).Append("</td>");
            foreach (var v in r.Point.Values) html.Append("<td>").Append(WebUtility.HtmlEncode(v)).Append("</td>");
            html.Append("<td style=\"text-align:left\">").Append(WebUtility.HtmlEncode(r.Result.Reason ?? "")).Append("</td></tr>\n");
        }
        return html.Append("</table>").ToString();
    }

    // What a reader looks for first: rates (the f–I curve), latencies, speeds, then spike counts (stable within each group).
    private static int Priority(string metric) =>
        metric.EndsWith("_rate_hz", StringComparison.Ordinal) ? 0
        : metric.EndsWith("_latency_ms", StringComparison.Ordinal) ? 1
        : metric is "conduction_m_per_s" or "compartments_per_ms" ? 2
        : 3;

    /// <summary>At most <paramref name="max"/> indices evenly spread over 0 … n−1, first and last included.</summary>
    internal static int[] Spread(int n, int max) =>
        n <= max ? Enumerable.Range(0, n).ToArray()
                 : Enumerable.Range(0, max).Select(i => (int)Math.Round(i * (n - 1) / (double)(max - 1))).Distinct().ToArray();

    private static double? Number(string text) => Parse.Double(text, out double x) && double.IsFinite(x) ? x : null;
}
