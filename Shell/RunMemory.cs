using HHFunctional.Core;

namespace HHFunctional.Shell;

/// <summary>
/// The memory a run plans to use, estimated before it starts (recording arrays + state), against a budget: a run that
/// would not fit is refused up front with the options that make it smaller, never killed half-way.
/// </summary>
internal static class RunMemory
{
    /// <summary>Default budget: 2 GiB.</summary>
    public const long DefaultBudgetMb = 2048;

    private const double MiB = 1 << 20;

    /// <summary>The refusal message when the estimate exceeds <paramref name="budgetMb"/>; null when it fits.</summary>
    public static string? Problem(SimulationSpec spec, RecordingSelection selection, long budgetMb)
    {
        long recording = selection.BytesFor(spec.Parameters.Iterations);
        long state = Simulation.StateBytesFor(spec);
        if (recording + state <= budgetMb * (long)MiB) return null;
        long rows = selection.RowsFor(spec.Parameters.Iterations);
        return $"--memory-budget-mb: this run needs about {(recording + state) / MiB:N0} MiB, more than the budget of {budgetMb:N0} MiB " +
               $"(recording {recording / MiB:N0} MiB: {rows:N0} rows × {selection.Variables.Distinct().Count()} variables × " +
               $"{selection.Compartments.Count} compartments; state {state / MiB:N0} MiB). Record less with --record-every K " +
               "(keep every K-th update), --record-compartments LIST or --record-vars v, or raise --memory-budget-mb";
    }
}
