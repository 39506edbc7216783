using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;
using Xunit.Abstractions;

namespace HHFunctional.Properties.Reference;

/// <summary>
/// Oracle: Hodgkin &amp; Huxley 1952 (J. Physiol. 117:500–544, part III): the propagated action potential of a squid axon,
/// diameter 476 µm, Ra 35.4 Ω·cm, at 18.5 °C, travels at 18.8 m/s (their computed value).
/// </summary>
public class Hh1952Tests(ITestOutputHelper output)
{
    private const double PublishedMPerS = 18.8;
    // The bound. HH's 18.8 came from hand integration with a trial-and-error speed; later computations of the
    // same equations give 18.7–18.8 m/s. Our converged value (18.73) is 0.4% below it; 3% leaves room for neither a
    // wrong geometry conversion (a factor 10 in g moves the speed by ~3×) nor a wrong temperature scaling.
    private const double RelativeTolerance = 0.03;

    /// <summary>The HH 1952 axon on a grid: 5 cm, sealed ends, from rest, 50 µA for 0.1 ms into compartment 0 (the same
    /// total charge on every grid), Crank–Nicolson; long enough for the spike to pass 80% of the length.</summary>
    private static SimulationParameters Axon(int compartments, double dtMs, double temperatureC = 18.5, double durationMs = 3.0)
    {
        var cable = new PhysicalCable(476.0, 50_000.0, 35.4);
        return Presets.Hh1952 with
        {
            Membrane = Membrane.Seed with { TemperatureC = temperatureC },
            Cable = cable,
            Compartments = compartments,
            DtMs = dtMs,
            Iterations = (long)Math.Round(durationMs / dtMs),
            Stimulus = new Stimulus(new[]
            {
                new StimulusSegment(0.0, Presets.Hh1952PulseMs, Presets.Hh1952PulseNanoamps * 1e-3 / cable.CompartmentAreaCm2(compartments), 0),
            }),
        };
    }

    /// <summary>Velocity (m/s) between 40% and 80% of the length, recording only those two compartments.</summary>
    private static double VelocityMPerS(SimulationParameters p)
    {
        var spec = SimulationSpec.Validate(p).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var cable = (PhysicalCable)p.Cable;
        int k1 = Propagation.CompartmentAt(0.4, p.Compartments), k2 = Propagation.CompartmentAt(0.8, p.Compartments);
        var recording = Recording.Record(Simulation.Run(spec), new RecordingSelection(new[] { StateVariable.V }, new[] { k1, k2 }), p.Iterations);
        Assert.Null(recording.BlowUp);
        var measured = Propagation.AlongCable(cable, p.Compartments, recording);
        Assert.NotNull(measured);
        return measured!.MPerS;
    }

    // The finest grid is used by two tests; computed once (about a second of CPU).
    private static readonly Lazy<double> FinestMPerS = new(() => VelocityMPerS(Axon(1000, 0.0025)));

    [Fact]
    public void VelocityConvergesToHodgkinHuxleys18Point8()
    {
        // Δx and dt halved together (Crank–Nicolson is second order in both): 400, 200, 100, 50 µm; 0.02 … 0.0025 ms.
        var grids = new[] { (125, 0.02), (250, 0.01), (500, 0.005), (1000, 0.0025) };
        var speeds = grids.Select(g => g.Item1 == 1000 ? FinestMPerS.Value : VelocityMPerS(Axon(g.Item1, g.Item2))).ToArray();
        for (int i = 0; i < grids.Length; i++)
            output.WriteLine($"B = {grids[i].Item1,4} (Δx = {50_000.0 / grids[i].Item1} µm), dt = {grids[i].Item2} ms: {speeds[i]:F4} m/s");

        // Convergence: each refinement changes the speed by less than half the previous change (second order: ~¼).
        var changes = speeds.Zip(speeds.Skip(1), (a, b) => Math.Abs(b - a)).ToArray();
        for (int i = 1; i < changes.Length; i++)
            Assert.True(changes[i] < 0.5 * changes[i - 1], $"refinement {i + 1} changed the speed by {changes[i]:F4} m/s, previous {changes[i - 1]:F4}");

        // The finest grid, and the Richardson extrapolation of the last two (second order: v + (v − v_coarse)/3).
        double finest = speeds[^1], extrapolated = finest + (finest - speeds[^2]) / 3.0;
        output.WriteLine($"extrapolated: {extrapolated:F4} m/s ({(extrapolated / PublishedMPerS - 1) * 100:F2}% from 18.8)");
        Assert.InRange(finest, PublishedMPerS * (1 - RelativeTolerance), PublishedMPerS * (1 + RelativeTolerance));
        Assert.InRange(extrapolated, PublishedMPerS * (1 - RelativeTolerance), PublishedMPerS * (1 + RelativeTolerance));
        // And the finest grid is converged: its last refinement moved the speed by less than 0.02 m/s (0.1%; measured 0.005).
        Assert.True(changes[^1] < 0.02, $"last refinement still changed the speed by {changes[^1]:F4} m/s");
    }

    [Fact]
    public void PresetGivesAConvergedSpeed()
    {
        double preset = VelocityMPerS(Presets.Hh1952);
        double fine = FinestMPerS.Value;
        output.WriteLine($"preset: {preset:F4} m/s, B = 1000 / dt = 0.0025: {fine:F4} m/s");
        Assert.InRange(preset, PublishedMPerS * (1 - RelativeTolerance), PublishedMPerS * (1 + RelativeTolerance));
        // Converged: within 0.1% of a grid twice as fine in Δx and dt (measured 0.03%).
        Assert.True(Math.Abs(preset - fine) < 1e-3 * fine, $"preset {preset:F4} vs finer grid {fine:F4} m/s");
    }

    [Fact]
    public void ColderAxonConductsMuchSlower()
    {
        // At 6.3 °C every rate is 3^1.22 ≈ 3.8 times slower than at 18.5 °C; the spike then travels markedly slower
        // (the issue: "at 6.3 °C the speed is much lower"). Measured ~12 m/s; asserting below 80% of 18.8.
        double cold = VelocityMPerS(Axon(250, 0.01, temperatureC: 6.3, durationMs: 6.0));
        output.WriteLine($"6.3 °C: {cold:F3} m/s");
        Assert.True(cold < 0.8 * PublishedMPerS, $"6.3 °C: {cold:F3} m/s");
    }
}
