using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Core.Network;
using MorphologyTree = HHFunctional.Core.Morphology.Morphology;

namespace HHFunctional.Shell;

internal static partial class NetworkFile
{
    internal static readonly string[] CellTypeKeys = ["morphology", "nseg", "d-lambda", "segment-length-um", "insert", "param", "stim"];
    internal static readonly string[] PopulationKeys = ["name", "cell-type", "count", "spike-site", "spike-threshold-mv"];

    /// <summary>The synapse kinds of a synapse type's <c>kind</c>, with their keys (besides "kind") and which are required.</summary>
    internal static readonly (string Kind, string[] Keys, string[] Required)[] SynapseKinds =
    [
        ("exp-syn", ["tau-ms", "e-mv"], ["tau-ms", "e-mv"]),
        ("exp2-syn", ["tau1-ms", "tau2-ms", "e-mv"], ["tau1-ms", "tau2-ms", "e-mv"]),
        // AMPA + NMDA with Jahr & Stevens' magnesium block (Core/Network/GlutamateSyn.cs); every key has its default there.
        ("glutamate", ["ampa-tau1-ms", "ampa-tau2-ms", "nmda-tau1-ms", "nmda-tau2-ms", "nmda-ratio", "mg-mm", "e-mv"], []),
    ];

    /// <summary>run's options that say how a cell is built, applied by run's own parsers (the one option table).</summary>
    private static readonly IReadOnlyList<OptionSpec> CellTable = [.. CellOptions.Discretisation(), CellOptions.Insert(), CellOptions.Param()];

    /// <summary>A cell type as read: its morphology and run options (null when broken), with where each value came from.</summary>
    private sealed record CellType(string Path, MorphologyTree? Morphology, RunOptions? Options, List<RawOption> Raw);

    /// <summary>A population as read; <paramref name="Cell"/> and <paramref name="Spec"/> are null when it could not be built.</summary>
    private sealed record PopulationInfo(string Name, string CellType, int Count, string Path, Cell? Cell, SimulationSpec? Spec)
    {
        /// <summary>spike-site and spike-threshold-mv as given (null: not given).</summary>
        public Site? SpikeSite { get; init; }
        public double? SpikeThresholdMv { get; init; }
        /// <summary>The first projection out of the population: its source-site and threshold.</summary>
        public (Site Site, double ThresholdMv)? FirstOut { get; init; }
        public MorphologyTree? Morphology { get; init; }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NameRule();

    private sealed partial class Reader
    {
        private Dictionary<string, CellType> CellTypes(JsonElement root)
        {
            var types = new Dictionary<string, CellType>(StringComparer.Ordinal);
            if (json.Member(root, "cell-types", "$", required: true, "an object of cell types by name") is not { } all
                || !json.Object(all, "$.cell-types", all.ValueKind == JsonValueKind.Object ? all.EnumerateObject().Select(p => p.Name).ToArray() : []))
                return types;
            foreach (var property in all.EnumerateObject())
            {
                string at = RunConfig.Child("$.cell-types", property.Name);
                if (types.ContainsKey(property.Name)) continue;
                types[property.Name] = CellTypeOf(property.Value, at);
            }
            return types;
        }

