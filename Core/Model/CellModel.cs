using System.Collections.Immutable;
using System.Globalization;
using HHFunctional.Core.Morphology;
using LanguageExt;
using static LanguageExt.Prelude;
using MorphologyTree = HHFunctional.Core.Morphology.Morphology;

namespace HHFunctional.Core.Model;

/// <summary>A mechanism inserted into a region (NEURON's <c>insert</c>): the CLI's <c>--insert REGION:MECH</c>.</summary>
/// <param name="Region"><c>all</c>, a region (<c>soma</c>, <c>axon</c>, <c>dend</c>, <c>apic</c> or another section type) or a section name.</param>
/// <param name="Mechanism"><c>hh</c>, <c>pas</c>, or the name of a user mechanism given to <see cref="CellModel.Build"/>.</param>
public sealed record Insertion(string Region, string Mechanism);

/// <summary>A parameter set in a region: the CLI's <c>--param REGION:NAME=VALUE</c>.</summary>
/// <param name="Region">As <see cref="Insertion.Region"/>.</param>
/// <param name="Name"><c>cm</c> (µF/cm²), <c>ra</c> (Ω·cm), or <c>MECH.PARAM</c>: <c>hh.gna</c>, <c>hh.gk</c>, <c>hh.gl</c>
/// (mS/cm²), <c>hh.ena</c>, <c>hh.ek</c>, <c>hh.el</c> (mV), <c>pas.g</c> (mS/cm²), <c>pas.e</c> (mV), and <c>g</c>/<c>e</c>
/// of a user mechanism.</param>
/// <param name="Value">The value, in the unit the name gives.</param>
public sealed record RegionParameter(string Region, string Name, double Value)
{
    /// <summary>The one neuron of the group (0-based) that gets this value; null (the default) for every neuron. Neurons that
    /// differ run side by side in SIMD lanes; <c>ra</c> cannot differ (the neurons share one matrix).</summary>
    public int? Neuron { get; init; }
}

/// <summary>A position on a section (NEURON's <c>SECTION(x)</c>, e.g. <c>soma(0.5)</c>, <c>dend[12](1)</c>).</summary>
/// <param name="Section">Section name (<c>soma</c> alone means <c>soma[0]</c>).</param>
/// <param name="X">Position along the section, 0 … 1.</param>
public sealed record Site(string Section, double X)
{
    /// <summary>The site as NEURON writes it, e.g. <c>soma(0.5)</c>.</summary>
    public override string ToString() => $"{Section}({X.ToString("R", CultureInfo.InvariantCulture)})";

    /// <summary>Parses <c>NAME(x)</c>; fails naming the rule.</summary>
    public static Fin<Site> Parse(string text)
    {
        text = (text ?? "").Trim();
        int open = text.LastIndexOf('(');
        if (open <= 0 || !text.EndsWith(')'))
            return FinFail<Site>(LanguageExt.Common.Error.New($"site '{text}': expected SECTION(x), e.g. soma(0.5)"));
        var xText = text[(open + 1)..^1];
        if (!double.TryParse(xText, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !(x >= 0 && x <= 1))
            return FinFail<Site>(LanguageExt.Common.Error.New($"site '{text}': expected x a number in [0, 1], got '{xText}'"));
        return new Site(text[..open], x);
    }
}

/// <summary>
/// A branched cell ready to run: its discretised morphology as a cable, the channels its regions use, and their values
/// node by node (and neuron by neuron). <see cref="ApplyTo"/> puts it into a run's parameters.
/// </summary>
/// <param name="Cable">The discretised morphology.</param>
/// <param name="Channels">The channels beyond hh's (<c>pas</c>, user mechanisms), for <see cref="SimulationParameters.Channels"/>.</param>
/// <param name="LocalValues">C_m and every channel's g and E by node and neuron.</param>
/// <param name="Neurons">Neurons in the group (copies of the cell, differing where parameters say so).</param>
public sealed record Cell(TreeCable Cable, IReadOnlyList<Channel> Channels, LocalValues LocalValues, int Neurons)
{
    /// <summary><paramref name="parameters"/> running this cell: cable, compartments, neurons, channels and local values set.</summary>
    public SimulationParameters ApplyTo(SimulationParameters parameters) => parameters with
    {
        Cable = Cable, Compartments = Cable.Compartments, Neurons = Neurons, Channels = Channels, LocalValues = LocalValues,
    };

