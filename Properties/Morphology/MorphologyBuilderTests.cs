using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Morphology;

public class MorphologyBuilderTests
{
    [Fact]
    public void BuilderMakesTheIssueExampleTree()
    {
        var m = new MorphologyBuilder()
            .Cylinder("soma", "soma", null, lengthUm: 20, diameterUm: 20)
            .Cylinder("d1", "dend", "soma", lengthUm: 200, diameterUm: 1)
            .Traced("d2", "dend", "soma", [new(0, 0, 0, 2), new(10, 0, 0, 1)], parentX: 0.5)
            .Build().Match(x => x, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));
        Assert.Equal(["soma", "d1", "d2"], m.Sections.Select(s => s.Name));
        Assert.Equal([null, 0, 0], m.Sections.Select(s => s.Parent));
        Assert.Equal([1.0, 1.0, 0.5], m.Sections.Select(s => s.ParentX));
        Assert.Equal(new Cylinder(200, 1), m.Sections[1].Geometry);
        Assert.Equal(0, m.IndexOf("soma"));
    }

    [Fact]
    public void BuilderReportsEveryProblemAtOnce()
    {
        var errors = new MorphologyBuilder()
            .Cylinder("soma", "soma", null, 20, 20)
            .Cylinder("d1", "dend", "nowhere", 200, 1)
            .Cylinder("d1", "dend", "soma", -5, 0, parentX: 2)
            .Traced("d3", "dend", "soma", [new(0, 0, 0, 1)])
            .Build().Match(_ => [], e => e.ToList());
        Assert.Contains(errors, e => e.Rule == "unknown-parent" && e.Path.Contains("d1"));
        Assert.Single(errors);   // an unknown parent stops before the geometry checks
        var more = new MorphologyBuilder()
            .Cylinder("soma", "soma", null, 20, 20)
            .Cylinder("d1", "dend", "soma", -5, 0, parentX: 2)
            .Cylinder("d1", "dend", "soma", 1, 1)
            .Traced("d3", "dend", "soma", [new(0, 0, 0, 1)])
            .Cylinder("r2", "dend", null, 1, 1)
            .Build().Match(_ => [], e => e.Select(x => x.Rule).ToList());
        Assert.Equal(["parent-x", "geometry", "geometry", "duplicate-name", "geometry", "several-roots"], more);
    }

    [Fact]
    public void ValidateRefusesAParentAfterItsChild()
    {
        var sections = new[]
        {
            new Section("soma", "soma", null, 1, new Cylinder(10, 10)),
            new Section("a", "dend", 2, 1, new Cylinder(10, 1)),
            new Section("b", "dend", 0, 1, new Cylinder(10, 1)),
        };
        var rules = Core.Morphology.Morphology.Validate(sections).Match(_ => [], e => e.Select(x => x.Rule).ToList());
        Assert.Equal(["parent-after-child"], rules);
    }
}
