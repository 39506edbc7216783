using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;
using System.Text.Json.Nodes;
using static HHFunctional.Shell.Report.PlotData;

namespace HHFunctional.Shell.Report;

/// <summary>
/// The traces: stacked V, the compartment × time heatmap, the gates, the injected current. Each draws decimated
/// float32 data, so its size is bounded by the budgets below whatever the run's length.
/// </summary>
internal static class Figures
{
    /// <summary>Points a trace aims at: two per horizontal pixel of a ~1000 px wide plot (min and max of each column).</summary>
    public const int TracePoints = 2000;

    /// <summary>Points the stacked-trace figure may hold in all (each point is t, V − 10·d and V: 3 float32).</summary>
    public const int StackedPointBudget = 40_000;

    /// <summary>Most traces the stacked figure draws; beyond, evenly spaced compartments (the heatmap shows all).</summary>
    public const int MaxStackedTraces = 40;

    /// <summary>Most time columns and cells of the heatmap.</summary>
    public const int HeatmapColumns = 1000, HeatmapCells = 100_000;

    /// <summary>Most compartments the gating figure offers, and its point budget (t and value: 2 float32 a point).</summary>
    public const int MaxGatingCompartments = 20, GatingPointBudget = 60_000;

    private static readonly StateVariable[] Gates = { StateVariable.M, StateVariable.H, StateVariable.N };

    /// <summary>Gates that were recorded, in m, h, n order.</summary>
    public static StateVariable[] RecordedGates(Recording recording) => Gates.Where(recording.Has).ToArray();

    /// <summary>Up to <paramref name="max"/> indices of 0..count−1, evenly spaced, always the first and the last.</summary>
    public static int[] EvenlySpaced(int count, int max) => count <= max
        ? Enumerable.Range(0, count).ToArray()
        : Enumerable.Range(0, max).Select(k => (int)Math.Round((double)k * (count - 1) / (max - 1))).Distinct().ToArray();

    /// <summary>mV between neighbouring stacked traces (the seed's 10 mV per compartment).</summary>
    public const double StackSpacingMv = 10.0;

    /// <summary>
    /// The seed's first figure: the k-th drawn trace at V − 10·k mV (k = d, the compartment, when every compartment is
    /// drawn, as in the seed); hovering shows the real V. Offsets go by the drawn trace's rank, not by the compartment's
    /// index, so with at most <see cref="MaxStackedTraces"/> traces a 100 mV spike stays about a fifth of the figure's
    /// height however many compartments the cable has. Traces are named by <paramref name="places"/> (positions on a
    /// physical cable, whose y ticks then give each trace's position).
    /// </summary>
    public static PlotlyFigure StackedVoltage(SimulationSpec spec, Traces traces, SpikeSummary spikes, Places places)
    {
        var recording = traces.Recording;
        var columns = EvenlySpaced(recording.Selection.Compartments.Count, MaxStackedTraces);
        int perTrace = Math.Min(TracePoints, StackedPointBudget / columns.Length);
        var t = recording.TimesMs;
        var baselines = new double[columns.Length];
        var lines = columns.Select((col, k) =>
        {
            int d = recording.Selection.Compartments[col];
            var v = traces.Column(StateVariable.V, col);
            baselines[k] = v[0] - StackSpacingMv * k;
            var keep = Decimation.SpikePreservingIndices(v, Decimation.BucketsFor(perTrace, spikes.SpikeTimesMs[col].Length), Spikes.DefaultThresholdMv);
            string name = places.Name(d);
            return (JsonNode)Scatter(F32(keep.Select(i => t[i])), F32(keep.Select(i => v[i] - StackSpacingMv * k)), "lines",
                ("name", name), ("customdata", F32(keep.Select(i => v[i]))), ("line", Obj(("width", 1))),
                ("hovertemplate", $"{name}: V = %{{customdata:.2f}} mV<br>t = %{{x:.2f}} ms<extra></extra>"));
        }).ToArray();
        var yaxis = Axis("V − 10·k (mV), k-th trace from the top");
        if (places.Physical)
        {
            // Position ticks at (up to ten of) the traces' starting levels.
            var ticks = EvenlySpaced(columns.Length, 10);
            yaxis = Axis("trace at its position (V − 10·k mV)", ("tickmode", "array"),
                ("tickvals", Numbers(ticks.Select(k => baselines[k]))),
                ("ticktext", Nodes(ticks.Select(k => (JsonNode?)places.Name(recording.Selection.Compartments[columns[k]])))));
        }
        return new PlotlyFigure(Nodes(lines), Obj(
            ("height", 700), ("shapes", StimulusShading(spec)), ("hovermode", "closest"),
            ("xaxis", Axis("t (ms)")), ("yaxis", yaxis)));
    }

