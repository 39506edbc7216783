using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// NEURON's Crank–Nicolson fixed step (secondorder = 2): v by the trapezoidal rule with the gates staggered half a step
/// ahead of v, so both are second order in dt. Unconditionally stable in v (A-stable, though large dt can ring).
/// </summary>
/// <remarks>
/// When each quantity lives. State k holds v at t_k = k·dt and the gates at t_k + dt/2 (half a step ahead).
/// The initial state's gates are taken as the gates at dt/2: exact when starting at rest (they do not move there),
/// an O(dt) start-up error otherwise, as in NEURON. Update k (from t_{k−1} to t_k):
/// <list type="number">
/// <item>the gates of state k−1 live at t_{k−1} + dt/2, the midpoint of the step: linearise the currents with them;</item>
/// <item>solve a backward-Euler half step C (v_{k−½} − v_{k−1})/(dt/2) = I_stim(t_k) − I_ion(v_{k−½}) + I_axial(v_{k−½})
/// for v_{k−½} (Thomas algorithm), then extrapolate v_k = 2·v_{k−½} − v_{k−1}: the same as the trapezoidal rule
/// for this linear equation (NEURON's update: v += 2·Δ);</item>
/// <item>advance each gate from t_k − dt/2 to t_k + dt/2 by Rush–Larsen with its rates at v_k, the midpoint of that interval.</item>
/// </list>
/// The stimulus is the seed's: update k sees I_stim at t = k·dt, on for start &lt; t ≤ end; for pulses whose edges lie on
/// the time grid this equals the value at the step's midpoint, which is what second order needs. In seed-cable mode the
/// coupling conductance is the seed's effective dt/b_r.
/// </remarks>
public static class CrankNicolson
{
    /// <summary>One Crank–Nicolson update of the whole group; a pure function (the input state is never written).</summary>
    public static State Step(SimulationSpec spec, State state)
    {
        long k = state.Iteration + 1;
        double dt = state.DtMs;
        var delta = ImplicitCable.VoltageIncrement(spec, state, dt / 2.0, k * dt);
        var v1 = new double[delta.Length];
        for (int i = 0; i < v1.Length; i++) v1[i] = state.VMv[i] + 2.0 * delta[i];
        var (m1, h1, n1) = ImplicitCable.GatesAt(spec, state, v1);
        return State.FromOwnedArrays(k, dt, state.Neurons, state.Compartments, v1, m1, h1, n1);
    }
}
