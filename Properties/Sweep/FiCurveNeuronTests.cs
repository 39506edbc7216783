using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Oracle: NEURON 8.2 (hh mechanism, exact rate formulas, from rest, 500 ms constant current; issue 8 and
/// Reference/Fixtures/neuron_point/README.md): no repetitive firing below ~6.26 µA/cm² (bracket 6.2578–6.2603), then a
/// steady rate after 100 ms of about 52 Hz at 6.3, 58 Hz at 7, 68 Hz at 10 and 87 Hz at 20 µA/cm².
/// The sweep is the README's f–I example itself (Shell/Sweep/examples/fi-curve.json), 201 runs.
/// </summary>
public class FiCurveNeuronTests
{
    // The reference rates are given to the nearest hertz; the issue asks for agreement within 1 Hz. The example runs
    // Crank–Nicolson (NEURON's own second-order scheme) at dt = 0.01 ms: 52.365, 58.325, 68.322, 86.468 Hz, within
    // 0.02 Hz of the dt → 0 limit found by halving forward Euler's dt down to 0.001 ms (52.38, 58.33, 68.32, 86.47 Hz),
    // so the 1 Hz bound tests the model, not the integrator. (Forward Euler at dt = 0.01 ms gives 52.95 Hz at 6.3, only
    // 0.05 Hz inside the bound, and exponential Euler 85.99 Hz at 20, outside it.)
    private const double ToleranceHz = 1.0;

    public static readonly (double AmplitudeUAPerCm2, double RateHz)[] Neuron = { (6.3, 52), (7, 58), (10, 68), (20, 87) };

    [Fact]
    public void PointNeuronFiCurveMatchesNeuron()
    {
        string grid = Path.Combine(RepoRoot.Path, "Shell", "Sweep", "examples", "fi-curve.json");
        string dir = RunSweep(grid, "--jobs", Environment.ProcessorCount.ToString());
        var rows = ReadCsv(Path.Combine(dir, "results.csv"));

        // The grid is what the issue asks for: 0 … 20 µA/cm² in steps of 0.1, exactly (decimal-safe range).
        Assert.Equal(201, rows.Count);
        Assert.All(rows, r => Assert.Equal("ok", r["status"]));
        var amplitudes = rows.Select(r => Number(r["stim-amplitude"])!.Value).ToArray();
        for (int i = 0; i < amplitudes.Length; i++) Assert.Equal(double.Parse((i / 10m).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), amplitudes[i]);
        var rate = rows.ToDictionary(r => Number(r["stim-amplitude"])!.Value, r => Number(r["w0_rate_hz"])!.Value);

        // No repetitive firing below threshold (≤ 6.2), repetitive firing above it (≥ 6.3), at NEURON's 6.26.
        foreach (var (amp, hz) in rate.Where(kv => kv.Key <= 6.2)) Assert.True(hz == 0, $"{amp} µA/cm²: {hz} Hz, expected no repetitive firing");
        foreach (var (amp, hz) in rate.Where(kv => kv.Key >= 6.3)) Assert.True(hz > 40, $"{amp} µA/cm²: {hz} Hz, expected repetitive firing (the jump to ~52 Hz)");
        // Single spikes exist below the repetitive threshold (NEURON: one spike from 2.24 µA/cm²), so the jump is in the rate, not in excitability.
        Assert.True(Number(rows.Single(r => r["stim-amplitude"] == "5")["spikes_first"]) >= 1);

        foreach (var (amp, expected) in Neuron)
            Assert.True(Math.Abs(rate[amp] - expected) <= ToleranceHz, $"{amp} µA/cm²: {rate[amp]:F3} Hz, NEURON {expected} Hz (±{ToleranceHz})");

        // The curve's shape above threshold: the steady rate never falls as the current grows.
        var above = rate.Where(kv => kv.Key >= 6.3).OrderBy(kv => kv.Key).Select(kv => kv.Value).ToArray();
        for (int i = 1; i < above.Length; i++) Assert.True(above[i] >= above[i - 1], $"rate falls between points {i - 1} and {i} above threshold");
    }
}
