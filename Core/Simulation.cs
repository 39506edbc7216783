using HHFunctional.Core.Analysis;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using LanguageExt;
using LanguageExt.Common;

namespace HHFunctional.Core;

/// <summary>
/// The facade: initial state, the pure step, and the lazy run. Everything here is a pure function of its arguments.
/// </summary>
public static class Simulation
{
    /// <summary>The state before the first update (iteration 0), from the spec's initial conditions.</summary>
    public static State Initial(SimulationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Parameters.Initial is StateStart given) return given.State with { Iteration = 0, DtMs = spec.DtMs };
        var channels = spec.Channels;
        var (v0, m0, h0, n0) = spec.Parameters.Initial switch
        {
            ExplicitStart x => (x.VMv, x.M, x.H, x.N),
            RestingStart => RestingFor(channels),
            SteadyStart x => SteadyFor(channels, x.VMv),
            _ => throw new InvalidOperationException("validated spec has unknown initial conditions"),
        };
        int size = spec.Neurons * spec.Compartments;
        // The added channels' gates start at their steady state at v0 (the seed's m, h, n are given explicitly or at rest).
        var extra = RestingState.SteadyGates(channels, v0).Skip(3).Select(x => Filled(size, x)).ToArray();
        return State.FromOwnedArrays(0, spec.DtMs, spec.Neurons, spec.Compartments,
            Filled(size, v0), Filled(size, m0), Filled(size, h0), Filled(size, n0), extra);
    }

    /// <summary>
    /// One update with the spec's integrator: a pure function (the input is never mutated; the same input gives a
    /// bit-identical output). Update k = state.Iteration + 1 sees the stimulus at t = k·dt, as the seed's I_inj(k).
    /// </summary>
    /// <exception cref="ArgumentException">When the state's shape is not the spec's (neurons, compartments, the added
    /// channels' gates, array lengths).</exception>
    // The state's shape is checked once, where every integrator's step starts (SingleStep.Apply).
    public static State Step(SimulationSpec spec, State state) => (spec ?? throw new ArgumentNullException(nameof(spec))).Parameters.Integrator switch
    {
        IntegratorKind.ForwardEuler => ForwardEuler.Step(spec, state),
        IntegratorKind.ExponentialEuler => ExponentialEuler.Step(spec, state),
        IntegratorKind.BackwardEuler or IntegratorKind.CrankNicolson => ThetaMethod.Step(spec, state),
        var other => throw new InvalidOperationException($"validated spec has unknown integrator {(int)other}"),
    };

    /// <summary>The lazy unfold initial, step(initial), step(step(initial)), … without end; take what you need.</summary>
    /// <exception cref="ArgumentException">When the initial state's shape is not the spec's (see <see cref="Step"/>).</exception>
    public static IEnumerable<State> Unfold(SimulationSpec spec, State initial)
    {
        CheckedState(spec, initial, nameof(initial));
        return UnfoldChecked(spec, initial);
    }

    private static IEnumerable<State> UnfoldChecked(SimulationSpec spec, State initial)
    {
        var state = initial;
        while (true)
        {
            yield return state;
            state = Step(spec, state);
        }
    }

    /// <summary>
    /// The run: the states after updates 1 … spec.Iterations, lazily (the initial state is not included, as in the
    /// seed's recorder). Enumerating it twice recomputes it. Bit-identical to folding <see cref="Step"/> (the integrators
    /// with kernels advance in buffers the run owns and copy each state out; the others fold Step itself).
    /// </summary>
    public static IEnumerable<State> Run(SimulationSpec spec) => Run(spec, 1);

    /// <summary>
    /// Only every <paramref name="every"/>-th state of the run: the states after updates every, 2·every, … ≤ Iterations,
    /// bit-identical to the same states of <see cref="Run(SimulationSpec)"/>; the states in between are never
    /// materialised, so a run that keeps one state in K allocates K times less.
    /// </summary>
    /// <param name="spec">The validated run.</param>
    /// <param name="every">Keep one state in <paramref name="every"/>; ≥ 1.</param>
    public static IEnumerable<State> Run(SimulationSpec spec, int every)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return RecordedRun.States(spec, every, KernelPath.Scalar);
    }

    /// <summary>
    /// The run folded into a recording: the same recording as <c>Recording.Record(Run(spec), selection)</c> (rows up to
    /// the first blow-up, which is reported), computed on the fast path: vectorised kernels in buffers the run owns,
    /// nothing allocated per update but the recording itself, and with <see cref="RunSettings.Threads"/> &gt; 1 the
    /// neurons of a large group split across threads (bit-identical to one thread). The vectorised exp differs from
    /// Math.Exp in the last bits, so values agree with <see cref="Run(SimulationSpec)"/> to round-off (1e-8 mV over the
    /// seed's 50,000 updates), not bit for bit.
    /// </summary>
    /// <param name="spec">The validated run.</param>
    /// <param name="selection">What to keep; must satisfy <see cref="RecordingSelection.Problems"/> for this spec.</param>
    /// <param name="settings">Threads, progress, cancellation; default one thread.</param>
    /// <exception cref="ArgumentException">When the selection breaks a rule of <see cref="RecordingSelection.FieldProblems(SimulationSpec)"/>
    /// (all of them are named), or <see cref="RunSettings.Threads"/> &lt; 1.</exception>
    public static Recording RunRecorded(SimulationSpec spec, RecordingSelection selection, RunSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RecordingSelection.ThrowIfInvalid(selection, spec.Neurons, spec.Compartments, nameof(selection));
        if (settings is { Threads: < 1 })
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Threads, "settings: expected Threads ≥ 1");
        return RecordedRun.Record(spec, selection, settings ?? RunSettings.Default, RecordedRun.DefaultPath);
    }

    /// <summary><see cref="RunRecorded(SimulationSpec, RecordingSelection, RunSettings?)"/> on a chosen path (tests, bench).</summary>
    internal static Recording RunRecorded(SimulationSpec spec, RecordingSelection selection, RunSettings settings, KernelPath path) =>
        RecordedRun.Record(spec, selection, settings, path);

    /// <summary>
    /// The run reduced to its spike trains: the upward crossings of <paramref name="thresholdMv"/> by v in the given
    /// compartments of one neuron, detected as the run advances on the fast path of
    /// <see cref="RunRecorded(SimulationSpec, RecordingSelection, RunSettings?)"/>, so no trace is stored: a run allocates
    /// its spike times and its own small buffers, whatever its length. Bit for bit the trains
    /// <see cref="Spikes.TimesMs(Recording, int, double)"/> finds in that run's recording of v at every update, with the
    /// same blow-up (spikes before it are kept). For many runs of few compartments, such as a parameter sweep.
    /// </summary>
    /// <param name="spec">The validated run.</param>
    /// <param name="compartments">Compartments to watch, each in [0, B−1], non-empty; train k belongs to compartments[k].</param>
    /// <param name="neuron">Which neuron of the group, in [0, N−1].</param>
    /// <param name="thresholdMv">Detection threshold θ in mV (a spike is v[i−1] &lt; θ ≤ v[i]); default 0.</param>
    /// <param name="settings">Threads, progress, cancellation; default one thread.</param>
    /// <exception cref="ArgumentException">When the compartments or the neuron are not in the spec's group.</exception>
    public static SpikeTrains RunSpikes(SimulationSpec spec, IReadOnlyList<int> compartments, int neuron = 0,
        double thresholdMv = Spikes.DefaultThresholdMv, RunSettings? settings = null) =>
        RunSpikes(spec, compartments, neuron, thresholdMv, settings ?? RunSettings.Default, RecordedRun.DefaultPath);

    /// <summary>
    /// <see cref="RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/> for every neuron of the group
    /// in one run: element j is neuron j's trains. Neurons that differ (<see cref="SimulationParameters.LocalValues"/>,
    /// stimulus segments for one neuron) run side by side in SIMD lanes, each lane exactly as that neuron alone in a group
    /// of the same lanes would; a blow-up of any neuron stops the run and cuts every train there.
    /// </summary>
    /// <exception cref="ArgumentException">When the compartments are not in the spec's neurons or the threshold is not finite.</exception>
    public static IReadOnlyList<SpikeTrains> RunSpikesOfEveryNeuron(SimulationSpec spec, IReadOnlyList<int> compartments,
        double thresholdMv = Spikes.DefaultThresholdMv, RunSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(compartments);
        if (compartments.Count == 0) throw new ArgumentException("compartments: expected at least one compartment, got none", nameof(compartments));
        foreach (int c in compartments)
            if (c < 0 || c >= spec.Compartments)
                throw new ArgumentException($"compartments: expected indices in [0, {spec.Compartments - 1}], got {c}", nameof(compartments));
        if (!double.IsFinite(thresholdMv))
            throw new ArgumentOutOfRangeException(nameof(thresholdMv), thresholdMv, "thresholdMv: expected a finite potential in mV");
        if (!RecordedRun.HasKernel(spec.Parameters.Integrator))
            return Enumerable.Range(0, spec.Neurons).Select(j => RunSpikes(spec, compartments, j, thresholdMv, settings)).ToArray();
        return RecordedRun.SpikesOfEveryNeuron(spec, compartments, thresholdMv, settings ?? RunSettings.Default, RecordedRun.DefaultPath);
    }

    /// <summary><see cref="RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/> on a chosen path (tests).</summary>
    internal static SpikeTrains RunSpikes(SimulationSpec spec, IReadOnlyList<int> compartments, int neuron, double thresholdMv,
        RunSettings settings, KernelPath path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(compartments);
        if (settings.Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Threads, "settings: expected Threads ≥ 1");
        if (compartments.Count == 0) throw new ArgumentException("compartments: expected at least one compartment, got none", nameof(compartments));
        foreach (int c in compartments)
            if (c < 0 || c >= spec.Compartments)
                throw new ArgumentException($"compartments: expected indices in [0, {spec.Compartments - 1}], got {c}", nameof(compartments));
        if (neuron < 0 || neuron >= spec.Neurons)
            throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"neuron: expected an index in [0, {spec.Neurons - 1}]");
        if (!double.IsFinite(thresholdMv))
            throw new ArgumentOutOfRangeException(nameof(thresholdMv), thresholdMv, "thresholdMv: expected a finite potential in mV");
        return RecordedRun.Spikes(spec, compartments, neuron, thresholdMv, settings, path);
    }

    /// <summary>
    /// Bytes the state occupies while <see cref="RunRecorded(SimulationSpec, RecordingSelection, RunSettings?)"/> runs: the
    /// initial state (4 arrays) and the run's own buffers (old and new v, m, h, n, the stimulus and two scratch arrays,
    /// each with a ghost compartment row on either side). Add <see cref="RecordingSelection.BytesFor"/> for the whole run.
    /// </summary>
    public static long StateBytesFor(SimulationSpec spec) => StateBytesFor(spec.Neurons, spec.Compartments);

    /// <summary>
    /// <see cref="StateBytesFor(SimulationSpec)"/> for a group of <paramref name="neurons"/> neurons of
    /// <paramref name="compartments"/> compartments, before any spec is validated (to refuse a size up front).
    /// </summary>
    public static long StateBytesFor(int neurons, int compartments)
    {
        long size = (long)Math.Max(neurons, 0) * Math.Max(compartments, 0);
        return (4 * size + 11 * (size + 2L * Math.Max(neurons, 0) + GroupBuffers.VectorWidth)) * sizeof(double);
    }

    /// <summary>The resting potential in mV of the seed's hh membrane with these parameters (see <see cref="RestingState.FindPotentialMv"/>).</summary>
    public static Fin<double> FindRestingPotentialMv(Membrane membrane)
    {
        ArgumentNullException.ThrowIfNull(membrane);
        return RestingState.FindPotentialMv(Model.Channels.Hh(membrane));
    }

    /// <summary>
    /// The resting potential in mV (see <see cref="FindRestingPotentialMv"/>). Always succeeds for the membrane of a
    /// validated spec that starts at rest (validation checks the root exists).
    /// </summary>
    /// <exception cref="ArgumentException">When the membrane has no resting potential the solver can find (the value form is
    /// <see cref="FindRestingPotentialMv"/>).</exception>
    public static double RestingPotentialMv(Membrane membrane) =>
        FindRestingPotentialMv(membrane).Match(Succ: v => v, Fail: e => throw new ArgumentException($"membrane: {e.Message}", nameof(membrane)));

    /// <summary>Resting potential and the steady-state gates there (see <see cref="RestingPotentialMv"/>).</summary>
    /// <exception cref="ArgumentException">When the membrane has no resting potential the solver can find.</exception>
    public static (double VMv, double M, double H, double N) RestingValues(Membrane membrane)
    {
        ArgumentNullException.ThrowIfNull(membrane);
        RestingPotentialMv(membrane);
        return RestingFor(Model.Channels.Hh(membrane));
    }

    private static (double VMv, double M, double H, double N) RestingFor(IReadOnlyList<Channel> channels)
    {
        double v = RestingState.FindPotentialMv(channels).Match(Succ: x => x,
            Fail: e => throw new InvalidOperationException(e.Message));
        var gates = RestingState.SteadyGates(channels, v);
        return (v, gates[0], gates[1], gates[2]);
    }

    private static (double VMv, double M, double H, double N) SteadyFor(IReadOnlyList<Channel> channels, double vMv)
    {
        var gates = RestingState.SteadyGates(channels, vMv);
        return (vMv, gates[0], gates[1], gates[2]);
    }

    /// <summary>The spec, once <paramref name="state"/> is known to have its shape (what a step reads).</summary>
    internal static SimulationSpec CheckedState(SimulationSpec spec, State state, string parameter)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state, parameter);
        int extra = spec.Channels.Skip(3).Sum(c => c.Gates.Count);
        if (state.Neurons != spec.Neurons || state.Compartments != spec.Compartments || !state.HasConsistentArrays() || state.ExtraGates.Length != extra)
            throw new ArgumentException($"{parameter}: expected a state of the spec's shape ({spec.Neurons} neurons × {spec.Compartments} compartments, " +
                $"v, m, h, n of {(long)spec.Neurons * spec.Compartments} values each, {extra} added gate arrays), got {Shape(state)}", parameter);
        return spec;
    }

    private static string Shape(State s) =>
        $"{s.Neurons} × {s.Compartments} with {(s.VMv.IsDefault ? 0 : s.VMv.Length)}, {(s.M.IsDefault ? 0 : s.M.Length)}, {(s.H.IsDefault ? 0 : s.H.Length)}, " +
        $"{(s.N.IsDefault ? 0 : s.N.Length)} values and {(s.ExtraGates.IsDefault ? 0 : s.ExtraGates.Length)} added gate arrays";

    private static double[] Filled(int size, double value)
    {
        var a = new double[size];
        Array.Fill(a, value);
        return a;
    }
}
