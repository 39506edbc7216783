using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Integrators;

/// <summary>A small run and what to record of it, for comparing the kernels with the Step fold.</summary>
public sealed record KernelCase(SimulationParameters Parameters, int Neuron, int Every)
{
    public SimulationSpec Spec => SimulationSpec.Validate(Parameters)
        .Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    /// <summary>Variables to record, in output order (default all four).</summary>
    public IReadOnlyList<StateVariable> Variables { get; init; } = StateVariables.All;

    /// <summary>Compartments to record, in output order (default all, ascending).</summary>
    public IReadOnlyList<int>? Compartments { get; init; }

    public RecordingSelection Selection =>
        new(Variables, Compartments ?? Enumerable.Range(0, Parameters.Compartments).ToArray(), Neuron, Every);

    public override string ToString() =>
        $"{Parameters.Integrator.Name()} N={Parameters.Neurons} B={Parameters.Compartments} K={Parameters.Iterations} dt={Parameters.DtMs} " +
        $"cable={Parameters.Cable} membrane={Parameters.Membrane} " +
        $"init={(Parameters.Initial is StateStart s ? $"state v=[{string.Join(", ", s.State.VMv)}]" : Parameters.Initial.ToString())} " +
        $"stim=[{string.Join("; ", Parameters.Stimulus.Segments)}] neuron={Neuron} every={Every} " +
        $"record={string.Join(",", Selection.Variables.Select(v => v.Name()))}@[{string.Join(",", Selection.Compartments)}] " +
        $"table={Parameters.RateTable?.ToString() ?? "none"}";
}

/// <summary>
/// Generators with explicit ranges. Sizes straddle the vector width (8 lanes): ranges shorter than a vector, exactly one,
/// and longer ones with an overlapping tail. Physical cables with short compartments make forward Euler blow up, so
/// blow-ups are generated too.
/// </summary>
public static class KernelCaseGen
{
    private static Gen<double> Between(double lo, double hi) =>
        Gen.Choose(0, 1_000_000).Select(i => lo + (hi - lo) * i / 1_000_000.0);

    private static readonly Gen<Cable> Cables = Gen.OneOf(
        Between(0.02, 2.0).Select(b => (Cable)new SeedCoupling(b)),
        Gen.Zip(Between(1.0, 500.0), Between(50.0, 50_000.0)).SelectMany(dl => Between(30.0, 300.0),
            (dl, ra) => (Cable)new PhysicalCable(dl.Item1, dl.Item2, ra)));

    private static Gen<Stimulus> Stimuli(int compartments) =>
        Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(
            Gen.Zip(Between(0.0, 0.3), Between(0.0, 1.0)).SelectMany(
                se => Gen.Zip(Between(-20.0, 60.0), Gen.Choose(0, compartments - 1)),
                (se, ac) => new StimulusSegment(se.Item1, se.Item1 + se.Item2, ac.Item1, ac.Item2)), count))
        .Select(segments => new Stimulus(segments));

    /// <summary>The seed's start, the zero start, explicit values, or a state whose every neuron and compartment starts
    /// differently (v in [−90, 40] mV, gates in [0, 1]): a kernel that reads another neuron's lane is seen only then.</summary>
    private static Gen<InitialConditions> Starts(int neurons, int compartments) => Gen.OneOf(
        Gen.Constant(InitialConditions.Seed),
        Gen.Constant(InitialConditions.Zero),
        Gen.Zip(Between(-90.0, 40.0), Between(0.0, 1.0)).SelectMany(vm => Gen.Zip(Between(0.0, 1.0), Between(0.0, 1.0)),
            (vm, hn) => (InitialConditions)new ExplicitStart(vm.Item1, vm.Item2, hn.Item1, hn.Item2)),
        from v in Gen.ArrayOf(Between(-90.0, 40.0), neurons * compartments)
        from m in Gen.ArrayOf(Between(0.0, 1.0), neurons * compartments)
        from h in Gen.ArrayOf(Between(0.0, 1.0), neurons * compartments)
        from n in Gen.ArrayOf(Between(0.0, 1.0), neurons * compartments)
        select InitialConditions.From(new State(0, 0.01, neurons, compartments, [.. v], [.. m], [.. h], [.. n])));

    /// <summary>A non-empty selection of distinct items in any order: all of them in order, or a shuffled subset.</summary>
    private static Gen<T[]> Selections<T>(IReadOnlyList<T> items) => Gen.Frequency(
        (1, Gen.Constant(items.ToArray())),
        (2, Gen.Shuffle(items.ToArray()).SelectMany(shuffled => Gen.Choose(1, shuffled.Length), (shuffled, count) => shuffled.Take(count).ToArray())));

    /// <summary>Valid small runs with the given integrators: N, B in [1, 12], K in [1, 60], dt in [0.001, 0.05] ms
    /// (up to 0.2 ms for the other integrators), the seed's membrane at 6.3–30 °C or any of <see cref="Generators.Membranes"/>
    /// (C_m ≠ 1, other conductances and reversals), any start (neurons that differ included), and recordings of any
    /// non-empty subset of the variables and compartments in any order; exact rates or any rate table
    /// (<see cref="Generators.RateTableChoices"/>).</summary>
    public static Gen<KernelCase> Cases(params IntegratorKind[] integrators) =>
        from integrator in Gen.Elements(integrators)
        from neurons in Gen.Choose(1, 12)
        from compartments in Gen.Choose(1, 12)
        from iterations in Gen.Choose(1, 60)
        from dt in Between(0.001, integrator == IntegratorKind.ForwardEuler ? 0.05 : 0.2)
        from cable in Cables
        from membrane in Gen.Frequency(
            (2, Gen.Frequency((2, Gen.Constant(Membrane.ReferenceTemperatureC)), (1, Between(6.3, 30.0))).Select(t => Membrane.Seed with { TemperatureC = t })),
            (1, Generators.Membranes))
        from stimulus in Stimuli(compartments)
        from start in Starts(neurons, compartments)
        from neuron in Gen.Choose(0, neurons - 1)
        from every in Gen.Choose(1, 3)
        from variables in Selections(StateVariables.All)
        from recorded in Selections(Enumerable.Range(0, compartments).ToArray())
        from rateTable in Generators.RateTableChoices
        select new KernelCase(new SimulationParameters
        {
            Integrator = integrator, Neurons = neurons, Compartments = compartments, Iterations = iterations, DtMs = dt,
            Cable = cable, Membrane = membrane, Stimulus = stimulus, Initial = start, RateTable = rateTable,
        }, neuron, every) { Variables = variables, Compartments = recorded };

    public static Arbitrary<KernelCase> Arbitrary(params IntegratorKind[] integrators) => Arb.From(Cases(integrators));
}
