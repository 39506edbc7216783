using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// Explicit Euler on v, m, h, n: the seed's scheme (hodgkin_huxley_pymonnto.md, <c>new_iteration</c>), every
/// right-hand side read from the state at the start of the update.
/// </summary>
public static class ForwardEuler
{
    // C_m dV/dt = I_stim + I_axial − I_Na − I_K − I_L;  dx/dt = φ(α_x(1 − x) − β_x x)   (HH 1952, eqs. 26, 7, 15, 16)
    // v' = v + ((I − I_Na − I_K − I_L)/C_m)·dt;  x' = x + (α(1 − x) − βx)·dt           (the seed, in its operation order)
    /// <summary>One forward-Euler update of the whole group; update k = state.Iteration + 1 uses the stimulus at k·dt.</summary>
    public static State Step(SimulationSpec spec, State state)
    {
        int neurons = state.Neurons, compartments = state.Compartments, size = neurons * compartments;
        long k = state.Iteration + 1;
        double dt = state.DtMs, tMs = k * dt, phi = spec.Membrane.RateScale;
        var p = spec.Membrane;
        var coupling = new Coupling(spec);
        ReadOnlySpan<double> v = state.VMv.AsSpan(), m = state.M.AsSpan(), h = state.H.AsSpan(), n = state.N.AsSpan();
        var v1 = new double[size]; var m1 = new double[size]; var h1 = new double[size]; var n1 = new double[size];

        for (int c = 0; c < compartments; c++)
        {
            double stim = spec.Parameters.Stimulus.AmplitudeAt(tMs, c);
            for (int j = 0; j < neurons; j++)
            {
                int i = c * neurons + j;
                double vi = v[i], mi = m[i], hi = h[i], ni = n[i];
                double current = coupling.Total(stim, v, c, j, neurons, compartments);
                double iNa = Currents.SodiumUAPerCm2(p, vi, mi, hi);
                double iK = Currents.PotassiumUAPerCm2(p, vi, ni);
                double iL = Currents.LeakUAPerCm2(p, vi);
                v1[i] = vi + ((current - iNa - iK - iL) / p.CmUFPerCm2) * dt;
                m1[i] = mi + (phi * Kinetics.AlphaM(vi) * (1.0 - mi) - phi * Kinetics.BetaM(vi) * mi) * dt;
                h1[i] = hi + (phi * Kinetics.AlphaH(vi) * (1.0 - hi) - phi * Kinetics.BetaH(vi) * hi) * dt;
                n1[i] = ni + (phi * Kinetics.AlphaN(vi) * (1.0 - ni) - phi * Kinetics.BetaN(vi) * ni) * dt;
            }
        }
        return State.FromOwnedArrays(k, dt, neurons, compartments, v1, m1, h1, n1);
    }
}