        private CellType CellTypeOf(JsonElement e, string at)
        {
            var raw = new List<RawOption>();
            if (!json.Object(e, at, CellTypeKeys)) return new CellType(at, null, null, raw);
            var morphology = Morphology(e, at);
            raw.Add(new RawOption("morphology", "", $"{json.Label}: {at}.morphology"));
            JsonElement? nsegMap = null;
            foreach (string key in new[] { "nseg", "d-lambda", "segment-length-um" })
            {
                if (!e.TryGetProperty(key, out var v)) continue;
                if (key == "nseg" && v.ValueKind == JsonValueKind.Object) { nsegMap = v; continue; }
                if (v.ValueKind != JsonValueKind.Number) { json.Add($"{at}.{key}", $"expected a number, got {JsonFields.Describe(v)}"); continue; }
                raw.Add(new RawOption(key, v.GetRawText(), $"{json.Label}: {at}.{key}"));
            }
            foreach (string key in new[] { "insert", "param" })
                foreach (var (text, path) in json.Strings(e, key, at, key == "insert" ? "REGION:MECH" : "REGION:NAME=VALUE"))
                    raw.Add(new RawOption(key, text, $"{json.Label}: {path}"));
            // Parsed by run's parsers: the same syntax, units and messages as --insert, --param, --nseg ….
            var (options, problems) = CommandLine.Apply(raw, CellTable, new RunOptions { MorphologyFile = at });
            json.Problems.AddRange(problems);
            if (nsegMap is { } map && options.NsegOption is not null)
                json.Add($"{at}.nseg", $"expected one of nseg, d-lambda, segment-length-um, got {options.NsegOption} too");
            var stimuli = new List<SiteStimulus>();
            foreach (var (text, path) in json.Strings(e, "stim", at, "START_MS,END_MS,AMPLITUDE_NA,SITE"))
            {
                var outcome = CellOptions.SiteStim(options, stimuli, text);
                if (outcome.Error is { } error) json.Add(path, error);
                raw.Add(new RawOption("stim", text, $"{json.Label}: {path}"));
            }
            options = options with { SiteStimuli = stimuli };
            if (morphology is not null && nsegMap is { } m && PerSection(m, $"{at}.nseg", morphology) is { } rule)
                options = options with { NsegRule = rule, NsegOption = "nseg" };
            bool ok = morphology is not null && problems.Count == 0 && (nsegMap is null || options.NsegRule is NsegRule.PerSection);
            // Built once here, whether or not a population uses it, so that every problem of every type is reported
            // (mechanisms, regions, sites, discretisation), even beside problems of its values.
            if (morphology is not null && Build(new CellType(at, morphology, options, raw), options, morphology, 1, reportProblems: true).Item1 is null) ok = false;
            return new CellType(at, morphology, ok ? options : null, raw);
        }

        /// <summary>The morphology of a cell type: a file (relative to the network file) or inline sections.</summary>
        private MorphologyTree? Morphology(JsonElement e, string at)
        {
            if (json.Member(e, "morphology", at, required: true, "a morphology file (.swc or .json) or an inline {\"sections\": [...]}") is not { } m) return null;
            string mat = $"{at}.morphology";
            if (m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } file)
            {
                string full = Path.Combine(folder, file);
                if (!_morphologies.TryGetValue(full, out var read)) _morphologies[full] = read = MorphologyFile.Read(full);
                foreach (var p in read.Problems) json.Add(mat, p);
                return read.Morphology;
            }
            if (m.ValueKind == JsonValueKind.Object)
            {
                // LanguageExt's Match refuses a null result: the two cases are taken apart instead.
                var read = MorphologyJson.Read(m.GetRawText(), json.Label);
                foreach (var err in read.FailToSeq()) json.Add(mat + err.Path[1..], $"{err.Rule}: {err.Detail}");
                return read.IsSuccess ? read.SuccessToSeq().Head() : null;
            }
            json.Add(mat, $"expected a morphology file name or an object with \"sections\", got {JsonFields.Describe(m)}");
            return null;
        }

        private readonly Dictionary<string, (MorphologyTree? Morphology, List<string> Problems)> _morphologies = new(StringComparer.Ordinal);

