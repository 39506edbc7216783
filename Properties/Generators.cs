using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties;

/// <summary>
/// Generators in one place, each with explicit ranges (FsCheck's default numbers stop at 100) and producing only valid
/// inputs where a law's precondition is "valid parameters".
/// </summary>
public static class Generators
{
    /// <summary>Uniform doubles in [lo, hi], both ends reachable.</summary>
    public static Gen<double> Between(double lo, double hi) =>
        Gen.Frequency(
            (1, Gen.Elements(lo, hi)),
            (20, Gen.Choose(0, 1 << 30).Select(i => lo + (hi - lo) * (i / (double)(1 << 30)))));

    public static Gen<double> Gate => Between(0.0, 1.0);

    public static Gen<double> VoltageMv => Between(-150.0, 100.0);

    /// <summary>Membranes around HH's: every conductance ≥ 0 (zero included), C_m &gt; 0, reversal potentials spread.</summary>
    public static Gen<Membrane> Membranes =>
        from cm in Between(0.5, 2.0)
        from gNa in Between(0.0, 200.0)
        from gK in Between(0.0, 60.0)
        from gL in Between(0.0, 1.0)
        from eNa in Between(30.0, 70.0)
        from eK in Between(-100.0, -60.0)
        from eL in Between(-70.0, -40.0)
        from temperature in Gen.Elements(6.3, 6.3, 18.5, 25.0)
        select new Membrane(cm, gNa, gK, gL, eNa, eK, eL, temperature);

    /// <summary>
    /// Gate kinetics as the API accepts them: exact rates (half the cases), NEURON's hh table, or any grid (−150 … −40 to
    /// 0 … 150 mV, 1 … 2,000 intervals: from one interval across the range to 0.1 mV), so that voltages beyond the ends
    /// are reached too.
    /// </summary>
    public static Gen<RateTable?> RateTableChoices => Gen.Frequency(
        (2, Gen.Constant<RateTable?>(null)),
        (1, Gen.Constant<RateTable?>(RateTable.Neuron)),
        (1, from lo in Between(-150.0, -40.0) from hi in Between(0.0, 150.0) from n in Gen.Choose(1, 2000)
            select (RateTable?)new RateTable(lo, hi, n)));

    /// <summary>Seed-coupled neurons, 1–6 neurons × 1–8 compartments, dt in (0, 0.05] ms, stimulus into compartment 0.</summary>
    public static Gen<SimulationSpec> Specs =>
        from membrane in Membranes
        from compartments in Gen.Choose(1, 8)
        from neurons in Gen.Choose(1, 6)
        from dt in Between(0.001, 0.05)
        from bR in Between(0.05, 2.0)
        from amp in Between(-20.0, 20.0)
        select Valid(new SimulationParameters
        {
            Membrane = membrane, Compartments = compartments, Neurons = neurons, DtMs = dt, Cable = new SeedCoupling(bR),
            Iterations = 100, Stimulus = new Stimulus(new[] { new StimulusSegment(0.0, 1e9, amp, 0) }),
        });

    /// <summary>A state for the spec with every value drawn independently: v in [−150, 100] mV, gates in [0, 1].</summary>
    public static Gen<State> StatesFor(SimulationSpec spec)
    {
        int size = spec.Neurons * spec.Compartments;
        return from v in Gen.ArrayOf(VoltageMv, size)
               from m in Gen.ArrayOf(Gate, size)
               from h in Gen.ArrayOf(Gate, size)
               from n in Gen.ArrayOf(Gate, size)
               from iteration in Gen.Choose(0, 100_000)
               select State.FromOwnedArrays(iteration, spec.DtMs, spec.Neurons, spec.Compartments, v, m, h, n);
    }

    public static Gen<(SimulationSpec Spec, State State)> SpecsWithStates =>
        from spec in Specs
        from state in StatesFor(spec)
        select (spec, state);

    public static SimulationSpec Valid(SimulationParameters p) =>
        SimulationSpec.Validate(p).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    public static ImmutableArray<double> Copy(ImmutableArray<double> a) => ImmutableArray.CreateRange(a);
}
