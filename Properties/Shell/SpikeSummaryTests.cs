using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// The report's spike analysis on a constructed travelling wave whose answer is known in closed form: compartment c
/// crosses 0 mV upward at exactly t = 10 + c/2 ms (a linear ramp, so linear interpolation is exact), i.e. the wave moves
/// at 2 compartments/ms; on a physical cable of 20 × 100 µm that is 200 µm/ms = 0.2 m/s.
/// </summary>
public sealed class SpikeSummaryTests
{
    private const int Compartments = 20;
    private const double DtMs = 0.01;

    [Fact]
    public void TravellingWaveGivesItsSpeedInCompartmentsPerMsAndMetresPerSecond()
    {
        var spec = Spec(new PhysicalCable(1.0, 2000.0, 35.4));
        var summary = SpikeSummary.Of(spec, Wave(spec))!;

        var onset = Assert.Single(summary.Onsets);
        Assert.Equal(5.0, onset.OnsetMs);
        for (int c = 0; c < Compartments; c++)
            Assert.Equal(10.0 + c / 2.0, onset.ArrivalMs[c]!.Value, 9); // ramps are exact up to rounding of t = k·dt
        Assert.Equal(2.0, onset.CompartmentsPerMs!.Value, 9);
        Assert.Equal(0.2, onset.MetresPerSecond!.Value, 9);
        Assert.Equal(-20.0, onset.InterceptCompartment!.Value, 6); // c = 2·(t − 10)
    }

    [Fact]
    public void SeedCouplingHasNoMetresPerSecond()
    {
        var spec = Spec(Cable.Seed);
        var onset = Assert.Single(SpikeSummary.Of(spec, Wave(spec))!.Onsets);
        Assert.Equal(2.0, onset.CompartmentsPerMs!.Value, 9);
        Assert.Null(onset.MetresPerSecond);
    }

    [Fact]
    public void WindowsAreCutAtStimulusSwitchTimesAndCountSpikes()
    {
        var spec = Spec(Cable.Seed);
        var summary = SpikeSummary.Of(spec, Wave(spec))!;
        Assert.Equal(new[] { (0.0, 5.0, "no current"), (5.0, 6.0, "3 µA/cm² into c0"), (6.0, 30.0, "no current") },
            summary.Windows.Select(w => (w.StartMs, w.EndMs, w.Current)));
        // Every compartment spikes once, at 10–19.5 ms: in the third window.
        Assert.All(summary.Counts, row => Assert.Equal(new[] { 0, 0, 1 }, row));
        // Windows of 5, 1 and 24 ms are all shorter than 50 ms: counts, but no rate (one spike in 24 ms is no 41.7 Hz).
        Assert.All(summary.RatesHz, row => Assert.Equal(new double?[] { null, null, null }, row));
    }

    private static SimulationSpec Spec(Cable cable) => SimulationSpec.Validate(new SimulationParameters
    {
        Cable = cable, Compartments = Compartments, DtMs = DtMs, Iterations = 3000,
        Stimulus = new Stimulus(new[] { new StimulusSegment(5.0, 6.0, 3.0, 0) }),
    }).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    // V = −65 + 130·max(0, 1 − |t − peak|) mV with peak = 10.5 + c/2 ms: it crosses 0 mV upward at peak − 0.5 ms.
    private static Recording Wave(SimulationSpec spec)
    {
        int rows = (int)spec.Parameters.Iterations;
        var iterations = Enumerable.Range(1, rows).Select(k => (long)k).ToArray();
        var times = iterations.Select(k => k * DtMs).ToArray();
        var v = new double[rows * Compartments];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < Compartments; c++)
                v[r * Compartments + c] = -65.0 + 130.0 * Math.Max(0.0, 1.0 - Math.Abs(times[r] - (10.5 + c / 2.0)));
        var selection = new RecordingSelection(new[] { StateVariable.V }, Enumerable.Range(0, Compartments).ToArray());
        return new Recording(selection, iterations, times, new Dictionary<StateVariable, double[]> { [StateVariable.V] = v }, null);
    }
}
