using System.Text.Json;
using HHFunctional.Core.Morphology;
using HHFunctional.Properties.Morphology;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Report;

/// <summary>
/// The cell picture as data: its drawing of the geometry (against the SWC's own points and the morphology's lengths) and
/// the figure's structure (traces, colours, slider), on small inputs whose answers are known by construction.
/// </summary>
public class CellFiguresTests
{
    private static readonly HHFunctional.Core.Morphology.Morphology Pyramid = MorphologyData.ReadSwc("pyramid.swc");

    [Theory]
    [InlineData("XY")]
    [InlineData("XZ")]
    [InlineData("YZ")]
    public void ProjectionDrawsOneSegmentPerPointPairThroughTheProjectedPoints(string planeName)
    {
        var plane = Enum.Parse<ProjectionPlane>(planeName);
        var tree = MorphologyData.Tree(Pyramid, new NsegRule.SegmentLength(40));
        var drawing = CellDrawing.Of(tree, plane);
        Assert.True(drawing.Projected);
        // Oracle: the SWC as NEURON reads it (pyramid_sections_summary.json: n3d_total 2116 points in 79 sections).
        using var summary = JsonDocument.Parse(MorphologyData.Text("pyramid_sections_summary.json"));
        int points = summary.RootElement.GetProperty("n3d_total").GetInt32();
        int sections = summary.RootElement.GetProperty("sections").GetInt32();
        Assert.Equal(points - sections, drawing.Pieces.Sum(p => p.Segments));
        // Each section's pieces, joined in order, pass through its points projected on the plane.
        for (int s = 0; s < tree.Morphology.Sections.Length; s++)
        {
            var traced = (Traced)tree.Morphology.Sections[s].Geometry;
            var mine = drawing.Pieces.Where(p => tree.SectionOf[p.Node] == s).ToArray();
            var xs = mine.SelectMany((p, i) => i == 0 ? p.X : p.X.Skip(1)).ToArray();
            var ys = mine.SelectMany((p, i) => i == 0 ? p.Y : p.Y.Skip(1)).ToArray();
            Assert.Equal(traced.Points.Length, xs.Length);
            for (int j = 0; j < xs.Length; j++)
            {
                var q = traced.Points[j];
                var (h, v) = plane switch { ProjectionPlane.XY => (q.XUm, q.YUm), ProjectionPlane.XZ => (q.XUm, q.ZUm), _ => (q.YUm, q.ZUm) };
                Assert.Equal(h, xs[j]);
                Assert.Equal(v, ys[j]);
            }
            // Pieces belong to the section's own segment centres, in order, each at most once.
            Assert.All(mine, p => Assert.False(tree.IsEnd(p.Node)));
            Assert.Equal(mine.Select(p => p.Node).Distinct().Count(), mine.Length);
        }
    }

    [Fact]
    public void DendrogramPlacesEachSectionAtItsPathDistanceCutIntoItsSegments()
    {
        // soma 20 µm; d1 200 µm at soma(1); d2 100 µm at d1(0.5); d3 50 µm at d1(1).
        var m = new MorphologyBuilder()
            .Cylinder("soma", "soma", null, 20, 20)
            .Cylinder("d1", "dend", "soma", 200, 1)
            .Cylinder("d2", "dend", "d1", 100, 1, parentX: 0.5)
            .Cylinder("d3", "dend", "d1", 50, 1)
            .Build().Match(x => x, e => throw new Xunit.Sdk.XunitException(string.Join("; ", e)));
        var tree = MorphologyData.Tree(m, new NsegRule.Fixed(4));
        var drawing = CellDrawing.Of(tree, ProjectionPlane.XZ);
        Assert.False(drawing.Projected);
        Assert.Equal(4 * 4, drawing.Pieces.Count);
        // Start of each section along the path from the soma's 0-end: 0, 20, 20 + 100, 20 + 200; ends add the length.
        double[] start = [0, 20, 120, 220], length = [20, 200, 100, 50];
        for (int s = 0; s < 4; s++)
        {
            var mine = drawing.Pieces.Where(p => tree.SectionOf[p.Node] == s).ToArray();
            Assert.Equal(4, mine.Length);
            Assert.Equal(start[s], mine[0].X[0], 9);
            Assert.Equal(start[s] + length[s], mine[^1].X[^1], 9);
            Assert.All(mine, p => Assert.Equal(length[s] / 4, p.X[1] - p.X[0], 9));
            Assert.All(mine, p => Assert.Equal(p.Y[0], p.Y[1]));
        }
        // Three connectors (one per child), NaN-separated, vertical at the child's start.
        Assert.Equal(3 * 3, drawing.ConnectorX.Length);
        Assert.Equal([20.0, 20.0, 120.0, 120.0, 220.0, 220.0], drawing.ConnectorX.Where(double.IsFinite).ToArray());
        // Leaves d2 and d3 on rows 0 and 1, d1 between them, soma on d1's row.
        double Row(int s) => drawing.Pieces.First(p => tree.SectionOf[p.Node] == s).Y[0];
        Assert.Equal([0.5, 0.5, 0.0, 1.0], Enumerable.Range(0, 4).Select(Row).ToArray());
    }

