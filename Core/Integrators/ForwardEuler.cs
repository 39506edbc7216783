using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// Explicit Euler on v and every gate: the seed's scheme (hodgkin_huxley_pymonnto.md, <c>new_iteration</c>), every
/// right-hand side read from the state at the start of the update.
/// </summary>
public static class ForwardEuler
{
    /// <summary>One forward-Euler update of the whole group; update k = state.Iteration + 1 uses the stimulus at k·dt.</summary>
    public static State Step(SimulationSpec spec, State state) => SingleStep.Apply<PointSweep<Scheme, ForwardEulerMode>>(spec, state);

    internal readonly struct Scheme : IPointScheme
    {
        // C_m dV/dt = I_stim + I_axial − Σ_c I_c;  v' = v + ((I − I_Na − I_K − I_L)/C_m)·dt;  x' = x + (α(1 − x) − βx)·dt
        // (HH 1952 eqs. 26, 7; the seed in its operation order: stimulus, previous neighbour, next, then each channel).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Voltage<T, TSeed>(in StepLanes<T> c, in ChunkChannels<T> channels, nuint j, T v, T vPrevious, T vNext,
            T hasPrevious, T hasNext, T stimulus, T cm, in TreeTerms<T> tree) where T : struct, ILane<T> where TSeed : IFlag
        {
            var current = stimulus;
            current = T.Select(hasPrevious, current + c.Coupling.From<TSeed>(vPrevious, v), current);
            current = T.Select(hasNext, current + c.Coupling.From<TSeed>(vNext, v), current);
            current = current + tree.Current; // a branched cell's axial current (0 on a chain: the sum keeps its bits)
            return v + T.DivideByPrepared(channels.SubtractCurrents(current, v, j), cm) * c.DtMs;
        }
    }
}
