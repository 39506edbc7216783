using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Reference;

/// <summary>
/// Oracle: NEURON 8.2 (exact hh rates) on the seed's membrane as one compartment, from the true rest, with the seed's
/// stimulus (5 µA/cm² for 100–200 ms, 10 µA/cm² for 300–400 ms), 500 ms (Fixtures/neuron_point).
/// </summary>
public class NeuronPointTests
{
    /// <summary>Spike times (ms) of our point neuron: the seed's run, but one compartment, from rest, with the given scheme.</summary>
    internal static double[] OurSpikeTimesMs(IntegratorKind kind, double dtMs, Stimulus? stimulus = null, double durationMs = 500.0,
        RateTable? rateTable = null)
    {
        var spec = SimulationSpec.Validate(new SimulationParameters
        {
            Compartments = 1,
            DtMs = dtMs,
            Iterations = (long)Math.Round(durationMs / dtMs),
            Initial = InitialConditions.Rest,
            Integrator = kind,
            Stimulus = stimulus ?? Stimulus.Seed,
            RateTable = rateTable,
        }).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var recording = Recording.Record(Simulation.Run(spec), new RecordingSelection(new[] { StateVariable.V }, new[] { 0 }), spec.Parameters.Iterations);
        Assert.Null(recording.BlowUp);
        return Spikes.TimesMs(recording.TimesMs, recording.Column(StateVariable.V, 0));
    }

    internal static double MaxErrorMs(double[] ours, double[] reference)
    {
        Assert.Equal(reference.Length, ours.Length);
        return ours.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
    }

    [Fact]
    public void RestingPotentialIsNeurons()
    {
        // NEURON's README gives the rest to 1e-9 mV; Brent runs to 1e-12 mV.
        Assert.Equal(NeuronPointFixture.RestMv, Simulation.RestingPotentialMv(Membrane.Seed), 8);
    }

    public static TheoryData<string, IntegratorKind, double> Tolerances => new()
    {
        // The bounds. CN: NEURON's own CN at this dt is 0.0024 ms off, and an onset convention differing by one
        // step could move spikes by up to 0.01 ms: 0.015 ms. FE and BE are first order: NEURON's BE is 0.164 ms off at
        // this dt: 0.25 ms. Exponential Euler freezes v in the gates' step and the gates in v's, a larger first-order error
        // constant: measured 0.474 ms, and halving dt halves it (below): 0.6 ms. (Measured: CN 0.0024, BE 0.164, FE 0.019 ms.)
        { "crank-nicolson", IntegratorKind.CrankNicolson, 0.015 },
        { "backward-euler", IntegratorKind.BackwardEuler, 0.25 },
        { "forward-euler", IntegratorKind.ForwardEuler, 0.25 },
        { "exponential-euler", IntegratorKind.ExponentialEuler, 0.6 },
    };

    [Theory]
    [MemberData(nameof(Tolerances))]
    public void SpikeTimesMatchNeuronTruthAtDt001(string name, IntegratorKind kind, double toleranceMs)
    {
        var ours = OurSpikeTimesMs(kind, 0.01);
        Assert.Equal(8, ours.Length);
        Assert.Equal(1, Spikes.CountIn(ours, 100, 200));
        Assert.Equal(7, Spikes.CountIn(ours, 300, 400));
        double error = MaxErrorMs(ours, NeuronPointFixture.SpikeTimesMs(NeuronPointFixture.Truth));
        Assert.True(error <= toleranceMs, $"{name}: max |Δt| = {error:F5} ms > {toleranceMs} ms");
    }

    public static TheoryData<string, IntegratorKind> FirstOrder => new()
    {
        { "backward-euler", IntegratorKind.BackwardEuler },
        { "forward-euler", IntegratorKind.ForwardEuler },
        { "exponential-euler", IntegratorKind.ExponentialEuler },
    };

    [Theory]
    [MemberData(nameof(FirstOrder))]
    public void HalvingDtHalvesFirstOrderError(string name, IntegratorKind kind)
    {
        var truth = NeuronPointFixture.SpikeTimesMs(NeuronPointFixture.Truth);
        double coarse = MaxErrorMs(OurSpikeTimesMs(kind, 0.01), truth);
        double fine = MaxErrorMs(OurSpikeTimesMs(kind, 0.005), truth);
        // First order: the ratio is 2 up to higher-order terms and the truth's own error (≤ 0.0001 ms, under 1% of
        // either error here). Measured: BE 2.01, FE 1.99, EE 2.00 (0.474 → 0.237 ms). "Roughly halves": [1.7, 2.3].
        double ratio = coarse / fine;
        Assert.True(ratio >= 1.7 && ratio <= 2.3, $"{name}: error {coarse:F5} ms at dt 0.01, {fine:F5} ms at dt 0.005, ratio {ratio:F3}");
    }

    public static TheoryData<string, IntegratorKind, string> SameScheme => new()
    {
        { "crank-nicolson", IntegratorKind.CrankNicolson, NeuronPointFixture.NeuronCrankNicolson },
        { "backward-euler", IntegratorKind.BackwardEuler, NeuronPointFixture.NeuronBackwardEuler },
    };

    /// <summary>
    /// Our implicit schemes are NEURON's (same linearisation, same staggering of the gates, the same step-wise stimulus):
    /// at the same dt they reproduce NEURON's own spike times, not just the truth. The fixture holds times to 1e-6 ms;
    /// measured agreement is within 5e-7 ms. 1e-5 ms allows for that rounding and for the rest potential, which NEURON
    /// states to 1e-9 mV, while a different staggering or onset convention moves spikes by 1e-3 ms or more.
    /// </summary>
    [Theory]
    [MemberData(nameof(SameScheme))]
    public void ImplicitSchemesReproduceNeuronsOwnAtSameDt(string name, IntegratorKind kind, string neuronMethod)
    {
        double error = MaxErrorMs(OurSpikeTimesMs(kind, 0.01), NeuronPointFixture.SpikeTimesMs(neuronMethod));
        Assert.True(error <= 1e-5, $"{name}: max |Δt| to NEURON's {neuronMethod} = {error:E3} ms");
    }
}
