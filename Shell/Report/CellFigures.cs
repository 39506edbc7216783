using System.Globalization;
using System.Text.Json.Nodes;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Morphology;
using static HHFunctional.Shell.Report.PlotData;

namespace HHFunctional.Shell.Report;

/// <summary>
/// The figures of a branched cell: the cell coloured by v with a time slider, v at named sites, and peak v against path
/// distance from the soma (back-propagation). Pure functions from data to plotly JSON.
/// </summary>
internal static class CellFigures
{
    /// <summary>Most frames (slider steps) of the cell picture: the page grows by about 10 bytes per piece per frame.</summary>
    public const int MaxFrames = 100;

    /// <summary>Most colours the slider's steps hold in all (about 10 bytes each: 2 MB); a cell of more pieces gets fewer frames.</summary>
    public const int ColourBudget = 200_000;

    /// <summary>Fewest frames a cell gets however many pieces it has (the budget yields below that).</summary>
    public const int MinFrames = 10;

    /// <summary>Frames for a picture of <paramref name="pieces"/> pieces over <paramref name="rows"/> rows: at most
    /// <see cref="MaxFrames"/>, and at most <see cref="ColourBudget"/> / pieces but never below <see cref="MinFrames"/>.</summary>
    public static int FrameCount(int rows, int pieces) =>
        Math.Min(rows, Math.Clamp(ColourBudget / Math.Max(1, pieces), MinFrames, MaxFrames));

    /// <summary>Most site traces drawn.</summary>
    public const int MaxSiteTraces = 20;

    /// <summary>
    /// Plotly's Viridis, the scale of the picture and its colour bar (low v dark purple, high v yellow): stops at k·16/255
    /// for k = 0 … 15, then 1, as plotly.js defines it.
    /// </summary>
    public static readonly (double At, byte R, byte G, byte B)[] Scale = new (byte R, byte G, byte B)[]
    {
        (0x44, 0x01, 0x54), (0x48, 0x18, 0x6a), (0x47, 0x2d, 0x7b), (0x42, 0x40, 0x86), (0x3b, 0x52, 0x8b), (0x33, 0x63, 0x8d),
        (0x2c, 0x72, 0x8e), (0x26, 0x82, 0x8e), (0x21, 0x91, 0x8c), (0x1f, 0xa0, 0x88), (0x28, 0xae, 0x80), (0x3f, 0xbc, 0x73),
        (0x5e, 0xc9, 0x62), (0x84, 0xd4, 0x4b), (0xad, 0xdc, 0x30), (0xd8, 0xe2, 0x19), (0xfd, 0xe7, 0x25),
    }.Select((c, k) => (k == 16 ? 1.0 : 16.0 * k / 255, c.R, c.G, c.B)).ToArray();

