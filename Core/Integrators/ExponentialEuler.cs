using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// Exponential Euler: gates by Rush–Larsen (in [0,1] at any dt), and v by exponential Euler of its own linear equation at
/// frozen gates and frozen neighbours, C dv/dt = −(G_ion + Σg_axial)·v + (G_ion·E_eff + I_stim + Σ g_axial·v_nb).
/// Each new v is then a convex combination of the old v, the reversal potentials and the neighbours' voltages plus the
/// stimulus term, so it cannot blow up at large dt as forward Euler does. First order in dt.
/// </summary>
public static class ExponentialEuler
{
    /// <summary>One exponential-Euler update of the whole group (simultaneous: every value read from the old state).</summary>
    public static State Step(SimulationSpec spec, State state)
    {
        int neurons = state.Neurons, compartments = state.Compartments, size = neurons * compartments;
        long k = state.Iteration + 1;
        double dt = state.DtMs, tMs = k * dt, phi = spec.Membrane.RateScale;
        var p = spec.Membrane;
        double gAxial = new Coupling(spec).GMSPerCm2;
        ReadOnlySpan<double> v = state.VMv.AsSpan(), m = state.M.AsSpan(), h = state.H.AsSpan(), n = state.N.AsSpan();
        var v1 = new double[size]; var m1 = new double[size]; var h1 = new double[size]; var n1 = new double[size];

        for (int c = 0; c < compartments; c++)
        {
            double stim = spec.Parameters.Stimulus.AmplitudeAt(tMs, c);
            int neighbours = (c > 0 ? 1 : 0) + (c < compartments - 1 ? 1 : 0);
            for (int j = 0; j < neurons; j++)
            {
                int i = c * neurons + j;
                double vi = v[i];
                double neighbourSum = (c > 0 ? v[i - neurons] : 0.0) + (c < compartments - 1 ? v[i + neurons] : 0.0);
                var (g, gE) = Currents.Linearised(p, m[i], h[i], n[i]);
                double a = -(g + neighbours * gAxial) / p.CmUFPerCm2;
                double b = (gE + stim + gAxial * neighbourSum) / p.CmUFPerCm2;
                v1[i] = RushLarsen.Linear(vi, a, b, dt);
                m1[i] = RushLarsen.Gate(m[i], phi * Kinetics.AlphaM(vi), phi * Kinetics.BetaM(vi), dt);
                h1[i] = RushLarsen.Gate(h[i], phi * Kinetics.AlphaH(vi), phi * Kinetics.BetaH(vi), dt);
                n1[i] = RushLarsen.Gate(n[i], phi * Kinetics.AlphaN(vi), phi * Kinetics.BetaN(vi), dt);
            }
        }
        return State.FromOwnedArrays(k, dt, neurons, compartments, v1, m1, h1, n1);
    }
}
