using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Morphology;
using HHFunctional.Properties.Morphology;
using HHFunctional.Properties.Mutants;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Report;

/// <summary>Laws of the cell picture's projection, over generated traced trees and every nseg 1–7 and plane.</summary>
public class CellDrawingProperties
{
    /// <summary>
    /// Law: the projection draws every section exactly: its pieces, joined end to start, pass through all its 3-D points
    /// projected on the plane, in order (so one line segment per point pair, none lost or doubled), and each piece is
    /// coloured by a segment centre of its own section. Precondition: every section traced (the generator's trees are).
    /// </summary>
    internal static Property DrawsEveryPointPairOnce(ImportableTree t, int nseg, int planeIndex, Func<DiscreteTree, ProjectionPlane, CellDrawing> draw)
    {
        var plane = (ProjectionPlane)planeIndex;
        var tree = Discretisation.Of(t.Morphology, new NsegRule.Fixed(nseg)).Match(x => x, e => throw new InvalidOperationException(e.Message));
        var drawing = draw(tree, plane);
        bool through = true, ownNodes = true;
        for (int s = 0; s < tree.Morphology.Sections.Length; s++)
        {
            var points = ((Traced)tree.Morphology.Sections[s].Geometry).Points;
            var mine = drawing.Pieces.Where(p => tree.SectionOf[p.Node] == s).ToArray();
            var xs = mine.SelectMany((p, i) => i == 0 ? p.X : p.X.Skip(1)).ToArray();
            var ys = mine.SelectMany((p, i) => i == 0 ? p.Y : p.Y.Skip(1)).ToArray();
            var expectedX = points.Select(q => plane == ProjectionPlane.YZ ? q.YUm : q.XUm).ToArray();
            var expectedY = points.Select(q => plane == ProjectionPlane.XY ? q.YUm : q.ZUm).ToArray();
            through &= xs.SequenceEqual(expectedX) && ys.SequenceEqual(expectedY)
                       && mine.Zip(mine.Skip(1)).All(p => p.Item1.X[^1] == p.Item2.X[0] && p.Item1.Y[^1] == p.Item2.Y[0]);
            ownNodes &= mine.All(p => !tree.IsEnd(p.Node) && p.Node >= tree.FirstNode[s] && p.Node < tree.EndNode(s));
        }
        int pairs = tree.Morphology.Sections.Sum(s => ((Traced)s.Geometry).Points.Length - 1);
        return Prop.Label(through, "each section's pieces pass through its projected points in order")
            .And(Prop.Label(drawing.Pieces.Sum(p => p.Segments) == pairs, "one segment per point pair"))
            .And(Prop.Label(ownNodes, "each piece coloured by a segment centre of its section"))
            .Classify(nseg > 1, "several segments per section");
    }

    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 100)]
    public Property ProjectionDrawsEveryPointPairOnce(ImportableTree tree, PositiveInt nseg, NonNegativeInt plane) =>
        DrawsEveryPointPairOnce(tree, 1 + nseg.Get % 7, plane.Get % 3, (t, p) => CellDrawing.Of(t, p));

    [Fact]
    public void LawFailsOnADrawingThatLosesThePairsStraddlingASegmentBoundary() =>
        PropertyAssert.Falsified(Prop.ForAll(MorphologyArbitraries.ImportableTrees(),
            t => DrawsEveryPointPairOnce(t, 3, 0, CellDrawingMutants.PointsInsideSegments)));
}