    /// <summary>"#rrggbb" of <paramref name="fraction"/> (clamped to 0–1) on <see cref="Scale"/>, linear between its stops.</summary>
    public static string Colour(double fraction)
    {
        double f = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);
        int k = 0;
        while (k < Scale.Length - 2 && Scale[k + 1].At < f) k++;
        var (a, b) = (Scale[k], Scale[k + 1]);
        double u = (f - a.At) / (b.At - a.At);
        static int Mix(byte x, byte y, double u) => (int)Math.Round(x + (y - x) * u);
        return $"#{Mix(a.R, b.R, u):x2}{Mix(a.G, b.G, u):x2}{Mix(a.B, b.B, u):x2}";
    }

    /// <summary>
    /// Rows shown as frames: the rows are cut into <paramref name="frames"/> equal runs (at most one per row), and each run is shown by
    /// its row with the highest v anywhere in the cell (so a spike inside a run is shown at its peak, as the heatmap's
    /// bins do). Increasing. <paramref name="vTimeMajor"/> is rows × nodes, row-major.
    /// </summary>
    public static int[] FrameRows(ReadOnlySpan<double> vTimeMajor, int nodes, int rows, int frames = MaxFrames)
    {
        frames = Math.Min(rows, frames);
        var chosen = new int[frames];
        for (int f = 0; f < frames; f++)
        {
            int lo = (int)((long)f * rows / frames), hi = (int)((long)(f + 1) * rows / frames);
            int best = lo;
            double bestV = double.NegativeInfinity;
            for (int r = lo; r < hi; r++)
            {
                double max = double.NegativeInfinity;
                foreach (double v in vTimeMajor.Slice(r * nodes, nodes)) max = Math.Max(max, v);
                if (max > bestV) (best, bestV) = (r, max);
            }
            chosen[f] = best;
        }
        return chosen;
    }

    /// <summary>
    /// The cell picture: one line trace per piece of <paramref name="drawing"/> (its width from the piece's diameter),
    /// coloured by the v of its node, and a slider with one step per frame (<see cref="FrameCount"/> of them, chosen by
    /// <see cref="FrameRows"/>); each step restyles every piece's colour (line.color, one colour per trace, the last entry for the
    /// colour-bar trace). The colour range is the lowest to the highest v over the frames shown.
    /// </summary>
    /// <param name="drawing">The layout (<see cref="CellDrawing.Of"/>).</param>
    /// <param name="names">Node names for the hover text (e.g. <c>dend[3](0.25)</c>), by node.</param>
    /// <param name="timesMs">Time of each row, ms.</param>
    /// <param name="vTimeMajor">v (mV) at every node of the tree: rows × nodes, row-major (row r, node k at r·nodes + k), the
    /// layout of a <see cref="Core.Recording"/> that records every node in node order.</param>
    /// <param name="nodes">Nodes of the tree (columns of <paramref name="vTimeMajor"/>).</param>
    public static PlotlyFigure Shape(CellDrawing drawing, IReadOnlyList<string> names, IReadOnlyList<double> timesMs, ReadOnlySpan<double> vTimeMajor, int nodes)
    {
        int rows = timesMs.Count;
        if (rows < 1) throw new ArgumentException("expected at least one row of v", nameof(timesMs));
        if (vTimeMajor.Length != rows * nodes) throw new ArgumentException($"expected {rows} × {nodes} values, got {vTimeMajor.Length}", nameof(vTimeMajor));
        var frames = FrameRows(vTimeMajor, nodes, rows, FrameCount(rows, drawing.Pieces.Count));
        var pieces = drawing.Pieces;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (int r in frames)
            foreach (var piece in pieces) { double v = vTimeMajor[r * nodes + piece.Node]; lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (!(hi > lo)) (lo, hi) = (lo - 0.5, lo + 0.5);
        var colours = new string[frames.Length][];
        for (int f = 0; f < frames.Length; f++)
        {
            colours[f] = new string[pieces.Count];
            for (int i = 0; i < pieces.Count; i++) colours[f][i] = Colour((vTimeMajor[frames[f] * nodes + pieces[i].Node] - lo) / (hi - lo));
        }

        var data = new JsonArray();
        for (int i = 0; i < pieces.Count; i++)
        {
            var p = pieces[i];
            data.Add((JsonNode)Scatter(F32(p.X), F32(p.Y), "lines",
                ("line", Obj(("color", colours[0][i]), ("width", Math.Round(Math.Clamp(0.5 * p.DiameterUm, 1.0, 10.0), 1)))),
                ("showlegend", false), ("hovertemplate", $"{names[p.Node]}<extra></extra>")));
        }
        if (drawing.ConnectorX.Length > 0)
            data.Add((JsonNode)Scatter(F32(drawing.ConnectorX), F32(drawing.ConnectorY), "lines",
                ("line", Obj(("color", "#bbbbbb"), ("width", 1))), ("showlegend", false), ("hoverinfo", "skip")));
        // The colour bar: one invisible marker carrying the scale and the range.
        var first = pieces.Count > 0 ? pieces[0] : new CellPiece(0, [0.0], [0.0], 1);
        data.Add((JsonNode)Scatter(Numbers([first.X[0]]), Numbers([first.Y[0]]), "markers",
            ("marker", Obj(("color", Numbers([lo])), ("cmin", lo), ("cmax", hi), ("opacity", 0), ("size", 1), ("showscale", true),
                ("colorscale", Nodes(Scale.Select(s => (JsonNode?)new JsonArray(s.At, $"#{s.R:x2}{s.G:x2}{s.B:x2}")))),
                ("colorbar", Obj(("title", Obj(("text", "v (mV)"))))))),
            ("showlegend", false), ("hoverinfo", "skip")));

        // The connectors and the colour bar keep grey (a JSON node can have one parent: a fresh string each).
        int extra = data.Count - pieces.Count;
        var steps = frames.Select((r, f) => (JsonNode)Obj(
            ("label", timesMs[r].ToString("0.###", CultureInfo.InvariantCulture)), ("method", "restyle"),
            ("args", new JsonArray(Obj(("line.color", Nodes(colours[f].Select(c => (JsonNode?)c).Concat(Enumerable.Range(0, extra).Select(_ => (JsonNode?)"#bbbbbb"))))))))).ToArray();
        var layout = Obj(("height", 650), ("hovermode", "closest"), ("showlegend", false),
            ("xaxis", Figures.Axis(drawing.XTitle, ("zeroline", false))),
            ("yaxis", drawing.Projected
                ? Figures.Axis(drawing.YTitle, ("scaleanchor", "x"), ("scaleratio", 1), ("zeroline", false))
                : Figures.Axis(drawing.YTitle, ("showticklabels", false), ("zeroline", false), ("autorange", "reversed"))),
            ("sliders", new JsonArray(Obj(("active", 0), ("steps", Nodes(steps)), ("pad", Obj(("t", 50))),
                ("currentvalue", Obj(("prefix", "t = "), ("suffix", " ms")))))));
        return new PlotlyFigure(data, layout);
    }

    /// <summary>
    /// The cell picture of <paramref name="tree"/> (a <see cref="Core.Model.Cell"/>'s <c>Cable.Tree</c>) projected on
    /// <paramref name="plane"/>: <see cref="CellDrawing.Of"/>, then <see cref="Shape(CellDrawing, IReadOnlyList{string}, IReadOnlyList{double}, ReadOnlySpan{double}, int)"/>
    /// with nodes named SECTION(x). <paramref name="vTimeMajor"/> is rows × tree.Count, row-major.
    /// </summary>
    public static PlotlyFigure Shape(DiscreteTree tree, ProjectionPlane plane, IReadOnlyList<double> timesMs, ReadOnlySpan<double> vTimeMajor) =>
        Shape(CellDrawing.Of(tree, plane), NodeNames(tree), timesMs, vTimeMajor, tree.Count);

    /// <summary>
    /// v against time at named sites, overlaid (a few sites: stacking would only shrink them), each trace thinned keeping
    /// every spike's peak and trough, named by its site (e.g. <c>soma(0.5)</c>).
    /// </summary>
    /// <param name="names">Site names, one per trace.</param>
    /// <param name="timesMs">Time of each row, ms.</param>
    /// <param name="column">v (mV) of site i, one value per row (may be a reused buffer: read before the next call).</param>
    public static PlotlyFigure SiteTraces(IReadOnlyList<string> names, IReadOnlyList<double> timesMs, Func<int, double[]> column)
    {
        var data = new JsonArray();
        for (int i = 0; i < Math.Min(names.Count, MaxSiteTraces); i++)
        {
            var v = column(i);
            var keep = Decimation.SpikePreservingIndices(v, Decimation.BucketsFor(Figures.TracePoints, 0), Spikes.DefaultThresholdMv);
            data.Add((JsonNode)Scatter(F32(keep.Select(k => timesMs[k])), F32(keep.Select(k => v[k])), "lines",
                ("name", names[i]), ("line", Obj(("width", 1.2))),
                ("hovertemplate", $"{names[i]}: v = %{{y:.2f}} mV<br>t = %{{x:.2f}} ms<extra></extra>")));
        }
        return new PlotlyFigure(data, Obj(("height", 450), ("hovermode", "closest"), ("showlegend", true),
            ("xaxis", Figures.Axis("t (ms)")), ("yaxis", Figures.Axis("v (mV)"))));
    }

    /// <summary>
    /// Back-propagation: the peak v of each recorded node against its path distance (µm, along the sections, NEURON's
    /// <c>distance()</c>) from <paramref name="origin"/>; one marker trace per region, the named sites ringed and labelled.
    /// </summary>
    /// <param name="tree">The discretised cell.</param>
    /// <param name="origin">The site distances are measured from: its section and x (soma(0.5) in the report).</param>
    /// <param name="originName">Its name for the axis title.</param>
    /// <param name="nodes">The nodes with a peak.</param>
    /// <param name="peakMv">Peak v of each of <paramref name="nodes"/>, mV.</param>
    /// <param name="sites">Named sites to ring: name and node.</param>
    public static PlotlyFigure BackPropagation(DiscreteTree tree, (int Section, double X) origin, string originName,
        IReadOnlyList<int> nodes, IReadOnlyList<double> peakMv, IReadOnlyList<(string Name, int Node)> sites)
    {
        double DistanceOf(int node) => tree.PathDistanceUm(origin.Section, origin.X, tree.SectionOf[node], tree.X[node]);
        var names = NodeNames(tree);
        var data = new JsonArray();
        var points = nodes.Select((node, i) => (Node: node, Peak: peakMv[i], Region: tree.Morphology.Sections[tree.SectionOf[node]].Region)).ToArray();
        foreach (var group in points.GroupBy(p => p.Region))
        {
            var g = group.OrderBy(p => DistanceOf(p.Node)).ToArray();
            data.Add((JsonNode)Scatter(F32(g.Select(p => DistanceOf(p.Node))), F32(g.Select(p => p.Peak)), "markers",
                ("name", group.Key), ("marker", Obj(("size", 5))), ("text", Nodes(g.Select(p => (JsonNode?)names[p.Node]))),
                ("hovertemplate", "%{text}: %{x:.1f} µm, peak %{y:.2f} mV<extra></extra>")));
        }
        var peakOf = nodes.Select((node, i) => (node, i)).GroupBy(p => p.node).ToDictionary(g => g.Key, g => peakMv[g.First().i]);
        var ringed = sites.Where(s => peakOf.ContainsKey(s.Node)).ToArray();
        if (ringed.Length > 0)
            data.Add((JsonNode)Scatter(Numbers(ringed.Select(s => DistanceOf(s.Node))), Numbers(ringed.Select(s => peakOf[s.Node])), "markers+text",
                ("name", "recorded sites"), ("text", Nodes(ringed.Select(s => (JsonNode?)s.Name))), ("textposition", "top center"),
                ("marker", Obj(("size", 12), ("symbol", "circle-open"), ("color", "black"), ("line", Obj(("width", 2))))),
                ("hovertemplate", "%{text}: %{x:.1f} µm, peak %{y:.2f} mV<extra></extra>")));
        return new PlotlyFigure(data, Obj(("height", 450), ("hovermode", "closest"),
            ("xaxis", Figures.Axis($"path distance from {originName} (µm)")), ("yaxis", Figures.Axis("peak v (mV)"))));
    }

    /// <summary>
    /// Every node's name as NEURON writes a position: <c>SECTION(x)</c> with the node's x (a segment centre such as
    /// <c>dend[3](0.25)</c>, or a section end <c>dend[3](1)</c>; node 0 is the root's <c>soma[0](0)</c>).
    /// </summary>
    public static string[] NodeNames(DiscreteTree tree) => Enumerable.Range(0, tree.Count)
        .Select(k => $"{tree.Morphology.Sections[tree.SectionOf[k]].Name}({tree.X[k].ToString("0.####", CultureInfo.InvariantCulture)})").ToArray();
}
