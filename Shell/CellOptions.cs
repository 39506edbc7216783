using System.Globalization;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Shell;

/// <summary>
/// The run options of a branched cell (<c>--morphology FILE</c> and what goes with it), as rows of the one run option
/// table: <c>--nseg | --d-lambda | --segment-length-um</c>, <c>--insert REGION:MECH</c>, <c>--param REGION:NAME=VALUE</c>,
/// <c>--record-sites</c>, and the site form of <c>--stim</c>. Values are parsed here; whether a region, section or
/// mechanism exists is known only with the file, so <see cref="CellRun"/> checks that when it builds the cell.
/// </summary>
internal static class CellOptions
{
    /// <summary>The discretisation when none is given: NEURON's d_lambda rule with 0.1 (segments ≤ 0.1 λ at 100 Hz).</summary>
    public static readonly NsegRule DefaultNsegRule = new NsegRule.DLambda(0.1);

    /// <summary>The start of a morphology run unless --init says otherwise: NEURON's finitialize(−65 mV).</summary>
    public const double DefaultVMv = -65.0;

    private static readonly string[] RuleOptions = ["nseg", "d-lambda", "segment-length-um"];

    public static OptionSpec Morphology() => new("morphology", "FILE",
        "a branched cell: an SWC file (read as NEURON 8.2's Import3d does) or a JSON morphology (.json); see docs/morphology.md. " +
        "Then the defaults are NEURON's: --integrator crank-nicolson, --init steady at --v0 -65, no stimulus, --insert all:hh, d_lambda 0.1",
        (o, text) => text.Length == 0 ? ParseOutcome.Fail("expected a file name, got ''") : o with
        {
            MorphologyFile = text,
            // Applied after --preset and before --integrator, --init and --stim (table order), so those still override.
            Parameters = o.Parameters with
            {
                Integrator = IntegratorKind.CrankNicolson, Initial = InitialConditions.Steady(DefaultVMv), Stimulus = Stimulus.None,
            },
        }, Save: o => o.MorphologyFile);

    public static IEnumerable<OptionSpec> Discretisation() =>
    [
        Rule("nseg", "INTEGER", "with --morphology: N segments in every section (one of --nseg, --d-lambda, --segment-length-um; default --d-lambda 0.1)",
            text => Parse.Int(text, out int n) && n >= 1 && n <= Core.Morphology.Discretisation.MaxNseg
                ? new NsegRule.Fixed(n) : null, $"an integer in [1, {Core.Morphology.Discretisation.MaxNseg}]",
            r => r is NsegRule.Fixed f ? (long)f.Nseg : null),
        Rule("d-lambda", "NUMBER", "with --morphology: NEURON's d_lambda rule, segments ≤ F × the length constant at 100 Hz (the default, with 0.1)",
            text => Parse.Double(text, out double x) && double.IsFinite(x) && x > 0 ? new NsegRule.DLambda(x) : null, "a number > 0 (NEURON's usual 0.1)",
            r => r is NsegRule.DLambda d ? d.Fraction : null),
        Rule("segment-length-um", "NUMBER", "with --morphology: nseg = 1 + 2·floor(L/D) in each section, D in µm",
            text => Parse.Double(text, out double x) && double.IsFinite(x) && x > 0 ? new NsegRule.SegmentLength(x) : null, "a length > 0 µm",
            r => r is NsegRule.SegmentLength s ? s.MaxLengthUm : null),
    ];

    private static OptionSpec Rule(string name, string valueHelp, string help, Func<string, NsegRule?> parse, string expected, Func<NsegRule, object?> save) =>
        new(name, valueHelp, help, (o, text) =>
        {
            if (o.MorphologyFile is null) return ParseOutcome.Fail("applies with --morphology only");
            if (o.NsegOption is { } other && other != name)
                return ParseOutcome.Fail($"expected one of --{string.Join(", --", RuleOptions)}, got --{other} too");
            return parse(text) is { } rule ? o with { NsegRule = rule, NsegOption = name } : ParseOutcome.Fail($"expected {expected}, got '{CommandLine.Shorten(text)}'");
        }, Save: o => o.MorphologyFile is null ? null : save(o.NsegRule));

    public static OptionSpec Insert() => new("insert", "REGION:MECH",
        "with --morphology: insert mechanism MECH (hh or pas) in REGION (all, soma, axon, dend, apic, another type, or a section name); " +
        "repeatable; any --insert replaces the default all:hh",
        (o, text) =>
        {
            if (o.MorphologyFile is null) return ParseOutcome.Fail("applies with --morphology only");
            int colon = text.IndexOf(':');
            if (colon <= 0 || colon == text.Length - 1 || text.IndexOf(':', colon + 1) >= 0)
                return ParseOutcome.Fail($"expected REGION:MECH, e.g. dend:pas, got '{CommandLine.Shorten(text)}'");
            return o with { Inserts = o.Inserts.Append(new Insertion(text[..colon].Trim(), text[(colon + 1)..].Trim())).ToArray() };
        }, Repeatable: true, Save: o => o.MorphologyFile is null || o.Inserts.Count == 0 ? null : o.Inserts.Select(i => $"{i.Region}:{i.Mechanism}").ToArray());

