namespace HHFunctional.Core;

/// <summary>
/// How <see cref="Simulation.RunRecorded(SimulationSpec, RecordingSelection, RunSettings?)"/> may use the machine. None of it changes the result: a run gives bit-identical
/// recordings with any number of threads.
/// </summary>
public sealed record RunSettings
{
    /// <summary>The settings of a plain single-threaded run with no progress reports.</summary>
    public static RunSettings Default { get; } = new();

    /// <summary>
    /// Most threads to use, ≥ 1; default 1. Neurons are independent, so a large group is split into blocks of neurons that
    /// advance on their own threads; groups under <see cref="MinNeuronsPerThread"/> neurons per thread use fewer.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Receives the number of updates done, every few hundred thousand compartment-steps (at most every 1,024 updates); null for none. May be called from another thread.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Stops the run (with <see cref="OperationCanceledException"/>) at the next progress point (well under a millisecond).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Fewest neurons a thread gets: below it, splitting costs more than it saves.</summary>
    public const int MinNeuronsPerThread = 64;
}
