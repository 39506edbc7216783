using System.Collections;
using System.Text;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using static HHFunctional.Shell.Report.Format;

namespace HHFunctional.Shell.Report;

/// <summary>The report's tables as HTML; every text goes through <see cref="Format.Html"/>.</summary>
internal static class Tables
{
    /// <summary>
    /// Spike count and mean rate per recorded compartment per stimulus window ([start, end)), the total, and the
    /// first-spike latency after each onset. Rows carry data-compartment, count cells class "count".
    /// </summary>
    public static string Spikes(SpikeSummary s, Places? places = null)
    {
        var html = new StringBuilder("<table id=\"tbl-spikes\">\n<thead><tr><th rowspan=\"2\">compartment</th>");
        foreach (var w in s.Windows)
            html.Append($"<th colspan=\"2\">{Html($"{Number(w.StartMs)}–{Number(w.EndMs)} ms")}<br><small>{Html(w.Current)}</small></th>");
        html.Append("<th rowspan=\"2\">spikes in all</th>");
        foreach (var o in s.Onsets) html.Append($"<th rowspan=\"2\">{Html($"latency after {Number(o.OnsetMs)} ms (ms)")}</th>");
        html.Append("</tr>\n<tr>");
        foreach (var _ in s.Windows) html.Append("<th>spikes</th><th>Hz</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (int col = 0; col < s.Compartments.Count; col++)
        {
            int c = s.Compartments[col];
            string name = places is null ? $"c{c}" : places.Row(c);
            html.Append($"<tr data-compartment=\"{c}\"><th>{Html(name)}</th>");
            for (int w = 0; w < s.Windows.Count; w++)
                html.Append($"<td class=\"count\">{s.Counts[col][w]}</td>" + (s.RatesHz[col][w] is { } hz
                    ? $"<td class=\"rate\">{Fixed(hz, 1)}</td>"
                    : $"<td class=\"rate\" title=\"window shorter than {Number(SpikeSummary.MinRateWindowMs)} ms: too short for a rate\">–</td>"));
            html.Append($"<td class=\"total\">{s.SpikeTimesMs[col].Length}</td>");
            foreach (var o in s.Onsets)
                html.Append($"<td class=\"latency\">{(o.ArrivalMs[col] is { } t ? Fixed(t - o.OnsetMs, 3) : "–")}</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</tbody>\n</table>").ToString();
    }

    /// <summary>Propagation speed after each onset: compartments/ms, and m/s on a physical cable.</summary>
    public static string Propagation(SpikeSummary s) => Rows("tbl-propagation", new[] { "onset (ms)", "compartments that fired", "propagation speed" },
        s.Onsets.Select(o => new[] { Number(o.OnsetMs), $"{o.ArrivalMs.Count(a => a.HasValue)} of {s.Compartments.Count}", SpikeFigures.SpeedText(o) }));

    /// <summary>Every simulation parameter, found by walking <see cref="SimulationParameters"/> (so new fields show up too).</summary>
    public static string Parameters(SimulationSpec spec) =>
        Rows("tbl-parameters", new[] { "parameter", "value" }, Flatten("", spec.Parameters).Select(p => new[] { p.Name, p.Value }));

    /// <summary>How the run was made: integrator, step, iterations, recording, wall time.</summary>
    public static string Run(ReportInput input)
    {
        var spec = input.Spec;
        var p = spec.Parameters;
        var selection = input.Recording.Selection;
        var rows = new List<string[]>
        {
            new[] { "preset", input.Preset },
            new[] { "integrator", p.Integrator.Name() + (p.RateTable is null ? "" : $", gate kinetics from a rate table ({RateTableOption.Name(p.RateTable)})") },
            new[] { "dt", $"{Number(spec.DtMs)} ms" },
            new[] { "iterations", Count(p.Iterations) },
            new[] { "simulated time", $"{Number(SpikeSummary.EndMs(spec))} ms" },
            new[] { "compartments × neurons", $"{spec.Compartments} × {spec.Neurons}" },
        };
        rows.Add(p.Cable switch
        {
            SeedCoupling s => new[] { "coupling", $"the seed's: effective conductance dt/b_r = {Significant(spec.DtMs / s.BR)} (b_r = {Number(s.BR)})" },
            PhysicalCable c => new[] { "coupling", $"physical cable: Δx = {Significant(c.CompartmentLengthUm(spec.Compartments))} µm, " +
                                                   $"axial conductance {Significant(c.CouplingMSPerCm2(spec.Compartments))} mS/cm²" },
            var other => new[] { "coupling", other.GetType().Name },
        });
        if (p.Initial is RestingStart) rows.Add(new[] { "resting potential (start)", $"{Fixed(Simulation.RestingPotentialMv(p.Membrane), 6)} mV" });
        rows.Add(new[] { "recorded", $"{string.Join(", ", selection.Variables.Select(v => v.Name()))} of compartments {Ranges(selection.Compartments)} " +
                                      $"of neuron {selection.Neuron}, every {selection.Every} update(s): {Count(input.Recording.Rows)} rows" });
        rows.Add(new[] { "hhf version", ToolVersion.Informational });
        rows.Add(WallTime(input.WallTime));
        return Rows("tbl-run", null, rows);
    }

    /// <summary>The run table's last row: the simulation's wall time, or why it is left out (null: --reproducible, so the page is byte-identical).</summary>
    public static string[] WallTime(TimeSpan? wallTime) =>
        new[] { "simulation wall time", wallTime is { } w ? $"{Fixed(w.TotalMilliseconds, 1)} ms" : "not shown (--reproducible)" };

    /// <summary>"0-4, 7, 9-19".</summary>
    public static string Ranges(IReadOnlyList<int> indices)
    {
        var parts = new List<string>();
        for (int i = 0; i < indices.Count;)
        {
            int j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1) j++;
            parts.Add(j > i ? $"{indices[i]}-{indices[j]}" : $"{indices[i]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    /// <summary>Name/value pairs of a parameter tree: records by property, lists by index, leaves as invariant text.</summary>
    public static IEnumerable<(string Name, string Value)> Flatten(string path, object? value)
    {
        switch (value)
        {
            case null: yield return (path, "none"); yield break;
            case double d: yield return (path, Number(d)); yield break;
            case float f: yield return (path, Number(f)); yield break;
            case IntegratorKind k: yield return (path, k.Name()); yield break;
            case Delegate: yield return (path, "a user-defined function"); yield break;
            // A tree's geometry and its per-node values run to thousands of numbers: summarised, by region.
            case TreeCable t:
                yield return (path, $"TreeCable: {t.Tree.Morphology.Sections.Length} sections, {t.Tree.Count} nodes " +
                                    $"({t.Tree.Nseg.Sum()} segments), {Significant(t.Tree.SectionLengthUm.Sum())} µm, " +
                                    $"{Significant(t.Tree.AreaUm2.Sum())} µm² of membrane");
                foreach (var region in t.Tree.Morphology.Sections.GroupBy(s => s.Region))
                    yield return ($"{path}.{region.Key}", $"{region.Count()} section(s)");
                yield break;
            case LocalValues l:
                yield return (path, l.CmUFPerCm2.IsDefaultOrEmpty && l.GMaxMSPerCm2.IsEmpty && l.EMv.IsEmpty ? "none"
                    : "per compartment: " + string.Join("; ", l.GMaxMSPerCm2.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                        .Select(kv => $"g {kv.Key} {Range(kv.Value)} mS/cm²")
                        .Concat(l.EMv.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"E {kv.Key} {Range(kv.Value)} mV"))
                        .Prepend(l.CmUFPerCm2.IsDefaultOrEmpty ? "cm uniform" : $"cm {Range(l.CmUFPerCm2)} µF/cm²")));
                yield break;
            case string or bool or int or long or Enum: yield return (path, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!); yield break;
            case IEnumerable list:
                int i = 0;
                foreach (var item in list)
                    foreach (var leaf in Flatten($"{path}[{i++}]", item)) yield return leaf;
                if (i == 0) yield return (path, "none");
                yield break;
        }
        var type = value.GetType();
        // Only the model's own records are walked; anything else is shown as text.
        if (!ModelProperties.IsModelType(type))
        {
            yield return (path, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? type.Name);
            yield break;
        }
        var properties = ModelProperties.Of(type);
        // A case of an abstract record (Cable, InitialConditions) says which case it is.
        if (type.BaseType is { IsAbstract: true } || properties.Length == 0) yield return (path, type.Name);
        foreach (var property in properties)
            foreach (var leaf in Flatten(path.Length == 0 ? property.Name : $"{path}.{property.Name}", property.GetValue(value)))
                yield return leaf;
    }

    private static string Range(System.Collections.Immutable.ImmutableArray<double> values) =>
        values.IsDefaultOrEmpty ? "none" : values.Min() == values.Max() ? Significant(values[0]) : $"{Significant(values.Min())} to {Significant(values.Max())}";

    /// <summary>A table with id <paramref name="id"/>, an optional header row, and rows whose first cell is a row heading; every text escaped.</summary>
    public static string Rows(string id, IReadOnlyList<string>? header, IEnumerable<string[]> rows)
    {
        var html = new StringBuilder($"<table id=\"{id}\" class=\"text\">\n");
        if (header is not null)
        {
            html.Append("<thead><tr>");
            foreach (var h in header) html.Append("<th>").Append(Html(h)).Append("</th>");
            html.Append("</tr></thead>\n");
        }
        html.Append("<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr><th>").Append(Html(row[0])).Append("</th>");
            foreach (var cell in row.Skip(1)) html.Append("<td>").Append(Html(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</tbody>\n</table>").ToString();
    }
}
