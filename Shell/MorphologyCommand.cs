using System.Globalization;
using System.Text;
using System.Text.Json;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Shell;

/// <summary>
/// <c>hhf morphology FILE [--nseg N | --d-lambda F | --segment-length-um D] [--ra-ohm-cm R] [--cm C] [--json]</c>:
/// reads an SWC (<c>.swc</c>) or JSON (<c>.json</c>) morphology and prints its sections as NEURON would make them
/// (name, type, parent, parent position, 3-D points, length, area, nseg) and totals, to compare with NEURON before
/// simulating. Bad input: every problem with file, line (or JSON path) and rule on stderr, exit 2. Writes no file.
/// </summary>
internal static class MorphologyCommand
{
    private static readonly string[] UsageLines =
    {
        "usage: hhf morphology FILE [--nseg N | --d-lambda F | --segment-length-um D] [--json]",
        "",
        "Reads FILE (SWC as NEURON 8.2's Import3d reads it, or a .json morphology) and prints each section:",
        "name, type (region), parent, parent-x, n3d, length-um, area-um2 and nseg, then totals.",
    };

    /// <summary>morphology's options: one table for parsing, help and completion (the same parser as run, sweep and bench).</summary>
    internal static readonly IReadOnlyList<OptionSpec<Options>> OptionTable = new[]
    {
        OptionKinds.Int<Options>("nseg", "N", "N segments in every section (default 1)", 1, Discretisation.MaxNseg,
            (o, x) => o with { Rule = new NsegRule.Fixed((int)x), RulesGiven = o.RulesGiven + 1 }),
        Number("d-lambda", "F", "NEURON's d_lambda rule: segments ≤ F × the length constant at 100 Hz", "a number > 0 (NEURON's usual 0.1)", x => x > 0,
            (o, x) => o with { Rule = new NsegRule.DLambda(x), RulesGiven = o.RulesGiven + 1 }),
        Number("segment-length-um", "D", "nseg = 1 + 2·floor(L/D)", "a length > 0 µm", x => x > 0,
            (o, x) => o with { Rule = new NsegRule.SegmentLength(x), RulesGiven = o.RulesGiven + 1 }),
        Number("ra-ohm-cm", "R", "axial resistivity for --d-lambda, Ω·cm (default 35.4, NEURON's)", "a number > 0 Ω·cm", x => x > 0,
            (o, x) => o with { RaOhmCm = x }),
        Number("cm", "C", "membrane capacitance for --d-lambda, µF/cm² (default 1)", "a number ≥ 0 µF/cm²", x => x >= 0,
            (o, x) => o with { CmUFPerCm2 = x }),
        OptionKinds.Flag<Options>("json", "JSON instead of a table", (o, x) => o with { Json = x }),
        OptionKinds.Flag<Options>("help", "show this help", (o, x) => o with { Help = x }),
    };

    /// <summary>What <c>hhf help morphology</c> prints.</summary>
    public static string Usage => CommandLine.Help(UsageLines, OptionTable);

    private static OptionSpec<Options> Number(string name, string valueHelp, string help, string rule, Func<double, bool> ok, Func<Options, double, Options> set) =>
        new(name, valueHelp, help, (o, text) => HHFunctional.Shell.Parse.Double(text, out double x) && double.IsFinite(x) && ok(x)
            ? set(o, x)
            : ParseOutcome<Options>.Fail($"expected {rule}, got '{CommandLine.Shorten(text)}'"));

    internal sealed record Options(string? File, NsegRule Rule, int RulesGiven, double RaOhmCm, double CmUFPerCm2, bool Json, bool Help);

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (o, problems) = Parse(args);
        if (o.Help) { stdout.WriteLine(Usage); return ExitCode.Ok; }
        if (o.File is null) problems.Add("FILE: expected a morphology file (.swc or .json), got nothing");
        if (o.RulesGiven > 1) problems.Add("--nseg, --d-lambda, --segment-length-um: expected at most one of them");
        if (problems.Count > 0) return Fail(stderr, problems.Append("(hhf morphology --help lists the options)"));

        var (read, readProblems) = MorphologyFile.Read(o.File!);
        if (read is null) return Fail(stderr, readProblems);
        string name = Path.GetFileName(o.File!);
        var morphology = read;

