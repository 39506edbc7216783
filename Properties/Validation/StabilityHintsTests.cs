using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Validation;

/// <summary>
/// Oracle: linear stability of forward Euler on the passive cable. With g_Na = g_K = 0 the cable is linear,
/// C dv/dt = −A v + b, and forward Euler is stable iff dt·λ_max(A)/C ≤ 2, where λ_max = g_L + 2g(1 + cos(π/B)) for
/// sealed ends (the eigenvalues of the tridiagonal Neumann Laplacian are 2g(1 − cos(kπ/B)), k = 0 … B−1).
/// </summary>
public class StabilityHintsTests
{
    private const int B = 10;
    private static readonly PhysicalCable Cable = new(476.0, 5_000.0, 35.4);   // Δx = 500 µm: g ≈ 134 mS/cm²

    private static SimulationParameters Passive(double dtMs) => new()
    {
        Membrane = Membrane.Seed with { GNaMSPerCm2 = 0.0, GKMSPerCm2 = 0.0 },
        Cable = Cable,
        Compartments = B,
        DtMs = dtMs,
        Iterations = 3000,
        Initial = InitialConditions.Rest,
        // A kick into one end excites every mode, the fastest included.
        Stimulus = new Stimulus(new[] { new StimulusSegment(0.0, 10 * dtMs, 100.0, 0) }),
    };

    private static double CriticalDtMs()
    {
        double g = Cable.CouplingMSPerCm2(B);
        return 2.0 / (Membrane.Seed.GLMSPerCm2 + 2.0 * g * (1.0 + Math.Cos(Math.PI / B)));
    }

    private static BlowUp? Run(SimulationParameters p)
    {
        var spec = SimulationSpec.Validate(p).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        return Recording.Record(Simulation.Run(spec), new RecordingSelection(new[] { StateVariable.V }, new[] { 0 }), p.Iterations).BlowUp;
    }

    private static IReadOnlyList<string> Hints(SimulationParameters p) =>
        StabilityHints.For(SimulationSpec.Validate(p).Match(Succ: s => s, Fail: _ => throw new InvalidOperationException())).ToList();

    [Fact]
    public void HintAppearsExactlyWhereForwardEulerBlowsUp()
    {
        double critical = CriticalDtMs();
        // 2% below: the fastest mode decays by |1 − dt·λ| = 0.98 a step; 2% above it grows by 1.02 a step (e^59 in 3000 steps).
        Assert.Null(Run(Passive(0.98 * critical)));
        Assert.DoesNotContain(Hints(Passive(0.98 * critical)), h => h.Contains("unstable"));
        Assert.NotNull(Run(Passive(1.02 * critical)));
        Assert.Contains(Hints(Passive(1.02 * critical)), h => h.StartsWith("DtMs: forward Euler is unstable", StringComparison.Ordinal));
    }

    [Fact]
    public void NoHintsForTheSeedOrForStableIntegrators()
    {
        Assert.Empty(Hints(Presets.Seed));
        Assert.Empty(Hints(Presets.Hh1952));
        Assert.NotEmpty(Hints(Presets.Hh1952 with { Integrator = IntegratorKind.ForwardEuler }));
    }

    [Fact]
    public void GateHintWhenForwardEulerGatesCanOvershoot()
    {
        // At −100 mV β_m = 4·exp(35/18) ≈ 28 /ms: dt = 0.1 ms gives dt·(α_m + β_m) ≈ 2.8 > 1.
        var hints = Hints(Presets.Seed with { DtMs = 0.1 });
        Assert.Contains(hints, h => h.StartsWith("DtMs: forward-Euler gates can leave [0, 1]", StringComparison.Ordinal));
    }
}
