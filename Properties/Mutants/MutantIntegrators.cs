using HHFunctional.Core;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Mutants;

/// <summary>
/// Deliberately broken integrators, each a plausible slip. The properties they must falsify are named on each.
/// </summary>
public static class MutantIntegrators
{
    /// <summary>
    /// Crank–Nicolson that forgets NEURON's extrapolation v += 2Δ and keeps the backward-Euler half step (v += Δ).
    /// Falsifies ImplicitStepProperties.CrankNicolsonSolvesTrapezoidalRule.
    /// </summary>
    public static State CrankNicolsonWithoutExtrapolation(SimulationSpec spec, State state)
    {
        long k = state.Iteration + 1;
        var delta = ImplicitParts.VoltageIncrement(spec, state, state.DtMs / 2.0, k * state.DtMs);
        var v1 = state.VMv.Select((v, i) => v + delta[i]).ToArray();
        var (m1, h1, n1) = ImplicitParts.GatesAt(spec, state, v1);
        return State.FromOwnedArrays(k, state.DtMs, state.Neurons, state.Compartments, v1, m1, h1, n1);
    }

    /// <summary>
    /// Crank–Nicolson whose gates are advanced with rates at the old v instead of v_k, the midpoint of their interval:
    /// the staggering is lost. Falsifies the gate law and CrankNicolsonIsSecondOrder.
    /// </summary>
    public static State CrankNicolsonGatesAtOldV(SimulationSpec spec, State state)
    {
        long k = state.Iteration + 1;
        var delta = ImplicitParts.VoltageIncrement(spec, state, state.DtMs / 2.0, k * state.DtMs);
        var v1 = state.VMv.Select((v, i) => v + 2.0 * delta[i]).ToArray();
        var (m1, h1, n1) = ImplicitParts.GatesAt(spec, state, state.VMv.ToArray());
        return State.FromOwnedArrays(k, state.DtMs, state.Neurons, state.Compartments, v1, m1, h1, n1);
    }

    /// <summary>
    /// Backward Euler with both cable ends wired to ground (every compartment gets two neighbours' worth of axial
    /// conductance on the diagonal): the ends are no longer sealed. Falsifies BackwardEulerSolvesItsImplicitEquation.
    /// </summary>
    public static State BackwardEulerGroundedEnds(SimulationSpec spec, State state)
    {
        // Re-solve with the leak to ground added at the ends, written out densely (small B only in the tests).
        int b = state.Compartments, neurons = state.Neurons;
        double dt = state.DtMs, g = new Coupling(spec).GMSPerCm2, c = spec.Membrane.CmUFPerCm2;
        var v1 = new double[b * neurons];
        for (int j = 0; j < neurons; j++)
        {
            var lower = new double[b]; var diag = new double[b]; var upper = new double[b]; var rhs = new double[b];
            for (int k = 0; k < b; k++)
            {
                int i = k * neurons + j;
                var (gIon, gE) = Currents.Linearised(spec.Membrane, state.M[i], state.H[i], state.N[i]);
                double stim = spec.Parameters.Stimulus.AmplitudeAt((state.Iteration + 1) * dt, k);
                diag[k] = c / dt + gIon + 2.0 * g;
                rhs[k] = c / dt * state.VMv[i] + gE + stim;
                if (k > 0) lower[k] = -g;
                if (k < b - 1) upper[k] = -g;
            }
            var x = Tridiagonal.Solve(lower, diag, upper, rhs);
            for (int k = 0; k < b; k++) v1[k * neurons + j] = x[k];
        }
        var (m1, h1, n1) = ImplicitParts.GatesAt(spec, state, v1);
        return State.FromOwnedArrays(state.Iteration + 1, dt, neurons, b, v1, m1, h1, n1);
    }

    /// <summary>
    /// Backward Euler that applies Crank–Nicolson's extrapolation to its full-step increment (v += 2Δ with C/dt):
    /// inconsistent, so the error does not shrink with dt. Falsifies BackwardEulerIsFirstOrder.
    /// </summary>
    public static State BackwardEulerDoubledIncrement(SimulationSpec spec, State state)
    {
        long k = state.Iteration + 1;
        var delta = ImplicitParts.VoltageIncrement(spec, state, state.DtMs, k * state.DtMs);
        var v1 = state.VMv.Select((v, i) => v + 2.0 * delta[i]).ToArray();
        var (m1, h1, n1) = ImplicitParts.GatesAt(spec, state, v1);
        return State.FromOwnedArrays(k, state.DtMs, state.Neurons, state.Compartments, v1, m1, h1, n1);
    }

    /// <summary>
    /// Forward Euler on a physical cable with the seed's quirk carried over: the axial current multiplied by dt once more.
    /// The coupling then vanishes as dt → 0, so runs converge to uncoupled compartments. Falsifies ForwardEulerIsFirstOrder.
    /// </summary>
    public static State ForwardEulerCouplingTimesDt(SimulationSpec spec, State state)
    {
        var p = spec.Membrane;
        int neurons = state.Neurons, b = state.Compartments;
        long k = state.Iteration + 1;
        double dt = state.DtMs, g = new Coupling(spec).GMSPerCm2, phi = p.RateScale;
        var v1 = new double[b * neurons]; var m1 = new double[v1.Length]; var h1 = new double[v1.Length]; var n1 = new double[v1.Length];
        for (int c = 0; c < b; c++)
            for (int j = 0; j < neurons; j++)
            {
                int i = c * neurons + j;
                double v = state.VMv[i], m = state.M[i], h = state.H[i], n = state.N[i];
                double axial = (c > 0 ? g * (state.VMv[i - neurons] - v) : 0.0) + (c < b - 1 ? g * (state.VMv[i + neurons] - v) : 0.0);
                double current = spec.Parameters.Stimulus.AmplitudeAt(k * dt, c) + axial * dt;
                v1[i] = v + (current - Currents.IonicUAPerCm2(p, v, m, h, n)) / p.CmUFPerCm2 * dt;
                m1[i] = m + phi * (Kinetics.AlphaM(v) * (1 - m) - Kinetics.BetaM(v) * m) * dt;
                h1[i] = h + phi * (Kinetics.AlphaH(v) * (1 - h) - Kinetics.BetaH(v) * h) * dt;
                n1[i] = n + phi * (Kinetics.AlphaN(v) * (1 - n) - Kinetics.BetaN(v) * n) * dt;
            }
        return State.FromOwnedArrays(k, dt, neurons, b, v1, m1, h1, n1);
    }

