using System.Collections.Immutable;
using HHFunctional.Core.Model;
using LanguageExt;
using static LanguageExt.Prelude;

namespace HHFunctional.Core.Network;

/// <summary>
/// <see cref="NetworkBuilder.Build"/>: the builder's calls checked (every problem, with its field) and wired into a
/// <see cref="NetworkSpec"/> in the network file's order and sharing rules (Shell/NetworkWiring.cs), so that a file and the
/// same network built in C# give the same spec.
/// </summary>
internal static class BuilderWiring
{
    private sealed record PopulationInfo(string Name, Cell? Cell, int Count, SimulationSpec? Spec)
    {
        /// <summary>The source site and threshold of the first projection out of the population.</summary>
        public (Site Site, double ThresholdMv)? FirstOut { get; set; }
    }

    /// <summary>The synapses and detectors as they are made, each shared by everything that uses it.</summary>
    private sealed class Wiring
    {
        private readonly Dictionary<(int, int, int, SynapseKind), int> _synapses = new();
        private readonly Dictionary<(int, int, int, double), int> _detectors = new();

        public List<SynapseSite> Synapses { get; } = [];
        public List<Detector> Detectors { get; } = [];
        public List<Connection> Connections { get; } = [];
        public List<SpikeSource> Sources { get; } = [];

        public int Synapse(int population, int cell, int node, SynapseKind kind)
        {
            if (_synapses.TryGetValue((population, cell, node, kind), out int i)) return i;
            Synapses.Add(new SynapseSite(cell, node, kind) { Population = population });
            return _synapses[(population, cell, node, kind)] = Synapses.Count - 1;
        }

        public int Detector(int population, int cell, int node, double thresholdMv)
        {
            if (_detectors.TryGetValue((population, cell, node, thresholdMv), out int i)) return i;
            Detectors.Add(new Detector(cell, node, thresholdMv) { Population = population });
            return _detectors[(population, cell, node, thresholdMv)] = Detectors.Count - 1;
        }
    }

