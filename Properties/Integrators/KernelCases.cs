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

    public RecordingSelection Selection =>
        new(StateVariables.All, Enumerable.Range(0, Parameters.Compartments).ToArray(), Neuron, Every);

    public override string ToString() =>
        $"{Parameters.Integrator.Name()} N={Parameters.Neurons} B={Parameters.Compartments} K={Parameters.Iterations} dt={Parameters.DtMs} " +
        $"cable={Parameters.Cable} T={Parameters.Membrane.TemperatureC} init={Parameters.Initial} " +
        $"stim=[{string.Join("; ", Parameters.Stimulus.Segments)}] neuron={Neuron} every={Every}";
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

    private static readonly Gen<InitialConditions> Starts = Gen.OneOf(
        Gen.Constant(InitialConditions.Seed),
        Gen.Constant(InitialConditions.Zero),
        Gen.Zip(Between(-90.0, 40.0), Between(0.0, 1.0)).SelectMany(vm => Gen.Zip(Between(0.0, 1.0), Between(0.0, 1.0)),
            (vm, hn) => (InitialConditions)new ExplicitStart(vm.Item1, vm.Item2, hn.Item1, hn.Item2)));

    /// <summary>Valid small runs with the given integrators: N, B in [1, 12], K in [1, 60], dt in [0.001, 0.05] ms
    /// (up to 0.2 ms for the other integrators), 6.3–30 °C.</summary>
    public static Gen<KernelCase> Cases(params IntegratorKind[] integrators) =>
        from integrator in Gen.Elements(integrators)
        from neurons in Gen.Choose(1, 12)
        from compartments in Gen.Choose(1, 12)
        from iterations in Gen.Choose(1, 60)
        from dt in Between(0.001, integrator == IntegratorKind.ForwardEuler ? 0.05 : 0.2)
        from cable in Cables
        from temperature in Gen.Frequency((2, Gen.Constant(Membrane.ReferenceTemperatureC)), (1, Between(6.3, 30.0)))
        from stimulus in Stimuli(compartments)
        from start in Starts
        from neuron in Gen.Choose(0, neurons - 1)
        from every in Gen.Choose(1, 3)
        select new KernelCase(new SimulationParameters
        {
            Integrator = integrator, Neurons = neurons, Compartments = compartments, Iterations = iterations, DtMs = dt,
            Cable = cable, Membrane = Membrane.Seed with { TemperatureC = temperature }, Stimulus = stimulus, Initial = start,
        }, neuron, every);

    public static Arbitrary<KernelCase> Arbitrary(params IntegratorKind[] integrators) => Arb.From(Cases(integrators));
}
