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

    /// <summary>Neurons a batch runs side by side (8 vectors of 8 lanes).</summary>
    public const int BatchNeurons = 64;

    /// <summary>
    /// Points that can share one run as neurons of a group, in batches of up to <paramref name="batchNeurons"/>, in the
    /// order of their first point: single-neuron runs that differ only in the membrane's conductances, reversal potentials
    /// and C_m (which become <see cref="LocalValues"/>) and in their stimulus segments (which become segments for their own
    /// neuron). Each lane computes exactly what the run alone computes (same operations on the same lane type: a law of
    /// the engine), so batching changes no result; a batch that blows up is rerun point by point.
    /// </summary>
    public static List<List<RunPoint>> Batches(IReadOnlyList<RunPoint> points, int batchNeurons = BatchNeurons)
    {
        var open = new Dictionary<string, List<RunPoint>>(StringComparer.Ordinal);
        var batches = new List<List<RunPoint>>();
        foreach (var point in points)
        {
            if (batchNeurons <= 1 || BatchKey(point) is not { } key) { batches.Add([point]); continue; }
            if (!open.TryGetValue(key, out var batch) || batch.Count >= batchNeurons)
            {
                batch = [];
                open[key] = batch;
                batches.Add(batch);
            }
            batch.Add(point);
        }
        return batches;
    }

    // Everything but what a lane may hold on its own, hashed as run ids are; null when the point cannot share a run.
    private static string? BatchKey(RunPoint point)
    {
        var p = point.Parameters;
        if (point.Problems.Count > 0 || p.Neurons != 1 || p.Channels is not { Count: 0 } || p.LocalValues is not null
            || p.Cable is TreeCable || p.Stimulus is null || p.Stimulus.Functions.Count > 0 || p.Stimulus.Segments.Any(s => s.Neuron is not null)
            || p.Initial is not (ExplicitStart or SteadyStart or RestingStart) || p.Membrane is null)
            return null;
        return RunId.Of(p with
        {
            // The resting potential depends on the whole membrane: from rest, only points with one membrane share a run.
            Membrane = p.Initial is RestingStart ? p.Membrane
                : p.Membrane with { CmUFPerCm2 = 1, GNaMSPerCm2 = 0, GKMSPerCm2 = 0, GLMSPerCm2 = 0, ENaMv = 0, EKMv = 0, ELMv = 0 },
            Stimulus = Stimulus.None,
        });
    }

    /// <summary>
    /// The runs of a batch (<see cref="Batches"/>) as one group, one neuron per point; their results in the batch's order,
    /// each equal to <see cref="RunOne"/>'s. Never throws but for cancellation.
    /// </summary>
    public static RunResult[] RunBatch(IReadOnlyList<RunPoint> batch, CancellationToken token = default)
    {
        if (batch.Count == 1) return [RunOne(batch[0], token)];
        var clock = Stopwatch.StartNew();
        try
        {
            var first = batch[0].Parameters;
            var membranes = batch.Select(b => b.Parameters.Membrane).ToArray();
            int n = batch.Count, compartments = first.Compartments;
            var segments = batch.SelectMany((b, j) => b.Parameters.Stimulus.Segments.Select(s => s with { Neuron = j })).ToArray();
            var group = first with
            {
                Neurons = n,
                Stimulus = new Stimulus(segments),
                LocalValues = membranes.All(m => m == membranes[0]) ? null : LocalValues.FromMembranes(membranes, compartments),
            };
            var spec = SimulationSpec.Validate(group).SuccessToSeq().Head();
            var trains = Simulation.RunSpikesOfEveryNeuron(spec, SweepMetrics.Compartments(spec), Spikes.DefaultThresholdMv,
                new RunSettings { Threads = 1, Cancellation = token });
            // A blow-up stops every lane: each point then runs alone, so that the others keep their results.
            if (trains.Any(t => t.BlowUp is not null)) return batch.Select(b => RunOne(b, token)).ToArray();
            double wallMs = clock.Elapsed.TotalMilliseconds / n;
            return batch.Select((b, j) => new RunResult(b.RunId, RunResult.Ok, null,
                SweepMetrics.Compute(SimulationSpec.Validate(b.Parameters).SuccessToSeq().Head(), trains[j]), wallMs)).ToArray();
        }
        catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && token.IsCancellationRequested))
        {
            // Whatever went wrong with the group, the points still get their own runs (and their own reasons).
            return batch.Select(b => RunOne(b, token)).ToArray();
        }
    }

    /// <summary>
    /// Runs every point on <paramref name="jobs"/> threads, batched (<see cref="Batches"/>; <paramref name="batchNeurons"/>
    /// 1 runs each point alone); <paramref name="done"/> is called once per finished run, one call at a time. Batches are
    /// taken in order; once <paramref name="token"/> is cancelled no new batch starts and the batches in flight stop where
    /// they are (within a millisecond), unreported: only finished runs are kept.
    /// </summary>
    public static void RunAll(IReadOnlyList<RunPoint> points, int jobs, CancellationToken token, Action<RunResult> done,
        int batchNeurons = BatchNeurons)
    {
        // No bigger than an even share of the jobs, so that small sweeps still use every job.
        var batches = Batches(points, Math.Clamp((points.Count + Math.Max(jobs, 1) - 1) / Math.Max(jobs, 1), 1, Math.Max(batchNeurons, 1)));
        int next = -1;
        var gate = new object();
        Exception? failure = null;
        void Work()
        {
            while (Volatile.Read(ref failure) is null && !token.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= batches.Count) return;
                RunResult[] results;
                try { results = RunBatch(batches[i], token); }
                catch (OperationCanceledException) when (token.IsCancellationRequested) { return; }
                lock (gate)
                {
                    foreach (var result in results)
                    {
                        try { done(result); }
                        catch (Exception e) { failure ??= e; }
                    }
                }
            }
        }
        var threads = Enumerable.Range(0, Math.Clamp(jobs, 1, Math.Max(batches.Count, 1)))
            .Select(k => new Thread(Work) { IsBackground = true, Name = $"sweep-{k}" })
            .ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (failure is not null) throw new IOException($"could not store a result: {failure.Message}", failure);
    }
}
