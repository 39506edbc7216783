using System.Collections.Immutable;
using System.Globalization;

namespace HHFunctional.Core.Morphology;

/// <summary>One SWC sample as NEURON holds it after <c>sscanf("%f")</c>: every number rounded to float32 first.</summary>
/// <param name="Id">sample id.</param>
/// <param name="Type">SWC type (1 soma, 2 axon, 3 dendrite, 4 apical dendrite, others custom).</param>
/// <param name="XUm">x, µm (a float32 value).</param>
/// <param name="YUm">y, µm (a float32 value).</param>
/// <param name="ZUm">z, µm (a float32 value).</param>
/// <param name="DiameterUm">2 × the float32 radius, µm.</param>
/// <param name="ParentId">parent id; negative for the root.</param>
/// <param name="Line">1-based line in the file.</param>
internal readonly record struct SwcSample(int Id, int Type, double XUm, double YUm, double ZUm, double DiameterUm, int ParentId, int Line);

/// <summary>
/// NEURON 8.2.2's <c>Import3d_SWC_read</c> (read_swc.hoc: mark_branch, sectionify, mksection) and
/// <c>Import3d_GUI.instantiate</c> (import3d_gui.hoc: chk_valid, set_nameindex, sphere_rep, pt3dadd) ported rule by rule,
/// including their quirks, so that a file gives NEURON's sections. The input is valid (checked by <see cref="Swc"/>),
/// sorted by id, one root (index 0) and every parent index smaller than its child's. docs/morphology.md explains each rule.
/// </summary>
internal static class Import3d
{
    private sealed class Sec
    {
        public int Id;                 // index of the first own sample (NEURON's sec.id)
        public int Type;
        public Sec? Parent;
        public double ParentX = 1;
        public int First;              // 1: a wire, the copied parent point is not a 3-D point
        public List<(double X, double Y, double Z)> Raw = new();
        public List<double> D = new();
    }

    public static ImmutableArray<Section> Sections(IReadOnlyList<SwcSample> s)
    {
        int n = s.Count;
        var type = s.Select(q => q.Type).ToArray();
        var index = new Dictionary<int, int>();
        for (int i = 0; i < n; i++) index[s[i].Id] = i;
        var pix = s.Select(q => q.ParentId < 0 ? -1 : index[q.ParentId]).ToArray();

        // mark_branch: nchild counts children, +0.01 for a child that is not the next sample and for a type change,
        // so that a section ends where nchild != 1.
        var nchild = new double[n];
        var connect2prox = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int p = pix[i];
            if (p < 0) continue;
            nchild[p] += 1;
            if (p != i - 1)
            {
                nchild[p] += .01;
                // a branch on the first sample of a dendrite wired to the soma goes to that dendrite's 0-end
                if (p > 1)
                {
                    if (type[p] != 1 && pix[p] >= 0 && type[pix[p]] == 1) { connect2prox[i] = true; nchild[p] = 1; }
                }
                else if (p == 0 && type[p] != 1) { connect2prox[i] = true; nchild[p] = 1; }
            }
            if (type[p] != type[i]) nchild[p] += .01;
        }

        // sectionify: soma samples with soma children; the neuromorpho three-point soma; contiguous soma runs.
        var nchildSoma = new double[n];
        int nsomaPts = n > 0 && type[0] == 1 ? 1 : 0;
        for (int i = 1; i < n; i++)
            if (type[i] == 1)
            {
                nsomaPts++;
                if (pix[i] >= 0 && type[pix[i]] == 1) nchildSoma[pix[i]] += 1;
            }
        bool soma3geom = nsomaPts == 3 && ThreePointSoma(s, pix, nchild);
        if (soma3geom) pix[2] = 1;
        for (int i = 0; i < n - 1; i++)
            if (type[i] == 1 && type[i + 1] == 1 && pix[i + 1] == i && !(i != 0 && nchildSoma[i] > 1))
                nchild[i] = 1;
        var sec2point = Enumerable.Range(0, n).Where(i => nchild[i] != 1).ToArray();
        var point2sec = new int[n];
        for (int i = 1, si = 0; i < n; i++)
        {
            if (i > sec2point[si]) si++;
            point2sec[i] = si;
        }

        // mksections
        var secs = new List<Sec>();
        int isec = 0, first = 0;
        for (int i = 0; i < n; i++)
            if (point2sec[i] > isec) { secs.Add(MkSection(isec, first, i)); isec++; first = i; }
        secs.Add(MkSection(isec, first, n));

