using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Network;

namespace HHFunctional.Shell;

internal static partial class NetworkFile
{
    internal static readonly string[] ProjectionKeys = ["source", "source-site", "threshold-mv", "target", "target-site", "synapse", "weight-us", "delay-ms", "rule"];
    internal static readonly string[] SourceKeys = ["name", "times-ms", "regular", "poisson", "target", "cells", "site", "synapse", "weight-us", "delay-ms"];

    internal static readonly string[] RegularKeys = ["start-ms", "interval-ms", "end-ms"];
    internal static readonly string[] PoissonKeys = ["rate-hz", "start-ms", "end-ms", "seed"];

    internal static readonly (string Kind, string[] Keys)[] RuleKinds =
    [
        ("one-to-one", []),
        ("all-to-all", ["allow-self"]),
        ("fixed-probability", ["p", "seed", "allow-self"]),
        ("fixed-in-degree", ["k", "seed", "allow-self"]),
        ("list", ["file"]),
    ];

    /// <summary>The list rule's CSV header.</summary>
    public const string ListHeader = "source,target,weight_us,delay_ms";

    /// <summary>Most problems listed for one CSV file.</summary>
    private const int MaxCsvProblems = 20;

    [GeneratedRegex(@"^(?<pop>[^\[\]:]+)\[(?<cell>[0-9]+)\]:(?<site>.+)$")]
    private static partial Regex Place();

    /// <summary>The projections and sources as read, handed to Core's <see cref="NetworkBuilder"/>, which wires them (one
    /// synapse per population, cell, site and synapse kind; one detector per population, cell, site and threshold).</summary>
    private sealed class Wiring(NetworkBuilder builder)
    {
        public NetworkBuilder Builder { get; set; } = builder;
    }

    private sealed partial class Reader
    {
        /// <summary>The population named <paramref name="key"/>'s value, or null (a problem when unknown).</summary>
        private int? PopulationRef(JsonElement e, string key, string at, List<PopulationInfo> populations)
        {
            if (json.String(e, key, at, required: true, "a population's name") is not { } name) return null;
            int i = populations.FindIndex(p => p.Name == name);
            if (i < 0) json.Add($"{at}.{key}", $"expected one of the populations ({string.Join(", ", populations.Select(p => p.Name).Distinct())}), got '{CommandLine.Shorten(name)}'");
            return i < 0 ? null : i;
        }

        /// <summary>The node of a site (SECTION(x)) of a population's cell, or null (a problem when the site is bad).</summary>
        private int? Node(PopulationInfo population, string siteText, string at)
        {
            var parsed = Site.Parse(siteText);
            if (parsed.IsFail) { json.Add(at, parsed.Match(Succ: _ => "", Fail: e => e.Message)); return null; }
            var site = (Site)parsed;
            if (population.Morphology is { } m && m.IndexOf(site.Section) is null)
            {
                json.Add(at, $"site {site}: no section named '{site.Section}' in cell type '{population.CellType}' (its sections: " +
                             $"{string.Join(", ", m.Sections.Take(4).Select(s => s.Name))}{(m.Sections.Length > 4 ? ", …" : "")})");
                return null;
            }
            if (population.Cell is not { } cell) return null;
            var node = cell.NodeOf(site);
            if (node.IsFail) { json.Add(at, node.Match(Succ: _ => "", Fail: e => e.Message)); return null; }
            return (int)node;
        }

        private (SynapseKind Kind, string Name)? SynapseRef(JsonElement e, string at, Dictionary<string, (SynapseKind? Kind, string Path)> types)
        {
            if (json.String(e, "synapse", at, required: true, "a name in synapse-types") is not { } name) return null;
            if (!types.TryGetValue(name, out var type))
            {
                json.Add($"{at}.synapse", $"expected one of the synapse types ({string.Join(", ", types.Keys)}), got '{CommandLine.Shorten(name)}'");
                return null;
            }
            return type.Kind is { } kind ? (kind, name) : null;
        }

        private double? Weight(JsonElement e, string at, bool required) =>
            json.Number(e, "weight-us", at, required, "a weight ≥ 0 µS", x => x >= 0);

        private double? Delay(JsonElement e, string at, bool required, double minMs) =>
            json.Number(e, "delay-ms", at, required, minMs > 0 ? $"a delay ≥ dt ({JsonFields.Show(minMs)} ms)" : "a delay ≥ 0 ms", x => x >= minMs);

