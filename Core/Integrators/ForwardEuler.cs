using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// Explicit Euler on v, m, h, n: the seed's scheme (hodgkin_huxley_pymonnto.md, <c>new_iteration</c>), every
/// right-hand side read from the state at the start of the update.
/// </summary>
public static class ForwardEuler
{
    /// <summary>One forward-Euler update of the whole group; update k = state.Iteration + 1 uses the stimulus at k·dt.</summary>
    public static State Step(SimulationSpec spec, State state) => SingleStep.Apply<PointSweep<Scheme>>(spec, state);

    internal readonly struct Scheme : IPointScheme
    {
        // C_m dV/dt = I_stim + I_axial − I_Na − I_K − I_L;  dx/dt = φ(α_x(1 − x) − β_x x)   (HH 1952, eqs. 26, 7, 15, 16)
        // v' = v + ((I − I_Na − I_K − I_L)/C_m)·dt;  x' = x + (α(1 − x) − βx)·dt           (the seed, in its operation order)
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (T V, T M, T H, T N) Update<T>(in StepLanes<T> c, T v, T vPrevious, T vNext, T hasPrevious, T hasNext,
            T m, T h, T n, T stimulus) where T : struct, ILane<T>
        {
            // The seed's order: stimulus, then the previous neighbour, then the next (each only where it exists).
            var current = stimulus;
            current = T.Select(hasPrevious, current + c.Coupling.From(vPrevious, v), current);
            current = T.Select(hasNext, current + c.Coupling.From(vNext, v), current);
            var iNa = Currents.Sodium(c.Membrane, v, m, h);
            var iK = Currents.Potassium(c.Membrane, v, n);
            var iL = Currents.Leak(c.Membrane, v);
            var vNew = v + T.DivideByPrepared(current - iNa - iK - iL, c.Cm) * c.DtMs;
            var r = Kinetics.Rates(v, c.Membrane.Phi);
            return (vNew, RushLarsen.ForwardEulerGate(m, r.AlphaM, r.BetaM, c.DtMs),
                RushLarsen.ForwardEulerGate(h, r.AlphaH, r.BetaH, c.DtMs), RushLarsen.ForwardEulerGate(n, r.AlphaN, r.BetaN, c.DtMs));
        }
    }
}
