using HHFunctional.Core.Integrators;
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
    /// seed's recorder). Enumerating it twice recomputes it.
    /// </summary>
    public static IEnumerable<State> Run(SimulationSpec spec) =>
        Unfold(spec, Initial(spec)).Skip(1).Take(checked((int)Math.Min(spec.Parameters.Iterations, int.MaxValue)));

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
