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
        public static T Voltage<T, TSeed>(in StepLanes<T> c, in ChunkChannels<T> channels, nuint j, T v, T vPrevious, T vNext,
            T hasPrevious, T hasNext, T stimulus, T cm, in TreeTerms<T> tree) where T : struct, ILane<T> where TSeed : IFlag
        {
            var zero = T.Broadcast(0.0);
            var neighbourSum = T.Select(hasPrevious, vPrevious, zero) + T.Select(hasNext, vNext, zero);
            var neighbours = T.Select(hasPrevious, T.Broadcast(1.0), zero) + T.Select(hasNext, T.Broadcast(1.0), zero);
            var (g, gE) = channels.Linearised(j);
            var gAxial = c.Coupling.G;
            // A branched cell's axial terms (0 on a chain): Σ g·v_nb = current + (Σ g)·v, the neighbours frozen as on a chain.
            var a = T.DivideByPrepared(-(g + neighbours * gAxial + tree.Conductance), cm);
            var b = T.DivideByPrepared(gE + stimulus + gAxial * neighbourSum + (tree.Current + tree.Conductance * v), cm);
            return RushLarsen.Linear(v, a, b, c.DtMs);
        }
    }
}