    /// <summary>The node (compartment) standing for <paramref name="site"/> (NEURON's node for SECTION(x)), or a message.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="site"/> is null.</exception>
    public Fin<int> NodeOf(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var tree = Cable.Tree;
        if (tree.Morphology.IndexOf(site.Section) is not int section)
            return FinFail<int>(LanguageExt.Common.Error.New($"site {site}: no section named '{site.Section}' (the cell has {CellModel.Describe(tree.Morphology)})"));
        return tree.NodeAt(section, site.X);
    }

    /// <summary>A current of <paramref name="amplitudeNA"/> nA at <paramref name="site"/> for startMs &lt; t ≤ endMs (NEURON's
    /// IClamp), as the current density of the site's node.</summary>
    public Fin<Stimulus> Step(double startMs, double endMs, double amplitudeNA, Site site) =>
        NodeOf(site).Map(node => Stimulus.Step(startMs, endMs, Cable.CurrentDensityUAPerCm2(node, amplitudeNA), node));
}

/// <summary>
/// Builds a <see cref="Cell"/> from a morphology, a discretisation rule, mechanisms by region and parameters by region,
/// as NEURON's <c>insert</c> and range-variable assignments do. Defaults (NEURON's): cm 1 µF/cm², Ra 35.4 Ω·cm, <c>hh</c>
/// everywhere when nothing is inserted, hh's values from the membrane (<see cref="Membrane.Seed"/> unless given),
/// <c>pas</c> g = 1 mS/cm² (0.001 S/cm²), e = −70 mV.
/// </summary>
public static class CellModel
{
    /// <summary>NEURON's default <c>pas</c> conductance, mS/cm² (0.001 S/cm²).</summary>
    public const double DefaultPasGMSPerCm2 = 1.0;

    /// <summary>NEURON's default <c>pas</c> reversal potential, mV.</summary>
    public const double DefaultPasEMv = -70.0;

    /// <summary>The parameter names of each built-in mechanism and the channel (and whether g or E) each sets.</summary>
    private static readonly Dictionary<string, (string Channel, bool IsG)> HhParameters = new()
    {
        ["gna"] = ("na", true), ["gk"] = ("k", true), ["gl"] = ("leak", true),
        ["ena"] = ("na", false), ["ek"] = ("k", false), ["el"] = ("leak", false),
    };

