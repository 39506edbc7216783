using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Morphology;
using HHFunctional.Properties.Mutants;
using static HHFunctional.Properties.Morphology.MorphologyData;

namespace HHFunctional.Properties.Morphology;

/// <summary>Discretisation against closed forms (cylinder and frustum geometry, cable resistance), NEURON's d_lambda,
/// and its laws over generated trees.</summary>
public class DiscretisationTests
{
    private static HHFunctional.Core.Morphology.Morphology Build(MorphologyBuilder b) =>
        b.Build().Match(m => m, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void CylinderMatchesCableFormulas(int nseg)
    {
        // oracle: a cylinder's segment area π·d·L/nseg and half-segment resistance Ra·(L/2nseg)/(π·d²/4) (NEURON's units:
        // Ω·cm × µm / µm² = 1e-2 MΩ); consecutive centres are joined by two halves, the first centre by one.
        const double l = 123.0, d = 2.5, ra = 150.0;
        var t = Tree(Build(new MorphologyBuilder().Cylinder("soma", "soma", null, l, d)), new NsegRule.Fixed(nseg), ra);
        double half = 1e-2 * ra * (l / nseg / 2) / (Math.PI * d * d / 4);
        Assert.Equal(nseg + 2, t.Count);
        for (int k = 0; k < nseg; k++)
        {
            int node = t.FirstNode[0] + k;
            Close(Math.PI * d * l / nseg, t.AreaUm2[node], 1e-14, "area");
            Close(k == 0 ? half : 2 * half, 1 / t.AxialConductanceUS[node], 1e-14, "ri");
        }
        Close(half, 1 / t.AxialConductanceUS[t.EndNode(0)], 1e-14, "ri to the 1-end");
        Assert.Equal([0.0, 0.0], new[] { t.AreaUm2[0], t.AreaUm2[t.EndNode(0)] });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void StraightUniformTraceEqualsCylinder(int nseg)
    {
        // NEURON's two paths (diam_from_list for pt3d, the cylinder formula for L and diam) agree on a straight tube
        var traced = Tree(Build(new MorphologyBuilder().Traced("a", "dend", null, [new(0, 0, 0, 2), new(30, 40, 0, 2), new(60, 80, 0, 2)])), new NsegRule.Fixed(nseg));
        var cylinder = Tree(Build(new MorphologyBuilder().Cylinder("a", "dend", null, 100, 2)), new NsegRule.Fixed(nseg));
        for (int i = 0; i < traced.Count; i++)
        {
            Assert.Equal(cylinder.Parent[i], traced.Parent[i]);
            Assert.Equal(cylinder.AreaUm2[i], traced.AreaUm2[i], 1e-10);
            if (i > 0) Close(1 / cylinder.AxialConductanceUS[i], 1 / traced.AxialConductanceUS[i], 1e-12, $"ri of node {i}");
        }
    }

    [Fact]
    public void FrustumAreaIncludesTheSlant()
    {
        // oracle: lateral area of a frustum π(r₁+r₂)·√(h² + (r₁−r₂)²); resistance 4·Ra·h/(π·d₁·d₂) (exact for a cone)
        const double h = 3, d1 = 20, d2 = 4, ra = 100;
        var t = Tree(Build(new MorphologyBuilder().Traced("soma", "soma", null, [new(0, 0, 0, d1), new(0, h, 0, d2)])), new NsegRule.Fixed(1), ra);
        Close(Math.PI * (d1 + d2) / 2 * Math.Sqrt(h * h + Math.Pow((d1 - d2) / 2, 2)), t.AreaUm2[1], 1e-14, "frustum area");
        double total = 1 / t.AxialConductanceUS[1] + 1 / t.AxialConductanceUS[2];
        Close(4 * ra * h / (Math.PI * d1 * d2) * 1e-2, total, 1e-12, "frustum resistance");
    }

    [Fact]
    public void NodesSitWhereNeuronPutsThem()
    {
        // soma nseg 3 (centres 1/6, 1/2, 5/6); a dendrite on soma(0.5) hangs on the middle centre, one on soma(1) on the
        // soma's 1-end, one on soma(0) on the root node, one on d1(0) on d1's own parent node
        var m = Build(new MorphologyBuilder()
            .Cylinder("soma", "soma", null, 30, 10)
            .Cylinder("d1", "dend", "soma", 50, 1, parentX: 0.5)
            .Cylinder("d2", "dend", "soma", 50, 1)
            .Cylinder("d3", "dend", "soma", 50, 1, parentX: 0)
            .Cylinder("d4", "dend", "d1", 50, 1, parentX: 0));
        var t = Tree(m, new NsegRule.Fixed(3));
        Assert.Equal(1 + 5 * 4, t.Count);
        Assert.Equal([-1, 0, 1, 2, 3], t.Parent.Take(5));
        Assert.Equal([0.0, 1 / 6.0, 0.5, 5 / 6.0, 1.0], t.X.Take(5));
        Assert.Equal(2, t.Parent[t.FirstNode[1]]);
        Assert.Equal(4, t.Parent[t.FirstNode[2]]);
        Assert.Equal(0, t.Parent[t.FirstNode[3]]);
        Assert.Equal(2, t.Parent[t.FirstNode[4]]);
        Assert.Equal(t.EndNode(1), t.NodeAt(1, 1));
        Assert.Equal(t.FirstNode[1] + 2, t.NodeAt(1, 0.9));
        Assert.Equal(t.FirstNode[1] + 1, t.NodeAt(1, 0.5));
    }

    [Theory]
    [InlineData(100.0, 1.0, 0.1)]
    [InlineData(35.4, 2.0, 0.3)]
    public void DLambdaNsegEqualsNeuronCellBuilder(double ra, double cm, double dLambda)
    {
        // oracle: NEURON's lambda_f(100) and CellBuilder's nseg = int((L/(d_lambda·λ)+.999)/2)·2+1 for each section
        var rows = Csv("pyramid_dlambda.csv").Where(r => D(r["ra_ohm_cm"]) == ra && D(r["cm_uf_per_cm2"]) == cm).ToList();
        var m = ReadSwc("pyramid.swc");
        var nseg = Discretisation.NsegOf(m, new NsegRule.DLambda(dLambda), _ => ra, _ => cm).Match(x => x, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(m.Sections.Length, rows.Count);
        foreach (var r in rows) Assert.Equal(int.Parse(r["nseg"]), nseg[m.IndexOf(r["name"])!.Value]);
        Assert.Contains(rows, r => int.Parse(r["nseg"]) > 1);
    }

    [Fact]
    public void SegmentLengthRuleIsOnePlusTwiceFloor()
    {
        var m = Build(new MorphologyBuilder().Cylinder("a", "dend", null, 100, 1).Cylinder("b", "dend", "a", 39.9, 1).Cylinder("c", "dend", "a", 40, 1));
        Assert.Equal([5, 1, 3], Tree(m, new NsegRule.SegmentLength(40)).Nseg.ToArray());
    }

    [Fact]
    public void BadRulesAreRefusedNamingTheField()
    {
        var m = Build(new MorphologyBuilder().Cylinder("a", "dend", null, 100, 1));
        Assert.Contains("nseg: expected an integer 1 … 32767, got 0", Discretisation.Of(m, new NsegRule.Fixed(0)).Match(_ => "", e => e.Message));
        Assert.Contains("DLambda.Fraction", Discretisation.Of(m, new NsegRule.DLambda(-1)).Match(_ => "", e => e.Message));
        Assert.Contains("SegmentLength.MaxLengthUm", Discretisation.Of(m, new NsegRule.SegmentLength(0)).Match(_ => "", e => e.Message));
        Assert.Contains("nseg of a[0]", Discretisation.Of(Build(new MorphologyBuilder().Cylinder("a[0]", "dend", null, 1e9, 1)), new NsegRule.SegmentLength(1)).Match(_ => "", e => e.Message));
    }

    // ---- laws over generated trees ------------------------------------------------------------------------------------

    /// <summary>Law: cutting a section into more segments moves area between segments but keeps its sum (NEURON's
    /// README: to 1e-15 for the pyramid); 1e-10 relative. <paramref name="areas"/> is the area function under test.</summary>
    public static Property AreaIsConservedAcrossNseg(ImportableTree tree, int nseg, Func<IReadOnlyList<Point3D>, int, double[]> areas) =>
        Prop.Label(tree.Morphology.Sections.All(s =>
        {
            var pts = ((Traced)s.Geometry).Points;
            double one = areas(pts, 1).Sum(), many = areas(pts, nseg).Sum();
            return Math.Abs(one - many) <= 1e-10 * one;
        }), $"Σ area(nseg {nseg}) == area(nseg 1)");

    private static double[] OurAreas(IReadOnlyList<Point3D> points, int nseg)
    {
        var t = Tree(Build(new MorphologyBuilder().Traced("s", "dend", null, points)), new NsegRule.Fixed(nseg));
        return Enumerable.Range(0, nseg).Select(k => t.AreaUm2[t.FirstNode[0] + k]).ToArray();
    }

    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 100)]
    public Property SectionAreaDoesNotDependOnNseg(ImportableTree tree, PositiveInt n) =>
        AreaIsConservedAcrossNseg(tree, 1 + n.Get % 9, OurAreas);

    [Fact]
    public void AreaLawFailsWhenCutFrustaKeepTheirEndDiameter() =>
        PropertyAssert.Falsified(Prop.ForAll(MorphologyArbitraries.ImportableTrees(), t => AreaIsConservedAcrossNseg(t, 3, MutantSegmentAreas.NoInterpolation)));

    [Fact]
    public void NoSlantMutantMissesNeuronsPyramidArea()
    {
        // the same table test, fed by the mutant: pyramid.nrn's header value instead of NEURON's
        var m = ReadSwc("pyramid.swc");
        var soma = ((Traced)m.Sections[0].Geometry).Points;
        double neuron = D(Csv("pyramid_sections.csv")[0]["area_nseg1_um2"]);
        Assert.Equal(neuron, OurAreas(soma, 1).Sum(), 1e-6);
        Assert.True(Math.Abs(MutantSegmentAreas.NoSlant(soma, 1).Sum() - neuron) > 100, "the no-slant soma area must miss NEURON's by > 100 µm²");
    }

    /// <summary>Law: the axial resistance along a section (first centre's half, the halves between centres, the last half
    /// to the 1-end) does not depend on nseg: a frustum's resistance 4ρh/(π d₁ d₂) is additive when cut with linearly
    /// interpolated diameters. Also: parents come first, and areas are positive exactly at segment centres.</summary>
    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 100)]
    public Property TreeIsParentFirstAndResistanceAdditive(ImportableTree tree, PositiveInt n)
    {
        int nseg = 1 + n.Get % 9;
        var one = Tree(tree.Morphology, new NsegRule.Fixed(1));
        var many = Tree(tree.Morphology, new NsegRule.Fixed(nseg));
        double R(DiscreteTree t, int s) => Enumerable.Range(t.FirstNode[s], t.Nseg[s] + 1).Sum(i => 1 / t.AxialConductanceUS[i]);
        bool additive = Enumerable.Range(0, tree.Morphology.Sections.Length).All(s => Math.Abs(R(one, s) - R(many, s)) <= 1e-10 * R(one, s));
        bool parentFirst = many.Parent[0] == -1 && Enumerable.Range(1, many.Count - 1).All(i => many.Parent[i] >= 0 && many.Parent[i] < i);
        bool areas = Enumerable.Range(0, many.Count).All(i => many.IsEnd(i) ? many.AreaUm2[i] == 0 : many.AreaUm2[i] > 0);
        bool count = many.Count == 1 + tree.Morphology.Sections.Length * (nseg + 1);
        return Prop.Label(additive, "section resistance independent of nseg")
            .And(Prop.Label(parentFirst, "Parent[i] < i"))
            .And(Prop.Label(areas, "area > 0 exactly at centres"))
            .And(Prop.Label(count, "node count"));
    }
}

