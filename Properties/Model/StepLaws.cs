using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using static HHFunctional.Properties.Mutants.StepMutants;

namespace HHFunctional.Properties.Model;

/// <summary>
/// The laws a step must obey, each a function of the step so it can be checked against the real step and, to show it
/// can fail, against the mutants in Properties/Mutants.
/// </summary>
public static class StepLaws
{
    /// <summary>Forward Euler's own stability condition for a gate: dt·φ·(α + β) ≤ 1 (then x' is a convex combination of x and x∞).</summary>
    public static bool ForwardEulerGateCondition(SimulationSpec spec, State state)
    {
        double phi = spec.Membrane.RateScale, dt = spec.DtMs;
        foreach (double v in state.VMv)
        {
            if (dt * phi * (Kinetics.AlphaM(v) + Kinetics.BetaM(v)) > 1.0) return false;
            if (dt * phi * (Kinetics.AlphaH(v) + Kinetics.BetaH(v)) > 1.0) return false;
            if (dt * phi * (Kinetics.AlphaN(v) + Kinetics.BetaN(v)) > 1.0) return false;
        }
        return true;
    }

    /// <summary>
    /// Specs and states whose dt is drawn up to 1.2× the largest dt the gate condition allows (the boundary itself
    /// included), so most cases meet the precondition and some just miss it (those are discarded by When).
    /// </summary>
    private static Gen<(SimulationSpec Spec, State State)> MostlyWithinForwardEulerCondition =>
        from input in Generators.SpecsWithStates
        from fraction in Gen.Frequency((1, Gen.Constant(1.0)), (8, Generators.Between(1e-3, 1.2)))
        let dtMax = 1.0 / (input.Spec.Membrane.RateScale * input.State.VMv.Max(MaxRateSum))
        let spec = Generators.Valid(input.Spec.Parameters with { DtMs = fraction * dtMax })
        select (spec, input.State with { DtMs = spec.DtMs });

    private static double MaxRateSum(double v) => Math.Max(Kinetics.AlphaM(v) + Kinetics.BetaM(v),
        Math.Max(Kinetics.AlphaH(v) + Kinetics.BetaH(v), Kinetics.AlphaN(v) + Kinetics.BetaN(v)));

    private static bool AllGatesInUnitInterval(State s) =>
        s.M.All(x => x is >= 0 and <= 1) && s.H.All(x => x is >= 0 and <= 1) && s.N.All(x => x is >= 0 and <= 1);

    /// <summary>Law: gates in [0,1] stay in [0,1] after a forward-Euler step, for any V in [−150, 100] mV and valid
    /// parameters, provided dt·φ·(α+β) ≤ 1 for every gate.</summary>
    public static Property GatesStayInUnitInterval(Stepper step, bool withPrecondition = true) =>
        Prop.ForAll(Arb.From(withPrecondition ? MostlyWithinForwardEulerCondition : Generators.SpecsWithStates), input =>
        {
            var (spec, state) = input;
            bool condition = ForwardEulerGateCondition(spec, state);
            Func<bool> law = () => AllGatesInUnitInterval(step(spec, state));
            return (withPrecondition ? law.When(condition) : law.ToProperty())
                .Classify(condition, "dt·(α+β) ≤ 1")
                .Classify(state.VMv.Any(v => v > 0), "some V > 0 mV");
        });

    /// <summary>Law (purity): the input state is unchanged by a step, and two steps of the same input are bit-identical.</summary>
    public static Property IsPure(Stepper step) =>
        Prop.ForAll(Arb.From(Generators.SpecsWithStates), input =>
        {
            var (spec, state) = input;
            var before = state with
            {
                VMv = Generators.Copy(state.VMv), M = Generators.Copy(state.M), H = Generators.Copy(state.H), N = Generators.Copy(state.N),
            };
            var first = step(spec, state);
            bool inputUnchanged = state.Equals(before);
            var second = step(spec, state);
            return inputUnchanged.Label("input unchanged").And(first.Equals(second).Label("two calls bit-identical"));
        });

