using HHFunctional.Core.Morphology;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Mutants;

/// <summary>Deliberately broken cell drawings: each must make a law of CellDrawingProperties fail.</summary>
internal static class CellDrawingMutants
{
    /// <summary>
    /// Each node draws the points whose arc position falls inside its segment: plausible, and right wherever a segment
    /// boundary falls on a point, but the pair that straddles a boundary belongs to no node and is never drawn.
    /// </summary>
    public static CellDrawing PointsInsideSegments(DiscreteTree tree, ProjectionPlane plane)
    {
        var pieces = new List<CellPiece>();
        for (int s = 0; s < tree.Morphology.Sections.Length; s++)
        {
            var points = ((Traced)tree.Morphology.Sections[s].Geometry).Points;
            var arc = new double[points.Length];
            for (int j = 1; j < points.Length; j++)
            {
                double dx = points[j].XUm - points[j - 1].XUm, dy = points[j].YUm - points[j - 1].YUm, dz = points[j].ZUm - points[j - 1].ZUm;
                arc[j] = arc[j - 1] + Math.Sqrt(dx * dx + dy * dy + dz * dz);
            }
            int nseg = tree.Nseg[s];
            for (int k = 0; k < nseg; k++)
            {
                var inside = Enumerable.Range(0, points.Length)
                    .Where(j => arc[^1] == 0 ? k == 0 : arc[j] / arc[^1] >= (double)k / nseg && (arc[j] / arc[^1] < (double)(k + 1) / nseg || (k == nseg - 1 && j == points.Length - 1)))
                    .Select(j => points[j]).ToArray();
                if (inside.Length < 2) continue;
                pieces.Add(new CellPiece(tree.FirstNode[s] + k,
                    inside.Select(p => plane == ProjectionPlane.YZ ? p.YUm : p.XUm).ToArray(),
                    inside.Select(p => plane == ProjectionPlane.XY ? p.YUm : p.ZUm).ToArray(), inside.Average(p => p.DiameterUm)));
            }
        }
        return new CellDrawing(true, plane, pieces, [], []);
    }
}
