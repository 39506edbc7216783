using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;
using Xunit.Abstractions;

namespace HHFunctional.Properties.Reference;

/// <summary>
/// Oracle: Rallpacks 1 (passive cable, analytic) and 3 (HH axon, a NEURON run) of Bhalla, Bilitch &amp; Bower (1992),
/// Fixtures/rallpack. The model is built from the public API only: a <see cref="PhysicalCable"/>, a
/// <see cref="Membrane"/> (passive = HH with g_Na = g_K = 0), a <see cref="Stimulus"/> into compartment 0, and
/// <see cref="Simulation.RunRecorded"/> sampled on the reference's 0.05 ms grid.
/// </summary>
/// <remarks>
/// Where the API meets the benchmark. (1) The reference is at x = 0 and x = 1 mm, but compartment k holds v at its
/// centre (k + ½)·Δx: there is no node on the end itself, so compartment 0 stands for x = 0 and compartment B − 1 for
/// x = 1 mm. At the injected end the cable's slope is I·r_i = 0.127 mV/µm, so that offset costs about
/// 0.064 mV·(1000/B) in steady state: 0.038% RMS at B = 1000 (as NEURON's 1000 segments), 0.38% at B = 100. At the
/// sealed far end the slope is zero and the offset costs nothing. (2) The benchmark injects 0.1 nA at the point x = 0;
/// the API takes a density into a compartment, so the current enters compartment 0's membrane area π·d·Δx (as the
/// Shell's --stim-unit na does). In a cell-centred cable this is the exact flux boundary condition of the first
/// control volume, so only (1) remains.
/// </remarks>
public class RallpackTests(ITestOutputHelper output)
{
    private const double DiameterUm = 1.0, LengthUm = 1000.0, RaOhmCm = 100.0;
    private const double InjectedNanoamps = 0.1, DurationMs = 250.0, StartMv = -65.0;

    // RM = 40,000 Ω·cm² → g = 0.025 mS/cm², at −65 mV. E_Na and E_K are moot at zero conductance.
    private static readonly Membrane PassiveMembrane = new(CmUFPerCm2: 1.0, GNaMSPerCm2: 0.0, GKMSPerCm2: 0.0,
        GLMSPerCm2: 0.025, ENaMv: 50.0, EKMv: -77.0, ELMv: -65.0);

    // Rallpack 3: HH channels plus Rallpack 1's leak, at 6.3 °C (φ = 1).
    private static readonly Membrane AxonMembrane = new(CmUFPerCm2: 1.0, GNaMSPerCm2: 120.0, GKMSPerCm2: 36.0,
        GLMSPerCm2: 0.025, ENaMv: 50.0, EKMv: -77.0, ELMv: -65.0, TemperatureC: 6.3);

    // The gates' steady state at −65 mV, as the shared README gives them (−65 mV is not the axon's rest with this leak).
    private static readonly InitialConditions Start = new ExplicitStart(StartMv, 0.0529324852572, 0.596120753508, 0.317676914061);

    /// <summary>v at compartment 0 (x ≈ 0), compartment 1, and compartment B − 1 (x ≈ 1 mm), on the reference's grid.</summary>
    internal sealed record Traces(double[] First, double[] Second, double[] Last);

    internal static SimulationSpec Spec(Membrane membrane, int compartments, double dtMs, IntegratorKind integrator, double raOhmCm = RaOhmCm)
    {
        var cable = new PhysicalCable(DiameterUm, LengthUm, raOhmCm);
        // nA → µA (×1e-3) over compartment 0's membrane area in cm², as the Shell's --stim-unit na converts.
        double densityUAPerCm2 = InjectedNanoamps * 1e-3 / cable.CompartmentAreaCm2(compartments);
        return SimulationSpec.Validate(new SimulationParameters
        {
            Membrane = membrane,
            Cable = cable,
            Compartments = compartments,
            DtMs = dtMs,
            Iterations = (long)Math.Round(DurationMs / dtMs),
            // On for 0 < t ≤ end, and update k sees t = k·dt: on from the first update, as NEURON's IClamp with del = 0
            // (whose CN step reads the current at mid-step). The end is half a step late so that the last update,
            // whose k·dt may round just above 250 ms, still sees the current.
            Stimulus = Stimulus.Step(0.0, DurationMs + dtMs / 2, densityUAPerCm2, 0),
            Initial = Start,
            Integrator = integrator,
        }).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
    }

