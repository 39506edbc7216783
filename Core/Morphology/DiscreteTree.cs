using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;

namespace HHFunctional.Core.Morphology;

/// <summary>
/// A morphology cut into NEURON's nodes, as flat arrays for a Hines solver. Nodes are numbered parent before child:
/// node 0 is the root section's 0-end; then, section by section in <see cref="Morphology.Sections"/> order, the
/// section's nseg segment centres (x = (k + ½)/nseg) and its 1-end (x = 1). End nodes (node 0 and every 1-end) have no
/// membrane: area 0, they only join axial currents (NEURON's zero-area nodes where children attach; a terminal's 1-end
/// is where NEURON records <c>sec(1)</c>). A child's first centre hangs on the parent's node at its parent-x
/// (<see cref="NodeAt"/>): the parent's 1-end for x = 1, the segment centre holding x for 0 &lt; x &lt; 1 (so a
/// dendrite on <c>soma(0.5)</c> joins the soma's middle node directly), the parent's 0-end node for x = 0.
/// </summary>
public sealed record DiscreteTree
{
    internal DiscreteTree(Morphology morphology, ImmutableArray<int> nseg, ImmutableArray<int> firstNode,
        ImmutableArray<int> parent, ImmutableArray<double> areaUm2, ImmutableArray<double> axialConductanceUS,
        ImmutableArray<int> sectionOf, ImmutableArray<double> x, ImmutableArray<double> lengthUm)
    {
        (Morphology, Nseg, FirstNode, Parent, AreaUm2, AxialConductanceUS, SectionOf, X, SectionLengthUm) =
            (morphology, nseg, firstNode, parent, areaUm2, axialConductanceUS, sectionOf, x, lengthUm);
    }

    /// <summary>The morphology that was discretised.</summary>
    public Morphology Morphology { get; }

    /// <summary>Segments per section (NEURON's nseg), by section index.</summary>
    public ImmutableArray<int> Nseg { get; }

    /// <summary>Node index of each section's first segment centre; its centres are FirstNode … FirstNode + nseg − 1
    /// and its 1-end is FirstNode + nseg.</summary>
    public ImmutableArray<int> FirstNode { get; }

    /// <summary>NEURON's L of each section, µm (the arc length of its float32 3-D points, or the cylinder's length).</summary>
    public ImmutableArray<double> SectionLengthUm { get; }

    /// <summary>Parent node of each node; −1 for node 0. Always Parent[i] &lt; i.</summary>
    public ImmutableArray<int> Parent { get; }

    /// <summary>Membrane area of each node, µm² (NEURON's seg.area()); 0 for end nodes.</summary>
    public ImmutableArray<double> AreaUm2 { get; }

    /// <summary>
    /// Axial conductance between each node and its parent, µS (1 / NEURON's ri(), ri in MΩ): the two half-segments
    /// between them (one for a section's first centre, whose parent node is on the parent section; one for a 1-end).
    /// 0 for node 0.
    /// </summary>
    public ImmutableArray<double> AxialConductanceUS { get; }

    /// <summary>Section index of each node (node 0 belongs to the root section).</summary>
    public ImmutableArray<int> SectionOf { get; }

    /// <summary>Position of each node along its section, 0–1.</summary>
    public ImmutableArray<double> X { get; }

    /// <summary>Number of nodes.</summary>
    public int Count => Parent.Length;

    /// <summary>Whether node <paramref name="node"/> is a section end (no membrane, area 0).</summary>
    public bool IsEnd(int node) => X[node] is 0.0 or 1.0;

    /// <summary>Index of the 1-end node of section <paramref name="section"/>.</summary>
    public int EndNode(int section) => FirstNode[section] + Nseg[section];

    /// <summary>Total membrane area of section <paramref name="section"/>, µm² (Σ seg.area()).</summary>
    public double SectionAreaUm2(int section)
    {
        double sum = 0;
        for (int k = 0; k < Nseg[section]; k++) sum += AreaUm2[FirstNode[section] + k];
        return sum;
    }

    /// <summary>
    /// Path distance between <paramref name="sectionA"/>(<paramref name="xA"/>) and <paramref name="sectionB"/>(<paramref name="xB"/>),
    /// µm, along the sections through their lowest common section (NEURON's <c>distance(a, b)</c>, e.g. from
    /// <c>soma(0.5)</c> for a back-propagation plot). A child attached at parent-x p enters its parent at p.
    /// </summary>
    public double PathDistanceUm(int sectionA, double xA, int sectionB, double xB)
    {
        var sections = Morphology.Sections;
        // entry point (section, x) of each ancestor section on a's path
        var onA = new Dictionary<int, double>();
        for (int s = sectionA, prev = -1; ; prev = s, s = sections[s].Parent!.Value)
        {
            onA[s] = prev < 0 ? xA : sections[prev].ParentX;
            if (sections[s].Parent is null) break;
        }
        double fromB = 0;
        int c = sectionB;
        double pb = xB;
        while (!onA.ContainsKey(c))
        {
            fromB += pb * SectionLengthUm[c];
            pb = sections[c].ParentX;
            c = sections[c].Parent!.Value;
        }
        double fromA = 0, pa = xA;
        for (int s = sectionA; s != c; s = sections[s].Parent!.Value)
        {
            fromA += pa * SectionLengthUm[s];
            pa = sections[s].ParentX;
        }
        return fromA + fromB + Math.Abs(pa - pb) * SectionLengthUm[c];
    }

