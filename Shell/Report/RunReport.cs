using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Report;

/// <summary>What a report is made of.</summary>
/// <param name="Spec">The validated run.</param>
/// <param name="Recording">What was recorded (maybe not every variable or compartment).</param>
/// <param name="WallTime">Simulation wall time, or null to leave it out (then two runs give byte-identical files).</param>
/// <param name="Title">User text for the page title; escaped.</param>
/// <param name="Preset">Name of the preset the parameters started from.</param>
/// <param name="Banner">A warning shown in red under the title (the partial-run notice of --keep-partial); null for none.</param>
/// <param name="Cell">The branched cell of a --morphology run (its tree: sections, nodes, positions); null for a cable.</param>
/// <param name="Sites">The recorded sites of a --morphology run, one per recorded column, in order; null for a cable.</param>
internal sealed record ReportInput(
    SimulationSpec Spec, Recording Recording, TimeSpan? WallTime, string Title = RunReport.DefaultTitle, string Preset = "seed", string? Banner = null,
    Cell? Cell = null, IReadOnlyList<Site>? Sites = null);

/// <summary>
/// The run report: (1) stacked V traces, (2) compartment × time heatmap, (3) gates, (4) injected current, (5) spike
/// raster, latency and propagation speed, (6) tables of spikes per stimulus window, parameters and the run. A figure
/// whose data was not recorded is replaced by a note saying which option brings it back.
/// </summary>
internal static class RunReport
{
    /// <summary>Title when --title is not given.</summary>
    public const string DefaultTitle = "HHFunctional run report";

    /// <summary>Every figure's div id, in page order (when all its data was recorded).</summary>
    public static readonly IReadOnlyList<string> FigureIds = new[]
    {
        "fig-voltage-stacked", "fig-voltage-heatmap", "fig-gating", "fig-current", "fig-raster", "fig-latency",
    };

    /// <summary>The report of a run with default title and preset name (kept for callers written before ReportInput).</summary>
    public static string Build(SimulationSpec spec, Recording recording, TimeSpan simulationWallTime, string? banner = null) =>
        Build(new ReportInput(spec, recording, simulationWallTime, Banner: banner));

    /// <summary>The page as a string: the same input gives the same text.</summary>
    public static string Build(ReportInput input) => Page.Text(output => Write(output, input));

