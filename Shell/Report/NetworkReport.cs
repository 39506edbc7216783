using HHFunctional.Core.Network;
using static HHFunctional.Shell.Report.Format;

namespace HHFunctional.Shell.Report;

/// <summary>What a network run's report is made of. Checked by <see cref="NetworkReport.Write"/> (a mismatch is a bug in the caller).</summary>
/// <param name="Title">User text for the page title (e.g. the network file's name); escaped.</param>
/// <param name="Populations">Each population's name and number of cells, in the order of <see cref="NetworkSpike.Population"/>.</param>
/// <param name="Spikes">Every spike of the run: population, cell in it (0 ≤ Neuron &lt; Cells), time in ms, finite. Any order.</param>
/// <param name="DtMs">Time step, ms, finite and &gt; 0.</param>
/// <param name="Iterations">Updates run (≥ 0): the run covers [0, Iterations·DtMs] ms.</param>
/// <param name="Traces">v (mV) at each recorded site, labelled as the user named it; value k at t = k·DtMs, at most
/// Iterations + 1 values; a trace may end in NaN or ±∞ after a blow-up (drawn up to its last finite value).</param>
/// <param name="InDegree">Per population, per cell: connections ending on the cell (≥ 0).</param>
/// <param name="OutDegree">Per population, per cell: connections starting from the cell (≥ 0).</param>
/// <param name="Parameters">The run's parameters as the user gave them (name, value), shown as given.</param>
/// <param name="WallTime">Simulation wall time, or null to leave it out (--reproducible: the same input then gives the same bytes).</param>
/// <param name="Problem">A warning shown as a red banner under the title (e.g. the blow-up message); null for none.</param>
internal sealed record NetworkReportInput(
    string Title,
    IReadOnlyList<(string Name, int Cells)> Populations,
    IReadOnlyList<NetworkSpike> Spikes,
    double DtMs, long Iterations,
    IReadOnlyList<(string Label, double[] VMv)> Traces,
    IReadOnlyList<int[]> InDegree, IReadOnlyList<int[]> OutDegree,
    IReadOnlyList<(string Name, string Value)> Parameters,
    TimeSpan? WallTime,
    string? Problem = null)
{
    /// <summary>End of the run, ms: Iterations × DtMs.</summary>
    public double EndMs => Iterations * DtMs;
}

/// <summary>
/// The report of a network run: (1) the spike raster of every population, (2) the populations' rates, (3) v at the recorded
/// sites, (4) in- and out-degree histograms, (5) tables of spikes and rates per population, the parameters and the run.
/// One offline page (<see cref="Page"/>); no value that is not finite is ever written into a figure.
/// </summary>
internal static class NetworkReport
{
    /// <summary>Title when the caller has none.</summary>
    public const string DefaultTitle = "HHFunctional network report";

    /// <summary>Every figure's div id, in page order (the traces' only when a site was recorded).</summary>
    public static readonly IReadOnlyList<string> FigureIds = ["fig-raster", "fig-rates", "fig-traces", "fig-in-degree", "fig-out-degree"];