    /// <summary>The seed's imshow: V of every recorded compartment against time, black (low) to white (high).</summary>
    public static PlotlyFigure VoltageHeatmap(Traces traces, Places places)
    {
        var recording = traces.Recording;
        var compartments = recording.Selection.Compartments;
        int rows = recording.Rows;
        int columns = Math.Max(1, Math.Min(rows, Math.Min(HeatmapColumns, Math.Max(100, HeatmapCells / compartments.Count))));
        // Each time bin shows the highest V in it, so no spike falls between bins.
        var z = new double[compartments.Count][];
        for (int col = 0; col < compartments.Count; col++)
        {
            var v = traces.Column(StateVariable.V, col);
            z[col] = new double[columns];
            for (int b = 0; b < columns; b++)
            {
                var (lo, hi) = Bin(b, columns, rows);
                double max = double.NegativeInfinity;
                for (int i = lo; i < hi; i++) max = Math.Max(max, v[i]);
                z[col][b] = max;
            }
        }
        var x = Enumerable.Range(0, columns).Select(b => { var (lo, hi) = Bin(b, columns, rows); return 0.5 * (recording.TimesMs[lo] + recording.TimesMs[hi - 1]); });
        var heatmap = Obj(("type", "heatmap"), ("x", F32(x)), ("y", F32(compartments.Select(places.Coordinate))), ("z", F32Matrix(z)),
            ("colorscale", new JsonArray(new JsonArray(0, "rgb(0,0,0)"), new JsonArray(1, "rgb(255,255,255)"))),
            ("colorbar", Obj(("title", Obj(("text", "V (mV)"))))),
            ("hovertemplate", (places.Physical ? "%{y:.0f} µm" : "c%{y}") + ", t ≈ %{x:.1f} ms: V up to %{z:.1f} mV<extra></extra>"));
        return new PlotlyFigure(new JsonArray(heatmap),
            Obj(("height", 450), ("xaxis", Axis("t (ms)")), ("yaxis", Axis(places.AxisTitle, ("autorange", "reversed")))));
    }

    /// <summary>
    /// m, h, n of one compartment at a time, chosen from a menu (up to <see cref="MaxGatingCompartments"/> compartments);
    /// each gate can be hidden from the legend. Only the gates that were recorded are drawn.
    /// </summary>
    public static PlotlyFigure Gating(Traces traces, IReadOnlyList<StateVariable> gates, Places places)
    {
        var recording = traces.Recording;
        var columns = EvenlySpaced(recording.Selection.Compartments.Count, MaxGatingCompartments);
        int perTrace = Math.Min(TracePoints, GatingPointBudget / (columns.Length * gates.Count));
        var t = recording.TimesMs;
        var colours = new Dictionary<StateVariable, string> { [StateVariable.M] = "#d62728", [StateVariable.H] = "#1f77b4", [StateVariable.N] = "#2ca02c" };
        var lines = new JsonArray();
        foreach (var (col, k) in columns.Select((col, k) => (col, k)))
        {
            string name = places.Name(recording.Selection.Compartments[col]);
            foreach (var gate in gates)
            {
                var y = traces.Column(gate, col);
                var keep = Decimation.MinMaxIndices(y, Math.Max(1, perTrace / 2));
                // As JsonNode, so the non-generic Add is called: Add<T> is not safe in a native build.
                lines.Add((JsonNode)Scatter(F32(keep.Select(i => t[i])), F32(keep.Select(i => y[i])), "lines",
                    ("name", $"{gate.Name()} ({name})"), ("visible", k == 0), ("line", Obj(("width", 1.2), ("color", colours[gate]))),
                    ("hovertemplate", $"{name}: {gate.Name()} = %{{y:.3f}}<br>t = %{{x:.2f}} ms<extra></extra>")));
            }
        }
        // Button k shows the gates of the k-th compartment only.
        JsonArray VisibleFor(int k) => Nodes(columns.SelectMany((_, j) => gates.Select(_ => (JsonNode?)(j == k))));
        var buttons = columns.Select((col, k) => (JsonNode)Obj(
            ("label", places.Physical ? places.Name(recording.Selection.Compartments[col]) : $"compartment {recording.Selection.Compartments[col]}"), ("method", "restyle"),
            ("args", new JsonArray(Obj(("visible", VisibleFor(k)))))));
        return new PlotlyFigure(lines, Obj(
            ("height", 450), ("xaxis", Axis("t (ms)")), ("yaxis", Axis("gate (dimensionless)", ("range", Numbers(new[] { -0.02, 1.02 })))),
            ("updatemenus", new JsonArray(Obj(("buttons", Nodes(buttons)), ("active", 0), ("x", 0.0), ("xanchor", "left"), ("y", 1.15), ("yanchor", "bottom")))),
            ("margin", Obj(("t", 70)))));
    }