    /// <summary>Writes the page as UTF-8 to <paramref name="output"/>: the same input gives the same bytes.</summary>
    public static void Write(Stream output, ReportInput input)
    {
        var (spec, recording) = (input.Spec, input.Recording);
        bool enoughRows = recording.Rows >= 2;
        bool hasV = recording.Has(StateVariable.V) && enoughRows;
        var traces = new Traces(recording);
        var spikes = hasV ? SpikeSummary.Of(spec, recording) : null;
        var gates = enoughRows ? Figures.RecordedGates(recording) : Array.Empty<StateVariable>();
        string shown = ShownCompartments(recording);
        string noV = !enoughRows
            ? $"Fewer than two rows were recorded ({recording.Rows}): lower --record-every."
            : "V was not recorded: add v to --record-vars.";

        var sections = new List<Page.Section>
        {
            new("voltage-stacked", "1. Membrane potential, stacked",
                "As the seed's first figure: compartment d is drawn at V − 10·d mV, so a spike travelling along the cable shows as a diagonal " +
                $"of peaks; hover to read the real V. Shaded: current injected. {shown}",
                hasV ? new[] { new Page.Figure(RunReport.FigureIds[0], Figures.StackedVoltage(spec, traces, spikes!)) } : Array.Empty<Page.Figure>(),
                Note: hasV ? Thinned(recording, Figures.MaxStackedTraces, "traces") : noV),
            new("voltage-heatmap", "2. Membrane potential, compartment × time",
                "As the seed's second figure (imshow, gray): each row is a compartment, each column a time bin, brightness is V " +
                "(the highest V in the bin, so no spike falls between columns).",
                hasV ? new[] { new Page.Figure(RunReport.FigureIds[1], Figures.VoltageHeatmap(traces)) } : Array.Empty<Page.Figure>(),
                Note: hasV ? null : noV),
            new("gating", "3. Gating variables",
                "Sodium activation m, sodium inactivation h and potassium activation n of the compartment chosen in the menu; click a " +
                "legend entry to hide a gate. During a spike m rises first, then h falls and n rises, which ends the spike.",
                gates.Length > 0 ? new[] { new Page.Figure(RunReport.FigureIds[2], Figures.Gating(traces, gates)) } : Array.Empty<Page.Figure>(),
                Note: gates.Length == 0
                    ? (enoughRows ? "No gating variable was recorded: add m, h or n to --record-vars." : noV.Replace("V was", "The gates were"))
                    : GatesNote(gates, recording)),
            new("current", "4. Injected current",
                "The current density injected into each stimulated compartment against time (µA/cm² of membrane; positive depolarises).",
                new[] { new Page.Figure(RunReport.FigureIds[3], Figures.InjectedCurrent(spec, recording.Selection.Compartments)) },
                Note: spec.Parameters.Stimulus.Segments.Count == 0 && spec.Parameters.Stimulus.Functions.Count == 0 ? "No current is injected in this run." : null),
            new("spikes", "5. Spikes and propagation",
                "Raster: one tick per spike (upward crossing of 0 mV, interpolated between samples) per compartment. Latency: for each " +
                "onset of a current step, how long after it each compartment fires its first spike; the dashed line is the least-squares " +
                "fit of compartment against arrival time, whose slope is the propagation speed " +
                (spec.Parameters.Cable is PhysicalCable ? "(in m/s along the physical cable)." : "(in compartments per ms: the seed's coupling has no length)."),
                spikes is null ? Array.Empty<Page.Figure>() : SpikeFiguresFor(spec, spikes),
                Html: spikes is null || spikes.Onsets.Count == 0 ? null : Tables.Propagation(spikes),
                Note: spikes is null ? noV : spikes.Onsets.Count == 0 ? "No current step starts in this run: no latency or speed to show." : null),
            new("tables", "6. Tables",
                "Spikes per recorded compartment in each stretch between stimulus switch times ([start, end), with the mean rate in Hz), " +
                "then every parameter of the run and how it was run.",
                Array.Empty<Page.Figure>(),
                Html: (spikes is null ? "" : Tables.Spikes(spikes) + "\n") + "<h3>Parameters</h3>\n" + Tables.Parameters(spec) +
                      "\n<h3>Run</h3>\n" + Tables.Run(input),
                Note: spikes is null ? noV : null),
        };
        string intro = $"{spec.Compartments} compartments × {spec.Neurons} neuron(s), {Format.Count(spec.Parameters.Iterations)} updates of " +
                       $"dt = {Format.Number(spec.DtMs)} ms ({Format.Number(SpikeSummary.EndMs(spec))} ms) with {spec.Parameters.Integrator.Name()}, " +
                       $"preset {input.Preset}. Figures show neuron {recording.Selection.Neuron}, thinned for display to a few thousand points " +
                       "per trace keeping every spike's peak and trough; the CSVs (--csv) keep every recorded value.";
        Page.Write(output, input.Title, intro, sections, input.Banner);
    }

    private static Page.Figure[] SpikeFiguresFor(SimulationSpec spec, SpikeSummary spikes)
    {
        var raster = new Page.Figure(FigureIds[4], SpikeFigures.Raster(spec, spikes));
        return spikes.Onsets.Count == 0 ? new[] { raster } : new[] { raster, new Page.Figure(FigureIds[5], SpikeFigures.Latency(spec, spikes)) };
    }

    private static string ShownCompartments(Recording recording) =>
        $"Recorded compartments: {Tables.Ranges(recording.Selection.Compartments)}.";

    private static string? Thinned(Recording recording, int max, string what) => recording.Selection.Compartments.Count > max
        ? $"{recording.Selection.Compartments.Count} compartments were recorded; {max} evenly spaced {what} are drawn here (the heatmap shows all)."
        : null;

    private static string? GatesNote(IReadOnlyList<StateVariable> gates, Recording recording)
    {
        var missing = new[] { StateVariable.M, StateVariable.H, StateVariable.N }.Except(gates).Select(g => g.Name()).ToArray();
        var parts = new List<string>();
        if (missing.Length > 0) parts.Add($"Not recorded: {string.Join(", ", missing)} (add to --record-vars).");
        if (Thinned(recording, Figures.MaxGatingCompartments, "compartments") is { } t) parts.Add(t.Replace("are drawn here", "are offered in the menu"));
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}
