using System.Text.Json;
using HHFunctional.Core.Morphology;
using static HHFunctional.Properties.Morphology.MorphologyData;

namespace HHFunctional.Properties.Morphology;

/// <summary>
/// Our SWC reader and discretisation against NEURON 8.2.2's Import3d and nrn_area_ri (oracle: NEURON itself; files made
/// by /work/shared's make_pyramid_reference.py and reference/make_morphology_reference.py, committed in data/).
/// </summary>
public class SwcNeuronTests
{
    // L and area: NEURON's README derives 1e-9 relative from its float32 rule (our port computes the same operations,
    // so the residue is the 12 significant digits of the CSV).
    private const double TableTolerance = 1e-9;

    [Fact]
    public void PyramidSectionTableEqualsNeuron()
    {
        var rows = Csv("pyramid_sections.csv");
        var m = ReadSwc("pyramid.swc");
        var t1 = Tree(m, new NsegRule.Fixed(1));
        var t40 = Tree(m, new NsegRule.SegmentLength(40));
        Assert.Equal(rows.Count, m.Sections.Length);
        Assert.Equal(79, rows.Count);
        var ours = m.Sections.Select((s, i) => (s, i)).ToDictionary(p => p.s.Name, p => p.i);
        foreach (var r in rows)
        {
            string name = r["name"];
            Assert.True(ours.ContainsKey(name), $"NEURON's section {name} is missing");
            int i = ours[name];
            var s = m.Sections[i];
            Assert.Equal(r["parent"], s.Parent is int p ? m.Sections[p].Name : "");
            if (r["parent_x"] != "") Assert.Equal(D(r["parent_x"]), s.ParentX);
            Assert.Equal(int.Parse(r["n3d"]), ((Traced)s.Geometry).Points.Length);
            Close(D(r["L_um"]), t1.SectionLengthUm[i], TableTolerance, $"L of {name}");
            Close(D(r["area_nseg1_um2"]), t1.SectionAreaUm2(i), TableTolerance, $"area (nseg 1) of {name}");
            Assert.Equal(int.Parse(r["nseg"]), t40.Nseg[i]);
            Close(D(r["area_um2"]), t40.SectionAreaUm2(i), TableTolerance, $"area (nseg 1 + 2·floor(L/40)) of {name}");
            Assert.Equal(r["type"] == "1" ? "soma" : "dend", s.Region);
        }
    }

    [Fact]
    public void SomaAloneMeansSomaZero()
    {
        var m = ReadSwc("pyramid.swc");
        Assert.Equal(0, m.IndexOf("soma"));
        Assert.Equal(m.IndexOf("soma[0]"), m.IndexOf("soma"));
        Assert.Equal(m.IndexOf("dend[0]"), m.IndexOf("dend"));
        Assert.Null(m.IndexOf("axon"));
        Assert.Null(m.IndexOf("dend[78]"));
    }

