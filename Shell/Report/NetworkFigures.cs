using System.Text.Json.Nodes;
using HHFunctional.Core.Network;
using static HHFunctional.Shell.Report.PlotData;

namespace HHFunctional.Shell.Report;

/// <summary>
/// The figures of a network run: the spike raster of every population, the populations' binned rates and the in- and
/// out-degree histograms. Pure functions from the run's data to plotly JSON; every value drawn is finite.
/// </summary>
internal static class NetworkFigures
{
    /// <summary>Most spikes the raster draws as SVG; above, it is drawn with WebGL (scattergl), which stays fluid at 10^5 points.</summary>
    public const int MaxSvgSpikes = 5_000;

    /// <summary>Bins the rate figure aims at over the run (at most one per step).</summary>
    public const int TargetRateBins = 100;

    /// <summary>Most bars a degree histogram has per population; wider degree ranges get bins several degrees wide.</summary>
    public const int MaxDegreeBins = 100;

    /// <summary>First raster row of each population: populations are stacked in the order given.</summary>
    public static int[] FirstRows(IReadOnlyList<(string Name, int Cells)> populations)
    {
        var first = new int[populations.Count];
        for (int p = 1; p < populations.Count; p++) first[p] = first[p - 1] + populations[p - 1].Cells;
        return first;
    }

    /// <summary>
    /// One tick per spike: time (ms) against the cell's row, populations stacked top to bottom in the order given, each its
    /// own colour and legend entry, named at the middle of its band on the y axis; hover gives the cell in its population.
    /// WebGL above <see cref="MaxSvgSpikes"/> spikes.
    /// </summary>
    public static PlotlyFigure Raster(IReadOnlyList<(string Name, int Cells)> populations, IReadOnlyList<NetworkSpike> spikes, double endMs)
    {
        var first = FirstRows(populations);
        int rows = populations.Sum(p => p.Cells);
        string type = spikes.Count > MaxSvgSpikes ? "scattergl" : "scatter";
        var byPopulation = populations.Select(_ => new List<NetworkSpike>()).ToArray();
        foreach (var s in spikes) byPopulation[s.Population].Add(s);
        var traces = populations.Select((pop, p) => (JsonNode)Scatter(
            F32(byPopulation[p].Select(s => s.TimeMs)), F32(byPopulation[p].Select(s => (double)(first[p] + s.Neuron))), "markers",
            ("type", type), ("name", pop.Name), ("customdata", F32(byPopulation[p].Select(s => (double)s.Neuron))),
            ("marker", Obj(("symbol", "line-ns-open"), ("size", SpikeFigures.TickSize(rows)), ("color", Colour(p)), ("line", Obj(("width", 1.5))))),
            ("hovertemplate", $"{pop.Name} cell %{{customdata}}: spike at %{{x:.3f}} ms<extra></extra>")));
        // Thin lines between the populations' bands.
        var separators = Enumerable.Range(1, Math.Max(0, populations.Count - 1)).Select(p => (JsonNode)Obj(
            ("type", "line"), ("xref", "paper"), ("x0", 0), ("x1", 1), ("yref", "y"), ("y0", first[p] - 0.5), ("y1", first[p] - 0.5),
            ("line", Obj(("color", "#999999"), ("width", 1), ("dash", "dot")))));
        // Legend symbols at a fixed size: a tick of 2 px (many cells) would be invisible there.
        return new PlotlyFigure(Nodes(traces), Obj(("height", 500), ("hovermode", "closest"), ("shapes", Nodes(separators)), ("legend", Obj(("itemsizing", "constant"))),
            ("xaxis", Figures.Axis("t (ms)", ("range", Numbers(new[] { 0.0, endMs })))),
            ("yaxis", Figures.Axis("cell, by population", ("range", Numbers(new[] { Math.Max(1, rows) - 0.5, -0.5 })), ("zeroline", false),
                ("tickmode", "array"), ("tickvals", Numbers(populations.Select((pop, p) => first[p] + (pop.Cells - 1) / 2.0))),
                ("ticktext", Nodes(populations.Select(pop => (JsonNode?)pop.Name)))))));
    }

