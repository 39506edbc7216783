using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Integrators;
using static HHFunctional.Properties.Generators;

namespace HHFunctional.Properties.Engine;

/// <summary>A stimulus and how it was made (user functions print as nothing useful otherwise).</summary>
public sealed record StimulusCase(Stimulus Stimulus, string Description)
{
    public override string ToString() => Description;
}

/// <summary>A run of up to a few thousand updates with any kind of stimulus, for the run-path law.</summary>
public sealed record LongRunCase(SimulationParameters Parameters, StimulusCase Stimulus, int Neuron, int Threads)
{
    public SimulationSpec Spec => Valid(Parameters with { Stimulus = Stimulus.Stimulus });

    public override string ToString() =>
        $"{Parameters.Integrator.Name()} N={Parameters.Neurons} B={Parameters.Compartments} K={Parameters.Iterations} dt={Parameters.DtMs} " +
        $"cable={Parameters.Cable} membrane={Parameters.Membrane} init={Parameters.Initial} stim=[{Stimulus}] neuron={Neuron} threads={Threads} " +
        $"table={Parameters.RateTable?.ToString() ?? "none"}";
}

/// <summary>
/// The law the constant-only stimulus table broke (ramps and user functions silently dropped on every fast path):
/// every public run path equals the <see cref="Simulation.Step"/> fold, whatever the stimulus.
/// </summary>
public class RunPathsEqualStepFold
{
    /// <summary>
    /// Every kind of stimulus the API accepts, and sums of them: steps, pulse trains, ramps (up or down, through zero),
    /// user functions of (t, compartment) (a delayed step, as in the README sample, and a sine) and of (t, compartment,
    /// neuron), 1–3 parts added with +.
    /// Amplitudes −5 … 30 µA/cm², times within the run (so every part acts).
    /// </summary>
    public static Gen<StimulusCase> Stimuli(int compartments, double durationMs)
    {
        var compartment = Gen.Choose(0, compartments - 1);
        var time = Between(0.0, durationMs);
        var amplitude = Between(-5.0, 30.0);
        var step = from start in time from width in Between(0.0, durationMs) from a in amplitude from c in compartment
                   select new StimulusCase(Stimulus.Step(start, start + width, a, c), $"step({start:G4},{start + width:G4},{a:G4},{c})");
        var pulses = from start in time from count in Gen.Choose(1, 6) from width in Between(0.05, 3.0)
                     from period in Between(3.0, 20.0) from a in amplitude from c in compartment
                     select new StimulusCase(Stimulus.Pulses(start, count, width, period, a, c),
                         $"pulses({start:G4},{count},{width:G4},{period:G4},{a:G4},{c})");
        var ramp = from start in time from width in Between(0.1, durationMs) from a0 in amplitude from a1 in amplitude from c in compartment
                   select new StimulusCase(Stimulus.Ramp(start, start + width, a0, a1, c), $"ramp({start:G4},{start + width:G4},{a0:G4}→{a1:G4},{c})");
        var delayed = from onset in time from a in amplitude from c in compartment
                      select new StimulusCase(Stimulus.FromFunction((t, k) => k == c && t > onset ? a : 0.0), $"fn(t>{onset:G4} ? {a:G4} : 0 @{c})");
        var sine = from a in amplitude from period in Between(2.0, 50.0) from offset in Between(0.0, 15.0) from c in compartment
                   select new StimulusCase(Stimulus.FromFunction((t, k) => k == c ? offset + a * Math.Sin(2.0 * Math.PI * t / period) : 0.0),
                       $"fn({offset:G4}+{a:G4}·sin(2πt/{period:G4}) @{c})");
        // A function of the neuron too: neuron j gets (j + 1)/3 of the amplitude (issue 18).
        var perNeuron = from onset in time from a in amplitude from c in compartment
                        select new StimulusCase(Stimulus.FromFunction((t, k, n) => k == c && t > onset ? a * (n + 1) / 3.0 : 0.0),
                            $"fn(t>{onset:G4} ? {a:G4}·(neuron+1)/3 : 0 @{c})");
        var part = Gen.OneOf(step, pulses, ramp, delayed, sine, perNeuron);
        return Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(part, count))
            .Select(parts => parts.Aggregate((x, y) => new StimulusCase(x.Stimulus + y.Stimulus, $"{x.Description} + {y.Description}")));
    }

    /// <summary>
    /// Runs of 200–3000 updates (up to 150 ms: several spikes) on 1–4 compartments of 1–10 neurons, any integrator, a seed
    /// cable or a physical one, any membrane of <see cref="Generators.Membranes"/>, the seed's or an explicit start, any
    /// stimulus of <see cref="Stimuli"/>, plus, in a third of the runs, steps for one neuron only; 1 or 3 threads; exact
    /// rates or any rate table (<see cref="Generators.RateTableChoices"/>).
    /// </summary>
    public static Gen<LongRunCase> Cases =>
        from integrator in Gen.Elements(IntegratorKind.ForwardEuler, IntegratorKind.ExponentialEuler, IntegratorKind.BackwardEuler,
            IntegratorKind.CrankNicolson)
        from neurons in Gen.Choose(1, 10)
        from compartments in Gen.Choose(1, 4)
        from iterations in Gen.Choose(200, 3000)
        from dt in Between(0.005, 0.05)
        from cable in Gen.OneOf(Between(0.05, 2.0).Select(b => (Cable)new SeedCoupling(b)),
            from d in Between(1.0, 500.0) from l in Between(100.0, 20_000.0) from ra in Between(30.0, 300.0)
            select (Cable)new PhysicalCable(d, l, ra))
        from membrane in Gen.Frequency((1, Gen.Constant(Membrane.Seed)), (2, Membranes))
        from start in Gen.OneOf(Gen.Constant(InitialConditions.Seed),
            from v in Between(-80.0, -50.0) from m in Gate from h in Gate from n in Gate
            select (InitialConditions)new ExplicitStart(v, m, h, n))
        from shared in Stimuli(compartments, iterations * dt)
        // Steps for one neuron only (a sweep batch's stimuli), in a third of the runs.
        from ownCount in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 3)))
        from own in Gen.ArrayOf(
            from j in Gen.Choose(0, neurons - 1) from at in Between(0.0, iterations * dt) from width in Between(0.0, iterations * dt)
            from a in Between(-5.0, 30.0) from c in Gen.Choose(0, compartments - 1)
            select new StimulusSegment(at, at + width, a, c) { Neuron = j }, ownCount)
        let stimulus = own.Length == 0 ? shared : new StimulusCase(shared.Stimulus + new Stimulus(own),
            $"{shared.Description} + own[{string.Join(", ", own.Select(o => $"n{o.Neuron}:({o.StartMs:G4},{o.EndMs:G4},{o.AmplitudeUAPerCm2:G4},{o.Compartment})"))}]")
        from neuron in Gen.Choose(0, neurons - 1)
        from threads in Gen.Elements(1, 3)
        from rateTable in RateTableChoices
        select new LongRunCase(new SimulationParameters
        {
            Integrator = integrator, Neurons = neurons, Compartments = compartments, Iterations = iterations, DtMs = dt,
            Cable = cable, Membrane = membrane, Initial = start, RateTable = rateTable,
        }, stimulus, neuron, threads);

    /// <summary>How each path is run, so that a broken engine (the mutants) can be put in its place.</summary>
    public sealed record Paths(
        Func<SimulationSpec, IEnumerable<State>> Run,
        Func<SimulationSpec, RecordingSelection, RunSettings, Recording> RunRecordedScalar,
        Func<SimulationSpec, RecordingSelection, RunSettings, Recording> RunRecorded,
        Func<SimulationSpec, IReadOnlyList<int>, int, RunSettings, SpikeTrains> RunSpikes);

    public static Paths Public { get; } = new(
        Simulation.Run,
        (spec, selection, settings) => Simulation.RunRecorded(spec, selection, settings, KernelPath.Scalar),
        Simulation.RunRecorded,
        (spec, compartments, neuron, settings) => Simulation.RunSpikes(spec, compartments, neuron, settings: settings));

    // The vector path differs from the fold by round-off only (≤ 2 ulp per exp, m·m·m for pow): the seed's 50,000 updates
    // stay within 1e-8 mV. A spike amplifies round-off near threshold, so values are compared while both runs are
    // bounded and spike counts must agree exactly.
    private const double VectorToleranceMv = 1e-8;

    /// <summary>
    /// Law: for any run (any stimulus kind, membrane, cable, integrator, start, neuron and thread count), Run and the
    /// scalar RunRecorded equal the Step fold bit for bit; the default (vector) RunRecorded is within 1e-8 mV of it with the
    /// same rows and blow-up; RunSpikes has the fold's spike count in every compartment, each time within 1e-6 ms.
    /// Precondition for the vector sub-law: the fold stays bounded (no blow-up, |v| ≤ 200 mV), since an unstable run
    /// amplifies round-off without bound.
    /// </summary>
    public static Property Law(LongRunCase c, Paths paths)
    {
        var spec = c.Spec;
        var compartments = Enumerable.Range(0, spec.Compartments).ToArray();
        var selection = new RecordingSelection(StateVariables.All, compartments, c.Neuron);
        var settings = RunSettings.Default with { Threads = c.Threads };
        var fold = Recording.Record(KernelLaws.StepFold(spec), selection);
        var run = Recording.Record(paths.Run(spec), selection);
        var scalar = paths.RunRecordedScalar(spec, selection, settings);
        string runDifference = KernelLaws.FirstBitDifference(fold, run);
        string scalarDifference = KernelLaws.FirstBitDifference(fold, scalar);

        bool bounded = fold.BlowUp is null && KernelLaws.MaxAbs(fold, StateVariable.V) <= 200.0;
        // The vector lane's round-off (≤ 2 ulp per exp) is only comparable at 1e-8 mV where the run does not amplify it: a
        // start moved by 1e-12 mV must stay within 1e-9 mV of the fold (periodically forced runs near instability can be
        // chaotic, and then any two correct roundings part; such runs are classified, not compared).
        bool wellConditioned = bounded && Amplification(spec, selection, fold) <= 1e-9;
        string vectorDifference = "", spikeDifference = "";
        int spikes = 0;
        if (wellConditioned)
        {
            var vector = paths.RunRecorded(spec, selection, settings);
            double dv = vector.BlowUp is null && vector.Rows == fold.Rows ? KernelLaws.MaxDifference(fold, vector, StateVariable.V) : double.PositiveInfinity;
            if (!(dv <= VectorToleranceMv)) vectorDifference = $"vector: max |Δv| = {dv:E2} mV, rows {vector.Rows}/{fold.Rows}, blow-up {vector.BlowUp}";
            var trains = paths.RunSpikes(spec, compartments, c.Neuron, settings);
            for (int col = 0; col < compartments.Length && spikeDifference.Length == 0; col++)
            {
                var expected = Spikes.TimesMs(fold, col);
                spikes += expected.Length;
                if (expected.Length != trains[col].Count || expected.Zip(trains[col]).Any(p => !(Math.Abs(p.Item1 - p.Item2) <= 1e-6)))
                    spikeDifference = $"spikes in compartment {col}: [{string.Join(", ", expected)}] vs [{string.Join(", ", trains[col])}]";
            }
        }
        return (runDifference.Length == 0).Label($"Run: {runDifference}")
            .And((scalarDifference.Length == 0).Label($"RunRecorded (scalar): {scalarDifference}"))
            .And((vectorDifference.Length == 0).Label($"RunRecorded: {vectorDifference}"))
            .And((spikeDifference.Length == 0).Label($"RunSpikes: {spikeDifference}"))
            .Label(c.ToString())
            .Classify(spikes > 0, "spikes")
            .Classify(c.Stimulus.Description.Contains("fn("), "user function")
            .Classify(c.Stimulus.Description.Contains("ramp("), "ramp")
            .Classify(c.Parameters.RateTable is not null, "rate table")
            .Classify(!bounded, "unbounded")
            .Classify(bounded && !wellConditioned, "amplifies round-off");
    }

    /// <summary>Largest |Δv| (mV) between the fold and the fold from a start whose every v is 1e-12 mV higher.</summary>
    private static double Amplification(SimulationSpec spec, RecordingSelection selection, Recording fold)
    {
        var start = Simulation.Initial(spec);
        var moved = start with { VMv = [.. start.VMv.Select(v => v + 1e-12)] };
        var perturbed = Generators.Valid(spec.Parameters with { Initial = InitialConditions.From(moved) });
        var other = Recording.Record(KernelLaws.StepFold(perturbed), selection);
        return other.BlowUp is null && other.Rows == fold.Rows ? KernelLaws.MaxDifference(fold, other, StateVariable.V) : double.PositiveInfinity;
    }

    [Fact]
    public void EveryRunPathEqualsTheStepFold() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(Arb.From(Cases), c => Law(c, Public)));

    /// <summary>The README sample's current (a function after 250 ms) must act: the seed neuron spikes after 250 ms.</summary>
    [Fact]
    public void FunctionStimulusActsOnTheFastPath()
    {
        var spec = Valid(Presets.Seed with
        {
            Compartments = 1, Iterations = 30_000,
            Stimulus = Stimulus.FromFunction((t, c) => c == 0 && t > 100 ? 10.0 : 0.0),
        });
        var folded = Spikes.TimesMs(Recording.Record(KernelLaws.StepFold(spec), RecordingSelection.All(1)), 0);
        var fast = Simulation.RunSpikes(spec, new[] { 0 })[0];
        Assert.Equal(14, folded.Length);  // the count the issue measured by folding Step (the fast path gave 0)
        Assert.Equal(folded.Length, fast.Count);
        var ramp = Valid(Presets.Seed with { Compartments = 1, Iterations = 30_000, Stimulus = Stimulus.Ramp(0, 300, 0, 20) });
        Assert.Equal(2, Simulation.RunSpikes(ramp, new[] { 0 })[0].Count);
    }
}