        private void Projections(JsonElement root, List<PopulationInfo> populations, Dictionary<string, (SynapseKind? Kind, string Path)> synapseTypes, Wiring wiring)
        {
            long total = 0;
            foreach (var (e, at) in json.Array(root, "projections", "$", required: false, "the projections"))
            {
                if (!json.Object(e, at, ProjectionKeys)) continue;
                var (source, target) = (PopulationRef(e, "source", at, populations), PopulationRef(e, "target", at, populations));
                string? sourceSite = json.String(e, "source-site", at, required: true, "the site whose v is watched, e.g. soma(0.5)");
                string? targetSite = json.String(e, "target-site", at, required: true, "the synapse's site, e.g. dend[0](0.5)");
                double threshold = json.Number(e, "threshold-mv", at, required: false, "a potential, mV") ?? DefaultThresholdMv;
                var synapse = SynapseRef(e, at, synapseTypes);
                var rule = Rule(e, at);
                bool list = rule is ListRule;
                var weight = Weight(e, at, required: !list);
                var delay = Delay(e, at, required: !list, _dtMs);
                int? sourceNode = source is { } s && sourceSite is not null ? Node(populations[s], sourceSite, $"{at}.source-site") : null;
                int? targetNode = target is { } t && targetSite is not null ? Node(populations[t], targetSite, $"{at}.target-site") : null;
                if (source is not { } src || target is not { } tgt || rule is null) continue;
                var (up, down) = (populations[src], populations[tgt]);
                // The first projection out of a population says where its spikes are detected, unless it says so itself.
                if (up.FirstOut is null && sourceSite is not null && Site.Parse(sourceSite).IsSucc)
                    populations[src] = up = up with { FirstOut = ((Site)Site.Parse(sourceSite), threshold) };
                if (up.Count < 1 || down.Count < 1) continue;
                List<(int Source, int Target, double? WeightUS, double? DelayMs)> pairs;
                if (rule is ListRule l) pairs = ReadList(l.File, $"{at}.rule.file", up, down, weight, delay) ?? [];
                else
                {
                    var r = ((CoreRule)rule).Rule;
                    var problems = ConnectionRules.Problems(r, up.Count, down.Count, src == tgt);
                    foreach (var p in problems)
                        json.Add(p.Field switch { "P" => $"{at}.rule.p", "K" => $"{at}.rule.k", _ => $"{at}.rule" }, p.Rule);
                    if (problems.Count > 0) continue;
                    double expected = r switch
                    {
                        ConnectionRule.FixedInDegree d => (double)d.K * down.Count,
                        ConnectionRule.FixedProbability f => f.P * up.Count * down.Count,
                        ConnectionRule.OneToOne => down.Count,
                        _ => (double)up.Count * down.Count,
                    };
                    if (total + expected > MaxConnections)
                    {
                        json.Add($"{at}.rule", $"expected at most {MaxConnections:N0} connections in the network, got about {total + expected:N0} with this projection");
                        continue;
                    }
                    pairs = ConnectionRules.Pairs(r, up.Count, down.Count, src == tgt).Match(
                        Succ: ps => ps.Select(p => (p.Source, p.Target, (double?)null, (double?)null)).ToList(), Fail: _ => []);
                }
                total += pairs.Count;
                if (synapse is not { } syn || sourceNode is null || targetNode is null) continue;
                wiring.Builder = wiring.Builder.Projection(up.Name, sourceSite!, threshold, down.Name, targetSite!, syn.Kind,
                    pairs.Where(p => (p.WeightUS ?? weight) is not null && (p.DelayMs ?? delay) is not null)
                        .Select(p => (p.Source, p.Target, (p.WeightUS ?? weight)!.Value, (p.DelayMs ?? delay)!.Value)));
            }
        }

        private abstract record RuleOf;
        private sealed record CoreRule(ConnectionRule Rule) : RuleOf;
        private sealed record ListRule(string File) : RuleOf;

        /// <summary>
        /// An object whose "kind" picks a row of <paramref name="table"/>, holding only "kind" and that row's keys: the kind,
        /// or null with the problems added (not an object, no or an unknown kind, other keys).
        /// </summary>
        private string? KindOf(JsonElement e, string at, (string Kind, string[] Keys)[] table)
        {
            if (e.ValueKind != JsonValueKind.Object) { json.Add(at, $"expected an object with a \"kind\", got {JsonFields.Describe(e)}"); return null; }
            string kinds = string.Join(", ", table.Select(k => k.Kind));
            if (json.String(e, "kind", at, required: true, kinds) is not { } kind) return null;
            int which = System.Array.FindIndex(table, k => k.Kind == kind);
            if (which < 0) { json.Add($"{at}.kind", $"expected one of {kinds}, got '{CommandLine.Shorten(kind)}'"); return null; }
            return json.Object(e, at, ["kind", .. table[which].Keys]) ? kind : null;
        }