        var discrete = Discretisation.Of(morphology, o.Rule, o.RaOhmCm, o.CmUFPerCm2);
        if (discrete.IsFail) return Fail(stderr, [$"{name}: {discrete.Match(_ => "", e => e.Message)}"]);
        var tree = discrete.ThrowIfFail();
        stdout.Write(o.Json ? Json(tree) : Table(tree, name));
        return ExitCode.Ok;
    }

    private static int Fail(TextWriter stderr, IEnumerable<string> problems)
    {
        foreach (var p in problems) stderr.WriteLine($"error: {p}");
        return ExitCode.BadInput;
    }

    // FILE comes first (a word before any option); everything after it goes through the one option parser.
    private static (Options, List<string>) Parse(IReadOnlyList<string> args)
    {
        var defaults = new Options(null, new NsegRule.Fixed(1), 0, Discretisation.DefaultRaOhmCm, 1, false, false);
        string? file = args.Count > 0 && !(args[0] ?? "").StartsWith('-') ? args[0] : null;
        var (raw, problems) = CommandLine.Tokenise(file is null ? args : args.Skip(1).ToList(), OptionTable);
        var (o, applyProblems) = CommandLine.Apply(raw, OptionTable, defaults with { File = file });
        problems.AddRange(applyProblems);
        // Each rule option counts once per time it is given.
        int rules = raw.Count(r => r.Name is "nseg" or "d-lambda" or "segment-length-um");
        return (o with { RulesGiven = rules }, problems);
    }

    private static string G(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    private static int N3d(Section s) => s.Geometry is Traced t ? t.Points.Length : 0;

    private static string Table(DiscreteTree t, string file)
    {
        var m = t.Morphology;
        var rows = new List<string[]> { new[] { "name", "type", "parent", "parent-x", "n3d", "length-um", "area-um2", "nseg" } };
        for (int i = 0; i < m.Sections.Length; i++)
        {
            var s = m.Sections[i];
            rows.Add([s.Name, s.Region, s.Parent is int p ? m.Sections[p].Name : "-", s.Parent is null ? "-" : G(s.ParentX),
                N3d(s).ToString(CultureInfo.InvariantCulture), G(t.SectionLengthUm[i]), G(t.SectionAreaUm2(i)),
                t.Nseg[i].ToString(CultureInfo.InvariantCulture)]);
        }
        var widths = Enumerable.Range(0, 8).Select(c => rows.Max(r => r[c].Length)).ToArray();
        bool[] right = [false, false, false, true, true, true, true, true];
        var sb = new StringBuilder();
        foreach (var r in rows)
            sb.AppendLine(string.Join("  ", r.Select((c, k) => right[k] ? c.PadLeft(widths[k]) : c.PadRight(widths[k]))).TrimEnd());
        var (count, length, area, nseg) = Totals(t);
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {count} sections, length {G(length)} µm, area {G(area)} µm², {nseg} segments ({t.Count} nodes with the section ends)"));
        return sb.ToString();
    }

    private static (int Sections, double LengthUm, double AreaUm2, int Nseg) Totals(DiscreteTree t) =>
        (t.Morphology.Sections.Length, t.SectionLengthUm.Sum(), Enumerable.Range(0, t.Morphology.Sections.Length).Sum(t.SectionAreaUm2), t.Nseg.Sum());

    private static string Json(DiscreteTree t)
    {
        var m = t.Morphology;
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("sections");
            for (int i = 0; i < m.Sections.Length; i++)
            {
                var s = m.Sections[i];
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("type", s.Region);
                if (s.Parent is int p) { w.WriteString("parent", m.Sections[p].Name); w.WriteNumber("parent-x", s.ParentX); }
                else { w.WriteNull("parent"); w.WriteNull("parent-x"); }
                w.WriteNumber("n3d", N3d(s));
                w.WriteNumber("length-um", t.SectionLengthUm[i]);
                w.WriteNumber("area-um2", t.SectionAreaUm2(i));
                w.WriteNumber("nseg", t.Nseg[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            var (count, length, area, nseg) = Totals(t);
            w.WriteStartObject("totals");
            w.WriteNumber("sections", count);
            w.WriteNumber("length-um", length);
            w.WriteNumber("area-um2", area);
            w.WriteNumber("nseg", nseg);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