    /// <summary>The run sampled as the reference is: the start at t = 0, then every 0.05 ms to 250 ms.</summary>
    internal static Traces Run(SimulationSpec spec)
    {
        int every = (int)Math.Round(RallpackFixture.SampleMs / spec.DtMs);
        Assert.True(Math.Abs(every * spec.DtMs - RallpackFixture.SampleMs) < 1e-12, $"dt {spec.DtMs} ms does not divide 0.05 ms");
        int last = spec.Compartments - 1;
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, new[] { 0, 1, last }, 0, every));
        Assert.Null(recording.BlowUp);
        // The recording's first row is after update `every` (t = 0.05 ms); the reference's row 0 is the start.
        Assert.Equal(RallpackFixture.Samples - 1, recording.Rows);
        Assert.Equal(RallpackFixture.SampleMs, recording.TimesMs[0], 9);
        Assert.Equal(DurationMs, recording.TimesMs[^1], 9);
        double[] Sampled(int column) => recording.Column(StateVariable.V, column).Prepend(StartMv).ToArray();
        return new Traces(Sampled(0), Sampled(1), Sampled(2));
    }

    /// <summary>The Rallpack measure: √mean((v − ref)²) / (max ref − min ref), in percent.</summary>
    internal static double RelativeRmsPercent(double[] vMv, RallpackFixture.Trace reference)
    {
        Assert.Equal(reference.VMv.Length, vMv.Length);
        double sum = 0.0;
        for (int i = 0; i < vMv.Length; i++) sum += (vMv[i] - reference.VMv[i]) * (vMv[i] - reference.VMv[i]);
        return 100.0 * Math.Sqrt(sum / vMv.Length) / (reference.VMv.Max() - reference.VMv.Min());
    }

    /// <summary>max |v − ref| / (max ref − min ref), in percent.</summary>
    internal static double RelativeMaxPercent(double[] vMv, RallpackFixture.Trace reference) =>
        100.0 * vMv.Zip(reference.VMv, (a, b) => Math.Abs(a - b)).Max() / (reference.VMv.Max() - reference.VMv.Min());

    // ---------------------------------------------------------------- Rallpack 1

    // The bound: 0.1% relative RMS at both ends.
    private const double Rallpack1BoundPercent = 0.1;

    // B = 1000 and dt 0.01 ms, NEURON's settings in the shared README. CN is converged in dt (dt 0.005 gives the same
    // 0.0382%); BE, first order, adds 0.002% at x = 0 and 0.003% at 1 mm. What is left at x = 0 is the half-compartment
    // offset (remarks; the next test), so more compartments, not a smaller dt, would lower it (B = 2000: 0.019%).
    // Measured: CN 0.0382% at x = 0, 0.0000% at 1 mm (NEURON: 0.038%, 0.000%); BE 0.0402%, 0.0030%. Forward and
    // exponential Euler are left out: at B = 1000 (g_axial 25,000 mS/cm²) forward Euler needs dt < 2e-5 ms, and
    // exponential Euler, which freezes the neighbours, is 83% off at dt 0.01 (it slows the cable's charging when
    // dt·g_axial/C_m ≫ 1).
    public static TheoryData<string, IntegratorKind> ImplicitSchemes => new()
    {
        { "crank-nicolson", IntegratorKind.CrankNicolson },
        { "backward-euler", IntegratorKind.BackwardEuler },
    };

    [Theory]
    [MemberData(nameof(ImplicitSchemes))]
    public void Rallpack1PassiveCableWithinPointOnePercentRmsAtBothEnds(string name, IntegratorKind integrator)
    {
        var run = Run(Spec(PassiveMembrane, 1000, 0.01, integrator));
        double rms0 = RelativeRmsPercent(run.First, RallpackFixture.Cable0), rmsX = RelativeRmsPercent(run.Last, RallpackFixture.CableX);
        output.WriteLine($"{name}: x = 0 RMS {rms0:F4}% (max {RelativeMaxPercent(run.First, RallpackFixture.Cable0):F4}%), " +
                         $"x = 1 mm RMS {rmsX:F4}% (max {RelativeMaxPercent(run.Last, RallpackFixture.CableX):F4}%)");
        Assert.True(rms0 <= Rallpack1BoundPercent, $"{name}: relative RMS at x = 0 is {rms0:F4}% > {Rallpack1BoundPercent}%");
        Assert.True(rmsX <= Rallpack1BoundPercent, $"{name}: relative RMS at x = 1 mm is {rmsX:F4}% > {Rallpack1BoundPercent}%");
    }

    [Fact]
    public void Rallpack1ErrorAtTheInjectedEndIsTheHalfCompartmentOffset()
    {
        // With B = 100 compartment 0 is 5 µm from x = 0 and misses the bound (0.38% RMS). Carried to x = 0 by the
        // straight line through the centres of compartments 0 and 1, v(0) ≈ v₀ + (v₀ − v₁)/2 (second order in Δx),
        // the same run is within 0.004%: the error was where the sample sits, not in the cable's physics. Bound 0.01%:
        // a tenth of the issue's, 2.6× above what is measured (0.0038%).
        var run = Run(Spec(PassiveMembrane, 100, 0.01, IntegratorKind.CrankNicolson));
        var atX0 = run.First.Zip(run.Second, (v0, v1) => v0 + (v0 - v1) / 2).ToArray();
        double centre = RelativeRmsPercent(run.First, RallpackFixture.Cable0), end = RelativeRmsPercent(atX0, RallpackFixture.Cable0);
        output.WriteLine($"B = 100: compartment 0's centre {centre:F4}%, extrapolated to x = 0 {end:F4}%");
        Assert.True(centre > Rallpack1BoundPercent, $"compartment 0's centre is within {centre:F4}%: the offset no longer shows");
        Assert.True(end <= 0.01, $"extrapolated to x = 0: {end:F4}% > 0.01%");
    }

    // Mutant: the bound must notice a cable whose axial resistivity is 1% off (the coupling g = d/(4·Ra·Δx²) scaled by
    // 1/1.01 or 1/0.99), the size of a slip in a unit factor or a rounded constant. Measured: Ra 101 gives 0.18% at
    // x = 0 and 0.15% at 1 mm; Ra 99 gives 0.26% and 0.15%.
    [Theory]
    [InlineData(101.0)]
    [InlineData(99.0)]
    public void Rallpack1BoundCatchesOnePercentWrongRa(double wrongRaOhmCm)
    {
        var run = Run(Spec(PassiveMembrane, 1000, 0.01, IntegratorKind.CrankNicolson, wrongRaOhmCm));
        double rms0 = RelativeRmsPercent(run.First, RallpackFixture.Cable0), rmsX = RelativeRmsPercent(run.Last, RallpackFixture.CableX);
        output.WriteLine($"Ra {wrongRaOhmCm} Ω·cm: x = 0 RMS {rms0:F4}%, x = 1 mm RMS {rmsX:F4}%");
        Assert.False(rms0 <= Rallpack1BoundPercent && rmsX <= Rallpack1BoundPercent,
            $"Ra {wrongRaOhmCm} Ω·cm passes the Rallpack 1 bound ({rms0:F4}%, {rmsX:F4}%)");
    }

    // ---------------------------------------------------------------- Rallpack 3

    // The bound: every spike within 0.1 ms of the reference's. The reference is an old NEURON run, not the
    // truth: NEURON 8.2.2 (1000 segments, exact rates, CN dt 0.005) is itself up to 0.048 ms from it, and so are we.
    private const double Rallpack3BoundMs = 0.1;

    /// <summary>Spike times (0 mV upward crossings, interpolated) at both ends, both read on the reference's grid.</summary>
    private static (double[] AtX0, double[] AtX1) SpikeTimesMs(Traces run)
    {
        var t = RallpackFixture.Axon0.TimesMs;
        return (Spikes.TimesMs(t, run.First), Spikes.TimesMs(t, run.Last));
    }

    private static double WorstMs(double[] ours, double[] reference) => ours.Zip(reference, (a, b) => Math.Abs(a - b)).Max();

    // B = 1000, CN dt 0.005 ms: NEURON's settings in the shared README, and converged (B = 2000 moves the worst spike
    // by 0.0003 ms). Measured: 18 spikes, worst 0.0483 ms at x = 0; 17 spikes, worst 0.0461 ms at 1 mm. Every spike is
    // early by a steadily growing 0.0027 ms per spike (an interspike interval 0.02% shorter than the old run's), as
    // NEURON 8.2.2's are. Coarser runs land closer (B = 100, dt 0.01: 0.021 ms): the closeness is not convergence.
    [Fact]
    public void Rallpack3HhAxonSpikesWithinPointOneMsAtBothEnds()
    {
        var (atX0, atX1) = SpikeTimesMs(Run(Spec(AxonMembrane, 1000, 0.005, IntegratorKind.CrankNicolson)));
        var refX0 = Spikes.TimesMs(RallpackFixture.Axon0.TimesMs, RallpackFixture.Axon0.VMv);
        var refX1 = Spikes.TimesMs(RallpackFixture.AxonX.TimesMs, RallpackFixture.AxonX.VMv);
        Assert.Equal(RallpackFixture.CrossingsMs(RallpackFixture.Axon0), refX0);
        Assert.Equal(RallpackFixture.CrossingsMs(RallpackFixture.AxonX), refX1);
        Assert.Equal(18, atX0.Length);
        Assert.Equal(17, atX1.Length);
        double worst0 = WorstMs(atX0, refX0), worst1 = WorstMs(atX1, refX1);
        output.WriteLine($"x = 0: {atX0.Length} spikes, worst {worst0:F4} ms; x = 1 mm: {atX1.Length} spikes, worst {worst1:F4} ms");
        Assert.True(worst0 <= Rallpack3BoundMs, $"x = 0: a spike is {worst0:F4} ms from the reference's");
        Assert.True(worst1 <= Rallpack3BoundMs, $"x = 1 mm: a spike is {worst1:F4} ms from the reference's");
    }

    // Mutant: a 2% error in Ra changes the conduction speed and the load on the injected end; the spike times drift by
    // more than a millisecond over 18 spikes (measured: Ra 102 gives 1.37 ms at x = 0 and an 18th spike at 1 mm).
    [Fact]
    public void Rallpack3BoundCatchesTwoPercentWrongRa()
    {
        var (atX0, atX1) = SpikeTimesMs(Run(Spec(AxonMembrane, 1000, 0.005, IntegratorKind.CrankNicolson, 102.0)));
        var refX0 = Spikes.TimesMs(RallpackFixture.Axon0.TimesMs, RallpackFixture.Axon0.VMv);
        var refX1 = Spikes.TimesMs(RallpackFixture.AxonX.TimesMs, RallpackFixture.AxonX.VMv);
        bool passes = atX0.Length == refX0.Length && atX1.Length == refX1.Length
                      && WorstMs(atX0, refX0) <= Rallpack3BoundMs && WorstMs(atX1, refX1) <= Rallpack3BoundMs;
        output.WriteLine($"Ra 102 Ω·cm: {atX0.Length} and {atX1.Length} spikes");
        Assert.False(passes, "Ra 102 Ω·cm passes the Rallpack 3 bound");
    }
}