    /// <summary>
    /// Law (conservation): with no ionic conductance and no injection, the only currents are axial, and they sum to zero:
    /// Σ_k V_k is unchanged by a step, to round-off (1e-9 mV per compartment: the terms are ≤ ~1e3 mV, 1e-12 relative).
    /// </summary>
    public static Property CouplingConservesCharge(Stepper step) =>
        Prop.ForAll(Arb.From(Generators.SpecsWithStates), input =>
        {
            var (spec0, state) = input;
            var spec = Generators.Valid(spec0.Parameters with
            {
                Membrane = spec0.Membrane with { GNaMSPerCm2 = 0, GKMSPerCm2 = 0, GLMSPerCm2 = 0 },
                Stimulus = Stimulus.None,
            });
            var next = step(spec, state);
            double tolerance = 1e-9 * state.VMv.Length;
            for (int j = 0; j < state.Neurons; j++)
            {
                double before = 0, after = 0;
                for (int c = 0; c < state.Compartments; c++) { before += state.VMv[state.IndexOf(c, j)]; after += next.VMv[next.IndexOf(c, j)]; }
                if (Math.Abs(after - before) > tolerance) return false.Label($"neuron {j}: ΣV {before} → {after}");
            }
            return true.Label("ΣV conserved").Classify(state.Compartments == 1, "one compartment (trivial)");
        });

    /// <summary>Law (symmetry): identical compartments with no injection stay identical, bit for bit, over 20 steps.</summary>
    public static Property IdenticalCompartmentsStayIdentical(Stepper step) =>
        Prop.ForAll(Arb.From(
            from spec in Generators.Specs
            from v in Generators.Between(-90.0, 40.0)
            from m in Generators.Gate
            from h in Generators.Gate
            from n in Generators.Gate
            select (spec, v, m, h, n)), input =>
        {
            var spec = Generators.Valid(input.spec.Parameters with { Stimulus = Stimulus.None, Compartments = Math.Max(2, input.spec.Compartments) });
            int size = spec.Neurons * spec.Compartments;
            var state = State.FromOwnedArrays(0, spec.DtMs, spec.Neurons, spec.Compartments,
                Enumerable.Repeat(input.v, size).ToArray(), Enumerable.Repeat(input.m, size).ToArray(),
                Enumerable.Repeat(input.h, size).ToArray(), Enumerable.Repeat(input.n, size).ToArray());
            for (int k = 0; k < 20; k++) state = step(spec, state);
            foreach (var variable in StateVariables.All)
            {
                var values = state.Get(variable);
                if (values.Any(x => BitConverter.DoubleToInt64Bits(x) != BitConverter.DoubleToInt64Bits(values[0])))
                    return false.Label($"{variable.Name()} differs between compartments");
            }
            return true.ToProperty();
        });

    /// <summary>Law (independence): a group of N neurons evolves as the N single neurons run one by one, bit for bit (10 steps).</summary>
    public static Property GroupEqualsSingles(Stepper step) =>
        Prop.ForAll(Arb.From(Generators.SpecsWithStates.Where(x => x.Spec.Neurons > 1)), input =>
        {
            var (spec, state) = input;
            var group = state;
            for (int k = 0; k < 10; k++) group = step(spec, group);
            var single = Generators.Valid(spec.Parameters with { Neurons = 1 });
            for (int j = 0; j < spec.Neurons; j++)
            {
                var one = Slice(state, j);
                for (int k = 0; k < 10; k++) one = step(single, one);
                if (!one.Equals(Slice(group, j))) return false.Label($"neuron {j} differs");
            }
            return true.ToProperty();
        });

    /// <summary>Neuron j of a group as a one-neuron state.</summary>
    public static State Slice(State s, int neuron)
    {
        ImmutableArray<double> Take(ImmutableArray<double> a) =>
            Enumerable.Range(0, s.Compartments).Select(c => a[s.IndexOf(c, neuron)]).ToImmutableArray();
        return new State(s.Iteration, s.DtMs, 1, s.Compartments, Take(s.VMv), Take(s.M), Take(s.H), Take(s.N));
    }
}
