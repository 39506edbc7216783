using System.Globalization;
using HHFunctional.Core;

namespace HHFunctional.Shell;

/// <summary>
/// Sizes refused before any simulation starts, each with the memory it would need: a run that cannot finish should fail
/// in milliseconds, not after an hour or with an out-of-memory crash.
/// </summary>
internal static class Limits
{
    /// <summary>Default of --memory-budget-mb: 2 GiB for the recording plus the state.</summary>
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

        double recording = RecordingBytes(spec, selection), state = StateBytes(spec), total = recording + state;
        double budget = budgetMb * (double)(1 << 20);
        if (total > budget)
            yield return $"memory: the run would need {MiB(total)} ({Count(rows)} recorded rows × {Count(selection.Variables.Distinct().Count() * (double)selection.Compartments.Count + 2)} values × 8 bytes = {MiB(recording)}, " +
                         $"plus {MiB(state)} of state), over the budget of {MiB(budget)} (--memory-budget-mb {budgetMb}); record less with " +
                         "--record-every, --record-compartments or --record-vars, shrink --iterations, --compartments or --neurons, or raise --memory-budget-mb";
    }

    private static string Count(double x) => x.ToString("N0", CultureInfo.InvariantCulture);

    private static string MiB(double bytes) => $"{(bytes / (1 << 20)).ToString(bytes < 10 * (1 << 20) ? "N1" : "N0", CultureInfo.InvariantCulture)} MiB";
}
