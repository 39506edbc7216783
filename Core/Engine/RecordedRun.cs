using HHFunctional.Core.Analysis;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>Which implementation of a step a run uses. All give the same states, the vector one up to round-off.</summary>
internal enum KernelPath
{
    /// <summary><see cref="Simulation.Step"/> folded, one new <see cref="State"/> per update: the readable reference.</summary>
    Plain,
    /// <summary>The scalar kernels: the plain step's arithmetic over buffers the run owns (bit-identical states).</summary>
    Scalar,
    /// <summary>The Vector512 kernels (the default where SIMD is hardware-accelerated).</summary>
    Vector,
}

/// <summary>
/// A recorded run on the kernels: the group is split into blocks of neurons (one per thread; neurons do not interact),
/// each block advances in its own buffers and checks the blow-up rule as it writes, and the block holding the recorded
/// neuron copies the selected values straight into the recording's arrays. Lanes compute the same arithmetic wherever
/// they sit, so any split gives bit-identical results.
/// </summary>
internal static class RecordedRun
{
    /// <summary>Integrators the engine runs (all four); any other falls back to the plain step.</summary>
    public static bool HasKernel(IntegratorKind kind) => kind is IntegratorKind.ForwardEuler or IntegratorKind.ExponentialEuler
        or IntegratorKind.BackwardEuler or IntegratorKind.CrankNicolson;

    /// <summary>Calls back with the spec's scheme on the path's lane type (the one place a run picks its instantiation).</summary>
    internal static TResult Dispatch<TResult>(IntegratorKind kind, KernelPath path, IKernelUser<TResult> user) =>
        (kind, path == KernelPath.Vector) switch
        {
            (IntegratorKind.ForwardEuler, false) => user.Use<Kernel<PointSweep<ForwardEuler.Scheme, ForwardEulerMode>, ScalarLane>>(),
            (IntegratorKind.ForwardEuler, true) => user.Use<Kernel<PointSweep<ForwardEuler.Scheme, ForwardEulerMode>, VectorLane>>(),
            (IntegratorKind.ExponentialEuler, false) => user.Use<Kernel<PointSweep<ExponentialEuler.Scheme, ExponentialEulerMode>, ScalarLane>>(),
            (IntegratorKind.ExponentialEuler, true) => user.Use<Kernel<PointSweep<ExponentialEuler.Scheme, ExponentialEulerMode>, VectorLane>>(),
            (IntegratorKind.BackwardEuler, false) => user.Use<Kernel<ThetaMethod.Scheme<ThetaMethod.BackwardEulerTheta>, ScalarLane>>(),
            (IntegratorKind.BackwardEuler, true) => user.Use<Kernel<ThetaMethod.Scheme<ThetaMethod.BackwardEulerTheta>, VectorLane>>(),
            (_, false) => user.Use<Kernel<ThetaMethod.Scheme<ThetaMethod.CrankNicolsonTheta>, ScalarLane>>(),
            _ => user.Use<Kernel<ThetaMethod.Scheme<ThetaMethod.CrankNicolsonTheta>, VectorLane>>(),
        };

    /// <summary>Something done with a kernel type (a generic method a switch can call).</summary>
    internal interface IKernelUser<TResult>
    {
        TResult Use<TKernel>() where TKernel : IGroupKernel;
    }

    private sealed record RunInto(SimulationSpec Spec, IRunSink Sink, RunSettings Settings, StimulusSchedule? Stimulus) : IKernelUser<BlowUp?>
    {
        public BlowUp? Use<TKernel>() where TKernel : IGroupKernel => Run<TKernel>(Spec, Sink, Settings, null, Stimulus);
    }

    private sealed record StatesEvery(SimulationSpec Spec, int Every) : IKernelUser<IEnumerable<State>>
    {
        public IEnumerable<State> Use<TKernel>() where TKernel : IGroupKernel => States<TKernel>(Spec, Every);
    }

    /// <summary>The path a run takes by default: vector kernels where SIMD is hardware-accelerated.</summary>
    public static KernelPath DefaultPath =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated || System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated
            ? KernelPath.Vector : KernelPath.Scalar;

    public static Recording Record(SimulationSpec spec, RecordingSelection selection, RunSettings settings, KernelPath path,
        StimulusSchedule? stimulus = null)
    {
        if (path == KernelPath.Plain || !HasKernel(spec.Parameters.Integrator))
            return Recording.Record(PlainRun(spec), selection, spec.Parameters.Iterations);
        var sink = new RecordingSink(spec, selection);
        return sink.ToRecording(Run(spec, sink, settings, path, stimulus));
    }

    /// <summary>The run on the kernel of the spec's integrator and the chosen path (Scalar or Vector), into a sink.</summary>
    private static BlowUp? Run(SimulationSpec spec, IRunSink sink, RunSettings settings, KernelPath path,
        StimulusSchedule? stimulus = null) =>
        Dispatch(spec.Parameters.Integrator, path, new RunInto(spec, sink, settings, stimulus));

