using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Mutants;

/// <summary>Deliberately broken morphology readers and geometry: each must make a law in Properties/Morphology fail.</summary>
public static class MorphologyMutants
{
    /// <summary>
    /// Orders the samples depth-first with siblings sorted by their ids as text ("10" before "9"): always a valid
    /// parent-before-child order, so it never crashes, but the order, and with it the sections, depend on how the ids
    /// are spelled.
    /// </summary>
    public static HHFunctional.Core.Morphology.Morphology? ReadWithTextualIdOrder(string text)
    {
        var samples = Swc.Samples(text, "mutant.swc").Match(s => s, _ => null!);
        if (samples is null) return null;
        var children = samples.ToLookup(s => s.ParentId);
        var order = new List<SwcSample>();
        var stack = new Stack<SwcSample>(samples.Where(s => s.ParentId < 0));
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            order.Add(s);
            foreach (var c in children[s.Id].OrderByDescending(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal))
                stack.Push(c);
        }
        return HHFunctional.Core.Morphology.Morphology.Validate(Import3d.Sections(order)).Match(m => (HHFunctional.Core.Morphology.Morphology?)m, _ => null);
    }
}

/// <summary>Deliberately broken per-segment areas (a traced section cut into nseg segments): each must make a law of
/// DiscretisationProperties fail.</summary>
public static class MutantSegmentAreas
{
    /// <summary>Frusta without the slant: π(r₁+r₂)·Δs (the area pyramid.nrn's header quotes).</summary>
    public static double[] NoSlant(IReadOnlyList<Point3D> points, int nseg) => Areas(points, nseg, slant: false, interpolate: true);

    /// <summary>A frustum cut at a segment boundary keeps its far-end diameter instead of the interpolated one.</summary>
    public static double[] NoInterpolation(IReadOnlyList<Point3D> points, int nseg) => Areas(points, nseg, slant: true, interpolate: false);

    private static double[] Areas(IReadOnlyList<Point3D> p, int nseg, bool slant, bool interpolate)
    {
        int n = p.Count;
        var arc = new double[n];
        for (int i = 1; i < n; i++)
            arc[i] = arc[i - 1] + Math.Sqrt(Sq(p[i].XUm - p[i - 1].XUm) + Sq(p[i].YUm - p[i - 1].YUm) + Sq(p[i].ZUm - p[i - 1].ZUm));
        double ds = arc[n - 1] / nseg;
        var area = new double[nseg];
        for (int k = 0; k < nseg; k++)
        {
            double a = k * ds, b = (k + 1) * ds;
            for (int j = 0; j + 1 < n; j++)
            {
                double lo = Math.Max(a, arc[j]), hi = Math.Min(b, arc[j + 1]);
                if (hi <= lo) continue;
                double len = arc[j + 1] - arc[j];
                double D(double s) => interpolate ? p[j].DiameterUm + (p[j + 1].DiameterUm - p[j].DiameterUm) * (s - arc[j]) / len
                    : s == arc[j] ? p[j].DiameterUm : p[j + 1].DiameterUm;
                double d1 = D(lo), d2 = D(hi), dx = hi - lo;
                area[k] += Math.PI * (d1 + d2) / 2 * (slant ? Math.Sqrt(dx * dx + Sq((d2 - d1) / 2)) : dx);
            }
        }
        return area;
    }

    private static double Sq(double x) => x * x;
}
