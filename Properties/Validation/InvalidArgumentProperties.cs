using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;
using static HHFunctional.Properties.Generators;

namespace HHFunctional.Properties.Validation;

/// <summary>The public members the property calls, as data, so a mutant can swap one for an unguarded version.</summary>
public sealed record PublicSurface(
    Func<SimulationSpec, RecordingSelection, Recording> RunRecorded,
    Func<IEnumerable<State>, RecordingSelection, Recording> Record,
    Func<SimulationSpec, State, State> Step,
    Func<SimulationSpec, IReadOnlyList<int>, int, double, SpikeTrains> RunSpikes)
{
    public static PublicSurface Public { get; } = new(
        (spec, selection) => Simulation.RunRecorded(spec, selection),
        (run, selection) => Recording.Record(run, selection),
        Simulation.Step,
        (spec, compartments, neuron, thresholdMv) => Simulation.RunSpikes(spec, compartments, neuron, thresholdMv));
}

/// <summary>One call with (mostly) invalid arguments, and what it was, for the counterexample.</summary>
public sealed record Attempt(string Description, Action<PublicSurface> Call)
{
    public override string ToString() => Description;
}

/// <summary>
/// Issue 18: no exception escapes a public member for bad arguments except an <see cref="ArgumentException"/> (or a
/// subtype) that names its parameter; validation itself never throws (its failures are values). The inputs are random
/// selections (variables outside the enum, compartments and neurons out of range, Every ≤ 0, empty lists), column, row and
/// compartment positions around the recorded ones, states of the wrong shape, thresholds and fractions that are not
/// numbers, compartment counts below 1, membranes with no resting potential, on small seed-coupled groups.
/// </summary>
public class InvalidArgumentProperties
{
    private static Gen<SimulationSpec> SmallSpecs =>
        from compartments in Gen.Choose(1, 5)
        from neurons in Gen.Choose(1, 3)
        from integrator in Gen.Elements(IntegratorKind.ForwardEuler, IntegratorKind.CrankNicolson)
        select Valid(Presets.Seed with
        {
            Compartments = compartments, Neurons = neurons, Iterations = 20, Integrator = integrator,
            Stimulus = Stimulus.Step(0, 1, 10.0),
        });

    private static Gen<StateVariable> Variables => Gen.Frequency(
        (8, Gen.Elements(StateVariables.All.ToArray())),
        (1, Gen.Choose(4, 9).Select(i => (StateVariable)i)),
        (1, Gen.Choose(-3, -1).Select(i => (StateVariable)i)));

    private static Gen<int> Around(int count) => Gen.Choose(-3, count + 3);

    /// <summary>A selection that is often invalid for the spec (and sometimes valid, which must then just work).</summary>
    private static Gen<RecordingSelection> Selections(SimulationSpec spec) =>
        from variables in Gen.Frequency((1, Gen.Constant(Array.Empty<StateVariable>())), (6, Gen.ArrayOf(Variables).Where(a => a.Length is > 0 and < 5)))
        from compartments in Gen.Frequency((1, Gen.Constant(Array.Empty<int>())), (6, Gen.ArrayOf(Around(spec.Compartments)).Where(a => a.Length is > 0 and < 6)))
        from neuron in Around(spec.Neurons)
        from every in Gen.Choose(-2, 3)
        select new RecordingSelection(variables, compartments, neuron, every);

    private static Gen<double> OddNumbers => Gen.Elements(0.0, -20.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.5, 1.5);

    /// <summary>A state that is the spec's shape but for one thing: neurons, compartments, an array's length, or added gates.</summary>
    private static Gen<State> MisshapenStates(SimulationSpec spec) =>
        from neurons in Gen.Elements(spec.Neurons, spec.Neurons + 1, Math.Max(0, spec.Neurons - 1), 0, -1)
        from compartments in Gen.Elements(spec.Compartments, spec.Compartments + 1, Math.Max(0, spec.Compartments - 1), 0)
        from vLength in Gen.Elements(0, 1, spec.Neurons * spec.Compartments, spec.Neurons * spec.Compartments + 3)
        from mLength in Gen.Elements(0, spec.Neurons * spec.Compartments, 2 * spec.Neurons * spec.Compartments)
        from extra in Gen.Choose(0, 2)
        from v in VoltageMv
        select new State(0, spec.DtMs, neurons, compartments,
            Enumerable.Repeat(v, vLength).ToImmutableArray(), Enumerable.Repeat(0.5, mLength).ToImmutableArray(),
            Enumerable.Repeat(0.5, spec.Neurons * spec.Compartments).ToImmutableArray(), Enumerable.Repeat(0.3, spec.Neurons * spec.Compartments).ToImmutableArray())
        {
            ExtraGates = Enumerable.Range(0, extra).Select(_ => Enumerable.Repeat(0.1, vLength).ToImmutableArray()).ToImmutableArray(),
        };

