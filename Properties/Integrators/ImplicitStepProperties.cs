using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Integrators;

/// <summary>
/// Oracle: the discrete equations the integrators' header comments state, evaluated directly (pointwise, with the ionic
/// currents from Currents.IonicUAPerCm2, not from the linearisation or the matrix the solver builds).
/// </summary>
public class ImplicitStepProperties
{
    private const int Tests = 200;

    // Tolerance: each residual is compared with the sum of the magnitudes of the terms it balances. The Thomas solve is
    // backward stable on these dominant matrices, so a correct step leaves residuals near 1e-15 of that scale; 1e-9 is
    // far above round-off, and any wrong term (a missing neighbour, a factor 2) leaves O(1) of it.
    private const double RelativeTolerance = 1e-9;

    /// <summary>g per unit area (mS/cm²) from the definitions: d/(4·Ra·Δx²) in real units, or the seed's effective dt/b_r.</summary>
    private static double AxialMSPerCm2(SimulationSpec spec) => spec.Parameters.Cable switch
    {
        // d/(4·Ra·Δx²) with d, Δx converted to cm: S/cm², then ×1000 for mS/cm².
        PhysicalCable c => 1000.0 * (c.DiameterUm * 1e-4) / (4.0 * c.RaOhmCm * Math.Pow(c.LengthUm / spec.Compartments * 1e-4, 2)),
        SeedCoupling s => spec.DtMs / s.BR,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Net current F(u) into compartment c of neuron j (µA/cm²) at voltages u with the state's gates, and its scale.</summary>
    private static (double Value, double Scale) Net(SimulationSpec spec, State s, IReadOnlyList<double> u, int c, int j)
    {
        int neurons = s.Neurons, i = c * neurons + j;
        double g = AxialMSPerCm2(spec);
        double stim = spec.Parameters.Stimulus.AmplitudeAt((s.Iteration + 1) * s.DtMs, c);
        double ion = Currents.IonicUAPerCm2(spec.Membrane, u[i], s.M[i], s.H[i], s.N[i]);
        double axial = 0.0, scale = Math.Abs(stim) + Math.Abs(ion);
        if (c > 0) { axial += g * (u[i - neurons] - u[i]); scale += g * (Math.Abs(u[i - neurons]) + Math.Abs(u[i])); }
        if (c < s.Compartments - 1) { axial += g * (u[i + neurons] - u[i]); scale += g * (Math.Abs(u[i + neurons]) + Math.Abs(u[i])); }
        // |G|·|v| bounds the ionic terms that cancel inside I_ion.
        var (gIon, gE) = Currents.Linearised(spec.Membrane, s.M[i], s.H[i], s.N[i]);
        return (stim - ion + axial, scale + gIon * Math.Abs(u[i]) + Math.Abs(gE));
    }

    /// <summary>
    /// The largest relative residual of C(v1 − v)/dt = θ·F(v) + (1 − θ)·F(v1) over every compartment of every neuron
    /// (θ = 0: backward Euler; θ = ½: the trapezoidal rule).
    /// </summary>
    private static (double Worst, string Where) Residual(SimulationSpec spec, State before, State after, double theta)
    {
        double worst = 0.0; string where = "";
        double c = spec.Membrane.CmUFPerCm2, dt = before.DtMs;
        for (int k = 0; k < before.Compartments; k++)
            for (int j = 0; j < before.Neurons; j++)
            {
                int i = k * before.Neurons + j;
                var old = Net(spec, before, before.VMv, k, j);
                var now = Net(spec, before, after.VMv, k, j);
                double lhs = c * (after.VMv[i] - before.VMv[i]) / dt;
                double r = lhs - (theta * old.Value + (1 - theta) * now.Value);
                double scale = Math.Abs(lhs) + theta * old.Scale + (1 - theta) * now.Scale + 1e-300;
                if (Math.Abs(r) / scale > worst) { worst = Math.Abs(r) / scale; where = $"compartment {k}, neuron {j}: residual {r:E3} of scale {scale:E3}"; }
            }
        return (worst, where);
    }

    /// <summary>Whether every gate equals the Rush–Larsen update over dt with rates at the new v.</summary>
    private static bool GatesAtNewV(SimulationSpec spec, State before, State after)
    {
        double phi = spec.Membrane.RateScale, dt = before.DtMs;
        for (int i = 0; i < before.VMv.Length; i++)
        {
            double v = after.VMv[i];
            if (after.M[i] != RushLarsen.Gate(before.M[i], phi * Kinetics.AlphaM(v), phi * Kinetics.BetaM(v), dt)) return false;
            if (after.H[i] != RushLarsen.Gate(before.H[i], phi * Kinetics.AlphaH(v), phi * Kinetics.BetaH(v), dt)) return false;
            if (after.N[i] != RushLarsen.Gate(before.N[i], phi * Kinetics.AlphaN(v), phi * Kinetics.BetaN(v), dt)) return false;
        }
        return true;
    }

    /// <summary>
    /// Law (backward Euler, any valid spec and state): the new v solves C(v_k − v_{k−1})/dt = I_stim(t_k) − I_ion(v_k) +
    /// I_axial(v_k) at the old gates, with sealed ends; the gates are Rush–Larsen over dt at v_k.
    /// </summary>
    public static Property BackwardEulerLaw(Func<SimulationSpec, State, State> step, StepCase x)
    {
        var after = step(x.Spec, x.State);
        var (worst, where) = Residual(x.Spec, x.State, after, theta: 0.0);
        return (worst <= RelativeTolerance).Label($"implicit equation: worst relative residual {worst:E3} at {where}")
            .And(GatesAtNewV(x.Spec, x.State, after).Label("gates by Rush–Larsen at the new v"))
            .Classify(x.Spec.Compartments == 1, "point neuron")
            .Classify(x.Spec.Parameters.Cable is PhysicalCable, "physical cable");
    }

    /// <summary>
    /// Law (Crank–Nicolson): C(v_k − v_{k−1})/dt = ½(F(v_{k−1}) + F(v_k)) with F the net current at the old gates (those of
    /// the step's midpoint) and I_stim(t_k); the gates are Rush–Larsen over dt at v_k, the midpoint of their interval.
    /// </summary>
    public static Property CrankNicolsonLaw(Func<SimulationSpec, State, State> step, StepCase x)
    {
        var after = step(x.Spec, x.State);
        var (worst, where) = Residual(x.Spec, x.State, after, theta: 0.5);
        return (worst <= RelativeTolerance).Label($"trapezoidal rule: worst relative residual {worst:E3} at {where}")
            .And(GatesAtNewV(x.Spec, x.State, after).Label("gates by Rush–Larsen at v_k"))
            .Classify(x.Spec.Compartments == 1, "point neuron")
            .Classify(x.Spec.Parameters.Cable is PhysicalCable, "physical cable");
    }

    /// <summary>Law: a step never writes to its input, and the same input gives a bit-identical output.</summary>
    public static bool StepIsPure(Func<SimulationSpec, State, State> step, StepCase x)
    {
        var copy = x.State with { VMv = [.. x.State.VMv], M = [.. x.State.M], H = [.. x.State.H], N = [.. x.State.N] };
        var first = step(x.Spec, x.State);
        bool untouched = x.State.Equals(copy);
        var second = step(x.Spec, copy);
        return untouched && first.Equals(second);
    }

    [Property(Arbitrary = new[] { typeof(IntegratorArbitraries) }, MaxTest = Tests)]
    public Property BackwardEulerSolvesItsImplicitEquation(StepCase x) => BackwardEulerLaw(ThetaMethod.Step, x);

    [Property(Arbitrary = new[] { typeof(IntegratorArbitraries) }, MaxTest = Tests)]
    public Property CrankNicolsonSolvesTrapezoidalRule(StepCase x) =>
        CrankNicolsonLaw((spec, state) => ThetaMethod.Step(Respec(spec, IntegratorKind.CrankNicolson), state), x);

    [Property(Arbitrary = new[] { typeof(IntegratorArbitraries) }, MaxTest = 50)]
    public Property EveryIntegratorStepIsPure(StepCase x) =>
        IntegratorNames.All.Select(k => k.Kind)
            .Select(kind => StepIsPure(Simulation.Step, x with { Spec = Respec(x.Spec, kind) }).Label(kind.Name()))
            .Aggregate((a, b) => a.And(b));

    [Fact]
    public void ShouldFail_BackwardEulerLaw_OnGroundedEnds() =>
        PropertyAssert.Falsified(Prop.ForAll(IntegratorArbitraries.StepCases(), x => BackwardEulerLaw(MutantIntegrators.BackwardEulerGroundedEnds, x)));

    [Fact]
    public void ShouldFail_CrankNicolsonLaw_WithoutExtrapolation() =>
        PropertyAssert.Falsified(Prop.ForAll(IntegratorArbitraries.StepCases(), x => CrankNicolsonLaw(MutantIntegrators.CrankNicolsonWithoutExtrapolation, x)));

    [Fact]
    public void ShouldFail_CrankNicolsonLaw_WithGatesAtOldV() =>
        PropertyAssert.Falsified(Prop.ForAll(IntegratorArbitraries.StepCases(), x => CrankNicolsonLaw(MutantIntegrators.CrankNicolsonGatesAtOldV, x)));

    [Fact]
    public void ShouldFail_StepIsPure_OnOverwritingInput() =>
        PropertyAssert.Falsified(Prop.ForAll(IntegratorArbitraries.StepCases(), x => StepIsPure(MutantImpurity.BackwardEulerOverwritingInput, x)));

    private static SimulationSpec Respec(SimulationSpec spec, IntegratorKind kind) =>
        SimulationSpec.Validate(spec.Parameters with { Integrator = kind }).Match(Succ: s => s, Fail: _ => throw new InvalidOperationException());
}