        /// <summary><c>"nseg": {"soma": 1, "dend": 4}</c>: per section, by its name, else its region, else "all".</summary>
        private NsegRule.PerSection? PerSection(JsonElement map, string at, MorphologyTree morphology)
        {
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in map.EnumerateObject())
            {
                string key = RunConfig.Child(at, p.Name);
                if (p.Name != "all" && morphology.IndexOf(p.Name) is null && !morphology.Sections.Any(s => s.Region == p.Name))
                    json.Add(key, $"expected a section name, a region ({string.Join(", ", morphology.Sections.Select(s => s.Region).Distinct())}) or all");
                else if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int n) || n < 1 || n > Discretisation.MaxNseg)
                    json.Add(key, $"expected an integer in [1, {Discretisation.MaxNseg}], got {JsonFields.Describe(p.Value)}");
                // A region's name ("dend") is the region, though hoc would read it as its first section (dend[0]).
                else values[morphology.Sections.Any(x => x.Name == p.Name || x.Region == p.Name) || p.Name == "all" ? p.Name
                    : morphology.Sections[(int)morphology.IndexOf(p.Name)!].Name] = n;
            }
            var nseg = new int[morphology.Sections.Length];
            for (int s = 0; s < nseg.Length; s++)
            {
                var section = morphology.Sections[s];
                if (values.TryGetValue(section.Name, out int n) || values.TryGetValue(section.Region, out n) || values.TryGetValue("all", out n)) nseg[s] = n;
                else
                {
                    json.Add(at, $"no nseg for section {section.Name}: give its name, its region '{section.Region}' or all");
                    return null;
                }
            }
            return new NsegRule.PerSection([.. nseg]);
        }

        private Dictionary<string, (SynapseKind? Kind, string Path)> SynapseTypes(JsonElement root)
        {
            var types = new Dictionary<string, (SynapseKind?, string)>(StringComparer.Ordinal);
            if (json.Member(root, "synapse-types", "$", required: false, "") is not { } all) return types;
            if (all.ValueKind != JsonValueKind.Object) { json.Add("$.synapse-types", $"expected an object of synapse types by name, got {JsonFields.Describe(all)}"); return types; }
            foreach (var property in all.EnumerateObject())
            {
                string at = RunConfig.Child("$.synapse-types", property.Name);
                if (types.ContainsKey(property.Name)) { json.Add(at, "given twice, expected once"); continue; }
                types[property.Name] = (SynapseOf(property.Value, at), at);
            }
            return types;
        }

        private SynapseKind? SynapseOf(JsonElement e, string at)
        {
            if (KindOf(e, at, [.. SynapseKinds.Select(k => (k.Kind, k.Keys))]) is not { } kind) return null;
            double? Tau(string key) => json.Number(e, key, at, required: true, "a time constant > 0 ms", x => x > 0);
            double? E() => json.Number(e, "e-mv", at, required: true, "a reversal potential, mV");
            switch (kind)
            {
                case "exp-syn":
                {
                    var (tau, rev) = (Tau("tau-ms"), E());
                    return tau is { } t && rev is { } r ? new ExpSyn(t, r) : null;
                }
                case "exp2-syn":
                {
                    var (tau1, tau2, rev) = (Tau("tau1-ms"), Tau("tau2-ms"), E());
                    if (tau1 is { } t1 && tau2 is { } t2 && !(t2 > t1)) { json.Add($"{at}.tau2-ms", $"expected τ2 > τ1 ({JsonFields.Show(t1)} ms), got {JsonFields.Show(t2)}"); return null; }
                    return tau1 is { } a && tau2 is { } b && rev is { } r ? new Exp2Syn(a, b, r) : null;
                }
                default:
                {
                    var d = new GlutamateSyn();
                    double? Value(string key, double fallback, string expected, Func<double, bool> ok) =>
                        e.TryGetProperty(key, out _) ? json.Number(e, key, at, required: false, expected, ok) : fallback;
                    var ampa1 = Value("ampa-tau1-ms", d.AmpaTau1Ms, "a time constant > 0 ms", x => x > 0);
                    var ampa2 = Value("ampa-tau2-ms", d.AmpaTau2Ms, "a time constant > 0 ms", x => x > 0);
                    var nmda1 = Value("nmda-tau1-ms", d.NmdaTau1Ms, "a time constant > 0 ms", x => x > 0);
                    var nmda2 = Value("nmda-tau2-ms", d.NmdaTau2Ms, "a time constant > 0 ms", x => x > 0);
                    var ratio = Value("nmda-ratio", d.NmdaRatio, "a ratio ≥ 0 (the NMDA peak over the AMPA peak)", x => x >= 0);
                    var mg = Value("mg-mm", d.MgMM, "a concentration ≥ 0 mM", x => x >= 0);
                    var rev = Value("e-mv", d.ReversalMv, "a reversal potential, mV", _ => true);
                    bool ok = true;
                    foreach (var (t1, t2, key) in new[] { (ampa1, ampa2, "ampa-tau2-ms"), (nmda1, nmda2, "nmda-tau2-ms") })
                        if (t1 is { } a && t2 is { } b && !(b > a)) { json.Add($"{at}.{key}", $"expected τ2 > τ1 ({JsonFields.Show(a)} ms), got {JsonFields.Show(b)}"); ok = false; }
                    return ok && ampa1 is { } a1 && ampa2 is { } a2 && nmda1 is { } n1 && nmda2 is { } n2 && ratio is { } r && mg is { } m && rev is { } ev
                        ? new GlutamateSyn { AmpaTau1Ms = a1, AmpaTau2Ms = a2, NmdaTau1Ms = n1, NmdaTau2Ms = n2, NmdaRatio = r, MgMM = m, ReversalMv = ev }
                        : null;
                }
            }
        }

        private List<PopulationInfo> Populations(JsonElement root, Dictionary<string, CellType> cellTypes)
        {
            var result = new List<PopulationInfo>();
            var built = new Dictionary<(string, int), (Cell?, SimulationSpec?)>();
            var items = json.Array(root, "populations", "$", required: true, "the populations: name, cell-type, count");
            if (items.Count == 0 && root.TryGetProperty("populations", out var given) && given.ValueKind == JsonValueKind.Array)
                json.Add("$.populations", "expected at least one population, got none");
            foreach (var (e, at) in items)
            {
                if (!json.Object(e, at, PopulationKeys)) { result.Add(new PopulationInfo("", "", 0, at, null, null)); continue; }
                string? name = json.String(e, "name", at, required: true, "the population's name");
                if (name is not null && !NameRule().IsMatch(name))
                    json.Add($"{at}.name", $"expected a name of letters, digits, _ . - (starting with a letter or _, at most 64), got '{CommandLine.Shorten(name)}'");
                else if (name is not null && result.Any(p => p.Name == name)) json.Add($"{at}.name", $"expected a unique name, got '{name}' twice");
                string? type = json.String(e, "cell-type", at, required: true, "a name in cell-types");
                var count = json.Integer(e, "count", at, required: true, 1, MaxCount, "the number of cells");
                var threshold = json.Number(e, "spike-threshold-mv", at, required: false, "a potential, mV");
                Site? spikeSite = null;
                if (json.String(e, "spike-site", at, required: false, "a site like soma(0.5)") is { } siteText)
                {
                    var parsed = Site.Parse(siteText);
                    if (parsed.IsSucc) spikeSite = (Site)parsed;
                    else json.Add($"{at}.spike-site", parsed.Match(Succ: _ => "", Fail: err => err.Message));
                }
                CellType? cellType = null;
                if (type is not null && !cellTypes.TryGetValue(type, out cellType))
                    json.Add($"{at}.cell-type", $"expected one of the cell types ({string.Join(", ", cellTypes.Keys)}), got '{CommandLine.Shorten(type)}'");
                (Cell? Cell, SimulationSpec? Spec) cell = (null, null);
                if (cellType is { Options: { } options, Morphology: { } morphology } && count is { } n)
                {
                    if (!built.TryGetValue((type!, (int)n), out cell))
                        built[(type!, (int)n)] = cell = Build(cellType, options, morphology, (int)n, reportProblems: false);
                }
                result.Add(new PopulationInfo(name ?? "", type ?? "", (int)(count ?? 0), at, cell.Cell, cell.Spec)
                    { SpikeSite = spikeSite, SpikeThresholdMv = threshold, Morphology = cellType?.Morphology });
            }
            return result;
        }

        /// <summary>A cell type built for <paramref name="neurons"/> cells (with run's CellRun), or null with its problems.</summary>
        private (Cell?, SimulationSpec?) Build(CellType type, RunOptions options, MorphologyTree morphology, int neurons, bool reportProblems)
        {
            var (run, problems) = CellRun.Build(options with { Parameters = Parameters(neurons) }, type.Raw, _ => (morphology, []));
            if (run is null)
            {
                if (reportProblems) json.Problems.AddRange(problems.Select(p => p.StartsWith(json.Label, StringComparison.Ordinal) ? p : $"{json.Label}: {type.Path}: {p}"));
                return (null, null);
            }
            var validation = SimulationSpec.Validate(run.Parameters);
            if (validation.IsFail)
            {
                if (reportProblems)
                    foreach (var p in validation.FailToSeq().Map(e => e is FieldError f ? f.Problem : new FieldProblem("", e.Message)))
                    {
                        string message = Explain(p, type.Path);
                        if (!json.Problems.Contains(message)) json.Problems.Add(message);
                    }
                return (null, null);
            }
            return (run.Cell, validation.SuccessToSeq().Head());
        }
    }
}