        private RuleOf? Rule(JsonElement e, string at)
        {
            if (json.Member(e, "rule", at, required: true, $"how cells connect: {{\"kind\": {string.Join(" | ", RuleKinds.Select(k => k.Kind))}, …}}") is not { } r) return null;
            string rat = $"{at}.rule";
            if (KindOf(r, rat, RuleKinds) is not { } kind) return null;
            bool allowSelf = json.Bool(r, "allow-self", rat, required: false, "whether a cell may connect to itself") ?? false;
            switch (kind)
            {
                case "one-to-one": return new CoreRule(new ConnectionRule.OneToOne());
                case "all-to-all": return new CoreRule(new ConnectionRule.AllToAll(allowSelf));
                case "fixed-probability":
                {
                    // Any number is read, so that the range check reports "expected a probability in [0, 1], got 1.5".
                    var p = json.Number(r, "p", rat, required: true, "a probability in [0, 1]", x => x >= 0 && x <= 1);
                    var seed = json.Seed(r, "seed", rat, required: true);
                    return p is { } pv && seed is { } sv ? new CoreRule(new ConnectionRule.FixedProbability(pv, sv, allowSelf)) : null;
                }
                case "fixed-in-degree":
                {
                    var k = json.Integer(r, "k", rat, required: true, 0, int.MaxValue, "the in-degree");
                    var seed = json.Seed(r, "seed", rat, required: true);
                    return k is { } kv && seed is { } sv ? new CoreRule(new ConnectionRule.FixedInDegree((int)kv, sv, allowSelf)) : null;
                }
                default:
                    return json.String(r, "file", rat, required: true, $"a CSV file with header {ListHeader}") is { } file ? new ListRule(file) : null;
            }
        }

        /// <summary>The rows of a list rule's CSV (cell indices, and weight and delay when given), or null when unreadable.</summary>
        private List<(int, int, double?, double?)>? ReadList(string file, string at, PopulationInfo from, PopulationInfo to, double? weight, double? delay)
        {
            string full = Path.Combine(folder, file);
            string text;
            try
            {
                if (!File.Exists(full)) { json.Add(at, $"{file}: file not found (paths are relative to the network file)"); return null; }
                var (bytes, tooLong) = BoundedRead.ReadAllBytes(full, MaxListBytes);
                if (bytes is null) { json.Add(at, $"{file}: {tooLong}"); return null; }
                if (RunConfig.InvalidUtf8At(bytes) is { } bad) { json.Add(at, $"{file}: not valid UTF-8 at byte {bad + 1}"); return null; }
                text = new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                json.Add(at, $"{file}: cannot read the file: {e.Message.ReplaceLineEndings(" ")}");
                return null;
            }
            var lines = text.Split('\n');
            if (lines[0].TrimEnd('\r').Trim() != ListHeader)
            {
                json.Add(at, $"{file}:1: expected the header {ListHeader}, got '{CommandLine.Shorten(lines[0].TrimEnd('\r'))}'");
                return null;
            }
            var rows = new List<(int, int, double?, double?)>();
            int problems = 0;
            void Bad(int line, string message)
            {
                if (++problems <= MaxCsvProblems) json.Add(at, $"{file}:{line}: {message}");
                else if (problems == MaxCsvProblems + 1) json.Add(at, $"{file}: … and more bad rows (the first {MaxCsvProblems} are shown)");
            }
            for (int n = 1; n < lines.Length; n++)
            {
                string line = lines[n].TrimEnd('\r');
                if (line.Trim().Length == 0) continue;
                var f = line.Split(',');
                if (f.Length != 4) { Bad(n + 1, $"expected 4 fields ({ListHeader}), got {f.Length}"); continue; }
                int? Cell(string field, string column, PopulationInfo pop)
                {
                    if (Parse.Int(field.Trim(), out int c) && c >= 0 && c < pop.Count) return c;
                    Bad(n + 1, $"{column}: expected a cell index in [0, {pop.Count - 1}] of population '{pop.Name}', got '{CommandLine.Shorten(field)}'");
                    return null;
                }
                double? Value(string field, string column, double min, double? fallback, string expected)
                {
                    if (field.Trim().Length == 0)
                    {
                        if (fallback is null) Bad(n + 1, $"{column}: expected {expected} (the projection gives none), got ''");
                        return fallback;
                    }
                    if (Parse.Double(field.Trim(), out double x) && double.IsFinite(x) && x >= min) return x;
                    Bad(n + 1, $"{column}: expected {expected}, got '{CommandLine.Shorten(field)}'");
                    return null;
                }
                var (s, t) = (Cell(f[0], "source", from), Cell(f[1], "target", to));
                var w = Value(f[2], "weight_us", 0, weight, "a weight ≥ 0 µS");
                var d = Value(f[3], "delay_ms", _dtMs, delay, $"a delay ≥ dt ({JsonFields.Show(_dtMs)} ms)");
                if (s is { } si && t is { } ti && w is not null && d is not null) rows.Add((si, ti, w, d));
            }
            if (rows.Count > MaxConnections) { json.Add(at, $"{file}: expected at most {MaxConnections:N0} rows, got {rows.Count:N0}"); return null; }
            return rows;
        }
    }
}
