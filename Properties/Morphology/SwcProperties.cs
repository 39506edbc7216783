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
    public void RenumberingLawFailsOnAReaderThatOrdersIdsAsText() =>
        PropertyAssert.Falsified(Prop.ForAll(MorphologyArbitraries.SwcCases(), ArbMap.Default.ArbFor<int>(),
            (swc, seed) => RenumberingKeepsSections(swc, seed, MorphologyMutants.ReadWithTextualIdOrder)));

    /// <summary>Law: every generated (valid) file is accepted, with one root section first.</summary>
    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 200)]
    public Property EveryValidFileIsAccepted(SwcCase swc) =>
        Prop.Label(Read(swc.Text) is { } m && m.Sections.Length >= 1 && m.Sections[0].Parent is null, "accepted with one root");

    /// <summary>Law: any edit of a valid file (lines deleted, duplicated, a field replaced by a random token) is
    /// accepted or refused with errors naming a line of the file, never an exception.</summary>
    [Property(Arbitrary = [typeof(MorphologyArbitraries)], MaxTest = 300)]
    public Property EditedFilesNeverThrow(SwcCase swc, int editSeed)
    {
        var r = new Random(editSeed);
        var lines = swc.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        string[] tokens = ["-1", "0", "1e40", "x", "", "3 4", "-0.5", "99999", "2.5", "NaN"];
        for (int k = r.Next(1, 4); k > 0 && lines.Count > 0; k--)
        {
            int i = r.Next(lines.Count);
            switch (r.Next(3))
            {
                case 0: lines.RemoveAt(i); break;
                case 1: lines.Insert(r.Next(lines.Count + 1), lines[i]); break;
                default:
                    var f = lines[i].Split(' ');
                    f[r.Next(f.Length)] = tokens[r.Next(tokens.Length)];
                    lines[i] = string.Join(' ', f);
                    break;
            }
        }
        string text = string.Join('\n', lines);
        var result = Swc.Read(text, "edited.swc");
        int lineCount = lines.Count;
        return Prop.Label(result.Match(m => m.Sections.Length > 0,
            errors => errors.All(e => e.Source == "edited.swc" && e.Line >= 0 && e.Line <= lineCount && e.Rule.Length > 0)),
            "accepted, or refused with errors inside the file");
    }
}