    /// <summary>
    /// The cell, or every problem found (each naming the field: <c>Insert[i]</c>, <c>Param[i]</c>, the rule, the value).
    /// </summary>
    /// <param name="morphology">The cell's shape.</param>
    /// <param name="rule">nseg of every section (fixed, d_lambda or segment length); d_lambda uses each section's cm and Ra.</param>
    /// <param name="inserts">Mechanisms by region, in order; empty: <c>all:hh</c>.</param>
    /// <param name="parameters">Parameters by region, in order (a later one overrides an earlier one where both apply).</param>
    /// <param name="neurons">Copies of the cell in the group (≥ 1).</param>
    /// <param name="membrane">hh's conductances, reversal potentials and temperature; default the seed's.</param>
    /// <param name="mechanisms">User mechanisms by name (a channel each; its own g and E are the defaults).</param>
    /// <exception cref="ArgumentNullException">When the morphology, rule, inserts or parameters are null (empty lists are valid).</exception>
    public static Validation<FieldProblem, Cell> Build(MorphologyTree morphology, NsegRule rule, IReadOnlyList<Insertion> inserts,
        IReadOnlyList<RegionParameter> parameters, int neurons = 1, Membrane? membrane = null,
        IReadOnlyDictionary<string, Channel>? mechanisms = null)
    {
        ArgumentNullException.ThrowIfNull(morphology);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(inserts);
        ArgumentNullException.ThrowIfNull(parameters);
        membrane ??= Membrane.Seed;
        mechanisms ??= new Dictionary<string, Channel>();
        var problems = new List<FieldProblem>();
        int sections = morphology.Sections.Length;
        if (neurons < 1) problems.Add(new FieldProblem("Neurons", $"expected an integer ≥ 1, got {neurons}"));
        neurons = Math.Max(neurons, 1);

        // The channels: hh's three (always first in a membrane), pas, then user mechanisms, each with its defaults.
        var hh = Model.Channels.Hh(membrane);
        var added = new List<Channel> { Model.Channels.Passive(DefaultPasGMSPerCm2, DefaultPasEMv) };
        foreach (var (name, channel) in mechanisms.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (name is "hh" or "pas" or "na" or "k" or "leak" || channel is null)
                problems.Add(new FieldProblem($"Mechanisms[{name}]", "expected a channel under a name other than hh, pas, na, k, leak"));
            else added.Add(channel with { Name = name });
        }
        var all = hh.Concat(added).ToArray();
        int channelCount = all.Length;
        // mechanism name → its channels' indices in `all`
        var mechanismChannels = new Dictionary<string, int[]> { ["hh"] = [0, 1, 2], ["pas"] = [3] };
        for (int i = 4; i < channelCount; i++) mechanismChannels[all[i].Name] = [i];

        // Per section: inserted channels, g and E per channel, cm, ra; per neuron overrides come after.
        var inserted = new bool[sections, channelCount];
        var insertList = inserts.Count == 0 ? new[] { new Insertion("all", "hh") } : inserts.ToArray();
        for (int i = 0; i < insertList.Length; i++)
        {
            var ins = insertList[i];
            var regionSections = SectionsOf(morphology, ins?.Region);
            if (ins is null || regionSections is null)
                problems.Add(new FieldProblem($"Insert[{i}].Region", $"expected all, a region or a section name of the cell ({Describe(morphology)}), got '{ins?.Region}'"));
            else if (!mechanismChannels.TryGetValue(ins.Mechanism ?? "", out var chans))
                problems.Add(new FieldProblem($"Insert[{i}].Mechanism", $"expected hh, pas{string.Concat(mechanisms.Keys.Select(k => ", " + k))}, got '{ins.Mechanism}'"));
            else
                foreach (int s in regionSections) foreach (int c in chans) inserted[s, c] = true;
        }

        var g = new double[sections, channelCount];
        var e = new double[sections, channelCount];
        var cm = new double[sections];
        var ra = new double[sections];
        for (int s = 0; s < sections; s++)
        {
            cm[s] = membrane.CmUFPerCm2;
            ra[s] = Discretisation.DefaultRaOhmCm;
            for (int c = 0; c < channelCount; c++) { g[s, c] = all[c].GMaxMSPerCm2; e[s, c] = all[c].EMv; }
        }
        var perNeuron = new List<(int Index, RegionParameter P, int[] Sections)>();
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            string field = $"Param[{i}]";
            var regionSections = SectionsOf(morphology, p?.Region);
            if (p is null || regionSections is null)
            {
                problems.Add(new FieldProblem($"{field}.Region", $"expected all, a region or a section name of the cell ({Describe(morphology)}), got '{p?.Region}'"));
                continue;
            }
            if (!double.IsFinite(p.Value)) { problems.Add(new FieldProblem($"{field}.Value", $"expected a finite number, got {p.Value}")); continue; }
            if (p.Neuron is int n && (n < 0 || n >= neurons))
            {
                problems.Add(new FieldProblem($"{field}.Neuron", $"expected a neuron in [0, {neurons - 1}], got {n}"));
                continue;
            }
            if (Resolve(p.Name, mechanismChannels, all) is not { } target)
            {
                problems.Add(new FieldProblem($"{field}.Name", $"expected cm, ra, hh.gna|gk|gl|ena|ek|el, pas.g|e or MECH.g|e, got '{p.Name}'"));
                continue;
            }
            if (target.Kind == "ra" && p.Neuron is not null)
            {
                problems.Add(new FieldProblem($"{field}.Neuron", "ra cannot differ between neurons (they share one matrix); set it for all"));
                continue;
            }
            if ((target.Kind is "cm" or "ra" && !(p.Value > 0)) || (target.Kind == "g" && p.Value < 0))
            {
                problems.Add(new FieldProblem($"{field}.Value", $"{p.Name}: expected {(target.Kind == "g" ? "≥ 0" : "> 0")}, got {p.Value}"));
                continue;
            }
            if (target.Channel is int ch && !regionSections.Any(s => inserted[s, ch]))
            {
                problems.Add(new FieldProblem($"{field}.Name", $"{p.Name}: its mechanism is not inserted in '{p.Region}'"));
                continue;
            }
            if (p.Neuron is not null) { perNeuron.Add((i, p, regionSections)); continue; }
            foreach (int s in regionSections)
                switch (target.Kind)
                {
                    case "cm": cm[s] = p.Value; break;
                    case "ra": ra[s] = p.Value; break;
                    case "g" when inserted[s, target.Channel!.Value]: g[s, target.Channel.Value] = p.Value; break;
                    case "e" when inserted[s, target.Channel!.Value]: e[s, target.Channel.Value] = p.Value; break;
                }
        }
        if (problems.Count > 0) return Fail<FieldProblem, Cell>(toSeq(problems));