        Sec MkSection(int isec, int first, int end)
        {
            var sec = new Sec { Id = first, Type = type[first] };
            void Add(int k) { sec.Raw.Add((s[k].XUm, s[k].YUm, s[k].ZUm)); sec.D.Add(s[k].DiameterUm); }
            if (isec == 0)
            {
                if (soma3geom) end = 1;   // the sphere: only the middle sample is kept
                for (int k = first; k < end; k++) Add(k);
            }
            else
            {
                int pf = pix[first];
                var psec = secs[point2sec[pf]];
                sec.Parent = psec;
                bool denConSoma = psec.Type == 1 && type[first] != 1;
                bool conSoma = psec.Type == 1;
                bool handled = false;
                if (psec == secs[0])
                {
                    handled = true;
                    if (denConSoma && psec.D.Count == 1)
                    {
                        sec.ParentX = 0.5;           // a one-point soma: every child wired to its centre
                        if (end - first > 1) sec.First = 1;
                    }
                    else if (pf == psec.Id)
                    {
                        sec.ParentX = 0;             // on the root's first sample: its 0-end
                        if (type[first] != 1 && nchildSoma[pf] > 1) sec.First = 1;
                    }
                    else handled = false;
                }
                if (!handled && conSoma)
                {
                    int offset = psec.Id == 0 ? -1 : -2;
                    if (pf < psec.Id + psec.D.Count + offset)
                    {
                        sec.ParentX = 0.5;           // on an interior soma sample: soma(0.5), a wire
                        if (denConSoma && end - first > 1) sec.First = 1;
                    }
                    else if (end - first > 1 && nchildSoma[pf] > 1 && type[first] != 1) sec.First = 1;
                }
                Add(pf);                             // the parent sample, copied as the first point
                for (int k = first; k < end; k++) Add(k);
            }
            if (sec.Parent is { Type: 1 } && sec.Type != 1) sec.D[0] = sec.D[1];
            if (connect2prox[first]) sec.ParentX = 0;
            return sec;
        }

        // chk_valid: a non-root section of one point, or of two points at one position, is removed and its children
        // take its place (its parent and parent-x).
        for (int i = secs.Count - 1; i >= 0; i--)
        {
            var sec = secs[i];
            if (sec.Parent is null) continue;
            int pts = sec.Raw.Count - sec.First;
            if (pts <= 1 || (pts == 2 && sec.Raw[sec.First] == sec.Raw[sec.First + 1]))
            {
                secs.RemoveAt(i);
                for (int j = i; j < secs.Count; j++)
                    if (secs[j].Parent == sec) { secs[j].Parent = sec.Parent; secs[j].ParentX = sec.ParentX; }
            }
        }

        // set_nameindex and instantiate: names by type in section order; one point becomes a 3-point cylinder L = diam.
        var counts = new Dictionary<int, int>();
        var position = new Dictionary<Sec, int>();
        var result = ImmutableArray.CreateBuilder<Section>(secs.Count);
        foreach (var sec in secs)
        {
            counts.TryGetValue(sec.Type, out int k);
            counts[sec.Type] = k + 1;
            var pts = new List<Point3D>();
            for (int j = sec.First; j < sec.Raw.Count; j++) pts.Add(new(sec.Raw[j].X, sec.Raw[j].Y, sec.Raw[j].Z, sec.D[j]));
            if (pts.Count == 1)
            {
                var c = pts[0];
                pts = [c with { XUm = c.XUm - c.DiameterUm / 2 }, c, c with { XUm = c.XUm + c.DiameterUm / 2 }];
            }
            var points = pts.Select(p => new Point3D(Pt3dAdd(p.XUm), Pt3dAdd(p.YUm), Pt3dAdd(p.ZUm), Pt3dAdd(p.DiameterUm))).ToImmutableArray();
            position[sec] = result.Count;
            result.Add(new Section($"{RegionName(sec.Type)}[{k}]", RegionName(sec.Type),
                sec.Parent is null ? null : position[sec.Parent], sec.Parent is null ? 1 : sec.ParentX, new Traced(points)));
        }
        return result.MoveToImmutable();
    }

    // neuromorpho.org's three-point soma: samples 1 and 2 children of the root and childless, one diameter, and their
    // distances from the root adding up to that diameter (within 1%): a sphere.
    private static bool ThreePointSoma(IReadOnlyList<SwcSample> s, int[] pix, double[] nchild)
    {
        if (s.Count < 3 || pix[1] != 0 || pix[2] != 0 || nchild[1] != 0 || nchild[2] != 0) return false;
        if (s[1].DiameterUm != s[0].DiameterUm || s[2].DiameterUm != s[0].DiameterUm) return false;
        double len = 0;
        for (int i = 1; i <= 2; i++)
            len += Math.Sqrt(Sq(s[i].XUm - s[0].XUm) + Sq(s[i].YUm - s[0].YUm) + Sq(s[i].ZUm - s[0].ZUm));
        return Math.Abs(len / s[0].DiameterUm - 1) < .01;
    }

    private static double Sq(double x) => x * x;

    /// <summary>NEURON's type names: 1 soma, 2 axon, 3 dend, 4 apic, negative <c>minus_N</c>, others <c>dend_N</c>.</summary>
    public static string RegionName(int type) => type switch
    {
        1 => "soma",
        2 => "axon",
        3 => "dend",
        4 => "apic",
        < 0 => $"minus_{-type}",
        _ => $"dend_{type}",
    };

    /// <summary>
    /// A number as instantiate() hands it to pt3dadd: printed with <c>%.8g</c>, read back as a double, stored as float32.
    /// </summary>
    internal static double Pt3dAdd(double value) =>
        (float)double.Parse(value.ToString("G8", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
