using LanguageExt;

namespace HHFunctional.Core.Morphology;

/// <summary>
/// Builds a <see cref="Morphology"/> in C#, parents named before their children:
/// <code>
/// var cell = new MorphologyBuilder()
///     .Cylinder("soma", "soma", parent: null, lengthUm: 20, diameterUm: 20)
///     .Cylinder("d1", "dend", parent: "soma", lengthUm: 200, diameterUm: 1)
///     .Build();
/// </code>
/// The builder is immutable: each call returns a new builder. <see cref="Build"/> reports every problem at once.
/// </summary>
public sealed record MorphologyBuilder
{
    private readonly LanguageExt.Seq<(string Name, string Region, string? Parent, double ParentX, SectionGeometry Geometry)> _sections;

    /// <summary>An empty builder.</summary>
    public MorphologyBuilder() => _sections = LanguageExt.Seq<(string, string, string?, double, SectionGeometry)>.Empty;

    private MorphologyBuilder(LanguageExt.Seq<(string, string, string?, double, SectionGeometry)> sections) => _sections = sections;

    /// <summary>Adds a cylinder section of <paramref name="lengthUm"/> and <paramref name="diameterUm"/> (µm) attached at
    /// <paramref name="parentX"/> (0–1, default 1 = the parent's 1-end) of <paramref name="parent"/> (null for the root).</summary>
    public MorphologyBuilder Cylinder(string name, string region, string? parent, double lengthUm, double diameterUm, double parentX = 1) =>
        new(_sections.Add((name, region, parent, parentX, new Cylinder(lengthUm, diameterUm))));

    /// <summary>Adds a section traced by 3-D <paramref name="points"/> (µm, at least 2), attached at
    /// <paramref name="parentX"/> of <paramref name="parent"/> (null for the root).</summary>
    public MorphologyBuilder Traced(string name, string region, string? parent, IEnumerable<Point3D> points, double parentX = 1) =>
        new(_sections.Add((name, region, parent, parentX, new Traced([.. points]))));

    /// <summary>The morphology, or every problem: an unknown or later parent, duplicate names, bad geometry (see
    /// <see cref="Morphology.Validate"/>).</summary>
    public Validation<MorphologyError, Morphology> Build()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<MorphologyError>();
        var sections = new List<Section>();
        int i = 0;
        foreach (var (name, region, parent, parentX, geometry) in _sections)
        {
            int? p = null;
            if (parent is not null)
            {
                if (index.TryGetValue(parent, out int pi)) p = pi;
                else
                {
                    errors.Add(new("builder", 0, $"section {i} ({name})", "unknown-parent", $"parent '{parent}' is not a section added before this one"));
                    p = -1;
                }
            }
            if (name is not null) index.TryAdd(name, i);
            sections.Add(new Section(name!, region, p, parentX, geometry));
            i++;
        }
        if (errors.Count > 0) return Prelude.Fail<MorphologyError, Morphology>(Prelude.toSeq(errors));
        return Morphology.Validate(sections);
    }
}