    /// <summary>
    /// The report's input for a run of <paramref name="network"/>: populations (name, cells) and degrees from the network,
    /// spikes and traces from <paramref name="result"/>, dt and updates from the network.
    /// </summary>
    /// <param name="title">Page title (e.g. the network file's name).</param>
    /// <param name="network">The network that ran.</param>
    /// <param name="result">What it produced.</param>
    /// <param name="traceLabels">A label for each of <paramref name="result"/>'s traces, in order (the probes as the user named them).</param>
    /// <param name="parameters">The run's parameters as the user gave them.</param>
    /// <param name="wallTime">Simulation wall time, or null under --reproducible.</param>
    /// <param name="problem">The banner (e.g. the blow-up as the command words it), or null.</param>
    public static NetworkReportInput Input(string title, NetworkSpec network, NetworkResult result, IReadOnlyList<string> traceLabels,
        IReadOnlyList<(string Name, string Value)> parameters, TimeSpan? wallTime, string? problem)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(result);
        if (traceLabels.Count != result.Traces.Count)
            throw new ArgumentException($"expected a label for each of the {result.Traces.Count} traces, got {traceLabels.Count}", nameof(traceLabels));
        var (inDegree, outDegree) = Degrees(network);
        return new NetworkReportInput(title, network.Populations.Select(p => (p.Name, p.Cells.Neurons)).ToArray(), result.Spikes,
            network.DtMs, network.Iterations, traceLabels.Zip(result.Traces, (label, v) => (label, v)).ToArray(),
            inDegree, outDegree, parameters, wallTime, problem);
    }

    /// <summary>
    /// Connections per cell, per population: in, those whose synapse is on the cell; out, those whose detector watches it.
    /// External spike sources are not connections and count in neither.
    /// </summary>
    public static (int[][] In, int[][] Out) Degrees(NetworkSpec network)
    {
        var inDegree = network.Populations.Select(p => new int[p.Cells.Neurons]).ToArray();
        var outDegree = network.Populations.Select(p => new int[p.Cells.Neurons]).ToArray();
        foreach (var c in network.Connections)
        {
            var (synapse, detector) = (network.Synapses[c.Synapse], network.Detectors[c.Detector]);
            inDegree[synapse.Population][synapse.Neuron]++;
            outDegree[detector.Population][detector.Neuron]++;
        }
        return (inDegree, outDegree);
    }

    /// <summary>The page as a string: the same input gives the same text.</summary>
    public static string Build(NetworkReportInput input) => Page.Text(output => Write(output, input));

    /// <summary>Writes the page as UTF-8 to <paramref name="output"/> (left open): the same input gives the same bytes.</summary>
    /// <exception cref="ArgumentException">The input does not hold together (see <see cref="NetworkReportInput"/>); nothing is written.</exception>
    public static void Write(Stream output, NetworkReportInput input)
    {
        Check(input);
        var pops = input.Populations;
        double endMs = input.EndMs;
        var sections = new List<Page.Section>();

        sections.Add(new("raster", "1. Spike raster",
            "One tick per spike: the step boundary at which the cell's detector first found v above its threshold (no interpolation, " +
            "as NEURON's NetCon), against the cell; populations stacked from the top in the order given, each in its colour and named on the axis. " +
            "Hover for the cell's number in its population." +
            (input.Spikes.Count > NetworkFigures.MaxSvgSpikes ? $" {Count(input.Spikes.Count)} spikes: drawn with WebGL." : ""),
            [new Page.Figure(FigureIds[0], NetworkFigures.Raster(pops, input.Spikes, endMs))],
            Note: input.Spikes.Count == 0 ? "No cell fired in this run." : null));

        if (endMs > 0)
        {
            var (bins, widthMs) = NetworkFigures.RateBins(endMs, input.DtMs);
            string resolution = string.Join(", ", pops.Where(p => p.Cells > 0)
                .Select(p => $"{Hz(1000.0 / (widthMs * p.Cells))} Hz in {p.Name}"));
            sections.Add(new("rates", "2. Population rates",
                $"Spikes of each population in {bins} equal bins of {Significant(widthMs)} ms, divided by its cells and the bin's width: " +
                $"the mean rate of one of its cells, in Hz. One spike in a bin reads {resolution}, the rate's resolution. Hover for the spike counts.",
                [new Page.Figure(FigureIds[1], NetworkFigures.Rates(pops, input.Spikes, endMs, input.DtMs))]));
        }
        else sections.Add(new("rates", "2. Population rates", "Spikes per cell per second, binned over the run.", [], Note: "No time was simulated (0 updates): no rate."));

        sections.Add(TracesSection(input));

        sections.Add(new("connectivity", "4. Connectivity",
            "How many cells of each population have each in-degree (connections ending on the cell) and each out-degree (connections " +
            "starting from it).",
            [new Page.Figure(FigureIds[3], NetworkFigures.Degrees(pops, input.InDegree, "in-degree")),
             new Page.Figure(FigureIds[4], NetworkFigures.Degrees(pops, input.OutDegree, "out-degree"))]));

        sections.Add(new("tables", "5. Tables",
            "Spikes and mean rate of each population over the whole run (Hz per cell: its spikes over cells × duration; given only for runs of at least " +
            $"{Number(SpikeSummary.MinRateWindowMs)} ms, as a count over a shorter window says more about the window than the cells), " +
            "then the run's parameters as given and how it was run.",
            [],
            Html: Tables.Rows("tbl-network-spikes", ["population", "cells", "spikes", "mean rate (Hz per cell)"], SummaryRows(input)) +
                  "\n<h3>Parameters</h3>\n" +
                  (input.Parameters.Count == 0 ? "<p>None given.</p>" : Tables.Rows("tbl-parameters", ["parameter", "value"], input.Parameters.Select(p => new[] { p.Name, p.Value }))) +
                  "\n<h3>Run</h3>\n" + Tables.Rows("tbl-run", null, RunRows(input))));

        int cells = pops.Sum(p => p.Cells);
        string intro = $"{Count(cells)} cells in {pops.Count} population(s) ({string.Join(", ", pops.Select(p => $"{p.Name}: {Count(p.Cells)}"))}), " +
                       $"{Count(input.Iterations)} updates of dt = {Number(input.DtMs)} ms ({Number(endMs)} ms): {Count(input.Spikes.Count)} spikes. " +
                       "The raster draws every spike; traces are thinned for display keeping every spike's peak and trough.";
        Page.Write(output, input.Title, intro, sections, input.Problem);
    }

    /// <summary>
    /// One row per population and one for all: name, cells, spikes, mean rate in Hz per cell ("–" for a run shorter than
    /// <see cref="SpikeSummary.MinRateWindowMs"/> or a population of no cells).
    /// </summary>
    public static IEnumerable<string[]> SummaryRows(NetworkReportInput input)
    {
        var counts = new int[input.Populations.Count];
        foreach (var s in input.Spikes) counts[s.Population]++;
        string Rate(int spikes, int cells) => cells > 0 && input.EndMs >= SpikeSummary.MinRateWindowMs
            ? Fixed(spikes / (cells * input.EndMs * 1e-3), 2) : "–";
        var rows = input.Populations.Select((p, k) => new[] { p.Name, Count(p.Cells), Count(counts[k]), Rate(counts[k], p.Cells) }).ToList();
        int all = input.Populations.Sum(p => p.Cells);
        if (input.Populations.Count > 1) rows.Add(["all", Count(all), Count(input.Spikes.Count), Rate(input.Spikes.Count, all)]);
        return rows;
    }

    private static IEnumerable<string[]> RunRows(NetworkReportInput input) =>
    [
        ["dt", $"{Number(input.DtMs)} ms"],
        ["iterations", Count(input.Iterations)],
        ["simulated time", $"{Number(input.EndMs)} ms"],
        ["populations × cells", $"{input.Populations.Count} × {Count(input.Populations.Sum(p => p.Cells))} in all"],
        ["connections (in-degrees summed)", Count(input.InDegree.Sum(d => d.Sum(x => (long)x)))],
        ["recorded sites", input.Traces.Count == 0 ? "none" : string.Join(", ", input.Traces.Select(t => t.Label))],
        ["hhf version", ToolVersion.Informational],
        Tables.WallTime(input.WallTime),
    ];

    private static Page.Section TracesSection(NetworkReportInput input)
    {
        const string heading = "3. Membrane potential at the recorded sites";
        if (input.Traces.Count == 0)
            return new("traces", heading, "v against time at each recorded site.", [], Note: "No site was recorded in this run.");
        var finite = input.Traces.Select(t => FiniteLength(t.VMv)).ToArray();
        var timesMs = new double[input.Traces.Max(t => t.VMv.Length)];
        for (int k = 0; k < timesMs.Length; k++) timesMs[k] = k * input.DtMs;
        var shown = input.Traces.Take(CellFigures.MaxSiteTraces).ToArray();
        var figure = CellFigures.SiteTraces(shown.Select(t => t.Label).ToArray(), timesMs,
            i => finite[i] == shown[i].VMv.Length ? shown[i].VMv : shown[i].VMv[..finite[i]]);
        var notes = input.Traces.Select((t, i) => (t, i)).Where(x => finite[x.i] < x.t.VMv.Length)
            .Select(x => $"v at {x.t.Label} is not finite from t = {Number(finite[x.i] * input.DtMs)} ms on: drawn up to there.").ToList();
        if (input.Traces.Count > shown.Length) notes.Add($"{input.Traces.Count} sites were recorded: the first {shown.Length} are drawn.");
        return new("traces", heading,
            "v against time at each recorded site, labelled as given; thinned for display keeping every spike's peak and trough (the full " +
            "traces are in the run's output files).",
            [new Page.Figure(FigureIds[2], figure)], Note: notes.Count == 0 ? null : string.Join(" ", notes));
    }

    // "333.3", "20,000": four significant digits, never in exponent form.
    private static string Hz(double hz) => hz >= 1000 ? Count((long)Math.Round(hz)) : Significant(hz);

    private static int FiniteLength(double[] v)
    {
        int n = 0;
        while (n < v.Length && double.IsFinite(v[n])) n++;
        return n;
    }

    private static void Check(NetworkReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pops = input.Populations;
        if (!(double.IsFinite(input.DtMs) && input.DtMs > 0)) throw new ArgumentException($"DtMs: expected a finite step > 0, got {input.DtMs}", nameof(input));
        if (input.Iterations < 0) throw new ArgumentException($"Iterations: expected ≥ 0, got {input.Iterations}", nameof(input));
        for (int p = 0; p < pops.Count; p++)
            if (pops[p].Cells < 0) throw new ArgumentException($"Populations[{p}].Cells: expected ≥ 0, got {pops[p].Cells}", nameof(input));
        for (int i = 0; i < input.Spikes.Count; i++)
        {
            var s = input.Spikes[i];
            if (s.Population < 0 || s.Population >= pops.Count || s.Neuron < 0 || s.Neuron >= pops[s.Population].Cells || !double.IsFinite(s.TimeMs))
                throw new ArgumentException($"Spikes[{i}]: population {s.Population}, cell {s.Neuron}, t {s.TimeMs} ms is not a cell of the " +
                                            $"{pops.Count} population(s) at a finite time", nameof(input));
        }
        foreach (var (degrees, name) in new[] { (input.InDegree, nameof(input.InDegree)), (input.OutDegree, nameof(input.OutDegree)) })
        {
            if (degrees.Count != pops.Count) throw new ArgumentException($"{name}: expected {pops.Count} populations, got {degrees.Count}", nameof(input));
            for (int p = 0; p < pops.Count; p++)
                if (degrees[p].Length != pops[p].Cells || degrees[p].Any(d => d < 0))
                    throw new ArgumentException($"{name}[{p}]: expected {pops[p].Cells} degrees ≥ 0, got {degrees[p].Length} (least {degrees[p].DefaultIfEmpty().Min()})", nameof(input));
        }
        for (int i = 0; i < input.Traces.Count; i++)
            if (input.Traces[i].VMv.Length > input.Iterations + 1)
                throw new ArgumentException($"Traces[{i}] ({input.Traces[i].Label}): expected at most {input.Iterations + 1} values, got {input.Traces[i].VMv.Length}", nameof(input));
    }
}