    public static Validation<FieldProblem, BuiltNetwork> Build(NetworkBuilder builder)
    {
        var problems = new List<FieldProblem>();
        void Add(string field, string rule) => problems.Add(new FieldProblem(field, rule));
        var run = builder.Parameters;
        double dt = run.DtMs;
        bool runOk = true;
        foreach (var p in SimulationSpec.Validate(run).FailToSeq())
        {
            var problem = p is FieldError f ? f.Problem : FieldProblem.Parse(p.Message);
            Add($"Parameters.{problem.Field}", problem.Rule);
            runOk = false;
        }
        if (run.Integrator is not (IntegratorKind.CrankNicolson or IntegratorKind.BackwardEuler))
            Add("Parameters.Integrator", $"expected crank-nicolson or backward-euler (NEURON's fixed step), got {run.Integrator}");

        var populations = new List<PopulationInfo>();
        foreach (var (call, p) in builder.Populations.Select((c, i) => (c, i)))
        {
            string at = $"Populations[{p}]";
            if (string.IsNullOrWhiteSpace(call.Name)) Add($"{at}.Name", "expected a non-empty name");
            else if (populations.Any(q => q.Name == call.Name)) Add($"{at}.Name", $"expected a unique name, got '{call.Name}' twice");
            int count = call.Count ?? call.Cell?.Neurons ?? 0;
            if (call.Cell is null) { Add($"{at}.Cell", "expected a cell (CellModel.Build), got null"); populations.Add(new(call.Name ?? "", null, count, null)); continue; }
            Cell? cell = null;
            if (count < 1) Add($"{at}.Count", $"expected at least 1 cell, got {count}");
            else if (call.Cell.Neurons != count && call.Cell.Neurons != 1)
                Add($"{at}.Count", $"expected the cell's {call.Cell.Neurons} neurons, or a cell built for 1 neuron (then copied), got {count}");
            else cell = Replicate(call.Cell, count);
            SimulationSpec? spec = null;
            if (cell is not null && runOk)
            {
                var validation = SimulationSpec.Validate(cell.ApplyTo(run with { Stimulus = call.Stimulus ?? Stimulus.None }));
                foreach (var e in validation.FailToSeq())
                {
                    var problem = e is FieldError f ? f.Problem : FieldProblem.Parse(e.Message);
                    Add(problem.Field.StartsWith("Stimulus", StringComparison.Ordinal) ? $"{at}.{problem.Field}" : $"{at}.Cell.{problem.Field}", problem.Rule);
                }
                spec = validation.IsSuccess ? validation.SuccessToSeq().Head() : null;
            }
            if (call.SpikeThresholdMv is { } th && !double.IsFinite(th)) Add($"{at}.SpikeThresholdMv", $"expected a finite potential, mV, got {th}");
            populations.Add(new(call.Name ?? "", cell, count, spec));
        }
        if (populations.Count == 0) Add("Populations", "expected at least one population (NetworkBuilder.Population)");

        int? PopulationRef(string? name, string field)
        {
            int i = populations.FindIndex(p => p.Name == name && name is not null);
            if (i < 0) Add(field, $"expected one of the populations ({string.Join(", ", populations.Select(p => p.Name))}), got '{name}'");
            return i < 0 ? null : i;
        }
        Site? Parsed(SiteRef site, string field)
        {
            var parsed = Site.Parse(site.Text);
            if (parsed.IsFail) { Add(field, parsed.Match(Succ: _ => "", Fail: e => e.Message)); return null; }
            return (Site)parsed;
        }
        int? Node(int? population, SiteRef text, string field)
        {
            if (Parsed(text, field) is not { } site || population is not { } p || populations[p].Cell is not { } cell) return null;
            var node = cell.NodeOf(site);
            if (node.IsFail) { Add(field, node.Match(Succ: _ => "", Fail: e => e.Message)); return null; }
            return (int)node;
        }
        bool Synapse(SynapseKind? kind, string field)
        {
            if (kind is null) { Add(field, "expected a synapse kind (ExpSyn, Exp2Syn, GlutamateSyn), got null"); return false; }
            var bad = kind.Problems().ToList();
            foreach (var b in bad) Add(field, b);
            return bad.Count == 0;
        }
        bool Weight(double w, string field)
        {
            if (double.IsFinite(w) && w >= 0) return true;
            Add(field, $"expected a finite weight ≥ 0 µS, got {w}");
            return false;
        }
        bool Delay(double d, double min, string field)
        {
            if (double.IsFinite(d) && d >= min) return true;
            Add(field, min > 0 ? $"expected a finite delay ≥ dt ({min} ms), got {d}" : $"expected a finite delay ≥ 0 ms, got {d}");
            return false;
        }

        var wiring = new Wiring();
        foreach (var (call, i) in builder.Projections.Select((c, i) => (c, i)))
        {
            string at = $"Projections[{i}]";
            var (src, tgt) = (PopulationRef(call.Source, $"{at}.Source"), PopulationRef(call.Target, $"{at}.Target"));
            var (sn, tn) = (Node(src, call.SourceSite, $"{at}.SourceSite"), Node(tgt, call.TargetSite, $"{at}.TargetSite"));
            bool ok = Synapse(call.Synapse, $"{at}.Synapse");
            if (!double.IsFinite(call.ThresholdMv)) { Add($"{at}.ThresholdMv", $"expected a finite potential, mV, got {call.ThresholdMv}"); ok = false; }
            if (call.Pairs is null && call.Rule is null) { Add($"{at}.Rule", "expected a connection rule (or a list of pairs), got null"); ok = false; }
            if (call.Rule is not null) ok &= Weight(call.WeightUS, $"{at}.WeightUS") & Delay(call.DelayMs, dt, $"{at}.DelayMs");
            // The first projection out of a population says where its spikes are detected, unless the population says so.
            if (src is { } s && populations[s].FirstOut is null && Site.Parse(call.SourceSite.Text).IsSucc)
                populations[s].FirstOut = ((Site)Site.Parse(call.SourceSite.Text), call.ThresholdMv);
            if (src is not { } from || tgt is not { } to) continue;
            var (up, down) = (populations[from], populations[to]);
            var pairs = new List<(int Source, int Target, double WeightUS, double DelayMs)>();
            if (call.Pairs is { } list)
            {
                for (int k = 0; k < list.Count; k++)
                {
                    var (a, b, w, d) = list[k];
                    bool row = true;
                    if (a < 0 || a >= up.Count) { Add($"{at}.Pairs[{k}].Source", $"expected a cell in [0, {up.Count - 1}] of population '{up.Name}', got {a}"); row = false; }
                    if (b < 0 || b >= down.Count) { Add($"{at}.Pairs[{k}].Target", $"expected a cell in [0, {down.Count - 1}] of population '{down.Name}', got {b}"); row = false; }
                    row &= Weight(w, $"{at}.Pairs[{k}].WeightUS") & Delay(d, dt, $"{at}.Pairs[{k}].DelayMs");
                    if (row) pairs.Add((a, b, w, d));
                    else ok = false;
                }
            }
            else if (call.Rule is { } rule && up.Count >= 1 && down.Count >= 1)
            {
                var ruleProblems = ConnectionRules.Problems(rule, up.Count, down.Count, from == to);
                foreach (var p in ruleProblems) Add(p.Field is "P" or "K" ? $"{at}.Rule.{p.Field}" : $"{at}.Rule", p.Rule);
                if (ruleProblems.Count > 0) continue;
                pairs.AddRange(ConnectionRules.PairsUnchecked(rule, up.Count, down.Count, from == to).Select(p => (p.Source, p.Target, call.WeightUS, call.DelayMs)));
            }
            if (!ok || sn is not { } sNode || tn is not { } tNode) continue;
            foreach (var (a, b, w, d) in pairs)
                wiring.Connections.Add(new Connection(wiring.Detector(from, a, sNode, call.ThresholdMv), wiring.Synapse(to, b, tNode, call.Synapse), w, d));
        }

        foreach (var (call, i) in builder.Sources.Select((c, i) => (c, i)))
        {
            string at = $"Sources[{i}]";
            var tgt = PopulationRef(call.Target, $"{at}.Target");
            var node = Node(tgt, call.Site, $"{at}.Site");
            bool ok = Synapse(call.Synapse, $"{at}.Synapse") & Weight(call.WeightUS, $"{at}.WeightUS") & Delay(call.DelayMs, 0, $"{at}.DelayMs");
            if (call.Train is null) { Add($"{at}.Train", "expected a spike train (SpikeTrain.Explicit, Regular, Poisson, PerCell), got null"); ok = false; }
            else foreach (var p in call.Train.Problems(builder.TStopMs)) { Add($"{at}.Train.{p.Field}", p.Rule); ok = false; }
            if (tgt is not { } t) continue;
            var pop = populations[t];
            var cells = new List<int>();
            if (call.Cells is { } given)
                for (int k = 0; k < given.Count; k++)
                {
                    if (given[k] < 0 || given[k] >= pop.Count) Add($"{at}.Cells[{k}]", $"expected a cell in [0, {pop.Count - 1}] of population '{pop.Name}', got {given[k]}");
                    else if (cells.Contains(given[k])) Add($"{at}.Cells[{k}]", $"expected each cell once, got {given[k]} again");
                    else { cells.Add(given[k]); continue; }
                    ok = false;
                }
            else cells.AddRange(Enumerable.Range(0, pop.Count));
            if (!ok || node is not { } n) continue;
            // One train for every cell unless it depends on the cell.
            var shared = call.Train is SpikeTrain.Explicit or SpikeTrain.Regular ? call.Train.TimesFor(0, builder.TStopMs) : null;
            foreach (int c in cells)
            {
                var times = shared ?? call.Train!.TimesFor(c, builder.TStopMs);
                wiring.Sources.Add(new SpikeSource(times, wiring.Synapse(t, c, n, call.Synapse), call.WeightUS, call.DelayMs));
            }
        }

        var probes = new List<NetworkProbe>();
        var names = new List<string>();
        foreach (var (call, i) in builder.Records.Select((c, i) => (c, i)))
        {
            string at = $"Record[{i}]";
            var p = PopulationRef(call.Population, $"{at}.Population");
            var node = Node(p, call.Site, $"{at}.Site");
            if (p is not { } pi) continue;
            if (call.Cell < 0 || call.Cell >= populations[pi].Count)
            {
                Add($"{at}.Cell", $"expected a cell in [0, {populations[pi].Count - 1}] of population '{populations[pi].Name}', got {call.Cell}");
                continue;
            }
            string name = $"{call.Population}[{call.Cell}]:{call.Site.Text}";
            if (names.Contains(name)) { Add(at, $"expected each place once (each is one trace), got '{name}' again"); continue; }
            if (node is { } n) { probes.Add(new NetworkProbe(pi, call.Cell, n)); names.Add(name); }
        }

        // Each population's spike detector on each of its cells, after the projections' (sharing theirs where they agree).
        var spikeDetectors = populations.Select((pop, p) =>
        {
            if (pop.Cell is not { } cell) return (IReadOnlyList<int>)[];
            var call = builder.Populations[p];
            Site? site = call.SpikeSite is { } given ? Parsed(given, $"Populations[{p}].SpikeSite") : pop.FirstOut?.Site ?? DefaultSite(cell);
            double threshold = call.SpikeThresholdMv ?? pop.FirstOut?.ThresholdMv ?? NetworkBuilder.DefaultThresholdMv;
            if (site is null) return [];
            var node = cell.NodeOf(site);
            if (node.IsFail)
            {
                // A projection's bad source site is reported there already.
                if (call.SpikeSite is not null) Add($"Populations[{p}].SpikeSite", node.Match(Succ: _ => "", Fail: e => e.Message));
                return [];
            }
            return (IReadOnlyList<int>)[.. Enumerable.Range(0, pop.Count).Select(c => wiring.Detector(p, c, (int)node, threshold))];
        }).ToArray();

        if (problems.Count > 0 || populations.Any(p => p.Spec is null)) return Fail<FieldProblem, BuiltNetwork>(toSeq(problems));
        return NetworkSpec.Validate([.. populations.Select(p => new Population(p.Name, p.Spec!))], wiring.Synapses, wiring.Detectors, wiring.Connections, wiring.Sources)
            .Map(spec => new BuiltNetwork(spec, spikeDetectors, probes, names, builder.TStopMs));
    }

