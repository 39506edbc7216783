using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// NEURON's default fixed step (secondorder = 0): implicit (backward) Euler on v, one tridiagonal system per neuron
/// solved in O(B), then the gates by Rush–Larsen at the new v. Unconditionally stable in v; first order in dt.
/// </summary>
/// <remarks>
/// When each quantity lives. State k holds v and the gates at t_k = k·dt. Update k (from t_{k−1} to t_k):
/// <list type="number">
/// <item>freeze the gates of state k−1 and linearise the HH currents in v (exact: they are linear at fixed gates);</item>
/// <item>solve C (v_k − v_{k−1})/dt = I_stim(t_k) − I_ion(v_k) + I_axial(v_k) for v_k (Thomas algorithm);</item>
/// <item>advance each gate from t_{k−1} to t_k by Rush–Larsen with its rates at v_k.</item>
/// </list>
/// The stimulus is the seed's: update k sees I_stim at t = k·dt, on for start &lt; t ≤ end. In seed-cable mode the
/// coupling conductance is the seed's effective dt/b_r.
/// </remarks>
public static class BackwardEuler
{
    /// <summary>One backward-Euler update of the whole group; a pure function (the input state is never written).</summary>
    public static State Step(SimulationSpec spec, State state)
    {
        long k = state.Iteration + 1;
        double dt = state.DtMs;
        var delta = ImplicitCable.VoltageIncrement(spec, state, dt, k * dt);
        var v1 = new double[delta.Length];
        for (int i = 0; i < v1.Length; i++) v1[i] = state.VMv[i] + delta[i];
        var (m1, h1, n1) = ImplicitCable.GatesAt(spec, state, v1);
        return State.FromOwnedArrays(k, dt, state.Neurons, state.Compartments, v1, m1, h1, n1);
    }
}
