using System.Globalization;
using HHFunctional.Core;

namespace HHFunctional.Shell;

/// <summary>
/// Sizes refused before any simulation starts, each with the memory it would need: a run that cannot finish should fail
/// in milliseconds, not after an hour or with an out-of-memory crash.
/// </summary>
internal static class Limits
{
    /// <summary>Default of --memory-budget-mb: 2 GiB for the recording, the state and the report and CSV stage.</summary>
    public const long DefaultMemoryBudgetMb = 2048;

    /// <summary>Largest --memory-budget-mb accepted: 16 TiB.</summary>
    public const long MaxMemoryBudgetMb = 16L << 20;

    /// <summary>Most updates one run takes (the lazy run counts them in an int).</summary>
    public const long MaxIterations = int.MaxValue;

    /// <summary>Bytes of the state while the run runs: the initial state and the run's own buffers (Core's estimate).</summary>
    public static double StateBytes(SimulationSpec spec) => Simulation.StateBytesFor(spec);

    /// <summary>Bytes the recording occupies: rows × (variables × compartments + update-number and time columns) × 8.</summary>
    public static double RecordingBytes(SimulationSpec spec, RecordingSelection selection) =>
        selection.BytesFor(Math.Min(spec.Parameters.Iterations, MaxIterations));

    /// <summary>
    /// What building the report and the CSVs adds at its peak, measured (VmHWM, Properties/Shell/MemoryPeakTests.cs) and
    /// rounded up: per recorded compartment ~1.1 KB (its spike trains, table rows and traces) and ~41 bytes per heatmap
    /// cell (the bin maxima, their float32 and base64 copies), over a few MiB of buffers. Counted with headroom (1,536 B,
    /// 48 B, and 32 MiB: the garbage collector lets a few tens of MiB of garbage gather first), because the recording is
    /// still alive while they are built: the peak is the sum.
    /// </summary>
    public const double OutputBytesPerCompartment = 1536, OutputBytesPerHeatmapCell = 48, OutputFixedBytes = 32 << 20;

    /// <summary>Bytes the report and CSV stage adds to the recording and state at its peak (see the constants).</summary>
    public static double OutputBytes(RecordingSelection selection, double rows)
    {
        int compartments = Math.Max(1, selection.Compartments.Count);
        // The heatmap's columns, as Figures.VoltageHeatmap chooses them.
        double columns = Math.Max(1, Math.Min(rows, Math.Min(Report.Figures.HeatmapColumns, Math.Max(100, Report.Figures.HeatmapCells / compartments))));
        return OutputFixedBytes + compartments * (OutputBytesPerCompartment + OutputBytesPerHeatmapCell * columns);
    }

    /// <summary>Every size the run would not survive, with the memory it would need and the option to change; empty when it fits.</summary>
    public static IEnumerable<string> Problems(SimulationSpec spec, RecordingSelection selection, long budgetMb)
    {
        long iterations = spec.Parameters.Iterations;
        if (iterations > MaxIterations)
            yield return $"Iterations (--iterations): expected at most {MaxIterations.ToString("N0", CultureInfo.InvariantCulture)} updates, got {iterations.ToString("N0", CultureInfo.InvariantCulture)}";

        double rows = selection.RowsFor(Math.Min(iterations, MaxIterations));
        double perVariable = rows * selection.Compartments.Count;
        if (perVariable > Array.MaxLength)
            yield return $"recording (--record-every, --record-compartments): {Count(rows)} rows × {Count(selection.Compartments.Count)} compartments = " +
                         $"{Count(perVariable)} values of one variable, more than one array holds ({Count(Array.MaxLength)}); keep fewer rows with --record-every";

        // The whole peak: the recording, the state, and the report and CSVs built while the recording is alive.
        double recording = RecordingBytes(spec, selection), state = StateBytes(spec), output = OutputBytes(selection, rows);
        double total = recording + state + output;
        double budget = budgetMb * (double)(1 << 20);
        if (total > budget)
            yield return $"memory: the run would need {MiB(total)} ({Count(rows)} recorded rows × {Count(selection.Variables.Distinct().Count() * (double)selection.Compartments.Count + 2)} values × 8 bytes = {MiB(recording)}, " +
                         $"plus {MiB(state)} of state and {MiB(output)} to build the report and CSVs), over the budget of {MiB(budget)} (--memory-budget-mb {budgetMb}); record less with " +
                         "--record-every, --record-compartments or --record-vars, shrink --iterations, --compartments or --neurons, or raise --memory-budget-mb";
    }

    private static string Count(double x) => x.ToString("N0", CultureInfo.InvariantCulture);

    private static string MiB(double bytes) => $"{(bytes / (1 << 20)).ToString(bytes < 10 * (1 << 20) ? "N1" : "N0", CultureInfo.InvariantCulture)} MiB";
}