    /// <summary>Where a population's spikes are detected when nothing says so: soma(0.5), else the middle of the root section.</summary>
    internal static Site DefaultSite(Cell cell)
    {
        var m = cell.Cable.Tree.Morphology;
        return m.IndexOf("soma") is not null ? new Site("soma", 0.5)
            : new Site(m.Sections[Enumerable.Range(0, m.Sections.Length).First(i => m.Sections[i].Parent is null)].Name, 0.5);
    }

    /// <summary><paramref name="cell"/> as a group of <paramref name="count"/> neurons: itself when it has that many, else
    /// its one neuron copied (every local value repeated in each lane, laid out as State: c·count + j).</summary>
    internal static Cell Replicate(Cell cell, int count)
    {
        if (cell.Neurons == count) return cell;
        static ImmutableArray<double> Copy(ImmutableArray<double> values, int count)
        {
            if (values.IsDefaultOrEmpty) return values;
            var a = new double[values.Length * count];
            for (int c = 0; c < values.Length; c++) a.AsSpan(c * count, count).Fill(values[c]);
            return ImmutableArray.Create(a);
        }
        var local = cell.LocalValues;
        return cell with
        {
            Neurons = count,
            LocalValues = local with
            {
                CmUFPerCm2 = Copy(local.CmUFPerCm2, count),
                GMaxMSPerCm2 = local.GMaxMSPerCm2.ToImmutableDictionary(kv => kv.Key, kv => Copy(kv.Value, count)),
                EMv = local.EMv.ToImmutableDictionary(kv => kv.Key, kv => Copy(kv.Value, count)),
            },
        };
    }
}