public class PathDistanceTests
{
    [Fact]
    public void PathDistanceFromSomaCentreEqualsNeurons()
    {
        // oracle: NEURON's h.distance(soma(0.5), sec(1)) for all 79 sections of pyramid.swc (12 significant digits)
        var m = ReadSwc("pyramid.swc");
        var t = Tree(m, new NsegRule.Fixed(1));
        foreach (var r in Csv("pyramid_sections.csv"))
            Close(D(r["path_dist_1end_um"]), t.PathDistanceUm(0, 0.5, m.IndexOf(r["name"])!.Value, 1), 1e-9, $"distance to {r["name"]}(1)");
    }

    [Fact]
    public void PathDistanceIsSymmetricAndGoesThroughTheBranchPoint()
    {
        var m = new MorphologyBuilder()
            .Cylinder("soma", "soma", null, 20, 20)
            .Cylinder("a", "dend", "soma", 100, 1, parentX: 0.5)
            .Cylinder("b", "dend", "soma", 50, 1)
            .Cylinder("c", "dend", "a", 30, 1, parentX: 0.4)
            .Build().Match(x => x, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));
        var t = Tree(m, new NsegRule.Fixed(1));
        Assert.Equal(100 + 10 + 50, t.PathDistanceUm(1, 1, 2, 1), 12);        // a(1) → soma(0.5) → soma(1) → b(1)
        Assert.Equal(t.PathDistanceUm(2, 1, 1, 1), t.PathDistanceUm(1, 1, 2, 1));
        Assert.Equal(0.6 * 100 + 15, t.PathDistanceUm(1, 1, 3, 0.5), 12);    // a(1) back to a(0.4), then half of c
        Assert.Equal(30, t.PathDistanceUm(1, 0.2, 1, 0.5), 12);
        Assert.Equal(10, t.PathDistanceUm(0, 0, 1, 0), 12);                   // a's 0-end is soma(0.5)
    }

    [Fact]
    public void PositionInterpolatesAlongThePoints()
    {
        var m = new MorphologyBuilder().Traced("s", "dend", null, [new(0, 0, 0, 2), new(3, 4, 0, 2), new(3, 4, 10, 1)])
            .Build().Match(x => x, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));
        var t = Tree(m, new NsegRule.Fixed(1));
        Assert.Equal(new Point3D(0, 0, 0, 2), t.PositionUm(0, 0));
        Assert.Equal(new Point3D(3, 4, 0, 2), t.PositionUm(0, 1 / 3.0));
        Assert.Equal(new Point3D(3, 4, 5, 1.5), t.PositionUm(0, 2 / 3.0));
        Assert.Equal(new Point3D(3, 4, 10, 1), t.PositionUm(0, 1));
    }
}
