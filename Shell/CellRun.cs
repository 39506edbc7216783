using System.Text.RegularExpressions;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// A <c>run --morphology</c> made concrete: the cell (<see cref="CellModel.Build"/> from the file, --nseg/--d-lambda/
/// --segment-length-um, --insert, --param, --neurons and the hh values of --gna … --el), the run's parameters with it,
/// its stimulus (each --stim's nA at its site as the current density of the site's node), and the recorded sites with
/// their nodes (the CSV columns).
/// </summary>
/// <param name="Cell">The cell the run simulates.</param>
/// <param name="Parameters">The run's parameters with the cell and its stimulus in place.</param>
/// <param name="Sites">The recorded sites, in --record-sites order.</param>
/// <param name="Nodes">The node (compartment) of each recorded site.</param>
internal sealed partial record CellRun(Cell Cell, SimulationParameters Parameters, IReadOnlyList<Site> Sites, IReadOnlyList<int> Nodes)
{
    /// <summary>The site recorded when --record-sites is not given: soma(0.5) when there is a soma, else the root's middle.</summary>
    public static Site DefaultSite(Core.Morphology.Morphology m) =>
        m.IndexOf("soma") is not null ? new Site("soma", 0.5)
        : new Site(m.Sections[Enumerable.Range(0, m.Sections.Length).First(i => m.Sections[i].Parent is null)].Name, 0.5);

    /// <summary>The cell run of <paramref name="options"/> (which has a morphology file), or every problem, each naming
    /// the option (and the config path it came from) and the rule.</summary>
    public static (CellRun? Run, List<string> Problems) Build(RunOptions options, IReadOnlyList<RawOption> raw,
        Func<string, (Core.Morphology.Morphology?, List<string>)>? read = null)
    {
        var (morphology, readProblems) = (read ?? MorphologyFile.Read)(options.MorphologyFile!);
        // A copy: a shared reader (a sweep's cache) hands every caller the same list.
        var problems = readProblems.ToList();
        string source = Source("morphology", raw);
        if (morphology is null) return (null, problems.Select(p => $"{source}: {p}").ToList());

        // Sites are checked by section name first, so that their problems are reported even when the cell cannot be built.
        var sites = options.RecordSites ?? [DefaultSite(morphology)];
        for (int i = 0; i < options.SiteStimuli.Count; i++)
            if (morphology.IndexOf(options.SiteStimuli[i].Site.Section) is null)
                problems.Add($"{Nth("stim", i, raw)}: {NoSection(options.SiteStimuli[i].Site, morphology)}");
        foreach (var site in sites.Where(s => morphology.IndexOf(s.Section) is null))
            problems.Add($"{Source("record-sites", raw)}: {NoSection(site, morphology)}");

        var built = CellModel.Build(morphology, options.NsegRule, options.Inserts, options.RegionParameters,
            options.Parameters.Neurons, options.Parameters.Membrane);
        if (built.IsFail)
        {
            problems.AddRange(built.FailToSeq().Map(p => Explain(p, raw, options)));
            return (null, problems);
        }
        var cell = (Cell)built;
        if (problems.Count > 0) return (null, problems);

        var stimulus = Stimulus.None;
        for (int i = 0; i < options.SiteStimuli.Count; i++)
        {
            var s = options.SiteStimuli[i];
            cell.Step(s.StartMs, s.EndMs, s.AmplitudeNA, s.Site).Match(
                Succ: step => stimulus += step,
                Fail: e => problems.Add($"{Nth("stim", i, raw)}: {e.Message}"));
        }
        var nodes = new List<int>();
        foreach (var site in sites)
            cell.NodeOf(site).Match(Succ: nodes.Add, Fail: e => problems.Add($"{Source("record-sites", raw)}: {e.Message}"));
        if (problems.Count > 0) return (null, problems);

        var parameters = cell.ApplyTo(options.Parameters) with { Stimulus = stimulus };
        return (new CellRun(cell, parameters, sites, nodes), problems);
    }

    private static string NoSection(Site site, Core.Morphology.Morphology m) =>
        $"site {site}: no section named '{site.Section}' (the cell has {string.Join(", ", m.Sections.Select(s => s.Region).Distinct())} " +
        $"sections: {m.Sections.Length} in all, e.g. {string.Join(", ", m.Sections.Take(3).Select(s => s.Name))})";

    /// <summary>Where an option's value came from: <c>--morphology</c>, or <c>run.json: $.morphology</c>.</summary>
    private static string Source(string name, IReadOnlyList<RawOption> raw) =>
        raw.LastOrDefault(r => r.Name == name) is { Source: { } s } && s.Length > 0 ? s : $"--{name}";

    /// <summary>The i-th value of a repeatable option (a config's empty list, "none", is not a value): its source and text.</summary>
    private static string Nth(string name, int i, IReadOnlyList<RawOption> raw)
    {
        var values = raw.Where(r => r.Name == name && r.Value != "none").ToList();
        return i < values.Count
            ? values[i].Source.StartsWith("--", StringComparison.Ordinal) ? $"--{name} {values[i].Value}" : $"{values[i].Source} ({values[i].Value})"
            : $"--{name}";
    }

    /// <summary>CellModel's problem with the option value it concerns put first: "--param dend:pas.q=1: Param[0].Name: expected …".</summary>
    private static string Explain(FieldProblem p, IReadOnlyList<RawOption> raw, RunOptions options)
    {
        var m = Indexed().Match(p.Field);
        if (m.Success)
        {
            string name = m.Groups["list"].Value == "Insert" ? "insert" : "param";
            return $"{Nth(name, int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture), raw)}: {p.Message}";
        }
        if (p.Field == "Neurons") return FieldNames.Explain(p, raw);
        // The discretisation's problems (a section too long for --nseg's limit, d_lambda's λ).
        string rule = options.NsegOption is { } o ? $"--{o}" : "--d-lambda 0.1 (the default)";
        return $"{Source("morphology", raw)} with {rule}: {p.Message}";
    }

    [GeneratedRegex(@"^(?<list>Insert|Param)\[(?<index>\d+)\]")]
    private static partial Regex Indexed();
}
