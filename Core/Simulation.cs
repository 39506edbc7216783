using HHFunctional.Core.Integrators;
using HHFunctional.Core.Integrators.Kernels;
using HHFunctional.Core.Model;
using MathNet.Numerics.RootFinding;

namespace HHFunctional.Core;

/// <summary>
/// The facade: initial state, the pure step, and the lazy run. Everything here is a pure function of its arguments.
/// </summary>
public static class Simulation
{
    /// <summary>The state before the first update (iteration 0), from the spec's initial conditions.</summary>
    public static State Initial(SimulationSpec spec)
    {
        var (v0, m0, h0, n0) = spec.Parameters.Initial switch
        {
            ExplicitStart x => (x.VMv, x.M, x.H, x.N),
            RestingStart => RestingValues(spec.Membrane),
            _ => throw new InvalidOperationException("validated spec has unknown initial conditions"),
        };
        int size = spec.Neurons * spec.Compartments;
        return State.FromOwnedArrays(0, spec.DtMs, spec.Neurons, spec.Compartments,
            Filled(size, v0), Filled(size, m0), Filled(size, h0), Filled(size, n0));
    }

    /// <summary>
    /// One update with the spec's integrator: a pure function (the input is never mutated; the same input gives a
    /// bit-identical output). Update k = state.Iteration + 1 sees the stimulus at t = k·dt, as the seed's I_inj(k).
    /// </summary>
    public static State Step(SimulationSpec spec, State state) => spec.Parameters.Integrator switch
    {
        IntegratorKind.ForwardEuler => ForwardEuler.Step(spec, state),
        IntegratorKind.ExponentialEuler => ExponentialEuler.Step(spec, state),
        var other => throw new NotSupportedException($"integrator {other.Name()} is not implemented yet"),
    };

    /// <summary>The lazy unfold initial, step(initial), step(step(initial)), … without end; take what you need.</summary>
    public static IEnumerable<State> Unfold(SimulationSpec spec, State initial)
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
    public static Recording RunRecorded(SimulationSpec spec, RecordingSelection selection, RunSettings? settings = null) =>
        RecordedRun.Record(spec, selection, settings ?? RunSettings.Default, RecordedRun.DefaultPath);

    /// <summary><see cref="RunRecorded(SimulationSpec, RecordingSelection, RunSettings?)"/> on a chosen path (tests, bench).</summary>
    internal static Recording RunRecorded(SimulationSpec spec, RecordingSelection selection, RunSettings settings, KernelPath path) =>
        RecordedRun.Record(spec, selection, settings, path);

    /// <summary>
    /// Bytes the state occupies while <see cref="RunRecorded(SimulationSpec, RecordingSelection, RunSettings?)"/> runs: the
    /// initial state (4 arrays) and the run's own buffers (old and new v, m, h, n and the stimulus, each with a ghost
    /// compartment row on either side). Add <see cref="RecordingSelection.BytesFor"/> for the whole run.
    /// </summary>
    public static long StateBytesFor(SimulationSpec spec)
    {
        long size = (long)spec.Neurons * spec.Compartments;
        return (4 * size + 9 * (size + 2L * spec.Neurons + GroupBuffers.VectorWidth)) * sizeof(double);
    }

    /// <summary>
    /// The resting potential in mV: the root of I_ion(V) = 0 with every gate at its steady state, by Brent's method on
    /// [−100, 0] mV to 1e-12 mV (−64.996379 mV for the seed's membrane).
    /// </summary>
    public static double RestingPotentialMv(Membrane membrane) =>
        Brent.FindRoot(v => SteadyIonicCurrent(membrane, v), -100.0, 0.0, 1e-12, 200);

    /// <summary>Resting potential and the steady-state gates there.</summary>
    public static (double VMv, double M, double H, double N) RestingValues(Membrane membrane)
    {
        double v = RestingPotentialMv(membrane);
        var (m, h, n) = Kinetics.SteadyGates(v);
        return (v, m, h, n);
    }

    private static double SteadyIonicCurrent(Membrane membrane, double vMv)
    {
        var (m, h, n) = Kinetics.SteadyGates(vMv);
        return Currents.IonicUAPerCm2(membrane, vMv, m, h, n);
    }

    private static double[] Filled(int size, double value)
    {
        var a = new double[size];
        Array.Fill(a, value);
        return a;
    }
}
