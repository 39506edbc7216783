using System.Collections.Immutable;

namespace HHFunctional.Core.Morphology;

/// <summary>One traced 3-D point of a section: position and diameter, all in µm (NEURON's pt3d point).</summary>
/// <param name="XUm">x coordinate, µm.</param>
/// <param name="YUm">y coordinate, µm.</param>
/// <param name="ZUm">z coordinate, µm.</param>
/// <param name="DiameterUm">diameter at this point, µm; &gt; 0.</param>
public readonly record struct Point3D(double XUm, double YUm, double ZUm, double DiameterUm);

/// <summary>The shape of one unbranched section: a plain cylinder, or a list of traced 3-D points.</summary>
public abstract record SectionGeometry
{
    private protected SectionGeometry() { }
}

/// <summary>A cylinder of <paramref name="LengthUm"/> and <paramref name="DiameterUm"/> (NEURON's L and diam with no pt3d).</summary>
/// <param name="LengthUm">length, µm; &gt; 0.</param>
/// <param name="DiameterUm">diameter, µm; &gt; 0.</param>
public sealed record Cylinder(double LengthUm, double DiameterUm) : SectionGeometry;

/// <summary>
/// A section given by 3-D points (at least 2), its 0-end at the first point. Its length is the path along the points;
/// between consecutive points it is a frustum (NEURON's pt3d list, held by NEURON in single precision).
/// </summary>
/// <param name="Points">the points in order from the 0-end to the 1-end.</param>
public sealed record Traced(ImmutableArray<Point3D> Points) : SectionGeometry
{
    /// <summary>Value equality over the points (an ImmutableArray alone compares by reference).</summary>
    public bool Equals(Traced? other) => other is not null && Points.SequenceEqual(other.Points);

    /// <summary>Hash over the points.</summary>
    public override int GetHashCode() => Points.Aggregate(Points.Length, (h, p) => HashCode.Combine(h, p));
}

/// <summary>
/// One unbranched section of a morphology.
/// </summary>
/// <param name="Name">unique name, e.g. <c>soma[0]</c>, <c>dend[12]</c>.</param>
/// <param name="Region">the region (SWC type as NEURON names it): <c>soma</c>, <c>axon</c>, <c>dend</c>, <c>apic</c>, or
/// any other name (SWC types ≥ 5 become <c>dend_5</c> …, as in NEURON).</param>
/// <param name="Parent">index of the parent section in <see cref="Morphology.Sections"/> (always smaller than this
/// section's index); null for the root.</param>
/// <param name="ParentX">where on the parent this section's 0-end attaches, 0 ≤ x ≤ 1 (1 = the parent's 1-end);
/// ignored for the root.</param>
/// <param name="Geometry">a <see cref="Cylinder"/> or <see cref="Traced"/> points.</param>
public sealed record Section(string Name, string Region, int? Parent, double ParentX, SectionGeometry Geometry);