    [Fact]
    public void ShapeHasOneTracePerPieceAndOneSliderStepPerFrameColouredWithinTheVRange()
    {
        var tree = MorphologyData.Tree(Pyramid, new NsegRule.SegmentLength(40));
        var drawing = CellDrawing.Of(tree);
        int nodes = tree.Count, rows = 1000;
        // v = −70 + 100·(k/nodes)·(r/rows): rises with time everywhere, highest at the last node in the last row.
        var v = new double[rows * nodes];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < nodes; k++) v[r * nodes + k] = -70 + 100.0 * k / nodes * r / rows;
        var times = Enumerable.Range(1, rows).Select(r => r * 0.1).ToArray();
        using var figure = JsonDocument.Parse(CellFigures.Shape(drawing, CellFigures.NodeNames(tree), times, v, nodes).ToJson());
        var data = figure.RootElement.GetProperty("data").EnumerateArray().ToArray();
        // One line trace per piece, then the colour bar's marker.
        Assert.Equal(drawing.Pieces.Count + 1, data.Length);
        int segments = data.Take(drawing.Pieces.Count).Sum(t => Float32(t.GetProperty("x")).Length - 1);
        Assert.Equal(drawing.Pieces.Sum(p => p.Segments), segments);
        var bar = data[^1].GetProperty("marker");
        double lo = bar.GetProperty("cmin").GetDouble(), hi = bar.GetProperty("cmax").GetDouble();