    /// <summary>
    /// Exponential Euler whose gates take a forward-Euler step x + (α(1 − x) − βx)·dt instead of Rush–Larsen.
    /// Falsifies ExponentialEulerProperties.GatesStayInUnitInterval.
    /// </summary>
    public static State ExponentialEulerWithForwardEulerGates(SimulationSpec spec, State state)
    {
        var correct = ExponentialEuler.Step(spec, state);
        double dt = state.DtMs, phi = spec.Membrane.RateScale;
        int size = state.VMv.Length;
        var m1 = new double[size]; var h1 = new double[size]; var n1 = new double[size];
        for (int i = 0; i < size; i++)
        {
            double v = state.VMv[i], m = state.M[i], h = state.H[i], n = state.N[i];
            m1[i] = m + phi * (Kinetics.AlphaM(v) * (1 - m) - Kinetics.BetaM(v) * m) * dt;
            h1[i] = h + phi * (Kinetics.AlphaH(v) * (1 - h) - Kinetics.BetaH(v) * h) * dt;
            n1[i] = n + phi * (Kinetics.AlphaN(v) * (1 - n) - Kinetics.BetaN(v) * n) * dt;
        }
        return State.FromOwnedArrays(correct.Iteration, dt, state.Neurons, state.Compartments, correct.VMv.ToArray(), m1, h1, n1);
    }
}

/// <summary>A step that is not pure: it writes its result back into the input state's arrays.</summary>
public static class MutantImpurity
{
    /// <summary>Backward Euler that "saves memory" by overwriting the input's v. Falsifies ImplicitStepProperties.StepIsPure.</summary>
    public static State BackwardEulerOverwritingInput(SimulationSpec spec, State state)
    {
        var next = ThetaMethod.Step(spec, state);
        var inputV = System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(state.VMv)!;
        next.VMv.CopyTo(inputV);
        return next;
    }
}

/// <summary>
/// The implicit step's two phases written out plainly (dense per-neuron tridiagonal solves), so that the mutants above can
/// break one detail of a correct step: the voltage increment over a backward-Euler sub-step at frozen gates, and the
/// Rush–Larsen gates at a given v.
/// </summary>
internal static class ImplicitParts
{
    public static double[] VoltageIncrement(SimulationSpec spec, State state, double subStepMs, double stimulusTimeMs)
    {
        int neurons = state.Neurons, b = state.Compartments;
        double g = new Coupling(spec).GMSPerCm2, capacitance = spec.Membrane.CmUFPerCm2 / subStepMs;
        var delta = new double[neurons * b];
        for (int j = 0; j < neurons; j++)
        {
            var lower = new double[b]; var diagonal = new double[b]; var upper = new double[b]; var rhs = new double[b];
            for (int c = 0; c < b; c++)
            {
                int i = c * neurons + j;
                var (gIon, gE) = Currents.Linearised(spec.Membrane, state.M[i], state.H[i], state.N[i]);
                double axial = (c > 0 ? g * (state.VMv[i - neurons] - state.VMv[i]) : 0.0) + (c < b - 1 ? g * (state.VMv[i + neurons] - state.VMv[i]) : 0.0);
                int neighbours = (c > 0 ? 1 : 0) + (c < b - 1 ? 1 : 0);
                diagonal[c] = capacitance + gIon + neighbours * g;
                rhs[c] = spec.Parameters.Stimulus.AmplitudeAt(stimulusTimeMs, c) + gE - gIon * state.VMv[i] + axial;
                if (c > 0) lower[c] = -g;
                if (c < b - 1) upper[c] = -g;
            }
            var x = Tridiagonal.Solve(lower, diagonal, upper, rhs);
            for (int c = 0; c < b; c++) delta[c * neurons + j] = x[c];
        }
        return delta;
    }

    public static (double[] M, double[] H, double[] N) GatesAt(SimulationSpec spec, State state, double[] vAtMv)
    {
        double dt = state.DtMs, phi = spec.Membrane.RateScale;
        var m1 = new double[vAtMv.Length]; var h1 = new double[vAtMv.Length]; var n1 = new double[vAtMv.Length];
        for (int i = 0; i < vAtMv.Length; i++)
        {
            double v = vAtMv[i];
            m1[i] = RushLarsen.Gate(state.M[i], phi * Kinetics.AlphaM(v), phi * Kinetics.BetaM(v), dt);
            h1[i] = RushLarsen.Gate(state.H[i], phi * Kinetics.AlphaH(v), phi * Kinetics.BetaH(v), dt);
            n1[i] = RushLarsen.Gate(state.N[i], phi * Kinetics.AlphaN(v), phi * Kinetics.BetaN(v), dt);
        }
        return (m1, h1, n1);
    }
}