    private static Gen<Attempt> AttemptsOn(SimulationSpec spec)
    {
        string at = $"N={spec.Neurons} B={spec.Compartments} {spec.Parameters.Integrator.Name()}";
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V, StateVariable.N }, new[] { spec.Compartments - 1 }));
        var trains = Spikes.Trains(recording);
        return Gen.OneOf(
            RunRecordedOn(spec),
            Selections(spec).Select(sel => new Attempt($"Record(Run({at}), {Show(sel)})", s => s.Record(Simulation.Run(spec), sel))),
            from compartments in Gen.ArrayOf(Around(spec.Compartments)).Where(a => a.Length < 4)
            from neuron in Around(spec.Neurons)
            from threshold in OddNumbers
            select new Attempt($"RunSpikes({at}, [{string.Join(",", compartments)}], {neuron}, {threshold})",
                s => s.RunSpikes(spec, compartments, neuron, threshold)),
            StepOn(spec),
            MisshapenStates(spec).Select(st => new Attempt($"Validate(From({Show(st)})) must not throw",
                _ => SimulationSpec.Validate(spec.Parameters with { Initial = InitialConditions.From(st) }))),
            from variable in Variables
            from column in Gen.Choose(-2, 3)
            from row in Around(recording.Rows)
            from which in Gen.Choose(0, 7)
            select new Attempt($"recording accessor {which} ({variable}, column/compartment {column}, row {row}) on {at}", unused =>
            {
                switch (which)
                {
                    case 0: recording.Column(variable, column); break;
                    case 1: recording.Trace(variable, column); break;
                    case 2: _ = recording[variable, row, column]; break;
                    case 3: _ = recording.Row(variable, row).Length; break;
                    case 4: _ = recording.Values(variable).Length; break;
                    case 5: Spikes.TimesMs(recording, column); break;
                    case 6: _ = trains[column]; break;
                    default: _ = trains.Of(column); break;
                }
            }),
            from lo in OddNumbers
            from hi in OddNumbers
            select new Attempt($"Propagation.Speed({at}, {lo}, {hi})", _ => Propagation.Speed(spec, trains, lo, hi)),
            from fraction in OddNumbers
            from compartments in Gen.Choose(-2, 3)
            select new Attempt($"Propagation.CompartmentAt({fraction}, {compartments})", _ => Propagation.CompartmentAt(fraction, compartments)),
            from fraction in OddNumbers
            from compartments in Gen.Choose(-2, 3)
            select new Attempt($"Propagation.AlongCable(cable, {compartments}, recording, {fraction}, 0.8)",
                _ => Propagation.AlongCable(new PhysicalCable(1, 100, 100), compartments, recording, fraction, 0.8)),
            Selections(spec).Select(sel => new Attempt($"RowsFor and BytesFor of {Show(sel)}", unused => _ = sel.BytesFor(1000) + sel.RowsFor(-5))),
            from compartments in Gen.Choose(-3, 3)
            select new Attempt($"RecordingSelection.All({compartments})", _ => RecordingSelection.All(compartments)),
            // Reversal potentials so far out that the steady current overflows: no resting potential to find.
            from eNa in Gen.Elements(50.0, 1e308)
            from eK in Gen.Elements(-77.0, -1e308)
            select new Attempt($"Simulation.RestingValues(ENa = {eNa}, EK = {eK})",
                _ => Simulation.RestingValues(Membrane.Seed with { ENaMv = eNa, EKMv = eK })));
    }

    private static Gen<Attempt> RunRecordedOn(SimulationSpec spec) =>
        Selections(spec).Select(sel => new Attempt($"RunRecorded({Show(spec)}, {Show(sel)})", s => s.RunRecorded(spec, sel)));

    private static Gen<Attempt> StepOn(SimulationSpec spec) =>
        MisshapenStates(spec).Select(st => new Attempt($"Step({Show(spec)}, {Show(st)})", s => s.Step(spec, st)));

    /// <summary>Every kind of call, on random small groups.</summary>
    public static Gen<Attempt> Attempts => SmallSpecs.SelectMany(AttemptsOn);

    /// <summary>Only the calls of RunRecorded (for its mutant).</summary>
    public static Gen<Attempt> RunRecordedAttempts => SmallSpecs.SelectMany(RunRecordedOn);

    /// <summary>Only the calls of Step (for its mutant).</summary>
    public static Gen<Attempt> StepAttempts => SmallSpecs.SelectMany(StepOn);

    private static string Show(SimulationSpec spec) => $"N={spec.Neurons} B={spec.Compartments} {spec.Parameters.Integrator.Name()}";

    /// <summary>The law: the call returns, or throws an ArgumentException that names its parameter (and "Validate" never throws).</summary>
    public static Property Law(Attempt attempt, PublicSurface surface)
    {
        Exception? thrown = null;
        try { attempt.Call(surface); }
        catch (Exception e) { thrown = e; }
        bool ok = thrown switch
        {
            null => true,
            ArgumentException when attempt.Description.StartsWith("Validate", StringComparison.Ordinal) => false,
            ArgumentException a => !string.IsNullOrEmpty(a.ParamName) && a.Message.Contains(a.ParamName, StringComparison.Ordinal),
            _ => false,
        };
        return ok.Label($"{attempt} threw {thrown?.GetType().Name}: {thrown?.Message}")
            .Classify(thrown is null, "returned").Classify(thrown is ArgumentException, "argument exception");
    }

    [FsCheck.Xunit.Property(MaxTest = 400)]
    public Property OnlyArgumentExceptionsNamingTheParameterEscape() =>
        Prop.ForAll(Arb.From(Attempts), a => Law(a, PublicSurface.Public));

    private static string Show(RecordingSelection s) =>
        $"vars=[{string.Join(",", s.Variables.Select(v => (int)v))}] compartments=[{string.Join(",", s.Compartments)}] neuron={s.Neuron} every={s.Every}";

    private static string Show(State s) =>
        $"{s.Neurons}×{s.Compartments} v[{s.VMv.Length}] m[{s.M.Length}] extra={s.ExtraGates.Length}";
}
