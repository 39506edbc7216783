using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Shell.Report;

/// <summary>
/// The report of a branched cell (a run whose cable is a <see cref="TreeCable"/>): (1) the cell coloured by v with a time
/// slider, (2) v at the recorded sites, (3) peak v against path distance from soma(0.5), (4) the injected current in nA
/// at its sites, (5) the spike raster by path distance, (6) tables of spikes per site, parameters and the run. Everything
/// is placed by position (µm, path distance) and named by site, never by node index.
/// </summary>
/// <remarks>
/// What the run must record: v (the other variables are not drawn for a tree). The picture and the back-propagation plot
/// need v at every node (the default <c>--record-compartments</c>: all, in node order); traces and spike table need the
/// sites' nodes. A run that records only the sites gets (2), (4), (5), (6) and a note saying what brings (1) and (3) back.
/// </remarks>
internal static class CellReport
{
    /// <summary>Every figure's div id, in page order (when all its data was recorded).</summary>
    public static readonly IReadOnlyList<string> FigureIds = ["fig-cell", "fig-sites", "fig-bap", "fig-current", "fig-raster"];

    /// <summary>Values a whole-cell recording may hold by default (8 bytes each: 64 MB).</summary>
    public const long DefaultMaxValues = 8_000_000;

    /// <summary>
    /// What a run of a cell should record for its page: v at every node in node order, of <paramref name="neuron"/>, every
    /// K-th update with the smallest K that keeps rows × nodes ≤ <paramref name="maxValues"/>. Peaks are read from the
    /// recorded rows, so K costs peak accuracy: on pyramid.swc at dt 0.025 ms, K = 1, 2, 4, 8, 16 gave peak errors of 0,
    /// 0.06, 0.21, 0.92 and 2.5 mV (the soma's spike is the fastest thing in the cell).
    /// </summary>
    public static RecordingSelection WholeCell(SimulationSpec spec, int neuron = 0, long maxValues = DefaultMaxValues)
    {
        long values = spec.Parameters.Iterations * spec.Compartments;
        int every = (int)Math.Clamp((values + maxValues - 1) / Math.Max(1, maxValues), 1, Math.Max(1, spec.Parameters.Iterations));
        return new RecordingSelection([StateVariable.V], Enumerable.Range(0, spec.Compartments).ToArray(), neuron, every);
    }

