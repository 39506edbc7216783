using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Integrators;

/// <summary>
/// <see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/> against its oracle:
/// <see cref="Spikes.TimesMs(Recording, int, double)"/> on the same run's recording of v at every update.
/// </summary>
public class RunSpikesTests
{
    /// <summary>A small run, the compartments to watch (any order, repeats allowed), a threshold and a path.</summary>
    internal sealed record SpikeCase(KernelCase Case, int[] Compartments, double ThresholdMv, KernelPath Path)
    {
        public override string ToString() => $"{Case} watch=[{string.Join(",", Compartments)}] θ={ThresholdMv:R} path={Path}";
    }

    /// <summary>Kernel cases (all four integrators) with 1–4 watched compartments, θ in [−70, 10] mV and, two times in
    /// three, just above rest, in [−66, −60] mV (crossed within the cases' ≤ 60 updates, so trains are often non-empty), on each path.</summary>
    internal static Arbitrary<SpikeCase> Cases() => Arb.From(
        from c in KernelCaseGen.Cases(IntegratorKind.ForwardEuler, IntegratorKind.ExponentialEuler, IntegratorKind.BackwardEuler,
            IntegratorKind.CrankNicolson)
        from watched in Gen.ArrayOf(Gen.Choose(0, c.Parameters.Compartments - 1), 1).SelectMany(
            first => Gen.ArrayOf(Gen.Choose(0, c.Parameters.Compartments - 1)).Select(rest => first.Concat(rest.Take(3)).ToArray()))
        from threshold in Gen.Frequency((1, Gen.Choose(-700, 100).Select(x => x / 10.0)), (2, Gen.Choose(-6600, -6000).Select(x => x / 100.0)))
        from path in Gen.Elements(KernelPath.Plain, KernelPath.Scalar, KernelPath.Vector)
        select new SpikeCase(c, watched, threshold, path));

    internal delegate SpikeTrains SpikeRun(SimulationSpec spec, int[] compartments, int neuron, double thresholdMv, KernelPath path);

    /// <summary>The implementation under test.</summary>
    internal static SpikeTrains Streamed(SimulationSpec spec, int[] compartments, int neuron, double thresholdMv, KernelPath path) =>
        Simulation.RunSpikes(spec, compartments, neuron, thresholdMv, RunSettings.Default, path);

    /// <summary>
    /// Law: the trains detected while the run advances are, train by train and bit for bit, the spike times of the same
    /// run's recording of v at every update on the same path (same samples, same interpolation), and the blow-up report
    /// is the recording's. Precondition: none; blow-ups and empty trains are part of the law.
    /// </summary>
    internal static Property TrainsEqualRecordedSpikes(SpikeCase s, SpikeRun run)
    {
        var spec = s.Case.Spec;
        int neuron = s.Case.Neuron;
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, s.Compartments, neuron),
            RunSettings.Default, s.Path);
        var trains = run(spec, s.Compartments, neuron, s.ThresholdMv, s.Path);
        string difference = !Equals(recording.BlowUp, trains.BlowUp) ? $"blow-up {recording.BlowUp} vs {trains.BlowUp}"
            : trains.Count != s.Compartments.Length ? $"{trains.Count} trains for {s.Compartments.Length} compartments"
            : "";
        int spikes = 0;
        for (int col = 0; difference.Length == 0 && col < s.Compartments.Length; col++)
        {
            var expected = Spikes.TimesMs(recording, col, s.ThresholdMv);
            spikes += expected.Length;
            if (!expected.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(trains[col].Select(BitConverter.DoubleToInt64Bits)))
                difference = $"train {col}: [{string.Join(", ", expected.Select(t => t.ToString("R")))}] vs [{string.Join(", ", trains[col].Select(t => t.ToString("R")))}]";
        }
        return (difference.Length == 0).Label($"{s}: {difference}")
            .Classify(spikes > 0, "spikes")
            .Classify(recording.BlowUp is not null, "blows up");
    }

    [Fact]
    public void TrainsEqualTheSpikesOfTheRecording() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Cases(), s => TrainsEqualRecordedSpikes(s, Streamed)));

    [Fact]
    public void ShouldFail_OnSpikesPlacedAtTheLaterSample() =>
        PropertyAssert.Falsified(Prop.ForAll(Cases(), s => TrainsEqualRecordedSpikes(s, SpikeMutants.AtLaterSample)), 300);

    [Fact]
    public void ShouldFail_OnInterpolationFromTheWrongEnd() =>
        PropertyAssert.Falsified(Prop.ForAll(Cases(), s => TrainsEqualRecordedSpikes(s, SpikeMutants.FromWrongEnd)), 300);

    /// <summary>A long run on the default path: a point neuron firing repetitively (10 µA/cm² for 200 ms from rest).</summary>
    [Fact]
    public void ARepetitivelyFiringNeuronGivesTheRecordingsSpikes()
    {
        var spec = SimulationSpec.Validate(new SimulationParameters
        {
            Compartments = 1, Iterations = 20_000, Initial = InitialConditions.Rest,
            Stimulus = new Stimulus(new[] { new StimulusSegment(0.0, 200.0, 10.0, 0) }),
        }).Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, new[] { 0 }));
        var expected = Spikes.TimesMs(recording, 0);
        var trains = Simulation.RunSpikes(spec, new[] { 0 });
        Assert.InRange(expected.Length, 10, 20); // ~68 Hz (NEURON) for 200 ms
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), trains[0].Select(BitConverter.DoubleToInt64Bits));
        Assert.Null(trains.BlowUp);
    }

    /// <summary>Threads split a large group into blocks; the trains, and the blow-up that cuts them, do not change.</summary>
    [Theory]
    [InlineData(0.01, 150)]
    [InlineData(0.2, 7)] // blows up
    public void ThreadsDoNotChangeTheTrains(double dtMs, int neuron)
    {
        var spec = SimulationSpec.Validate(new SimulationParameters
        {
            Neurons = 200, Compartments = 6, Iterations = 400, DtMs = dtMs,
            Stimulus = new Stimulus(new[] { new StimulusSegment(0.5, 3.0, 20.0, 2) }),
        }).Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        int[] watched = { 0, 2, 5 };
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, watched, neuron));
        var three = Simulation.RunSpikes(spec, watched, neuron, -30.0, new RunSettings { Threads = 3 });
        Assert.Equal(recording.BlowUp, three.BlowUp);
        for (int col = 0; col < watched.Length; col++)
            Assert.Equal(Spikes.TimesMs(recording, col, -30.0).Select(BitConverter.DoubleToInt64Bits), three[col].Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(dtMs >= 0.2, three.BlowUp is not null);
    }

    [Theory]
    [InlineData(new int[0], 0, "compartments: expected at least one compartment")]
    [InlineData(new[] { 0, 6 }, 0, "compartments: expected indices in [0, 5], got 6")]
    [InlineData(new[] { -1 }, 0, "compartments: expected indices in [0, 5], got -1")]
    [InlineData(new[] { 1 }, 3, "neuron: expected an index in [0, 1]")]
    public void BadSelectionsAreRefusedByName(int[] compartments, int neuron, string message)
    {
        var spec = SimulationSpec.Validate(new SimulationParameters { Neurons = 2, Compartments = 6, Iterations = 10 })
            .Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var error = Assert.ThrowsAny<ArgumentException>(() => Simulation.RunSpikes(spec, compartments, neuron));
        Assert.Contains(message, error.Message);
    }
}