    public static OptionSpec Param() => new("param", "REGION:NAME=VALUE",
        "with --morphology: a value in REGION; NAME is cm (µF/cm²), ra (Ω·cm), hh.gna|gk|gl (mS/cm²), hh.ena|ek|el (mV), pas.g (mS/cm²) " +
        "or pas.e (mV), e.g. dend:pas.g=0.05; repeatable, a later one wins where both apply; unset values are NEURON's " +
        "(cm 1, ra 35.4, pas.g 1, pas.e -70) and hh's are --gna … --el; a trailing @J gives the value to neuron J of --neurons only " +
        "(dend:pas.g=0.05@3: neurons that differ, side by side in SIMD lanes; not for ra)",
        (o, text) =>
        {
            if (o.MorphologyFile is null) return ParseOutcome.Fail("applies with --morphology only");
            // An empty list in a config file.
            if (text == "none") return o with { RegionParameters = Array.Empty<RegionParameter>() };
            int colon = text.IndexOf(':'), eq = text.IndexOf('=');
            if (colon <= 0 || eq < colon + 2 || eq == text.Length - 1)
                return ParseOutcome.Fail($"expected REGION:NAME=VALUE, e.g. dend:pas.g=0.05, got '{CommandLine.Shorten(text)}'");
            string valueText = text[(eq + 1)..].Trim();
            int? neuron = null;
            if (valueText.IndexOf('@') is int at and >= 0)
            {
                if (!Parse.Int(valueText[(at + 1)..].Trim(), out int j) || j < 0)
                    return ParseOutcome.Fail($"expected a neuron index ≥ 0 after '@', got '{CommandLine.Shorten(valueText[(at + 1)..])}'");
                neuron = j;
                valueText = valueText[..at].Trim();
            }
            if (!Parse.Double(valueText, out double value) || !double.IsFinite(value))
                return ParseOutcome.Fail($"expected a finite number after '=', got '{CommandLine.Shorten(valueText)}'");
            var p = new RegionParameter(text[..colon].Trim(), text[(colon + 1)..eq].Trim(), value) { Neuron = neuron };
            return o with { RegionParameters = o.RegionParameters.Append(p).ToArray() };
        }, Repeatable: true, Save: o => o.MorphologyFile is null ? null
            : o.RegionParameters.Select(p => $"{p.Region}:{p.Name}={Parse.Show(p.Value)}{(p.Neuron is int j ? $"@{j}" : "")}").ToArray());

    public static OptionSpec RecordSites() => new("record-sites", "LIST",
        "with --morphology: the sites to record, e.g. soma(0.5),dend[12](1) (SECTION(x), x in [0, 1]); CSV columns are named by them " +
        "(default: soma(0.5), or the root section's middle)",
        (o, text) =>
        {
            if (o.MorphologyFile is null) return ParseOutcome.Fail("applies with --morphology only");
            var sites = new List<Site>();
            foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
            {
                var site = Site.Parse(part);
                if (site.IsFail) return ParseOutcome.Fail(site.Match(Succ: _ => "", Fail: e => e.Message));
                sites.Add((Site)site);
            }
            var names = sites.Select(s => s.ToString()).ToList();
            if (names.Distinct().Count() != names.Count)
                return ParseOutcome.Fail($"expected each site once (each is one CSV column), got {names.GroupBy(n => n).First(g => g.Count() > 1).Key} more than once");
            return o with { RecordSites = sites };
        }, Save: o => o.RecordSites is { } s && o.MorphologyFile is not null ? string.Join(',', s) : null);

    /// <summary>The site form of one --stim value (START,END,AMP,SITE with AMP in nA), or why not.</summary>
    public static ParseOutcome SiteStim(RunOptions o, List<SiteStimulus> kept, string text)
    {
        // A site holds no comma: the first three commas end the numbers.
        var parts = text.Split(',', 4, StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !Parse.Double(parts[0], out double start) || !Parse.Double(parts[1], out double end)
            || !Parse.Double(parts[2], out double amp))
            return ParseOutcome.Fail($"expected START_MS,END_MS,AMPLITUDE_NA,SITE with a site like soma(0.5) (with --morphology), or none, got '{CommandLine.Shorten(text)}'");
        if (Parse.Int(parts[3], out _))
            return ParseOutcome.Fail($"expected a site like soma(0.5) as the 4th field with --morphology (compartment numbers are for cables), got '{parts[3]}'");
        var site = Site.Parse(parts[3]);
        if (site.IsFail) return ParseOutcome.Fail(site.Match(Succ: _ => "", Fail: e => e.Message));
        if (!(double.IsFinite(start) && double.IsFinite(end) && double.IsFinite(amp)))
            return ParseOutcome.Fail($"expected finite numbers, got '{CommandLine.Shorten(text)}'");
        if (!(start <= end)) return ParseOutcome.Fail($"expected START ≤ END, got {Parse.Show(start)} > {Parse.Show(end)}");
        kept.Add(new SiteStimulus(start, end, amp, (Site)site));
        return o with { StimGiven = true, SiteStimuli = kept };
    }

    public static string ShowSiteStim(SiteStimulus s) =>
        string.Join(',', Parse.Show(s.StartMs), Parse.Show(s.EndMs), Parse.Show(s.AmplitudeNA), s.Site.ToString());

    /// <summary>
    /// An option of the plain cable that a morphology replaces: refused with --morphology (saying what to use instead),
    /// and left out of --save-config then.
    /// </summary>
    public static OptionSpec NotWithMorphology(OptionSpec spec, string instead) => spec with
    {
        Apply = (o, text) => o.MorphologyFile is not null
            ? ParseOutcome.Fail($"does not apply with --morphology ({instead})")
            : spec.Apply(o, text),
        Save = spec.Save is null ? null : o => o.MorphologyFile is null ? spec.Save(o) : null,
    };

    /// <summary>"1st", "2nd" …, for messages about repeated options.</summary>
    internal static string Ordinal(int n) => n.ToString(CultureInfo.InvariantCulture) + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
