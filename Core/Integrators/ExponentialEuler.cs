using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// Exponential Euler: gates by Rush–Larsen (in [0,1] at any dt), and v by exponential Euler of its own linear equation at
/// frozen gates and frozen neighbours, C dv/dt = −(G_ion + Σg_axial)·v + (G_ion·E_eff + I_stim + Σ g_axial·v_nb).
/// Each new v is then a convex combination of the old v, the reversal potentials and the neighbours' voltages plus the
/// stimulus term, so it cannot blow up at large dt as forward Euler does. First order in dt. It freezes the neighbours,
/// so on a strongly coupled physical cable (fine compartments) it is stable but inaccurate: use an implicit scheme there.
/// </summary>
public static class ExponentialEuler
{
    /// <summary>One exponential-Euler update of the whole group (simultaneous: every value read from the old state).</summary>
    public static State Step(SimulationSpec spec, State state) => SingleStep.Apply<PointSweep<Scheme, ExponentialEulerMode>>(spec, state);

    internal readonly struct Scheme : IPointScheme
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static MembraneTerms<T> Start<T>(in StepLanes<T> c, T v, T vPrevious, T vNext, T hasPrevious, T hasNext, T stimulus)
            where T : struct, ILane<T> => new() { Current = T.Broadcast(0.0), G = T.Broadcast(0.0), GE = T.Broadcast(0.0) };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Finish<T>(in StepLanes<T> c, in MembraneTerms<T> terms, T v, T vPrevious, T vNext, T hasPrevious, T hasNext,
            T stimulus) where T : struct, ILane<T>
        {
            var zero = T.Broadcast(0.0);
            var neighbourSum = T.Select(hasPrevious, vPrevious, zero) + T.Select(hasNext, vNext, zero);
            var neighbours = T.Select(hasPrevious, T.Broadcast(1.0), zero) + T.Select(hasNext, T.Broadcast(1.0), zero);
            var gAxial = c.Coupling.G;
            var a = T.DivideByPrepared(-(terms.G + neighbours * gAxial), c.Cm);
            var b = T.DivideByPrepared(terms.GE + stimulus + gAxial * neighbourSum, c.Cm);
            return RushLarsen.Linear(v, a, b, c.DtMs);
        }
    }
}