    /// <summary>
    /// The point at <paramref name="section"/>(<paramref name="x"/>) on the section's 3-D points (float32, as NEURON holds
    /// them), interpolated linearly in arc length, with the diameter there; null for a cylinder (no coordinates).
    /// </summary>
    public Point3D? PositionUm(int section, double x)
    {
        if (Morphology.Sections[section].Geometry is not Traced t) return null;
        var shape = new NeuronShape(t);
        double arc = Math.Clamp(x, 0, 1) * shape.Arc[^1];
        int j = 0;
        while (j < shape.N3d - 2 && shape.Arc[j + 1] < arc) j++;
        double span = shape.Arc[j + 1] - shape.Arc[j];
        double f = span > 0 ? Math.Clamp((arc - shape.Arc[j]) / span, 0, 1) : 0;
        double Lerp(float a, float b) => a + f * ((double)b - a);
        return new Point3D(Lerp(shape.X[j], shape.X[j + 1]), Lerp(shape.Y[j], shape.Y[j + 1]), Lerp(shape.Z[j], shape.Z[j + 1]), Lerp(shape.D[j], shape.D[j + 1]));
    }

    /// <summary>
    /// The node that stands for position <paramref name="x"/> (0–1) of section <paramref name="section"/>, as NEURON's
    /// node_exact: x = 0 the node the section's 0-end joins (node 0 for the root), x = 1 its 1-end, otherwise the centre
    /// of the segment holding x (segment floor(x·nseg), the last one for x·nseg = nseg).
    /// </summary>
    public int NodeAt(int section, double x)
    {
        if (x <= 0) return section == 0 ? 0 : Parent[FirstNode[section]];
        if (x >= 1) return EndNode(section);
        int n = Nseg[section];
        int i = (int)(n * x);
        if (i == n) i = n - 1;
        return FirstNode[section] + i;
    }
}

/// <summary>Cuts a <see cref="Morphology"/> into a <see cref="DiscreteTree"/> as NEURON 8.2.2 does (treeset.cpp).</summary>
public static class Discretisation
{
    /// <summary>NEURON's default axial resistivity, Ω·cm.</summary>
    public const double DefaultRaOhmCm = 35.4;

    /// <summary>NEURON's largest nseg (a short).</summary>
    public const int MaxNseg = 32767;

    /// <summary>nseg of every section under <paramref name="rule"/>; Ra (Ω·cm) and cm (µF/cm²) by section are used by
    /// the d_lambda rule only.</summary>
    public static Fin<ImmutableArray<int>> NsegOf(Morphology morphology, NsegRule rule, Func<int, double> raOhmCm, Func<int, double> cmUFPerCm2)
    {
        var result = ImmutableArray.CreateBuilder<int>(morphology.Sections.Length);
        for (int i = 0; i < morphology.Sections.Length; i++)
        {
            var shape = new NeuronShape(morphology.Sections[i].Geometry);
            double n = rule switch
            {
                NsegRule.Fixed f => f.Nseg,
                NsegRule.PerSection p => p.Nseg.IsDefault || p.Nseg.Length != morphology.Sections.Length ? double.NaN : p.Nseg[i],
                NsegRule.SegmentLength s => 1 + 2 * Math.Floor(shape.LengthUm / s.MaxLengthUm),
                // CellBuilder (celgeom.hoc): int((L/(d_lambda*lambda_f(100))+.999)/2)*2 + 1
                NsegRule.DLambda d => Math.Truncate((shape.LengthUm / (d.Fraction * shape.LambdaUm(d.FrequencyHz, raOhmCm(i), cmUFPerCm2(i))) + .999) / 2) * 2 + 1,
                _ => double.NaN,
            };
            if (!(n >= 1 && n <= MaxNseg))
                return Error.New($"nseg of {morphology.Sections[i].Name}: expected 1 ≤ nseg ≤ {MaxNseg}, got {n} from {Describe(rule)}");
            result.Add((int)n);
        }
        return result.MoveToImmutable();
    }

    /// <summary>
    /// The discretised tree with one axial resistivity <paramref name="raOhmCm"/> (Ω·cm, default NEURON's 35.4) and
    /// capacitance <paramref name="cmUFPerCm2"/> (µF/cm², used by the d_lambda rule only) everywhere.
    /// </summary>
    public static Fin<DiscreteTree> Of(Morphology morphology, NsegRule rule, double raOhmCm = DefaultRaOhmCm, double cmUFPerCm2 = 1) =>
        Of(morphology, rule, _ => raOhmCm, _ => cmUFPerCm2);

