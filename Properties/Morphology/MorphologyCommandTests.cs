using System.Text.Json;
using HHFunctional.Properties.Shell;
using static HHFunctional.Properties.Morphology.MorphologyData;

namespace HHFunctional.Properties.Morphology;

/// <summary><c>hhf morphology</c>: the table and JSON against NEURON's section table; bad input exit 2 with file, line
/// (or JSON path) and rule, nothing written.</summary>
public class MorphologyCommandTests
{
    [Fact]
    public void JsonOutputEqualsNeuronsPyramidTable()
    {
        using var box = new Sandbox();
        var r = box.Run("morphology", Path.Combine(Dir, "pyramid.swc"), "--segment-length-um", "40", "--json");
        Assert.Equal(0, r.Code);
        using var doc = JsonDocument.Parse(r.Stdout);
        var sections = doc.RootElement.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var rows = Csv("pyramid_sections.csv");
        Assert.Equal(rows.Count, sections.Count);
        foreach (var row in rows)
        {
            var s = sections[row["name"]];
            Assert.Equal(["name", "type", "parent", "parent-x", "n3d", "length-um", "area-um2", "nseg"], s.EnumerateObject().Select(p => p.Name));
            Assert.Equal(row["parent"] == "" ? null : row["parent"], s.GetProperty("parent").GetString());
            Assert.Equal(int.Parse(row["n3d"]), s.GetProperty("n3d").GetInt32());
            Assert.Equal(int.Parse(row["nseg"]), s.GetProperty("nseg").GetInt32());
            Close(D(row["L_um"]), s.GetProperty("length-um").GetDouble(), 1e-9, "L");
            Close(D(row["area_um2"]), s.GetProperty("area-um2").GetDouble(), 1e-9, "area");
        }
        using var summary = JsonDocument.Parse(Text("pyramid_sections_summary.json"));
        var totals = doc.RootElement.GetProperty("totals");
        Assert.Equal(79, totals.GetProperty("sections").GetInt32());
        Assert.Equal(summary.RootElement.GetProperty("total_nseg").GetInt32(), totals.GetProperty("nseg").GetInt32());
        Close(summary.RootElement.GetProperty("total_L_um").GetDouble(), totals.GetProperty("length-um").GetDouble(), 1e-12, "total L");
        Close(summary.RootElement.GetProperty("total_area_um2").GetDouble(), totals.GetProperty("area-um2").GetDouble(), 1e-12, "total area");
        Assert.Equal(["somefile"], box.Entries());
    }

    [Fact]
    public void TableListsEverySectionAndTheTotals()
    {
        using var box = new Sandbox();
        var r = box.Run("morphology", Path.Combine(Dir, "pyramid.swc"), "--nseg", "3");
        Assert.Equal(0, r.Code);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name      type  parent    parent-x  n3d   length-um     area-um2  nseg", lines[0]);
        Assert.Equal("soma[0]   soma  -                -   28   37.101027  3492.984251     3", lines[1]);
        Assert.Equal(1 + 79 + 1, lines.Length);
        Assert.Equal("pyramid.swc: 79 sections, length 5386.652436 µm, area 31158.679944 µm², 237 segments (317 nodes with the section ends)", lines[^1]);
    }

    [Fact]
    public void JsonMorphologyAndDLambdaWork()
    {
        using var box = new Sandbox();
        string file = box.Write("cell.json", """
            {"sections": [{"name": "soma", "type": "soma", "parent": null, "length-um": 20, "diameter-um": 20},
                          {"name": "d1", "type": "dend", "parent": "soma", "parent-x": 1, "length-um": 2000, "diameter-um": 1}]}
            """);
        var r = box.Run("morphology", file, "--d-lambda", "0.1", "--ra-ohm-cm", "100", "--json");
        Assert.Equal(0, r.Code);
        using var doc = JsonDocument.Parse(r.Stdout);
        var d1 = doc.RootElement.GetProperty("sections")[1];
        // oracle: λ₁₀₀ = 1e5·√(d/(4π·f·Ra·cm)) µm (NEURON's lambda_f for a cylinder) = 281.09 µm; nseg =
        // int((2000/(0.1·281.09) + 0.999)/2)·2 + 1 = 71
        double lambda = 1e5 * Math.Sqrt(1 / (4 * Math.PI * 100 * 100 * 1));
        Assert.Equal((int)((2000 / (0.1 * lambda) + .999) / 2) * 2 + 1, d1.GetProperty("nseg").GetInt32());
        Assert.Equal(71, d1.GetProperty("nseg").GetInt32());
        Close(Math.PI * 2000, d1.GetProperty("area-um2").GetDouble(), 1e-12, "area");
    }

    [Theory]
    [InlineData("cell.swc", "1 1 0 0 0 5 -1\n2 3 0 10 0 1 7\n", "cell.swc:2: parent-missing: sample 2 names parent 7")]
    [InlineData("cell.swc", "1 1 0 0 0 5 -1\n2 3 0 10 0 1\n", "cell.swc:2: column-count: expected 7 columns")]
    [InlineData("cell.swc", "1 1 0 0 0 5 -1\n2 3 0 10 0 0 1\n", "cell.swc:2: radius-not-positive")]
    [InlineData("cell.swc", "1 1 0 0 0 5 -1\n2 3 0 10 0 1 -1\n", "cell.swc:2: several-roots")]
    [InlineData("cell.swc", "", "cell.swc: empty: no samples")]
    [InlineData("cell.json", """{"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20}, {"name": "a", "type": "dend", "parent": "a", "length-um": 1, "diameter-um": 1}]}""", "cell.json: $.sections[1].parent: cycle")]
    [InlineData("cell.json", "{\"sections\": [\n", "cell.json:2: json: not valid JSON")]
    public void BadMorphologyExitsTwoNamingFileLineAndRule(string name, string text, string expected)
    {
        using var box = new Sandbox();
        string file = box.Write(name, text);
        var before = box.Entries();
        var r = box.Run("morphology", file);
        Assert.Equal(2, r.Code);
        Assert.Contains($"error: {expected}", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Equal(before, box.Entries());
    }

    [Theory]
    [InlineData(new[] { "morphology" }, "FILE: expected a morphology file")]
    [InlineData(new[] { "morphology", "x.swc", "--nseg", "0" }, "--nseg: expected an integer in [1, 32767], got 0")]
    [InlineData(new[] { "morphology", "x.swc", "--nseg", "3", "--d-lambda", "0.1" }, "expected at most one of them")]
    [InlineData(new[] { "morphology", "x.swc", "--d-lambda", "-1" }, "--d-lambda: expected a number > 0")]
    [InlineData(new[] { "morphology", "x.swc", "--segment-length-um", "abc" }, "--segment-length-um: expected a length > 0 µm, got 'abc'")]
    [InlineData(new[] { "morphology", "x.swc", "--colour" }, "--colour: unknown option")]
    [InlineData(new[] { "morphology", "/nonexistent/x.swc" }, "/nonexistent/x.swc: file not found")]
    public void BadOptionsExitTwo(string[] args, string expected)
    {
        using var box = new Sandbox();
        var r = box.Run(args);
        Assert.Equal(2, r.Code);
        Assert.Contains(expected, r.Stderr);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        using var box = new Sandbox();
        var r = box.Run("morphology", "--help");
        Assert.Equal(0, r.Code);
        foreach (var o in new[] { "--nseg", "--d-lambda", "--segment-length-um", "--json", "--ra-ohm-cm", "--cm" }) Assert.Contains(o, r.Stdout);
    }
}
