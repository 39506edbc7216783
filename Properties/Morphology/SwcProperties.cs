using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Morphology;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Morphology;

/// <summary>Laws of the SWC reader over generated trees.</summary>
public class SwcProperties
{
    private static HHFunctional.Core.Morphology.Morphology? Read(string text) => Swc.Read(text, "gen.swc").Match(m => (HHFunctional.Core.Morphology.Morphology?)m, _ => null);

    /// <summary>Law: exporting a tree to SWC as NEURON's own export does and reading it back gives the same tree
    /// (names, regions, parents, parent-x, every 3-D point). Precondition: the tree is in Import3d's normal form.</summary>
    public static Property ExportThenReadIsIdentity(ImportableTree tree, Func<HHFunctional.Core.Morphology.Morphology, string> export) =>
        Prop.Label(Equals(Read(export(tree.Morphology)), tree.Morphology), "read(export(tree)) == tree")
            .Classify(tree.Morphology.Sections.Length > 5, "more than 5 sections");

    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 200)]
    public Property SwcExportReadsBackAsTheSameTree(ImportableTree tree) =>
        ExportThenReadIsIdentity(tree, m => MorphologyArbitraries.ImportableExport(m));

    [Fact]
    public void SwcRoundTripFailsOnAWriterThatWritesDiametersAsRadii() =>
        PropertyAssert.Falsified(Prop.ForAll(MorphologyArbitraries.ImportableTrees(),
            t => ExportThenReadIsIdentity(t, m => MorphologyArbitraries.ImportableExport(m, d => d))));

    /// <summary>Law: ids are labels. Relabelling them by any increasing map (gaps allowed) and listing the lines in
    /// any order gives the same sections. Precondition: a valid file (every generated case is).</summary>
    public static Property RenumberingKeepsSections(SwcCase swc, int mapSeed, Func<string, HHFunctional.Core.Morphology.Morphology?> read)
    {
        var r = new Random(mapSeed);
        var map = new Dictionary<int, int>();
        int next = r.Next(0, 5);
        foreach (var s in swc.Samples.OrderBy(s => s.Id)) { map[s.Id] = next; next += r.Next(1, 50); }
        var moved = swc.Samples.Select(s => (s with { Id = map[s.Id], ParentId = s.ParentId < 0 ? -1 : map[s.ParentId] }, r.Next()))
            .OrderBy(p => p.Item2).Select(p => p.Item1);
        var original = read(swc.Text);
        return Prop.Label(original is not null && Equals(original, read(Swc.Write(moved))), "same sections after renumbering and shuffling")
            .Classify(swc.Samples.Length > 20, "more than 20 samples");
    }

    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 200)]
    public Property AnyValidRenumberingGivesTheSameSections(SwcCase swc, int mapSeed) => RenumberingKeepsSections(swc, mapSeed, Read);

    [Fact]
    public void RenumberingLawFailsOnAReaderThatKeepsLineOrder() =>
        PropertyAssert.Falsified(Prop.ForAll(MorphologyArbitraries.SwcCases(), ArbMap.Default.ArbFor<int>(),
            (swc, seed) => RenumberingKeepsSections(swc, seed, MorphologyMutants.ReadInLineOrder)));

    /// <summary>Law: every generated file is accepted, and its sections cover each sample's point once (a section's
    /// points are its own samples, plus the copied parent point unless it is a wire or the root).</summary>
    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 200)]
    public Property EveryValidFileIsAccepted(SwcCase swc) =>
        Prop.Label(Read(swc.Text) is { } m && m.Sections.Length >= 1 && m.Sections[0].Parent is null, "accepted with one root");
}
