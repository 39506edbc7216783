using System.Globalization;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Shell.Report;

/// <summary>
/// How the report names and places a compartment. The seed's coupling has no length, so its compartments are indices
/// (<c>c12</c>); a physical cable's are positions along it (µm from its 0-end, at the compartment's centre); a tree's are
/// NEURON's <c>SECTION(x)</c> (the name of a recorded site where one was given) at their path distance from
/// <c>soma(0.5)</c>.
/// </summary>
/// <param name="Name">The compartment's label, e.g. <c>c12</c>, <c>1250 µm</c>, <c>dend[3](0.25)</c>.</param>
/// <param name="PositionUm">Its position in µm, or null for the seed's coupling.</param>
/// <param name="AxisTitle">Title of an axis of positions, or of compartment indices when there are none.</param>
/// <param name="Indexed">Whether the compartment index means something to the user (a cable's c0 … c{B−1}; not a tree's nodes).</param>
internal sealed record Places(Func<int, string> Name, Func<int, double>? PositionUm, string AxisTitle, bool Indexed = true)
{
    /// <summary>The places of a run: by index, along a physical cable, or on a tree (sites named as given).</summary>
    public static Places Of(SimulationSpec spec, IReadOnlyList<Site>? sites = null) => spec.Parameters.Cable switch
    {
        PhysicalCable cable => new Places(
            c => $"{Um(cable.PositionUm(c, spec.Compartments))} µm",
            c => cable.PositionUm(c, spec.Compartments),
            "position along the cable (µm)"),
        TreeCable tree => OfTree(tree.Tree, sites),
        _ => new Places(c => $"c{c}", null, "compartment"),
    };

    /// <summary>Positions when the cable has a length, else the indices themselves.</summary>
    public double Coordinate(int compartment) => PositionUm is { } p ? p(compartment) : compartment;

    /// <summary>A table row's label: <c>c12</c>, <c>c12: 1250 µm</c> or <c>dend[3](0.25)</c>.</summary>
    public string Row(int compartment) => !Indexed ? Name(compartment) : Physical ? $"c{compartment}: {Name(compartment)}" : $"c{compartment}";

    /// <summary>Whether compartments are placed in µm.</summary>
    public bool Physical => PositionUm is not null;

    private static Places OfTree(DiscreteTree tree, IReadOnlyList<Site>? sites)
    {
        var names = CellFigures.NodeNames(tree);
        // A node stands for the first site that maps to it.
        foreach (var site in (sites ?? []).Reverse())
            if (tree.Morphology.IndexOf(site.Section) is int s) names[tree.NodeAt(s, site.X)] = site.ToString();
        var (origin, originName) = Origin(tree);
        return new Places(c => names[c], c => tree.PathDistanceUm(origin.Section, origin.X, tree.SectionOf[c], tree.X[c]),
            $"path distance from {originName} (µm)", Indexed: false);
    }

    /// <summary>Where path distances start: <c>soma(0.5)</c> when the cell has a section named soma, else the root section's middle.</summary>
    public static ((int Section, double X) Site, string Name) Origin(DiscreteTree tree) =>
        tree.Morphology.IndexOf("soma") is int soma
            ? ((soma, 0.5), "soma(0.5)")
            : ((0, 0.5), $"{tree.Morphology.Sections[0].Name}(0.5)");

    private static string Um(double x) => x.ToString("0.#", CultureInfo.InvariantCulture);
}
