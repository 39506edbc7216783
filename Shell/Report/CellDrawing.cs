using HHFunctional.Core.Morphology;

namespace HHFunctional.Shell.Report;

/// <summary>The plane a traced cell is projected on: its first letter is the horizontal axis, its second the vertical.</summary>
internal enum ProjectionPlane { XY, XZ, YZ }

/// <summary>
/// One drawn piece of a cell: the membrane node whose v colours it, a polyline in the drawing's plane (µm), and the mean
/// diameter of what it draws (µm, for the line width).
/// </summary>
/// <param name="Node">The node (compartment) of the <see cref="DiscreteTree"/> whose v colours the piece: a segment centre.</param>
/// <param name="X">Horizontal coordinates of the polyline's points, µm.</param>
/// <param name="Y">Vertical coordinates, µm (or dendrogram rows in a dendrogram).</param>
/// <param name="DiameterUm">Mean diameter of the piece's points (traced) or the section's diameter (cylinder), µm.</param>
internal sealed record CellPiece(int Node, double[] X, double[] Y, double DiameterUm)
{
    /// <summary>Line segments drawn: one per pair of consecutive points.</summary>
    public int Segments => X.Length - 1;
}

/// <summary>
/// A cell laid out in 2-D for the report's picture. Two layouts:
/// <list type="bullet">
/// <item><b>Projection</b>, when every section has traced 3-D points (an SWC file, or JSON with "points"): each section is
/// drawn as line segments between its consecutive 3-D points projected on the chosen plane (one segment per point pair,
/// coordinates in µm, equal scales on both axes). A segment is coloured by the node of the nseg segment that holds its
/// midpoint (arc length along the section, as NEURON's x), so each membrane node owns one polyline.</item>
/// <item><b>Dendrogram</b>, when any section is a plain cylinder (no coordinates exist to project): each section is a
/// horizontal line from the path distance of its 0-end (from the root section's 0-end) to that plus its length, cut into
/// its nseg segments; leaves sit on consecutive rows in depth-first order (children in section order) and every other
/// section on the mean row of its children; a thin grey connector joins a child's start to its parent's row at the same
/// distance. The plane is ignored.</item>
/// </list>
/// </summary>
/// <param name="Projected">Whether this is a projection (true) or a dendrogram (false).</param>
/// <param name="Plane">The projection plane (meaningless for a dendrogram).</param>
/// <param name="Pieces">One piece per membrane node that draws anything, in node order.</param>
/// <param name="ConnectorX">Dendrogram connectors as one polyline with NaN breaks (empty for a projection).</param>
/// <param name="ConnectorY">Their vertical coordinates.</param>
internal sealed record CellDrawing(bool Projected, ProjectionPlane Plane, IReadOnlyList<CellPiece> Pieces, double[] ConnectorX, double[] ConnectorY)
{
    /// <summary>Horizontal axis title.</summary>
    public string XTitle => Projected ? $"{Plane.ToString()[0].ToString().ToLowerInvariant()} (µm)" : "path distance from the root section's 0-end (µm)";

    /// <summary>Vertical axis title.</summary>
    public string YTitle => Projected ? $"{Plane.ToString()[1].ToString().ToLowerInvariant()} (µm)" : "branch (dendrogram row)";

    /// <summary>The cell's layout: a projection on <paramref name="plane"/> when every section is traced, else a dendrogram.</summary>
    public static CellDrawing Of(DiscreteTree tree, ProjectionPlane plane = ProjectionPlane.XY) =>
        tree.Morphology.Sections.All(s => s.Geometry is Traced) ? Projection(tree, plane) : Dendrogram(tree);

