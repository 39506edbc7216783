using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// The two phases NEURON's implicit step is made of (fadvance.cpp: setup_tree_matrix + nrn_solve, then nonvint),
/// shared by <see cref="BackwardEuler"/> and <see cref="CrankNicolson"/>: an implicit voltage increment over a
/// sub-step h at frozen gates, solved as one tridiagonal system per neuron, and the Rush–Larsen gate update at a given v.
/// </summary>
internal static class ImplicitCable
{
    // At fixed gates the HH currents are linear in v (Currents.Linearised): I_ion = G·v − G·E_eff. One backward-Euler
    // sub-step of length h for v* = v + Δ,
    //     C (v* − v)/h = I_stim − G v* + G·E_eff + g Σ_nb (v*_nb − v*),
    // written for the increment Δ as NEURON does (the right-hand side is the net current at the old v):
    //     (C/h + G + n_c·g) Δ_c − g Δ_{c−1} − g Δ_{c+1} = I_stim,c − I_ion,c(v) + g Σ_nb (v_nb − v_c),
    // with n_c ∈ {0, 1, 2} the number of neighbours (sealed ends) and g the axial conductance per unit area
    // (physical: d/(4·Ra·Δx²); seed mode: the seed's effective dt/b_r). The matrix is diagonally dominant
    // (C/h + G > 0), so the Thomas algorithm needs no pivoting.
    /// <summary>
    /// The voltage increment Δ (mV) of every compartment of every neuron (flat, index c·N + j) over a backward-Euler
    /// sub-step of <paramref name="subStepMs"/>, with the state's gates frozen and the stimulus at <paramref name="stimulusTimeMs"/>.
    /// Allocates only local buffers; never writes to <paramref name="state"/>.
    /// </summary>
    public static double[] VoltageIncrement(SimulationSpec spec, State state, double subStepMs, double stimulusTimeMs)
    {
        int neurons = state.Neurons, compartments = state.Compartments;
        var p = spec.Membrane;
        double g = new Coupling(spec).GMSPerCm2;
        double capacitance = p.CmUFPerCm2 / subStepMs;
        ReadOnlySpan<double> v = state.VMv.AsSpan(), m = state.M.AsSpan(), h = state.H.AsSpan(), n = state.N.AsSpan();

        var stim = new double[compartments];
        for (int c = 0; c < compartments; c++) stim[c] = spec.Parameters.Stimulus.AmplitudeAt(stimulusTimeMs, c);
        // Off-diagonals are the same for every neuron; the ignored ends (lower[0], upper[B−1]) are zero for clarity.
        var lower = new double[compartments];
        var upper = new double[compartments];
        for (int c = 0; c < compartments; c++)
        {
            lower[c] = c > 0 ? -g : 0.0;
            upper[c] = c < compartments - 1 ? -g : 0.0;
        }

        var delta = new double[neurons * compartments];
        var diagonal = new double[compartments];
        var rhs = new double[compartments];
        for (int j = 0; j < neurons; j++)
        {
            for (int c = 0; c < compartments; c++)
            {
                int i = c * neurons + j;
                var (gIon, gE) = Currents.Linearised(p, m[i], h[i], n[i]);
                double axial = 0.0;
                int neighbours = 0;
                if (c > 0) { axial += g * (v[i - neurons] - v[i]); neighbours++; }
                if (c < compartments - 1) { axial += g * (v[i + neurons] - v[i]); neighbours++; }
                diagonal[c] = capacitance + gIon + neighbours * g;
                rhs[c] = stim[c] + gE - gIon * v[i] + axial;
            }
            Tridiagonal.SolveInPlace(lower, diagonal, upper, rhs);
            for (int c = 0; c < compartments; c++) delta[c * neurons + j] = rhs[c];
        }
        return delta;
    }

    // dx/dt = φ(α_x(v)(1 − x) − β_x(v)x) integrated exactly over dt at frozen v (Rush–Larsen; NEURON's cnexp).
    /// <summary>New gates after dt with every rate evaluated at <paramref name="vAtMv"/> (flat, like the state's arrays).</summary>
    public static (double[] M, double[] H, double[] N) GatesAt(SimulationSpec spec, State state, double[] vAtMv)
    {
        int size = state.Neurons * state.Compartments;
        double dt = state.DtMs, phi = spec.Membrane.RateScale;
        ReadOnlySpan<double> m = state.M.AsSpan(), h = state.H.AsSpan(), n = state.N.AsSpan();
        var m1 = new double[size]; var h1 = new double[size]; var n1 = new double[size];
        for (int i = 0; i < size; i++)
        {
            double v = vAtMv[i];
            m1[i] = RushLarsen.Gate(m[i], phi * Kinetics.AlphaM(v), phi * Kinetics.BetaM(v), dt);
            h1[i] = RushLarsen.Gate(h[i], phi * Kinetics.AlphaH(v), phi * Kinetics.BetaH(v), dt);
            n1[i] = RushLarsen.Gate(n[i], phi * Kinetics.AlphaN(v), phi * Kinetics.BetaN(v), dt);
        }
        return (m1, h1, n1);
    }
}