        var steps = figure.RootElement.GetProperty("layout").GetProperty("sliders")[0].GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(CellFigures.MaxFrames, steps.Length);
        // Frames: the highest-v row of each tenth-of-a-run stretch, its last row here (v rises with time).
        var labels = steps.Select(s => double.Parse(s.GetProperty("label").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(1, 100).Select(f => times[10 * f - 1]).ToArray(), labels, new Tolerance(1e-9));
        // The colour range is v's over the frames: −70 at the first frame's coolest node up to the last frame's hottest.
        var pieceNodes = drawing.Pieces.Select(p => p.Node).ToArray();
        Assert.Equal(pieceNodes.Min(k => v[9 * nodes + k]), lo, 9);
        Assert.Equal(pieceNodes.Max(k => v[(rows - 1) * nodes + k]), hi, 9);
        foreach (var (step, f) in steps.Select((s, f) => (s, f)))
        {
            Assert.Equal("restyle", step.GetProperty("method").GetString());
            var colours = step.GetProperty("args")[0].GetProperty("line.color").EnumerateArray().Select(c => c.GetString()!).ToArray();
            Assert.Equal(data.Length, colours.Length);
            int row = 10 * (f + 1) - 1;
            for (int i = 0; i < drawing.Pieces.Count; i++)
            {
                double fraction = (v[row * nodes + drawing.Pieces[i].Node] - lo) / (hi - lo);
                Assert.InRange(fraction, -1e-12, 1 + 1e-12);
                Assert.True(OnScale(colours[i], fraction), $"frame {f} piece {i}: {colours[i]} is not Viridis at {fraction:F4}");
            }
        }
        // The ends of the range take the ends of the scale (plotly's Viridis: #440154 and #fde725).
        var last = steps[^1].GetProperty("args")[0].GetProperty("line.color").EnumerateArray().Select(c => c.GetString()).ToArray();
        Assert.Contains("#fde725", last);
        Assert.Contains("#440154", steps[0].GetProperty("args")[0].GetProperty("line.color").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void DendrogramFigureKeepsItsConnectorsGreyInEveryFrame()
    {
        var m = new MorphologyBuilder()
            .Cylinder("soma", "soma", null, 20, 20)
            .Cylinder("d1", "dend", "soma", 200, 1)
            .Cylinder("d2", "dend", "d1", 100, 1, parentX: 0.5)
            .Build().Match(x => x, e => throw new Xunit.Sdk.XunitException(string.Join("; ", e)));
        var tree = MorphologyData.Tree(m, new NsegRule.Fixed(3));
        var v = Enumerable.Range(0, 5 * tree.Count).Select(i => -65.0 + i).ToArray();
        using var figure = JsonDocument.Parse(CellFigures.Shape(CellDrawing.Of(tree), CellFigures.NodeNames(tree), [1, 2, 3, 4, 5], v, tree.Count).ToJson());
        // 9 segment pieces, the connectors, the colour bar.
        var data = figure.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(9 + 2, data.Length);
        foreach (var step in figure.RootElement.GetProperty("layout").GetProperty("sliders")[0].GetProperty("steps").EnumerateArray())
        {
            var colours = step.GetProperty("args")[0].GetProperty("line.color").EnumerateArray().Select(c => c.GetString()).ToArray();
            Assert.Equal(data.Length, colours.Length);
            Assert.Equal(new string?[] { "#bbbbbb", "#bbbbbb" }, colours[^2..]);
        }
    }

    [Fact]
    public void ManyPiecesGetFewerFramesSoTheSliderStaysWithinItsColourBudget()
    {
        // 10,000 segments of one cylinder: 200,000 colours allow 20 frames of them.
        var m = new MorphologyBuilder().Cylinder("soma", "soma", null, 10_000, 2)
            .Build().Match(x => x, e => throw new Xunit.Sdk.XunitException(string.Join("; ", e)));
        var tree = MorphologyData.Tree(m, new NsegRule.Fixed(10_000));
        int rows = 500;
        var v = new double[rows * tree.Count];
        var figure = CellFigures.Shape(CellDrawing.Of(tree), CellFigures.NodeNames(tree), Enumerable.Range(1, rows).Select(r => (double)r).ToArray(), v, tree.Count);
        var steps = figure.Layout["sliders"]![0]!["steps"]!.AsArray();
        Assert.Equal(20, steps.Count);
        Assert.True(steps.Sum(s => s!["args"]![0]!["line.color"]!.AsArray().Count) <= CellFigures.ColourBudget + 20 * 2);
        Assert.Equal(CellFigures.MinFrames, CellFigures.FrameCount(rows, 1_000_000));
        Assert.Equal(CellFigures.MaxFrames, CellFigures.FrameCount(rows, 275));
    }

    [Fact]
    public void FewRowsGiveOneFramePerRow()
    {
        var tree = MorphologyData.Tree(Pyramid, new NsegRule.Fixed(1));
        var v = Enumerable.Range(0, 7 * tree.Count).Select(i => -65.0 + i % 13).ToArray();
        var figure = CellFigures.Shape(tree, ProjectionPlane.YZ, [1, 2, 3, 4, 5, 6, 7], v);
        Assert.Equal(7, figure.Layout["sliders"]![0]!["steps"]!.AsArray().Count);
    }

    // Viridis by plotly's stops (independent of CellFigures.Scale): the colour at the fraction, each channel within 2 of 255.
    private static bool OnScale(string colour, double fraction)
    {
        string[] stops = ["#440154", "#48186a", "#472d7b", "#424086", "#3b528b", "#33638d", "#2c728e", "#26828e", "#21918c", "#1fa088",
                          "#28ae80", "#3fbc73", "#5ec962", "#84d44b", "#addc30", "#d8e219", "#fde725"];
        // plotly.js's Viridis stops: k·16/255 for k < 16, then 1.
        double At(int k) => k == 16 ? 1.0 : 16.0 * k / 255;
        double f = Math.Clamp(fraction, 0, 1);
        int k = 0;
        while (k < 15 && At(k + 1) < f) k++;
        double u = (f - At(k)) / (At(k + 1) - At(k));
        int Channel(string c, int i) => Convert.ToInt32(c.Substring(1 + 2 * i, 2), 16);
        return Enumerable.Range(0, 3).All(i => Math.Abs(Channel(colour, i) - (Channel(stops[k], i) + (Channel(stops[k + 1], i) - Channel(stops[k], i)) * u)) <= 2.0);
    }

    internal static float[] Float32(JsonElement typedArray)
    {
        var bytes = Convert.FromBase64String(typedArray.GetProperty("bdata").GetString()!);
        return Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToSingle(bytes, 4 * i)).ToArray();
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;
        public int GetHashCode(double x) => 0;
    }
}