    /// <summary>States after updates Every, 2·Every, … on the chosen kernels (the plain step for other integrators).</summary>
    public static IEnumerable<State> States(SimulationSpec spec, int every, KernelPath path) =>
        path == KernelPath.Plain || !HasKernel(spec.Parameters.Integrator)
            ? PlainRun(spec).Where(s => s.Iteration % every == 0)
            : Dispatch(spec.Parameters.Integrator, path, new StatesEvery(spec, every));

    /// <summary>The Step fold: states after updates 1 … Iterations.</summary>
    public static IEnumerable<State> PlainRun(SimulationSpec spec)
    {
        var state = Simulation.Initial(spec);
        for (long k = 1; k <= spec.Parameters.Iterations; k++)
        {
            state = Simulation.Step(spec, state);
            yield return state;
        }
    }

    private static IEnumerable<State> States<TKernel>(SimulationSpec spec, int every) where TKernel : IGroupKernel
    {
        var group = new GroupRun<TKernel>(spec, Simulation.Initial(spec), 0, spec.Neurons);
        for (long k = 1; k <= spec.Parameters.Iterations; k++)
        {
            group.Step();
            if (k % every == 0) yield return group.Buffers.ToState(spec.DtMs);
        }
    }

    /// <summary>The run with <typeparamref name="TKernel"/>; <paramref name="blocks"/> (a partition of the neurons, one thread
    /// each) defaults to <see cref="Blocks"/> for the settings' thread count.</summary>
    internal static Recording Record<TKernel>(SimulationSpec spec, RecordingSelection selection, RunSettings settings,
        IReadOnlyList<(int First, int Count)>? blocks = null, StimulusSchedule? stimulus = null) where TKernel : IGroupKernel
    {
        var sink = new RecordingSink(spec, selection);
        return sink.ToRecording(Run<TKernel>(spec, sink, settings, blocks, stimulus));
    }

    /// <summary>The spike trains of a run on the chosen path (the plain path through a recording of v).</summary>
    public static SpikeTrains Spikes(SimulationSpec spec, IReadOnlyList<int> compartments, int neuron, double thresholdMv,
        RunSettings settings, KernelPath path)
    {
        if (path == KernelPath.Plain || !HasKernel(spec.Parameters.Integrator))
        {
            var recording = Recording.Record(PlainRun(spec), new RecordingSelection(new[] { StateVariable.V }, compartments, neuron),
                spec.Parameters.Iterations);
            var trains = Enumerable.Range(0, compartments.Count)
                .Select(col => Analysis.Spikes.TimesMs(recording, col, thresholdMv)).ToArray();
            return new SpikeTrains(compartments.ToArray(), neuron, thresholdMv, trains, recording.BlowUp);
        }
        var sink = new SpikeSink(spec, compartments, neuron, thresholdMv);
        return sink.ToTrains(Run(spec, sink, settings, path));
    }

    /// <summary>The spike trains of every neuron of the group, in one run on the chosen kernels.</summary>
    public static SpikeTrains[] SpikesOfEveryNeuron(SimulationSpec spec, IReadOnlyList<int> compartments, double thresholdMv,
        RunSettings settings, KernelPath path)
    {
        var sinks = Enumerable.Range(0, spec.Neurons).Select(j => new SpikeSink(spec, compartments, j, thresholdMv)).ToArray();
        var blowUp = Run(spec, new EveryNeuronSink(sinks), settings, path);
        return sinks.Select(s => s.ToTrains(blowUp)).ToArray();
    }

    /// <summary>One spike sink per neuron; each block writes the sinks of its own neurons only (no state shared between threads).</summary>
    private sealed class EveryNeuronSink(SpikeSink[] sinks) : IRunSink
    {
        public int Every => 1;

        public bool Owns((int First, int Count) block) => block.Count > 0;

        public void Write(GroupBuffers b, long iteration)
        {
            for (int j = b.FirstNeuron; j < b.FirstNeuron + b.Neurons; j++) sinks[j].Write(b, iteration);
        }
    }