    /// <summary>Writes the page as UTF-8: the same input gives the same bytes.</summary>
    public static void Write(Stream output, ReportInput input)
    {
        var (spec, recording) = (input.Spec, input.Recording);
        var tree = ((TreeCable)spec.Parameters.Cable).Tree;
        var places = Places.Of(spec, input.Sites);
        var unit = CurrentUnits.Shown(spec, input.CurrentUnit);
        var selection = recording.Selection.Compartments;
        bool hasV = recording.Has(StateVariable.V) && recording.Rows >= 1;
        string noV = recording.Rows < 1 ? "No row was recorded: lower --record-every." : "v was not recorded: add v to --record-vars.";
        var (origin, originName) = Places.Origin(tree);

        // Named sites and where they are in the recording.
        var columnOf = new Dictionary<int, int>();
        for (int col = 0; col < selection.Count; col++) columnOf.TryAdd(selection[col], col);
        var givenSites = (input.Sites ?? []).Where(s => tree.Morphology.IndexOf(s.Section) is not null)
            .Select(s => (Name: s.ToString(), Node: tree.NodeAt(tree.Morphology.IndexOf(s.Section)!.Value, s.X))).ToArray();
        var missing = givenSites.Where(s => !columnOf.ContainsKey(s.Node)).Select(s => s.Name).ToArray();
        var sites = givenSites.Length > 0
            ? givenSites.Where(s => columnOf.ContainsKey(s.Node)).ToArray()
            : Figures.EvenlySpaced(selection.Count, CellFigures.MaxSiteTraces).Select(col => (Name: places.Name(selection[col]), Node: selection[col])).ToArray();

        var sections = new List<Page.Section>();
        // (1) The picture needs v at every node; columns in node order avoid a copy.
        int[]? nodeColumns = Enumerable.Range(0, tree.Count).All(columnOf.ContainsKey) ? Enumerable.Range(0, tree.Count).Select(k => columnOf[k]).ToArray() : null;
        var drawing = CellDrawing.Of(tree, input.Plane);
        var figures = new List<Page.Figure>();
        string? cellNote = !hasV ? noV
            : nodeColumns is null ? $"v was recorded at {selection.Count} of the {tree.Count} nodes: the picture needs every node (record every compartment, the default)."
            : null;
        if (cellNote is null)
        {
            var v = InNodeOrder(recording, nodeColumns!, tree.Count);
            figures.Add(new Page.Figure(FigureIds[0], CellFigures.Shape(drawing, CellFigures.NodeNames(tree), recording.TimesMs, v, tree.Count)));
        }
        int frames = CellFigures.FrameCount(recording.Rows, drawing.Pieces.Count);
        sections.Add(new("cell", "1. The cell, coloured by v",
            (drawing.Projected
                ? $"Every section drawn through its 3-D points projected on the {drawing.Plane.ToString().ToLowerInvariant()} plane (µm, equal scales); each segment between two points is coloured by v of the node holding its midpoint, "
                : "The cell as a dendrogram (its sections have no 3-D points): each section a horizontal line from its path distance to the root's 0-end, cut into its segments, each coloured by v of its node; grey lines join a child to its parent, ") +
            "and lines are thicker where the cell is. Move the slider to change the time: " +
            $"{frames} frames (at most {CellFigures.MaxFrames}, fewer for a cell of many segments, so the page stays small), each the moment of highest v in its stretch of the run, so no spike falls between frames.",
            figures, Note: cellNote));

        // (2) Traces at the sites.
        var traces = new Traces(recording);
        sections.Add(new("sites", "2. Membrane potential at the recorded sites",
            "v against time at each recorded site, named as NEURON names a position (SECTION(x)); thinned for display keeping every spike's peak and trough.",
            hasV && sites.Length > 0
                ? [new Page.Figure(FigureIds[1], CellFigures.SiteTraces(sites.Select(s => s.Name).ToArray(), recording.TimesMs, i => traces.Column(StateVariable.V, columnOf[sites[i].Node])))]
                : [],
            Note: !hasV ? noV : missing.Length > 0 ? $"Not recorded: {string.Join(", ", missing)}." : null));

        // (3) Back-propagation.
        var peaks = hasV ? PeaksMv(recording) : [];
        sections.Add(new("bap", $"3. Peak v against path distance from {originName}",
            $"The highest v each recorded node reached during the run against its path distance (µm along the sections, NEURON's distance()) from {originName}: " +
            "how far and how strongly a spike spreads back into the dendrites. Ringed: the recorded sites.",
            hasV ? [new Page.Figure(FigureIds[2], CellFigures.BackPropagation(tree, origin, originName, selection, peaks, sites))] : [],
            Note: !hasV ? noV : selection.Count < tree.Count ? $"Only the {selection.Count} recorded nodes of {tree.Count} are shown: record every compartment for the whole cell." : null));

        // (4) Current, (5) raster, (6) tables.
        sections.Add(new("current", "4. Injected current",
            $"The current injected at each stimulated site against time ({CurrentUnits.Symbol(unit)}, as given; positive depolarises).",
            [new Page.Figure(FigureIds[3], Figures.InjectedCurrent(spec, selection, places, unit))],
            Note: spec.Parameters.Stimulus.Segments.Count == 0 && spec.Parameters.Stimulus.Functions.Count == 0 ? "No current is injected in this run." : null));
        var spikes = hasV && recording.Rows >= 2 ? SpikeSummary.Of(spec, recording, places, unit) : null;
        sections.Add(new("spikes", "5. Spikes",
            $"Raster: one tick per spike (upward crossing of 0 mV, interpolated between samples) of each recorded node, at its path distance from {originName}.",
            spikes is null ? [] : [new Page.Figure(FigureIds[4], SpikeFigures.Raster(spec, spikes, places))],
            Note: spikes is null ? noV : null));
        sections.Add(new("tables", "6. Tables",
            "Spikes at each recorded site in each stretch between stimulus switch times ([start, end), with the mean rate in Hz for stretches of at " +
            $"least {Format.Number(SpikeSummary.MinRateWindowMs)} ms), then every parameter of the run and how it was run.",
            [],
            Html: (spikes is null ? "" : Tables.Spikes(OnlyColumns(spikes, sites.Select(s => columnOf[s.Node]).ToArray()), places) + "\n") +
                  "<h3>Parameters</h3>\n" + Tables.Parameters(spec) + "\n<h3>Run</h3>\n" + Tables.Run(input),
            Note: spikes is null ? noV : null));

        string intro = $"A branched cell of {tree.Morphology.Sections.Length} sections and {tree.Count} nodes ({tree.Nseg.Sum()} segments) × {spec.Neurons} neuron(s), " +
                       $"{Format.Count(spec.Parameters.Iterations)} updates of dt = {Format.Number(spec.DtMs)} ms ({Format.Number(SpikeSummary.EndMs(spec))} ms) with " +
                       $"{spec.Parameters.Integrator.Name()}. Figures show neuron {recording.Selection.Neuron}; the CSVs keep every recorded value.";
        Page.Write(output, input.Title, intro, sections, input.Banner);
    }

    /// <summary>v of every node, rows × nodes in node order: the recording's own array when it already is.</summary>
    private static ReadOnlySpan<double> InNodeOrder(Recording recording, int[] nodeColumns, int nodes)
    {
        var all = recording.Values(StateVariable.V);
        int width = recording.Selection.Compartments.Count;
        if (width == nodes && nodeColumns.Select((c, k) => c == k).All(x => x)) return all;
        var v = new double[recording.Rows * nodes];
        for (int r = 0; r < recording.Rows; r++)
            for (int k = 0; k < nodes; k++) v[r * nodes + k] = all[r * width + nodeColumns[k]];
        return v;
    }

    /// <summary>Highest v of each recorded column over the whole run (every row, never the thinned display data).</summary>
    internal static double[] PeaksMv(Recording recording)
    {
        int width = recording.Selection.Compartments.Count;
        var peaks = Enumerable.Repeat(double.NegativeInfinity, width).ToArray();
        var all = recording.Values(StateVariable.V);
        for (int r = 0; r < recording.Rows; r++)
            for (int c = 0; c < width; c++) peaks[c] = Math.Max(peaks[c], all[r * width + c]);
        return peaks;
    }

    private static SpikeSummary OnlyColumns(SpikeSummary s, int[] columns) => s with
    {
        Compartments = columns.Select(c => s.Compartments[c]).ToArray(),
        SpikeTimesMs = columns.Select(c => s.SpikeTimesMs[c]).ToArray(),
        Counts = columns.Select(c => s.Counts[c]).ToArray(),
        RatesHz = columns.Select(c => s.RatesHz[c]).ToArray(),
        Onsets = s.Onsets.Select(o => o with { ArrivalMs = columns.Select(c => o.ArrivalMs[c]).ToArray() }).ToArray(),
    };
}
