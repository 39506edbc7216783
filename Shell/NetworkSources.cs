using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HHFunctional.Core.Network;

namespace HHFunctional.Shell;

internal static partial class NetworkFile
{
    /// <summary>The spike sources, the recorded places and the populations' spike detectors of a network file.</summary>
    private sealed partial class Reader
    {
        private void Sources(JsonElement root, List<PopulationInfo> populations, Dictionary<string, (SynapseKind? Kind, string Path)> synapseTypes, Wiring wiring)
        {
            foreach (var (e, at) in json.Array(root, "sources", "$", required: false, "the spike sources"))
            {
                if (!json.Object(e, at, SourceKeys)) continue;
                json.String(e, "name", at, required: false, "the source's name");
                var times = Times(e, at);
                var target = PopulationRef(e, "target", at, populations);
                string? siteText = json.String(e, "site", at, required: true, "the synapse's site, e.g. dend[0](0.5)");
                var synapse = SynapseRef(e, at, synapseTypes);
                var weight = Weight(e, at, required: true);
                var delay = Delay(e, at, required: true, 0);
                if (target is not { } t) continue;
                var pop = populations[t];
                int? node = siteText is null ? null : Node(pop, siteText, $"{at}.site");
                var cells = new List<int>();
                if (e.TryGetProperty("cells", out var given))
                {
                    foreach (var (item, cat) in json.Array(e, "cells", at, required: false, "cell indices"))
                        if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out int c) && c >= 0 && c < pop.Count)
                        {
                            if (cells.Contains(c)) json.Add(cat, $"expected each cell once, got {c} again");
                            else cells.Add(c);
                        }
                        else json.Add(cat, $"expected a cell index in [0, {pop.Count - 1}] of population '{pop.Name}', got {JsonFields.Describe(item)}");
                }
                else cells.AddRange(Enumerable.Range(0, pop.Count));
                if (times is null || node is null || synapse is not { } syn || weight is not { } w || delay is not { } d) continue;
                wiring.Builder = wiring.Builder.Source(pop.Name, siteText!, syn.Kind, w, d, new SpikeTrain.PerCell(c => times(c)), cells);
            }
        }

        /// <summary>The spike times of a source for target cell c (a Poisson source draws with seed + c), or null.</summary>
        private Func<int, double[]>? Times(JsonElement e, string at)
        {
            string[] forms = ["times-ms", "regular", "poisson"];
            var present = forms.Where(f => e.TryGetProperty(f, out _)).ToList();
            if (present.Count != 1)
            {
                json.Add(at, present.Count == 0 ? "missing the spike times: one of \"times-ms\", \"regular\", \"poisson\""
                    : $"expected one of \"times-ms\", \"regular\", \"poisson\", got {string.Join(" and ", present.Select(p => $"\"{p}\""))}");
                return null;
            }
            double end = double.IsNaN(_tStopMs) ? 0 : _tStopMs;
            switch (present[0])
            {
                case "times-ms":
                {
                    var times = new List<double>();
                    bool ok = true;
                    foreach (var (item, iat) in json.Array(e, "times-ms", at, required: true, "spike times, ms"))
                        if (item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out double x) && double.IsFinite(x)) times.Add(x);
                        else { json.Add(iat, $"expected a time, ms, got {JsonFields.Describe(item)}"); ok = false; }
                    double[] all = [.. times];
                    return ok ? _ => all : null;
                }
                case "regular":
                {
                    var r = e.GetProperty("regular");
                    string rat = $"{at}.regular";
                    if (!json.Object(r, rat, RegularKeys)) return null;
                    double start = json.Number(r, "start-ms", rat, required: false, "a time, ms") ?? 0;
                    var interval = json.Number(r, "interval-ms", rat, required: true, "an interval > 0 ms", x => x > 0);
                    double stop = json.Number(r, "end-ms", rat, required: false, "a time, ms") ?? end;
                    if (interval is not { } iv) return null;
                    if ((stop - start) / iv > 1e8) { json.Add(rat, $"expected at most 100,000,000 spikes, got {(stop - start) / iv:N0}"); return null; }
                    var train = SpikeTimes.Regular(start, iv, stop);
                    return _ => train;
                }
                default:
                {
                    var p = e.GetProperty("poisson");
                    string pat = $"{at}.poisson";
                    if (!json.Object(p, pat, PoissonKeys)) return null;
                    var rate = json.Number(p, "rate-hz", pat, required: true, "a rate ≥ 0 Hz", x => x >= 0);
                    double start = json.Number(p, "start-ms", pat, required: false, "a time, ms") ?? 0;
                    double stop = json.Number(p, "end-ms", pat, required: false, "a time ≥ start-ms, ms") ?? end;
                    var seed = json.Seed(p, "seed", pat, required: true);
                    if (stop < start) { json.Add($"{pat}.end-ms", $"expected a time ≥ start-ms ({JsonFields.Show(start)} ms), got {JsonFields.Show(stop)}"); return null; }
                    if (rate is not { } hz || seed is not { } sd) return null;
                    if (hz * (stop - start) / 1000 > 1e8) { json.Add(pat, $"expected at most about 100,000,000 spikes per cell, got {hz * (stop - start) / 1000:N0}"); return null; }
                    return c => SpikeTimes.Poisson(hz, start, stop, unchecked(sd + (ulong)c));
                }
            }
        }

        private (List<NetworkProbe>, List<string>) Record(JsonElement root, List<PopulationInfo> populations)
        {
            var probes = new List<NetworkProbe>();
            var names = new List<string>();
            foreach (var (text, at) in json.Strings(root, "record", "$", "POPULATION[CELL]:SITE, e.g. ring[0]:soma(0.5)"))
            {
                var m = Place().Match(text);
                if (!m.Success) { json.Add(at, $"expected POPULATION[CELL]:SITE, e.g. ring[0]:soma(0.5), got '{CommandLine.Shorten(text)}'"); continue; }
                int p = populations.FindIndex(x => x.Name == m.Groups["pop"].Value);
                if (p < 0) { json.Add(at, $"expected one of the populations ({string.Join(", ", populations.Select(x => x.Name).Distinct())}), got '{CommandLine.Shorten(m.Groups["pop"].Value)}'"); continue; }
                var pop = populations[p];
                if (!int.TryParse(m.Groups["cell"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int cell) || cell >= pop.Count)
                {
                    json.Add(at, $"expected a cell index in [0, {pop.Count - 1}] of population '{pop.Name}', got {m.Groups["cell"].Value}");
                    continue;
                }
                if (names.Contains(text)) { json.Add(at, $"expected each place once (each is one column of traces.csv), got '{text}' again"); continue; }
                if (Node(pop, m.Groups["site"].Value, at) is { } node) { probes.Add(new NetworkProbe(p, cell, node)); names.Add(text); }
            }
            return (probes, names);
        }

        /// <summary>Each population's spike detector on each of its cells is made by the builder: at its spike-site (else the
        /// first projection's source-site, else soma(0.5) or the root's middle) and spike-threshold-mv (else the first
        /// projection's threshold, else NEURON's 10 mV). Here the site is checked, with its JSON path.</summary>
        private void SpikeSites(List<PopulationInfo> populations)
        {
            foreach (var pop in populations)
                if (pop.Morphology is not null)
                    Node(pop, (pop.SpikeSite ?? pop.FirstOut?.Site ?? CellRun.DefaultSite(pop.Morphology)).ToString(), $"{pop.Path}.spike-site");
        }
    }
}