        var discretised = Discretisation.Of(morphology, rule, s => ra[s], s => cm[s]);
        if (discretised.IsFail) return Fail<FieldProblem, Cell>(FieldProblem.Parse(discretised.Match(Succ: _ => "", Fail: x => x.Message)));
        var tree = (DiscreteTree)discretised;
        int nodes = tree.Count, size = nodes * neurons;

        double[] PerValue(Func<int, double> ofSection)
        {
            var values = new double[size];
            for (int node = 0; node < nodes; node++) values.AsSpan(node * neurons, neurons).Fill(ofSection(tree.SectionOf[node]));
            return values;
        }
        var cmValues = PerValue(s => cm[s]);
        var gValues = Enumerable.Range(0, channelCount).Select(c => PerValue(s => inserted[s, c] ? g[s, c] : 0.0)).ToArray();
        var eValues = Enumerable.Range(0, channelCount).Select(c => PerValue(s => e[s, c])).ToArray();
        foreach (var (_, p, regionSections) in perNeuron)
        {
            var target = Resolve(p.Name, mechanismChannels, all)!.Value;
            int j = p.Neuron!.Value;
            for (int node = 0; node < nodes; node++)
            {
                int s = tree.SectionOf[node];
                if (!regionSections.Contains(s)) continue;
                int at = node * neurons + j;
                switch (target.Kind)
                {
                    case "cm": cmValues[at] = p.Value; break;
                    case "g" when inserted[s, target.Channel!.Value]: gValues[target.Channel.Value][at] = p.Value; break;
                    case "e" when inserted[s, target.Channel!.Value]: eValues[target.Channel.Value][at] = p.Value; break;
                }
            }
        }

        var gMap = ImmutableDictionary.CreateBuilder<string, ImmutableArray<double>>(StringComparer.Ordinal);
        var eMap = ImmutableDictionary.CreateBuilder<string, ImmutableArray<double>>(StringComparer.Ordinal);
        for (int c = 0; c < channelCount; c++)
        {
            gMap[all[c].Name] = ImmutableArray.Create(gValues[c]);
            // E arrays only where E is not the channel's own everywhere (each local E costs the loops a load).
            if (eValues[c].Any(x => x != all[c].EMv)) eMap[all[c].Name] = ImmutableArray.Create(eValues[c]);
        }
        var local = new LocalValues
        {
            CmUFPerCm2 = cmValues.All(x => x == membrane.CmUFPerCm2) ? ImmutableArray<double>.Empty : ImmutableArray.Create(cmValues),
            GMaxMSPerCm2 = gMap.ToImmutable(),
            EMv = eMap.ToImmutable(),
        };
        return Success<FieldProblem, Cell>(new Cell(new TreeCable(tree), added, local, neurons));
    }

    /// <summary>"3 regions (soma, dend, apic) and 79 sections": for messages.</summary>
    internal static string Describe(MorphologyTree morphology)
    {
        var regions = morphology.Sections.Select(s => s.Region).Distinct().ToArray();
        return $"regions {string.Join(", ", regions)}; {morphology.Sections.Length} sections, e.g. {morphology.Sections[0].Name}";
    }

    private static int[]? SectionsOf(MorphologyTree morphology, string? region)
    {
        if (string.IsNullOrWhiteSpace(region)) return null;
        if (region == "all") return Enumerable.Range(0, morphology.Sections.Length).ToArray();
        var byRegion = Enumerable.Range(0, morphology.Sections.Length).Where(i => morphology.Sections[i].Region == region).ToArray();
        if (byRegion.Length > 0) return byRegion;
        return morphology.IndexOf(region) is int section ? [section] : null;
    }

    private static (string Kind, int? Channel)? Resolve(string? name, Dictionary<string, int[]> mechanismChannels, Channel[] all)
    {
        if (name is "cm" or "ra") return (name, null);
        if (name is null || name.Split('.') is not [var mechanism, var parameter]) return null;
        if (mechanism == "hh")
            return HhParameters.TryGetValue(parameter, out var x) ? (x.IsG ? "g" : "e", System.Array.FindIndex(all, c => c.Name == x.Channel)) : null;
        if (!mechanismChannels.TryGetValue(mechanism, out var channels) || channels.Length != 1) return null;
        return parameter switch { "g" => ("g", channels[0]), "e" => ("e", channels[0]), _ => null };
    }
}
