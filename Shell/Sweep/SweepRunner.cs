using System.Diagnostics;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// Runs sweep points on K threads of this process, each run single-threaded and a pure function of its parameters, so the
/// results do not depend on K, on the order runs finish in, or on the machine that ran them. Threads, not processes: a
/// run keeps only its spike trains, not its trace, and allocates nothing per update (a few kilobytes a run whatever its
/// length), so the jobs do not queue for the garbage collector, and one process compiles the code once (the 1,000-run
/// bench ran 2.1× faster on 2 threads than with a worker process).
/// </summary>
internal static class SweepRunner
{

    /// <summary>
    /// One run: <see cref="SimulationSpec.Validate"/> as <c>run</c> does, then the same fast path as <c>run</c>'s
    /// <see cref="Simulation.RunRecorded(SimulationSpec, RecordingSelection, RunSettings?)"/> reduced to spike trains
    /// (<see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/>: the same bits as
    /// the spikes of run's recording, on one thread), then <see cref="SweepMetrics.Compute"/>. Never throws: a blow-up or
    /// any other failure becomes a failed result with its reason. Cancelling <paramref name="token"/> stops the run within
    /// a millisecond (the engine checks it at every progress point) with <see cref="OperationCanceledException"/>: a run
    /// cut short has no result.
    /// </summary>
    public static RunResult RunOne(RunPoint point, CancellationToken token = default)
    {
        var clock = Stopwatch.StartNew();
        if (point.Problems.Count > 0)
            return new RunResult(point.RunId, RunResult.Failed, $"invalid parameters: {string.Join("; ", point.Problems)}", null, 0.0);
        try
        {
            var validation = SimulationSpec.Validate(point.Parameters);
            if (validation.IsFail)
                return new RunResult(point.RunId, RunResult.Failed,
                    $"invalid parameters: {string.Join("; ", validation.FailToSeq().Map(e => e.Message))}", null, clock.Elapsed.TotalMilliseconds);
            var spec = validation.SuccessToSeq().Head();
            // The path run takes (vector kernels, nothing allocated per update), on one thread: the sweep's jobs are its parallelism.
            var trains = Simulation.RunSpikes(spec, point.Watched ?? SweepMetrics.Compartments(spec), 0, Spikes.DefaultThresholdMv,
                new RunSettings { Threads = 1, Cancellation = token });
            if (trains.BlowUp is { } b)
                return new RunResult(point.RunId, RunResult.Failed,
                    $"blow-up: {b.Variable.Name()} = {Parse.Show(b.Value)} in compartment {b.Compartment} at t = {Parse.Show(b.TimeMs)} ms " +
                    $"(update {b.Iteration}); lower dt or use another integrator", null, clock.Elapsed.TotalMilliseconds);
            var metrics = SweepMetrics.Compute(spec, trains);
            return new RunResult(point.RunId, RunResult.Ok, null, metrics, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && token.IsCancellationRequested))
        {
            // A sweep never stops for one run: an integrator not implemented yet, or a bug, is that run's row.
            string kind = e is NotSupportedException ? "not supported" : $"error ({e.GetType().Name})";
            return new RunResult(point.RunId, RunResult.Failed, $"{kind}: {e.Message}", null, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Runs every point on <paramref name="jobs"/> threads; <paramref name="done"/> is called once per finished run,
    /// one call at a time. Points are taken in the given order; once <paramref name="token"/> is cancelled no new run
    /// starts and the runs in flight stop where they are (within a millisecond), unreported: only finished runs are kept.
    /// </summary>
    public static void RunAll(IReadOnlyList<RunPoint> points, int jobs, CancellationToken token, Action<RunResult> done)
    {
        int next = -1;
        var gate = new object();
        Exception? failure = null;
        void Work()
        {
            while (Volatile.Read(ref failure) is null && !token.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= points.Count) return;
                RunResult result;
                try { result = RunOne(points[i], token); }
                catch (OperationCanceledException) when (token.IsCancellationRequested) { return; }
                lock (gate)
                {
                    try { done(result); }
                    catch (Exception e) { failure ??= e; }
                }
            }
        }
        var threads = Enumerable.Range(0, Math.Clamp(jobs, 1, Math.Max(points.Count, 1)))
            .Select(k => new Thread(Work) { IsBackground = true, Name = $"sweep-{k}" })
            .ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (failure is not null) throw new IOException($"could not store a result: {failure.Message}", failure);
    }
}
