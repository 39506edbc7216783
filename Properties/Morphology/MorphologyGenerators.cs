using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Morphology;

/// <summary>A generated SWC file: its samples (id, type, x, y, z, radius, parent) and the seed that made it.</summary>
public sealed record SwcCase(int Seed, ImmutableArray<(int Id, int Type, double XUm, double YUm, double ZUm, double RadiusUm, int ParentId)> Samples)
{
    public string Text => Swc.Write(Samples);
    public override string ToString() => $"seed {Seed}:\n{Text}";
}

/// <summary>A generated morphology in Import3d's normal form (what NEURON's reader makes of its own SWC export).</summary>
public sealed record ImportableTree(int Seed, HHFunctional.Core.Morphology.Morphology Morphology)
{
    public override string ToString() => $"seed {Seed}: " + string.Join("; ", Morphology.Sections.Select(s =>
        $"{s.Name} ← {(s.Parent is int p ? Morphology.Sections[p].Name : "-")} {((Traced)s.Geometry).Points.Length} pts"));
}

/// <summary>
/// Generators for morphologies. Trees are built from a seed with System.Random (deterministic: the seed printed with a
/// counterexample reproduces it). Coordinates are multiples of 1/8 µm below 1000 and diameters multiples of 1/8 µm, so
/// float32 and %.8g keep them exactly.
/// </summary>
public static class MorphologyArbitraries
{
    private static readonly int[] Types = [2, 3, 4, 7];

    /// <summary>Any valid SWC tree: a one-point, three-point or chain soma (or none), then 0–60 samples hung on any
    /// earlier sample, types changing at random.</summary>
    public static Arbitrary<SwcCase> SwcCases() => Gen.Choose(0, int.MaxValue).Select(RandomSwc).ToArbitrary();

    /// <summary>Trees whose SWC export Import3d reads back unchanged (see <see cref="ImportableExport"/>).</summary>
    public static Arbitrary<ImportableTree> ImportableTrees() => Gen.Choose(0, int.MaxValue).Select(RandomImportable).ToArbitrary();

    private static double Eighth(Random r, double lo, double hi) => Math.Round((lo + (hi - lo) * r.NextDouble()) * 8) / 8;

    public static SwcCase RandomSwc(int seed)
    {
        var r = new Random(seed);
        var s = new List<(int, int, double, double, double, double, int)>();
        switch (r.Next(4))
        {
            case 0: s.Add((1, 1, 0, 0, 0, Eighth(r, 2, 6), -1)); break;
            case 1:
                double rad = Eighth(r, 2, 6);
                s.Add((1, 1, 0, 0, 0, rad, -1)); s.Add((2, 1, 0, -rad, 0, rad, 1)); s.Add((3, 1, 0, rad, 0, rad, 1));
                break;
            case 2:
                int m = r.Next(2, 7);
                for (int i = 0; i < m; i++) s.Add((i + 1, 1, 2 * i, Eighth(r, -1, 1), 0, Eighth(r, 0.5, 6), i == 0 ? -1 : i));
                break;
            default: s.Add((1, 3, 0, 0, 0, Eighth(r, 0.5, 2), -1)); break;
        }
        int n = s.Count + r.Next(0, 61);
        while (s.Count < n)
        {
            int p = r.NextDouble() < 0.7 ? s.Count - 1 : r.Next(s.Count);
            var q = s[p];
            int type = q.Item2 != 1 && r.NextDouble() < 0.85 ? q.Item2 : Types[r.Next(Types.Length)];
            s.Add((s.Count + 1, type, q.Item3 + Eighth(r, -15, 15), q.Item4 + Eighth(r, -15, 15), q.Item5 + Eighth(r, -5, 5),
                Eighth(r, 0.125, 2.5), p + 1));
        }
        return new SwcCase(seed, [.. s]);
    }

    public static ImportableTree RandomImportable(int seed)
    {
        var r = new Random(seed);
        var regions = new List<string> { "soma" };
        var parents = new List<int> { -1 };
        var points = new List<List<Point3D>>();
        int m = r.Next(2, 6);
        points.Add(Enumerable.Range(0, m).Select(i => new Point3D(2 * i, Eighth(r, -1, 1), 0, Eighth(r, 1, 10))).ToList());
        int sections = r.Next(0, 13);
        for (int k = 0; k < sections; k++)
        {
            int p = r.Next(points.Count);
            string region = new[] { "axon", "dend", "apic", "dend_7" }[r.Next(4)];
            var last = points[p][^1];
            // Import3d: a soma child needs ≥ 2 own samples (else its branches go to its 0-end); its copied first point
            // takes the diameter of its first own sample
            int own = r.Next(p == 0 ? 2 : 1, 7);
            var pts = new List<Point3D> { last };
            var at = last;
            for (int i = 0; i < own; i++)
            {
                at = new Point3D(at.XUm + Eighth(r, 1, 12), at.YUm + Eighth(r, -8, 8), at.ZUm + Eighth(r, -3, 3), Eighth(r, 0.25, 4));
                pts.Add(at);
            }
            if (p == 0) pts[0] = pts[0] with { DiameterUm = pts[1].DiameterUm };
            regions.Add(region); parents.Add(p); points.Add(pts);
        }
        // A section with one child of its own type would merge with it (no branch point, no type change).
        for (int i = 1; i < regions.Count; i++)
        {
            var kids = Enumerable.Range(0, regions.Count).Where(c => parents[c] == i).ToList();
            if (kids.Count == 1 && regions[kids[0]] == regions[i]) regions[kids[0]] = regions[i] == "axon" ? "dend" : "axon";
        }
        var counts = new Dictionary<string, int>();
        var list = new List<Section>();
        for (int i = 0; i < regions.Count; i++)
        {
            counts.TryGetValue(regions[i], out int k);
            counts[regions[i]] = k + 1;
            list.Add(new Section($"{regions[i]}[{k}]", regions[i], parents[i] < 0 ? null : parents[i], 1, new Traced([.. points[i]])));
        }
        return new ImportableTree(seed, HHFunctional.Core.Morphology.Morphology.Validate(list).Match(x => x, e => throw new InvalidOperationException(string.Join("\n", e))));
    }

    private static int TypeOf(string region) => region switch
    {
        "soma" => 1, "axon" => 2, "dend" => 3, "apic" => 4,
        _ => int.Parse(region["dend_".Length..], CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The SWC export of an importable tree, as the pyramid reference exports pyramid.nrn: each section's points after
    /// its first are its samples, the first being a copy of the parent's last sample; <paramref name="radius"/> maps a
    /// diameter to the file's radius column.
    /// </summary>
    public static string ImportableExport(HHFunctional.Core.Morphology.Morphology m, Func<double, double>? radius = null)
    {
        radius ??= d => d / 2;
        var samples = new List<(int, int, double, double, double, double, int)>();
        var lastId = new int[m.Sections.Length];
        for (int s = 0; s < m.Sections.Length; s++)
        {
            var sec = m.Sections[s];
            var pts = ((Traced)sec.Geometry).Points;
            int parent = sec.Parent is int p ? lastId[p] : -1;
            for (int i = sec.Parent is null ? 0 : 1; i < pts.Length; i++)
            {
                samples.Add((samples.Count + 1, TypeOf(sec.Region), pts[i].XUm, pts[i].YUm, pts[i].ZUm, radius(pts[i].DiameterUm), parent));
                parent = samples.Count;
            }
            lastId[s] = parent;
        }
        return Swc.Write(samples);
    }
}