    /// <summary>
    /// Bins of the rate figure: a round width (1, 2 or 5 × 10^k ms, at least one step) near <paramref name="endMs"/> /
    /// <see cref="TargetRateBins"/>, then stretched so that a whole number of equal bins covers [0, endMs] exactly (no short
    /// last bin whose rate would mean less than the others'). <paramref name="endMs"/> must be positive.
    /// </summary>
    public static (int Bins, double WidthMs) RateBins(double endMs, double dtMs)
    {
        double wanted = Math.Max(endMs / TargetRateBins, dtMs);
        double decade = Math.Pow(10, Math.Floor(Math.Log10(wanted)));
        double round = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * decade).First(w => w >= wanted * (1 - 1e-12));
        int bins = (int)Math.Clamp(Math.Round(endMs / round), 1, Math.Max(1, Math.Floor(endMs / dtMs + 1e-9)));
        return (bins, endMs / bins);
    }

    /// <summary>
    /// Spikes of each population in each of <paramref name="bins"/> equal bins [b·w, (b+1)·w) over [0, endMs] (a spike at
    /// endMs in the last). A spike on a boundary belongs to the later bin: k·dt·bins/(N·dt) rounds below an exact integer for
    /// about one boundary spike in eleven, so the floor gets 1e-9 of a bin (a step is at least 1/N of a bin, far more).
    /// </summary>
    public static int[][] BinCounts(int populations, IReadOnlyList<NetworkSpike> spikes, double endMs, int bins)
    {
        var counts = Enumerable.Range(0, populations).Select(_ => new int[bins]).ToArray();
        foreach (var s in spikes) counts[s.Population][Math.Clamp((int)Math.Floor(s.TimeMs * bins / endMs + 1e-9), 0, bins - 1)]++;
        return counts;
    }

    /// <summary>
    /// Each population's rate (Hz per cell: the bin's spikes over cells × bin width) against the bin's centre (ms), drawn as
    /// steps; the bin's spike count is the customdata (hover). A population of no cells has no rate and no line.
    /// </summary>
    public static PlotlyFigure Rates(IReadOnlyList<(string Name, int Cells)> populations, IReadOnlyList<NetworkSpike> spikes, double endMs, double dtMs)
    {
        var (bins, widthMs) = RateBins(endMs, dtMs);
        var counts = BinCounts(populations.Count, spikes, endMs, bins);
        var centres = Enumerable.Range(0, bins).Select(b => (b + 0.5) * widthMs).ToArray();
        var traces = populations.Select((pop, p) => (pop, p)).Where(x => x.pop.Cells > 0).Select(x => (JsonNode)Scatter(
            F32(centres), F32(counts[x.p].Select(c => c / (x.pop.Cells * widthMs * 1e-3))), "lines",
            ("name", x.pop.Name), ("customdata", Numbers(counts[x.p].Select(c => (double)c))),
            ("line", Obj(("shape", "hvh"), ("width", 1.5), ("color", Colour(x.p)))),
            ("hovertemplate", $"{x.pop.Name}: %{{y:.1f}} Hz per cell (%{{customdata}} spikes) around %{{x:.2f}} ms<extra></extra>")));
        return new PlotlyFigure(Nodes(traces), Obj(("height", 380), ("hovermode", "x unified"),
            ("xaxis", Figures.Axis("t (ms)", ("range", Numbers(new[] { 0.0, endMs })))),
            ("yaxis", Figures.Axis($"rate (Hz per cell, bins of {Format.Significant(widthMs)} ms)", ("rangemode", "tozero")))));
    }

    /// <summary>
    /// How many cells of each population have each degree (connections in, or out): one bar trace per population, grouped;
    /// bins one degree wide, or several when the degrees span more than <see cref="MaxDegreeBins"/>.
    /// </summary>
    /// <param name="populations">Names and cell counts.</param>
    /// <param name="degrees">Per population, per cell: its degree (≥ 0).</param>
    /// <param name="what">"in-degree" or "out-degree", for the axis and the hover.</param>
    public static PlotlyFigure Degrees(IReadOnlyList<(string Name, int Cells)> populations, IReadOnlyList<int[]> degrees, string what)
    {
        int max = degrees.SelectMany(d => d).DefaultIfEmpty(0).Max();
        int width = (max + MaxDegreeBins) / MaxDegreeBins; // ⌈(max + 1) / MaxDegreeBins⌉: every degree 0..max in a bin
        int bins = max / width + 1;
        string Range(int b) => width == 1 ? $"{b}" : $"{b * width}–{b * width + width - 1}";
        var traces = populations.Select((pop, p) =>
        {
            var histogram = new int[bins];
            foreach (int d in degrees[p]) histogram[d / width]++;
            return (JsonNode)Obj(("type", "bar"), ("name", pop.Name),
                ("x", Numbers(Enumerable.Range(0, bins).Select(b => b * width + (width - 1) / 2.0))),
                ("y", Numbers(histogram.Select(c => (double)c))),
                ("text", Nodes(Enumerable.Range(0, bins).Select(b => (JsonNode?)Range(b)))), ("textposition", "none"),
                ("marker", Obj(("color", Colour(p)))),
                ("hovertemplate", $"{pop.Name}: %{{y}} cells with {what} %{{text}}<extra></extra>"));
        });
        return new PlotlyFigure(Nodes(traces), Obj(("height", 320), ("barmode", "group"), ("hovermode", "closest"),
            ("xaxis", Figures.Axis($"{what} (connections per cell{(width > 1 ? $", bins of {width}" : "")})")), ("yaxis", Figures.Axis("cells"))));
    }

    private static string Colour(int population) => SpikeFigures.Palette[population % SpikeFigures.Palette.Length];
}
