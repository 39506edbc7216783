using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Report;

/// <summary>
/// Reads recorded traces (one compartment's values of one variable over time) for the report, one at a time, into one
/// buffer reused for every trace. Why: on this kind of virtual machine touching fresh memory is the dominant cost
/// (about 9 ms per MB, page faults), and a new array per trace made the seed report spend ~70 ms on its V columns alone.
/// The array returned by <see cref="Column"/> is overwritten by the next call: use it before asking for another trace.
/// </summary>
internal sealed class Traces(Recording recording)
{
    private double[]? _buffer;

    /// <summary>The recording read.</summary>
    public Recording Recording { get; } = recording;

    /// <summary>
    /// Recorded column <paramref name="column"/> (position in the selection) of <paramref name="variable"/>, Rows long.
    /// Valid until the next call; do not keep or modify it.
    /// </summary>
    public double[] Column(StateVariable variable, int column)
    {
        int width = Recording.Selection.Compartments.Count;
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, width);
        var all = Recording.Values(variable);
        var trace = _buffer ??= new double[Recording.Rows];
        for (int r = 0, i = column; r < trace.Length; r++, i += width) trace[r] = all[i];
        return trace;
    }
}