    /// <summary>
    /// The injected current density of every stimulated compartment against time, from Stimulus.AmplitudeAt: steps and
    /// ramps exactly (their value just after and at the end of each stretch between switch times, joined by straight
    /// lines), user-defined functions sampled at every update time k·dt (thinned like the traces).
    /// </summary>
    /// <param name="spec">The run.</param>
    /// <param name="recordedCompartments">Compartments shown when a user-defined function injects current (it may reach any).</param>
    /// <param name="places">How compartments are named; default <see cref="Places.Of"/> the spec.</param>
    /// <param name="unit">The unit shown, default µA/cm² (<see cref="CurrentUnits.Shown"/>); the hover gives the density too.</param>
    public static PlotlyFigure InjectedCurrent(SimulationSpec spec, IReadOnlyList<int> recordedCompartments, Places? places = null, CurrentUnit unit = CurrentUnit.UAPerCm2)
    {
        places ??= Places.Of(spec);
        var stimulus = spec.Parameters.Stimulus;
        var windows = SpikeSummary.WindowsOf(spec);
        var targets = stimulus.Segments.Select(s => s.Compartment)
            .Concat(stimulus.Functions.Count > 0 ? recordedCompartments.Take(MaxStackedTraces) : Array.Empty<int>())
            .Distinct().Order().DefaultIfEmpty(0).ToArray();
        var traces = targets.Select(c =>
        {
            var (x, y) = stimulus.Functions.Count == 0 ? Exact(stimulus, windows, c) : Sampled(spec, c);
            double factor = CurrentUnits.Factor(spec, c, unit);
            string name = places.Name(c);
            return (JsonNode)Scatter(F32(x), F32(y.Select(i => i * factor)), "lines",
                ("name", $"into {name}"), ("line", Obj(("width", 2))), ("customdata", F32(y)),
                ("hovertemplate", unit == CurrentUnit.UAPerCm2
                    ? $"{name}: %{{y:.4g}} µA/cm²<br>t = %{{x:.2f}} ms<extra></extra>"
                    : $"{name}: %{{y:.4g}} nA (%{{customdata:.4g}} µA/cm² of its membrane)<br>t = %{{x:.2f}} ms<extra></extra>"));
        });
        return new PlotlyFigure(Nodes(traces), Obj(
            ("height", 300), ("showlegend", true), ("xaxis", Axis("t (ms)", ("range", Numbers(new[] { 0.0, SpikeSummary.EndMs(spec) })))),
            ("yaxis", Axis($"I_inj ({CurrentUnits.Symbol(unit)})"))));
    }

    // Steps and ramps are linear on each (lo, hi]: two points per stretch, a vertical jump where two stretches meet.
    private static (double[] X, double[] Y) Exact(Stimulus stimulus, IReadOnlyList<StimulusWindow> windows, int c) =>
        (windows.SelectMany(w => new[] { w.StartMs, w.EndMs }).ToArray(),
         windows.SelectMany(w => new[] { SpikeSummary.CurrentAfter(stimulus, w.StartMs, w.EndMs, c), stimulus.AmplitudeAt(w.EndMs, c) }).ToArray());

    private static (double[] X, double[] Y) Sampled(SimulationSpec spec, int c)
    {
        long n = spec.Parameters.Iterations;
        var t = new double[n + 1];
        var y = new double[n + 1];
        for (long k = 0; k <= n; k++) { t[k] = k * spec.DtMs; y[k] = spec.Parameters.Stimulus.AmplitudeAt(t[k], c); }
        var keep = Decimation.MinMaxIndices(y, TracePoints / 2);
        return (keep.Select(i => t[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }

    /// <summary>Light bands behind the plot where current is injected.</summary>
    public static JsonArray StimulusShading(SimulationSpec spec) => Nodes(SpikeSummary.WindowsOf(spec)
        .Where(w => w.Injecting)
        .Select(w => (JsonNode)Obj(("type", "rect"), ("xref", "x"), ("yref", "paper"), ("x0", w.StartMs), ("x1", w.EndMs), ("y0", 0), ("y1", 1),
            ("fillcolor", "rgba(255,165,0,0.12)"), ("line", Obj(("width", 0))), ("layer", "below"))));

    /// <summary>An axis with a title and optional extra attributes.</summary>
    public static JsonObject Axis(string title, params (string Name, JsonNode? Value)[] extra) =>
        Obj(extra.Prepend(("title", Obj(("text", title)))).ToArray());

    private static (int Lo, int Hi) Bin(int b, int bins, int rows)
    {
        int lo = (int)((long)b * rows / bins);
        return (lo, Math.Max(lo + 1, (int)((long)(b + 1) * rows / bins)));
    }
}