    [Fact]
    public void PyramidTotalsEqualNeuronSummary()
    {
        using var doc = JsonDocument.Parse(Text("pyramid_sections_summary.json"));
        var j = doc.RootElement;
        var m = ReadSwc("pyramid.swc");
        var t = Tree(m, new NsegRule.SegmentLength(40));
        Assert.Equal(j.GetProperty("sections").GetInt32(), m.Sections.Length);
        Assert.Equal(j.GetProperty("n3d_total").GetInt32(), m.Sections.Sum(s => ((Traced)s.Geometry).Points.Length));
        Assert.Equal(j.GetProperty("total_nseg").GetInt32(), t.Nseg.Sum());
        Assert.Equal(j.GetProperty("terminals").GetInt32(), m.Sections.Select((_, i) => i).Count(i => !m.Sections.Any(s => s.Parent == i)));
        Close(j.GetProperty("total_L_um").GetDouble(), t.SectionLengthUm.Sum(), 1e-12, "total L");
        Close(j.GetProperty("total_area_um2").GetDouble(), Enumerable.Range(0, m.Sections.Length).Sum(t.SectionAreaUm2), 1e-12, "total area");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void PyramidSegmentAreasAndResistancesEqualNeuron(int nseg)
    {
        // NEURON's seg.area() and seg.ri() (MΩ, Ra 35.4 Ω·cm) and sec(1).ri(), printed as round-trip doubles.
        // Same operations in the same order, and IEEE sqrt: measured bit-identical, so asserted exactly (relative 0).
        var rows = Csv("pyramid_segments.csv").Where(r => r["nseg"] == nseg.ToString()).ToList();
        var m = ReadSwc("pyramid.swc");
        var t = Tree(m, new NsegRule.Fixed(nseg));
        Assert.Equal(m.Sections.Length * nseg, rows.Count);
        foreach (var r in rows)
        {
            int s = m.IndexOf(r["name"])!.Value, k = int.Parse(r["seg"]);
            int node = t.FirstNode[s] + k;
            Assert.Equal(D(r["x"]), t.X[node]);
            Assert.Equal(node, t.NodeAt(s, D(r["x"])));
            Close(D(r["area_um2"]), t.AreaUm2[node], 0, $"area of {r["name"]}({r["x"]})");
            Close(D(r["ri_megohm"]), 1 / t.AxialConductanceUS[node], 0, $"ri of {r["name"]}({r["x"]})");
            Close(D(r["ri_end_megohm"]), 1 / t.AxialConductanceUS[t.EndNode(s)], 0, $"ri of {r["name"]}(1)");
        }
    }

    public static IEnumerable<object[]> Cases()
    {
        using var doc = JsonDocument.Parse(Text("swc_cases.json"));
        return doc.RootElement.GetProperty("cases").EnumerateObject().Select(p => new object[] { p.Name }).ToList();
    }

    /// <summary>Import3d's special cases (soma forms, wires, type changes, proximal connections, removed zero-length
    /// sections, float32/%.8g digits) and 24 random trees: points, L, per-segment area and ri bit-identical to NEURON's.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void SwcCaseEqualsNeuronImport3d(string name)
    {
        using var doc = JsonDocument.Parse(Text("swc_cases.json"));
        var expected = doc.RootElement.GetProperty("cases").GetProperty(name).EnumerateArray().ToList();
        var m = ReadSwc(Path.Combine("swc_cases", name + ".swc"));
        var t = Tree(m, new NsegRule.Fixed(3));
        Assert.Equal(expected.Select(e => e.GetProperty("name").GetString()).Order(), m.Sections.Select(s => s.Name).Order());
        foreach (var e in expected)
        {
            string sec = e.GetProperty("name").GetString()!;
            int i = m.IndexOf(sec)!.Value;
            var s = m.Sections[i];
            var parent = e.GetProperty("parent");
            Assert.Equal(parent.ValueKind == JsonValueKind.Null ? null : parent.GetString(), s.Parent is int p ? m.Sections[p].Name : null);
            if (s.Parent is not null) Assert.Equal(e.GetProperty("parent_x").GetDouble(), s.ParentX);
            var pts = e.GetProperty("points").EnumerateArray().Select(q => q.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
            var ours = ((Traced)s.Geometry).Points;
            Assert.Equal(pts.Count, ours.Length);
            for (int k = 0; k < pts.Count; k++)
                Assert.True(new[] { ours[k].XUm, ours[k].YUm, ours[k].ZUm, ours[k].DiameterUm }.SequenceEqual(pts[k]),
                    $"{sec} point {k}: NEURON [{string.Join(", ", pts[k])}], ours {ours[k]}");
            Close(e.GetProperty("L").GetDouble(), t.SectionLengthUm[i], 0, $"L of {sec}");
            var segs = e.GetProperty("segments").EnumerateArray().ToList();
            for (int k = 0; k < 3; k++)
            {
                Close(segs[k].GetProperty("area").GetDouble(), t.AreaUm2[t.FirstNode[i] + k], 0, $"area of {sec} segment {k}");
                Close(segs[k].GetProperty("ri").GetDouble(), 1 / t.AxialConductanceUS[t.FirstNode[i] + k], 0, $"ri of {sec} segment {k}");
            }
            Close(e.GetProperty("ri_end").GetDouble(), 1 / t.AxialConductanceUS[t.EndNode(i)], 0, $"ri of {sec}(1)");
        }
    }
}