    private static CellDrawing Projection(DiscreteTree tree, ProjectionPlane plane)
    {
        var pieces = new List<CellPiece>();
        var sections = tree.Morphology.Sections;
        for (int s = 0; s < sections.Length; s++)
        {
            var points = ((Traced)sections[s].Geometry).Points;
            var arc = new double[points.Length];
            for (int j = 1; j < points.Length; j++) arc[j] = arc[j - 1] + Distance(points[j - 1], points[j]);
            double length = arc[^1];
            // Point pairs in order: their midpoints' nodes never decrease along the section, so each node's pairs are
            // consecutive and join into one polyline.
            int j0 = 0;
            while (j0 < points.Length - 1)
            {
                int node = NodeOfPair(tree, s, arc, length, j0);
                int j1 = j0 + 1;
                while (j1 < points.Length - 1 && NodeOfPair(tree, s, arc, length, j1) == node) j1++;
                var run = Enumerable.Range(j0, j1 - j0 + 1).Select(j => points[j]).ToArray();
                pieces.Add(new CellPiece(node, run.Select(p => Horizontal(p, plane)).ToArray(), run.Select(p => Vertical(p, plane)).ToArray(),
                    run.Average(p => p.DiameterUm)));
                j0 = j1;
            }
        }
        return new CellDrawing(true, plane, pieces, [], []);
    }

    // The node holding the midpoint of points j and j + 1 (x = arc length there over the section's length).
    private static int NodeOfPair(DiscreteTree tree, int section, double[] arc, double length, int j)
    {
        double x = length > 0 ? 0.5 * (arc[j] + arc[j + 1]) / length : 0.5;
        return tree.NodeAt(section, Math.Clamp(x, 1e-12, 1 - 1e-12));
    }

    private static CellDrawing Dendrogram(DiscreteTree tree)
    {
        var sections = tree.Morphology.Sections;
        int n = sections.Length;
        var children = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (int s = 1; s < n; s++) children[sections[s].Parent!.Value].Add(s);
        var start = new double[n];
        for (int s = 1; s < n; s++) start[s] = start[sections[s].Parent!.Value] + sections[s].ParentX * tree.SectionLengthUm[sections[s].Parent!.Value];
        var row = new double[n];
        double nextLeaf = 0;
        // Depth-first, children in section order (iterative: a long chain of sections must not exhaust the stack).
        var stack = new Stack<(int Section, bool Done)>();
        stack.Push((0, false));
        while (stack.Count > 0)
        {
            var (s, done) = stack.Pop();
            if (children[s].Count == 0) { row[s] = nextLeaf++; continue; }
            if (done) { row[s] = children[s].Average(c => row[c]); continue; }
            stack.Push((s, true));
            for (int k = children[s].Count - 1; k >= 0; k--) stack.Push((children[s][k], false));
        }
        var pieces = new List<CellPiece>();
        var cx = new List<double>();
        var cy = new List<double>();
        for (int s = 0; s < n; s++)
        {
            double length = tree.SectionLengthUm[s];
            int nseg = tree.Nseg[s];
            double diameter = sections[s].Geometry switch
            {
                Cylinder c => c.DiameterUm,
                Traced t => t.Points.Average(p => p.DiameterUm),
                _ => 1,
            };
            for (int k = 0; k < nseg; k++)
                pieces.Add(new CellPiece(tree.FirstNode[s] + k, [start[s] + length * k / nseg, start[s] + length * (k + 1) / nseg], [row[s], row[s]], diameter));
            if (sections[s].Parent is int parent)
            {
                cx.AddRange([start[s], start[s], double.NaN]);
                cy.AddRange([row[parent], row[s], double.NaN]);
            }
        }
        return new CellDrawing(false, ProjectionPlane.XY, pieces, cx.ToArray(), cy.ToArray());
    }

    private static double Distance(Point3D a, Point3D b)
    {
        double dx = b.XUm - a.XUm, dy = b.YUm - a.YUm, dz = b.ZUm - a.ZUm;
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static double Horizontal(Point3D p, ProjectionPlane plane) => plane == ProjectionPlane.YZ ? p.YUm : p.XUm;

    private static double Vertical(Point3D p, ProjectionPlane plane) => plane == ProjectionPlane.XY ? p.YUm : p.ZUm;
}