    /// <summary>
    /// The discretised tree with Ra (Ω·cm) and cm (µF/cm²) given by section index. Fails with a message naming the rule
    /// when the rule's parameter is out of range or a section would get nseg &gt; 32767.
    /// </summary>
    public static Fin<DiscreteTree> Of(Morphology morphology, NsegRule rule, Func<int, double> raOhmCm, Func<int, double> cmUFPerCm2)
    {
        if (RuleProblem(rule) is { } problem) return Error.New(problem);
        for (int i = 0; i < morphology.Sections.Length; i++)
        {
            if (!(double.IsFinite(raOhmCm(i)) && raOhmCm(i) > 0)) return Error.New($"RaOhmCm of {morphology.Sections[i].Name}: expected a finite number > 0, got {raOhmCm(i)}");
            if (!(double.IsFinite(cmUFPerCm2(i)) && cmUFPerCm2(i) >= 0)) return Error.New($"CmUFPerCm2 of {morphology.Sections[i].Name}: expected a finite number ≥ 0, got {cmUFPerCm2(i)}");
        }
        return NsegOf(morphology, rule, raOhmCm, cmUFPerCm2).Map(nseg => Build(morphology, nseg, raOhmCm));
    }

    private static string? RuleProblem(NsegRule rule) => rule switch
    {
        NsegRule.Fixed f when f.Nseg < 1 || f.Nseg > MaxNseg => $"nseg: expected an integer 1 … {MaxNseg}, got {f.Nseg}",
        NsegRule.DLambda d when !(double.IsFinite(d.Fraction) && d.Fraction > 0) => $"DLambda.Fraction: expected a finite number > 0, got {d.Fraction}",
        NsegRule.DLambda d when !(double.IsFinite(d.FrequencyHz) && d.FrequencyHz > 0) => $"DLambda.FrequencyHz: expected a finite number > 0 Hz, got {d.FrequencyHz}",
        NsegRule.SegmentLength s when !(double.IsFinite(s.MaxLengthUm) && s.MaxLengthUm > 0) => $"SegmentLength.MaxLengthUm: expected a finite number > 0, got {s.MaxLengthUm}",
        NsegRule.PerSection p when p.Nseg.IsDefault => "nseg per section: expected one count per section, got none",
        null => "nseg rule: expected one, got null",
        _ => null,
    };

    private static string Describe(NsegRule rule) => rule switch
    {
        NsegRule.Fixed f => $"nseg {f.Nseg} for every section",
        NsegRule.DLambda d => $"the d_lambda rule with fraction {d.Fraction}",
        NsegRule.SegmentLength s => $"segments of at most {s.MaxLengthUm} µm",
        NsegRule.PerSection p => $"nseg per section ({(p.Nseg.IsDefault ? 0 : p.Nseg.Length)} counts for {"{"}the sections{"}"})",
        _ => "the rule",
    };

    private static DiscreteTree Build(Morphology m, ImmutableArray<int> nseg, Func<int, double> raOhmCm)
    {
        int count = 1 + nseg.Sum(n => n + 1);
        var parent = new int[count];
        var area = new double[count];
        var g = new double[count];
        var sectionOf = new int[count];
        var x = new double[count];
        var first = new int[m.Sections.Length];
        var length = new double[m.Sections.Length];
        parent[0] = -1;
        int next = 1;
        for (int s = 0; s < m.Sections.Length; s++)
        {
            var sec = m.Sections[s];
            var shape = new NeuronShape(sec.Geometry);
            length[s] = shape.LengthUm;
            int n = nseg[s];
            var (a, left, right) = shape.Segments(n, raOhmCm(s));
            first[s] = next;
            int attach = sec.Parent is int p ? NodeAt(p, sec.ParentX) : 0;
            for (int k = 0; k < n; k++)
            {
                int node = next + k;
                parent[node] = k == 0 ? attach : node - 1;
                area[node] = a[k];
                // NODERINV: 1 / (right half of the previous segment + left half of this one); the first has only its left half
                g[node] = 1.0 / ((k == 0 ? 0.0 : right[k - 1]) + left[k]);
                sectionOf[node] = s;
                x[node] = (k + 0.5) / n;
            }
            int end = next + n;
            parent[end] = end - 1;
            g[end] = 1.0 / right[n - 1];
            sectionOf[end] = s;
            x[end] = 1;
            next = end + 1;
        }
        return new DiscreteTree(m, nseg, [.. first], [.. parent], [.. area], [.. g], [.. sectionOf], [.. x], [.. length]);

        int NodeAt(int section, double px)
        {
            if (px <= 0) return section == 0 ? 0 : parent[first[section]];
            if (px >= 1) return first[section] + nseg[section];
            int ns = nseg[section];
            int i = (int)(ns * px);
            if (i == ns) i = ns - 1;
            return first[section] + i;
        }
    }
}
