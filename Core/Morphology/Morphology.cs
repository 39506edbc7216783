using System.Collections.Immutable;
using LanguageExt;
using static LanguageExt.Prelude;

namespace HHFunctional.Core.Morphology;

/// <summary>
/// A neuron's shape as data: unbranched sections, each attached to an earlier one (parent before child), exactly one
/// root. Built only through <see cref="Validate"/> (also used by <see cref="MorphologyBuilder"/>, <see cref="Swc"/> and
/// <see cref="MorphologyJson"/>), so a <see cref="Morphology"/> is always a valid tree.
/// </summary>
public sealed record Morphology
{
    private Morphology(ImmutableArray<Section> sections) => Sections = sections;

    /// <summary>The sections; section 0 is the root and every parent index is smaller than its child's index.</summary>
    public ImmutableArray<Section> Sections { get; }

    /// <summary>Value equality over the sections.</summary>
    public bool Equals(Morphology? other) => other is not null && Sections.SequenceEqual(other.Sections);

    /// <summary>Hash over the sections.</summary>
    public override int GetHashCode() => Sections.Aggregate(Sections.Length, (h, s) => HashCode.Combine(h, s));

    /// <summary>The index of the section named <paramref name="name"/> (<c>soma</c> alone means <c>soma[0]</c>, as in
    /// NEURON's hoc), or null.</summary>
    public int? IndexOf(string name)
    {
        for (int i = 0; i < Sections.Length; i++)
            if (Sections[i].Name == name) return i;
        if (!name.Contains('['))
            for (int i = 0; i < Sections.Length; i++)
                if (Sections[i].Name == name + "[0]") return i;
        return null;
    }

    /// <summary>
    /// Checks the sections and returns the morphology or every problem found: names unique and non-empty, exactly one
    /// root and it first, every parent an earlier section, 0 ≤ parent-x ≤ 1, cylinders with finite length and diameter
    /// &gt; 0, traced sections with ≥ 2 finite points, diameters &gt; 0. <paramref name="source"/> names the input in
    /// the errors.
    /// </summary>
    public static Validation<MorphologyError, Morphology> Validate(IReadOnlyList<Section> sections, string source = "builder")
    {
        var errors = new List<MorphologyError>();
        MorphologyError E(int i, string rule, string detail) =>
            new(source, 0, i < sections.Count && sections[i] is { } s ? $"section {i} ({s.Name})" : $"section {i}", rule, detail);
        if (sections.Count == 0) errors.Add(new(source, 0, "", "empty", "expected at least one section, got none"));
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            if (s is null) { errors.Add(E(i, "field", "expected a section, got null")); continue; }
            if (string.IsNullOrWhiteSpace(s.Name)) errors.Add(E(i, "field", "name: expected a non-empty name"));
            else if (!names.TryAdd(s.Name, i)) errors.Add(E(i, "duplicate-name", $"name '{s.Name}' is also section {names[s.Name]}'s"));
            if (string.IsNullOrWhiteSpace(s.Region)) errors.Add(E(i, "field", "region: expected a non-empty name"));
            if (i == 0 && s.Parent is not null) errors.Add(E(i, "no-root", "the first section must be the root (parent null)"));
            if (i > 0 && s.Parent is null) errors.Add(E(i, "several-roots", "only the first section may have no parent"));
            if (s.Parent is int p && (p < 0 || p >= i))
                errors.Add(E(i, "parent-after-child", $"parent index {p}: expected an earlier section (0 ≤ parent < {i})"));
            if (s.Parent is not null && !(s.ParentX >= 0 && s.ParentX <= 1))
                errors.Add(E(i, "parent-x", $"parent-x: expected 0 ≤ x ≤ 1, got {s.ParentX}"));
            switch (s.Geometry)
            {
                case Cylinder c:
                    if (!(double.IsFinite(c.LengthUm) && c.LengthUm > 0)) errors.Add(E(i, "geometry", $"length-um: expected a finite number > 0, got {c.LengthUm}"));
                    if (!(double.IsFinite(c.DiameterUm) && c.DiameterUm > 0)) errors.Add(E(i, "geometry", $"diameter-um: expected a finite number > 0, got {c.DiameterUm}"));
                    break;
                case Traced t:
                    if (t.Points.IsDefault || t.Points.Length < 2) errors.Add(E(i, "geometry", $"points: expected at least 2 points, got {(t.Points.IsDefault ? 0 : t.Points.Length)}"));
                    else
                        for (int k = 0; k < t.Points.Length; k++)
                        {
                            var q = t.Points[k];
                            if (!(double.IsFinite(q.XUm) && double.IsFinite(q.YUm) && double.IsFinite(q.ZUm)))
                                errors.Add(E(i, "not-a-number", $"points[{k}]: expected finite coordinates"));
                            if (!(double.IsFinite(q.DiameterUm) && q.DiameterUm > 0))
                                errors.Add(E(i, "radius-not-positive", $"points[{k}]: diameter expected > 0, got {q.DiameterUm}"));
                        }
                    break;
                default:
                    errors.Add(E(i, "geometry", "expected a cylinder or traced points, got null"));
                    break;
            }
        }
        return errors.Count == 0
            ? Success<MorphologyError, Morphology>(new Morphology(sections.ToImmutableArray()))
            : Fail<MorphologyError, Morphology>(toSeq(errors));
    }
}
