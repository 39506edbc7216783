using HHFunctional.Core;
using HHFunctional.Core.Model;
using System.Text.Json.Nodes;
using static HHFunctional.Shell.Report.PlotData;

namespace HHFunctional.Shell.Report;

/// <summary>Spike raster, and first-spike latency along the cable with the fitted propagation speed.</summary>
internal static class SpikeFigures
{
    /// <summary>Line colours in order (plotly's default sequence): onsets here, populations in the network report.</summary>
    internal static readonly string[] Palette = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f" };

    /// <summary>
    /// One tick per spike: time (ms) against compartment (its position in µm on a physical cable, its path distance on a
    /// tree), the first compartment on top as in the stacked figure.
    /// </summary>
    public static PlotlyFigure Raster(SimulationSpec spec, SpikeSummary spikes, Places? places = null)
    {
        places ??= Places.Of(spec);
        var x = spikes.SpikeTimesMs.SelectMany(ts => ts);
        var y = spikes.SpikeTimesMs.SelectMany((ts, col) => ts.Select(_ => places.Coordinate(spikes.Compartments[col])));
        var ticks = Scatter(F32(x), F32(y), "markers",
            ("name", "spikes"), ("marker", Obj(("symbol", "line-ns-open"), ("size", TickSize(spikes.Compartments.Count)), ("color", "black"), ("line", Obj(("width", 1.5))))),
            ("hovertemplate", (places.Physical ? "%{y:.1f} µm" : "c%{y}") + ": spike at %{x:.2f} ms<extra></extra>"));
        return new PlotlyFigure(new JsonArray(ticks), Obj(("height", 450), ("shapes", Figures.StimulusShading(spec)), ("hovermode", "closest"),
            ("xaxis", Figures.Axis("t (ms)", ("range", Numbers(new[] { 0.0, SpikeSummary.EndMs(spec) })))),
            ("yaxis", Figures.Axis(places.AxisTitle, ("autorange", "reversed")))));
    }

    /// <summary>
    /// For each onset of a current step: the latency of each compartment's first spike after it (markers) and the
    /// least-squares line of compartment against arrival time whose slope is the propagation speed (dashed).
    /// Along the cable in µm for a physical cable, by compartment index for the seed's coupling.
    /// </summary>
    public static PlotlyFigure Latency(SimulationSpec spec, SpikeSummary spikes)
    {
        var physical = spec.Parameters.Cable as PhysicalCable;
        double Along(double compartment) => physical is null ? compartment : (compartment + 0.5) * physical.CompartmentLengthUm(spec.Compartments);
        var traces = new JsonArray();
        // Added as JsonNode (here and below), so the non-generic Add is called: Add<T> is not safe in a native build.
        foreach (var (onset, k) in spikes.Onsets.Select((o, k) => (o, k)))
        {
            string colour = Palette[k % Palette.Length];
            var arrived = onset.ArrivalMs.Select((t, col) => (t, c: spikes.Compartments[col])).Where(p => p.t.HasValue).ToArray();
            traces.Add((JsonNode)Scatter(Numbers(arrived.Select(p => Along(p.c))), Numbers(arrived.Select(p => p.t!.Value - onset.OnsetMs)), "lines+markers",
                ("name", $"after the onset at {Format.Number(onset.OnsetMs)} ms: {SpeedText(onset)}"),
                ("line", Obj(("color", colour), ("width", 1))), ("marker", Obj(("color", colour), ("size", arrived.Length > 60 ? 3 : 7))),
                ("hovertemplate", (physical is null ? "c%{x}" : "x = %{x:.0f} µm") + ": first spike %{y:.3f} ms after onset<extra></extra>")));
            if (onset is { CompartmentsPerMs: { } slope, InterceptCompartment: { } intercept } && slope != 0)
            {
                // The fit c = a + s·t drawn as latency (t − onset) over the compartments that fired.
                double c0 = arrived.Min(p => p.c), c1 = arrived.Max(p => p.c);
                double[] cs = { c0, c1 };
                traces.Add((JsonNode)Scatter(Numbers(cs.Select(Along)), Numbers(cs.Select(c => (c - intercept) / slope - onset.OnsetMs)), "lines",
                    ("name", $"fit, onset {Format.Number(onset.OnsetMs)} ms"), ("line", Obj(("color", colour), ("dash", "dash"), ("width", 1))),
                    ("hoverinfo", "skip"), ("showlegend", false)));
            }
        }
        return new PlotlyFigure(traces, Obj(("height", 420), ("hovermode", "closest"),
            ("legend", Obj(("orientation", "h"), ("y", -0.25))),
            ("xaxis", Figures.Axis(physical is null ? "compartment" : "position along the cable (µm)")),
            ("yaxis", Figures.Axis("first-spike latency after onset (ms)"))));
    }

    // Ticks as tall as a row of the raster (about 350 px for all rows), between 2 and 12 px.
    internal static int TickSize(int rows) => Math.Clamp(350 / Math.Max(1, rows), 2, 12);

    /// <summary>"1.23 compartments/ms" (and "= 0.45 m/s" on a physical cable), or why there is no speed.</summary>
    public static string SpeedText(OnsetArrivals onset) => onset switch
    {
        { CompartmentsPerMs: null } => "no propagation speed (fewer than two compartments fired)",
        { CompartmentsPerMs: { } s, MetresPerSecond: { } mps } => $"{Format.Significant(s)} compartments/ms = {Format.Significant(mps)} m/s",
        { CompartmentsPerMs: { } s } => $"{Format.Significant(s)} compartments/ms",
    };
}
