using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Analysis;

/// <summary>
/// Analysis that composes (issue 18): spike trains are plain read-only lists, the speed comes from the spec and the trains
/// with its unit in the type, currents are given in nA, and a recording is read by the compartment recorded.
/// </summary>
public class ComposableAnalysisTests
{
    private static SimulationSpec Valid(SimulationParameters p) =>
        SimulationSpec.Validate(p).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    // The seed for 250 ms: the first 5 µA/cm² pulse makes spikes that travel the 20 compartments.
    private static readonly SimulationSpec Seed = Valid(Presets.Seed with { Iterations = 25_000 });

    [Fact]
    public void SpikeTrainsAreReadOnlyListsThatFirstArrivalsAccepts()
    {
        var all = Enumerable.Range(0, 20).ToArray();
        SpikeTrains trains = Simulation.RunSpikes(Seed, all);
        IReadOnlyList<IReadOnlyList<double>> plain = trains;
        var arrivals = Propagation.FirstArrivalsMs(trains, 100.0);

        // Oracle: the Step fold, read state by state (v at compartment c of neuron 0), first upward 0 mV crossing after 100 ms.
        var states = Simulation.Unfold(Seed, Simulation.Initial(Seed)).Take(25_001).ToArray();
        for (int c = 0; c < 20; c++)
        {
            int i = states.Select((s, k) => (s, k)).First(p => p.k > 0 && p.s.TimeMs > 100 && p.s.VMv[c] >= 0 && states[p.k - 1].VMv[c] < 0).k;
            Assert.InRange(arrivals[c]!.Value, states[i - 1].TimeMs, states[i].TimeMs);
        }
        Assert.Equal(20, plain.Count);
        Assert.Equal(trains.Select(t => t.Count), all.Select(c => trains.Of(c).Count));
        Assert.Equal(trains[3], trains.Of(3));
    }

    [Fact]
    public void TrainsFromARecordingEqualTheRunsTrainsBitForBit()
    {
        var compartments = new[] { 19, 0, 8 };
        var recording = Simulation.RunRecorded(Seed, new RecordingSelection(new[] { StateVariable.V }, compartments));
        var fromRecording = Spikes.Trains(recording);
        var streamed = Simulation.RunSpikes(Seed, compartments);
        Assert.Equal(compartments, fromRecording.Compartments);
        foreach (int c in compartments) Assert.Equal(streamed.Of(c), fromRecording.Of(c));
    }

    [Fact]
    public void AskingATrainOfACompartmentNotWatchedIsAnArgumentException()
    {
        var trains = Simulation.RunSpikes(Valid(Presets.Seed with { Iterations = 100 }), new[] { 2, 5 });
        var e = Assert.Throws<ArgumentException>(() => trains.Of(3));
        Assert.Equal("compartment", e.ParamName);
        Assert.Contains("2, 5", e.Message);
        Assert.Equal("column", Assert.Throws<ArgumentOutOfRangeException>(() => trains[2]).ParamName);
    }

