using FsCheck.Xunit;
using HHFunctional.Core.Morphology;
using static HHFunctional.Properties.Morphology.MorphologyData;

namespace HHFunctional.Properties.Morphology;

public class MorphologyJsonTests
{
    private const string IssueExample = """
        {"sections": [{"name": "soma", "type": "soma", "parent": null, "length-um": 20, "diameter-um": 20},
                      {"name": "d1", "type": "dend", "parent": "soma", "parent-x": 1, "length-um": 200, "diameter-um": 1},
                      {"name": "d2", "type": "dend", "parent": "soma", "parent-x": 0.5, "points": [[0, 0, 0, 2], [10, 0, 0, 1]]},
                      {"name": "d3", "type": "spiny", "parent": "d1", "length-um": 5, "diameter-um": 0.5}]}
        """;

    private static HHFunctional.Core.Morphology.Morphology Ok(string json) =>
        MorphologyJson.Read(json, "cell.json").Match(m => m, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));

    private static List<MorphologyError> Errors(string json) =>
        MorphologyJson.Read(json, "cell.json").Match(_ => throw new Xunit.Sdk.XunitException("accepted"), e => e.ToList());

    [Fact]
    public void IssueExampleEqualsTheBuilderTree()
    {
        var built = new MorphologyBuilder()
            .Cylinder("soma", "soma", null, 20, 20)
            .Cylinder("d1", "dend", "soma", 200, 1)
            .Traced("d2", "dend", "soma", [new(0, 0, 0, 2), new(10, 0, 0, 1)], parentX: 0.5)
            .Cylinder("d3", "spiny", "d1", 5, 0.5)
            .Build().Match(m => m, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));
        Assert.Equal(built, Ok(IssueExample));
    }

    [Fact]
    public void PyramidAsJsonGivesNeuronsAreas()
    {
        // the SWC read, written as JSON points and read back: the same sections, so NEURON's areas again
        var swc = ReadSwc("pyramid.swc");
        var json = Ok(MorphologyJson.Write(swc));
        Assert.Equal(swc, json);
        var rows = Csv("pyramid_sections.csv");
        var t = Tree(json, new NsegRule.Fixed(1));
        foreach (var r in rows) Close(D(r["area_nseg1_um2"]), t.SectionAreaUm2(json.IndexOf(r["name"])!.Value), 1e-9, r["name"]);
    }

    /// <summary>Law: Read(Write(m)) == m for any morphology (here: every generated importable tree).</summary>
    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 100)]
    public bool JsonWriteThenReadIsIdentity(ImportableTree tree) =>
        MorphologyJson.Read(MorphologyJson.Write(tree.Morphology), "x.json").Match(m => m.Equals(tree.Morphology), _ => false);

    [Theory]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20}, {"name": "d", "type": "dend", "parent": "axon", "length-um": 1, "diameter-um": 1}]}""", "$.sections[1].parent", "parent-missing")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20}, {"name": "a", "type": "dend", "parent": "b", "length-um": 1, "diameter-um": 1}, {"name": "b", "type": "dend", "parent": "soma", "length-um": 1, "diameter-um": 1}]}""", "$.sections[1].parent", "parent-after-child")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20}, {"name": "a", "type": "dend", "parent": "b", "length-um": 1, "diameter-um": 1}, {"name": "b", "type": "dend", "parent": "a", "length-um": 1, "diameter-um": 1}]}""", "$.sections[1].parent", "cycle")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20}, {"name": "soma", "type": "dend", "parent": "soma", "length-um": 1, "diameter-um": 1}]}""", "$.sections[1].name", "duplicate-name")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 0}]}""", "$.sections[0].diameter-um", "diameter-not-positive")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "points": [[0, 0, 0, 1], [1, 0, 0, -1]]}]}""", "$.sections[0].points[1][3]", "diameter-not-positive")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "length-um": "20", "diameter-um": 20}]}""", "$.sections[0].length-um", "not-a-number")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "points": [[0, 0, 0, 1], [1, 0, 1]]}]}""", "$.sections[0].points[1]", "column-count")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20}, {"name": "x", "type": "soma", "parent": null, "length-um": 20, "diameter-um": 20}]}""", "$.sections[1].parent", "several-roots")]
    [InlineData("""{"sections": []}""", "$.sections", "empty")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "lenght-um": 20, "diameter-um": 20}]}""", "$.sections[0].lenght-um", "field")]
    [InlineData("""{"sections": [{"name": "soma", "type": "soma", "parent-x": 2, "length-um": 20, "diameter-um": 20}]}""", "$.sections[0].parent-x", "parent-x")]
    public void MalformedJsonIsRefusedWithPathAndRule(string json, string path, string rule)
    {
        var errors = Errors(json);
        Assert.Contains(errors, e => e.Rule == rule && e.Path == path);
        Assert.StartsWith($"cell.json: {path}: {rule}: ", errors.First(e => e.Rule == rule).ToString());
    }

    [Fact]
    public void SyntaxErrorNamesItsLine()
    {
        var e = Errors("{\"sections\": [\n  {\"name\": \"soma\",,}\n]}").Single();
        Assert.Equal(("json", 2), (e.Rule, e.Line));
        Assert.StartsWith("cell.json:2: json: not valid JSON", e.ToString());
    }
}