    /// <summary>Advances the whole group, each block on its own thread, handing the sink its block's states; the first blow-up, if any.</summary>
    private static BlowUp? Run<TKernel>(SimulationSpec spec, IRunSink sink, RunSettings settings,
        IReadOnlyList<(int First, int Count)>? blocks = null, StimulusSchedule? stimulus = null) where TKernel : IGroupKernel
    {
        var initial = Simulation.Initial(spec);
        blocks ??= Blocks(spec.Neurons, settings.Threads, spec.Compartments);
        stimulus ??= new StimulusSchedule(spec.Parameters.Stimulus, spec.Compartments);
        var outcome = new SharedOutcome();
        var workers = blocks.Select((block, w) => new Worker<TKernel>(spec, initial, block.First, block.Count, stimulus,
            sink.Owns(block) ? sink : null, outcome, w == 0 ? settings.Progress : null, settings.Cancellation)).ToArray();
        if (workers.Length == 1) workers[0].Run();
        else
        {
            // One dedicated thread per block beyond the first, which runs here (Parallel.ForEach would hand a short
            // array of blocks to one worker in a single chunk). Blocks never share memory; only the outcome is shared.
            var others = workers.Skip(1)
                .Select(w => Task.Factory.StartNew(() =>
                {
                    try { w.Run(); }
                    catch { outcome.Abandon(); throw; }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToArray();
            Exception? first = null;
            try { workers[0].Run(); }
            catch (Exception e) { first = e; outcome.Abandon(); }
            try { Task.WaitAll(others); }
            catch (AggregateException e) { first ??= e.InnerExceptions[0]; }
            if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
        return outcome.First;
    }

    /// <summary>Fewest compartment values (neurons × compartments) a thread gets when it has fewer than
    /// <see cref="RunSettings.MinNeuronsPerThread"/> neurons: as many as 64 neurons of 20 compartments.</summary>
    internal const int MinValuesPerThread = RunSettings.MinNeuronsPerThread * 20;

    /// <summary>Blocks of neurons, one per thread, as equal as whole vectors (8 neurons) allow; only the last may be ragged.</summary>
    internal static IReadOnlyList<(int First, int Count)> Blocks(int neurons, int threads, int compartments = 1)
    {
        // A thread gets at least MinNeuronsPerThread neurons, or, for neurons of many compartments (a branched cell), at
        // least a vector of neurons and MinValuesPerThread compartment values: 64 copies of a 235-node cell split in two.
        int byNeurons = neurons / RunSettings.MinNeuronsPerThread;
        int byValues = (int)Math.Min(neurons / 8, (long)neurons * compartments / MinValuesPerThread);
        int usable = Math.Max(1, Math.Min(threads, Math.Max(byNeurons, byValues)));
        int units = (neurons + 7) / 8;
        var blocks = new (int, int)[usable];
        for (int b = 0; b < usable; b++)
        {
            int first = (int)((long)b * units / usable) * 8, end = Math.Min((int)((long)(b + 1) * units / usable) * 8, neurons);
            blocks[b] = (first, end - first);
        }
        return blocks;
    }

    private sealed class Worker<TKernel>(SimulationSpec spec, State initial, int first, int count, StimulusSchedule stimulus,
        IRunSink? sink, SharedOutcome outcome, IProgress<long>? progress, CancellationToken cancellation) where TKernel : IGroupKernel
    {
        private readonly GroupRun<TKernel> _group = new(spec, initial, first, count, stimulus);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            long total = spec.Parameters.Iterations;
            int every = sink?.Every ?? 1;
            // About 2^18 compartment-steps between cancellation checks and progress reports: well under a millisecond.
            long checkEvery = Math.Clamp((1L << 18) / ((long)count * spec.Compartments), 1, 1024);
            cancellation.ThrowIfCancellationRequested();
            // Countdowns rather than k % every and k % checkEvery: two 64-bit divisions an update are a tenth of a point neuron's step.
            long start = initial.Iteration;
            long toWrite = every - start % every, toCheck = checkEvery - start % checkEvery;
            for (long k = start + 1; k <= total; k++)
            {
                // Another block blew up earlier: nothing after that update is kept.
                if (k > outcome.EarliestIteration) return;
                if (_group.Step())
                {
                    outcome.Offer(_group.FindBlowUp(spec.DtMs)!);
                    return;
                }
                if (--toWrite == 0)
                {
                    toWrite = every;
                    sink?.Write(_group.Buffers, k);
                }
                if (--toCheck == 0)
                {
                    toCheck = checkEvery;
                    cancellation.ThrowIfCancellationRequested();
                    progress?.Report(k);
                }
            }
            progress?.Report(total);
        }
    }

    /// <summary>The first blow-up over all blocks, in <see cref="State.FindBlowUp"/>'s order (update, variable, compartment, neuron).</summary>
    private sealed class SharedOutcome
    {
        private readonly object _gate = new();
        private long _earliest = long.MaxValue;

        public BlowUp? First { get; private set; }

        public long EarliestIteration => Volatile.Read(ref _earliest);

        /// <summary>Stops every block at its next update (one of them failed: nothing of the run is kept).</summary>
        public void Abandon()
        {
            lock (_gate) Volatile.Write(ref _earliest, 0);
        }

        public void Offer(BlowUp b)
        {
            lock (_gate)
            {
                if (First is null || Before(b, First)) First = b;
                Volatile.Write(ref _earliest, Math.Min(Volatile.Read(ref _earliest), First.Iteration));
            }
        }

        private static bool Before(BlowUp a, BlowUp b) =>
            (a.Iteration, (int)a.Variable, a.Compartment, a.Neuron).CompareTo((b.Iteration, (int)b.Variable, b.Compartment, b.Neuron)) < 0;
    }
}