    [Fact]
    public void SpeedOnAPhysicalCableIsInMetresPerSecondAndMatchesHodgkinHuxley1952()
    {
        var spec = Valid(Presets.Hh1952 with { Iterations = 600 }); // 3 ms: the spike passes 80% of the 5 cm axon
        var trains = Simulation.RunSpikes(spec, new[] { 200, 400 });
        var speed = Propagation.Speed(spec, trains).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(e.Message));
        var velocity = Assert.IsType<CableVelocity>(speed);
        // Oracle: HH 1952 computed 18.8 m/s; this grid gives 18.72 (Hh1952Tests), within 0.5%.
        Assert.InRange(velocity.MPerS, 18.8 * 0.995, 18.8 * 1.005);
        // By hand: centres at (k + ½)·100 µm, so 20,000 µm between them, over the first-spike times (µm/ms = 1e-3 m/s).
        Assert.Equal(20_000.0 / (trains.Of(400)[0] - trains.Of(200)[0]) * 1e-3, velocity.MPerS, 12);
        Assert.Equal(Propagation.AlongCable((PhysicalCable)spec.Parameters.Cable, spec.Compartments, trains), velocity);
    }

    [Fact]
    public void SpeedOnTheSeedCableIsInCompartmentsPerMs()
    {
        var all = Enumerable.Range(0, 20).ToArray();
        var recording = Simulation.RunRecorded(Seed, new RecordingSelection(new[] { StateVariable.V }, all));
        var speed = Propagation.Speed(Seed, recording).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(e.Message));
        var seedSpeed = Assert.IsType<SeedCableSpeed>(speed);
        // 40% and 80% of 20 compartments: compartments 8 and 16; by hand from their first spikes.
        double t8 = Spikes.TimesMs(recording.TimesMs, recording.Trace(StateVariable.V, 8))[0];
        double t16 = Spikes.TimesMs(recording.TimesMs, recording.Trace(StateVariable.V, 16))[0];
        Assert.Equal((8, 16), (seedSpeed.FromCompartment, seedSpeed.ToCompartment));
        Assert.Equal(8.0 / (t16 - t8), seedSpeed.CompartmentsPerMs, 12);
    }

    [Fact]
    public void SpeedThatCannotBeMeasuredIsAValueSayingWhy()
    {
        var quiet = Valid(Presets.Seed with { Iterations = 1_000, Stimulus = Stimulus.None });
        var trains = Simulation.RunSpikes(quiet, Enumerable.Range(0, 20).ToArray());
        Assert.Contains("no spike reached compartment 8", Propagation.Speed(quiet, trains).Match(Succ: _ => "", Fail: e => e.Message));
        var partial = Simulation.RunSpikes(quiet, new[] { 8 });
        Assert.Contains("compartment 16 has no spike train", Propagation.Speed(quiet, partial).Match(Succ: _ => "", Fail: e => e.Message));
        Assert.Equal("toFraction", Assert.Throws<ArgumentOutOfRangeException>(() => Propagation.Speed(quiet, trains, 0.4, 1.5)).ParamName);
    }

    [Fact]
    public void NanoampsBecomeTheDensityOverTheCompartmentsMembrane()
    {
        var cable = new PhysicalCable(476.0, 50_000.0, 35.4);
        // By hand: π·d·Δx with d = 476 µm = 0.0476 cm and Δx = 50,000 µm / 500 = 100 µm = 0.01 cm: 1.4954e-3 cm².
        double areaCm2 = Math.PI * 0.0476 * 0.01;
        var step = Stimulus.StepNanoamps(cable, 500, 0.0, 0.1, 50_000.0);
        // 50,000 nA = 50 µA over that area.
        Assert.Equal(50.0 / areaCm2, step.Segments[0].AmplitudeUAPerCm2, 1e-9 * 50.0 / areaCm2);
        // The preset's pulse is the same current.
        Assert.Equal(Presets.Hh1952.Stimulus.Segments[0].AmplitudeUAPerCm2, step.Segments[0].AmplitudeUAPerCm2);
        var ramp = Stimulus.RampNanoamps(cable, 500, 1, 2, 0.0, 10.0, compartment: 3).Segments[0];
        Assert.Equal((0.0, 10e-3 / areaCm2, 3), (ramp.AmplitudeUAPerCm2, ramp.EndAmplitudeUAPerCm2!.Value, ramp.Compartment), new ApproxTuple(1e-9));
        Assert.Equal(4, Stimulus.PulsesNanoamps(cable, 500, 0, 4, 0.1, 1, 1.0).Segments.Count);
        Assert.Equal("compartments", Assert.Throws<ArgumentOutOfRangeException>(() => Stimulus.StepNanoamps(cable, 0, 0, 1, 1)).ParamName);
        Assert.Equal("cable", Assert.Throws<ArgumentNullException>(() => Stimulus.StepNanoamps(null!, 5, 0, 1, 1)).ParamName);
    }

    [Fact]
    public void ARecordingIsReadByTheCompartmentRecorded()
    {
        var spec = Valid(Presets.Seed with { Iterations = 300 });
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V, StateVariable.H }, new[] { 19, 3 }));
        // Oracle: the Step fold's states, compartment 19 of neuron 0.
        var states = Simulation.Run(spec).ToArray();
        var expected = states.Select(s => s.VMv[s.IndexOf(19, 0)]).ToArray();
        Assert.Equal(expected, recording.Trace(StateVariable.V, 19), new ApproxDouble(1e-8));
        Assert.Equal(states.Select(s => s.H[s.IndexOf(3, 0)]), recording.Trace(StateVariable.H, 3), new ApproxDouble(1e-10));
        Assert.Equal(0, recording.ColumnOf(19));
        Assert.True(recording.Has(3) && !recording.Has(4));

        // The exceptions: a position past the end, a compartment not recorded, a variable not recorded.
        Assert.Equal("column", Assert.Throws<ArgumentOutOfRangeException>(() => recording.Column(StateVariable.V, 19)).ParamName);
        var notRecorded = Assert.Throws<ArgumentException>(() => recording.Trace(StateVariable.V, 4));
        Assert.Equal("compartment", notRecorded.ParamName);
        Assert.Contains("19, 3", notRecorded.Message);
        var noM = Assert.Throws<ArgumentException>(() => recording.Column(StateVariable.M, 0));
        Assert.Equal("variable", noM.ParamName);
        Assert.Contains("got m", noM.Message);
        Assert.Equal("row", Assert.Throws<ArgumentOutOfRangeException>(() => recording[StateVariable.V, 300, 0]).ParamName);
    }

    private sealed class ApproxDouble(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double x) => 0;
    }

    private sealed class ApproxTuple(double relative) : IEqualityComparer<(double, double, int)>
    {
        public bool Equals((double, double, int) a, (double, double, int) b) =>
            Close(a.Item1, b.Item1) && Close(a.Item2, b.Item2) && a.Item3 == b.Item3;
        private bool Close(double x, double y) => Math.Abs(x - y) <= relative * Math.Max(Math.Abs(x), Math.Abs(y));
        public int GetHashCode((double, double, int) x) => 0;
    }
}
