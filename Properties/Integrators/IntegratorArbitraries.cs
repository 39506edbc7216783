using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using static HHFunctional.Properties.Integrators.TridiagonalArbitraries;

namespace HHFunctional.Properties.Integrators;

/// <summary>One step's input: a valid spec and an arbitrary (not necessarily reachable) state for it.</summary>
public sealed record StepCase(SimulationSpec Spec, State State)
{
    public override string ToString()
    {
        var p = Spec.Parameters;
        string cable = p.Cable switch
        {
            SeedCoupling s => $"seed b_r={s.BR}",
            PhysicalCable c => $"physical d={c.DiameterUm}µm L={c.LengthUm}µm Ra={c.RaOhmCm}",
            _ => "?",
        };
        return $"B={p.Compartments} N={p.Neurons} {cable} T={p.Membrane.TemperatureC}°C dt={p.DtMs} k={State.Iteration} " +
               $"stim=[{string.Join("; ", p.Stimulus.Segments)}] v=[{string.Join(", ", State.VMv)}] m=[{string.Join(", ", State.M)}] " +
               $"h=[{string.Join(", ", State.H)}] n=[{string.Join(", ", State.N)}]";
    }
}

/// <summary>A short run from rest on a small physical cable, the input of the convergence-order properties.</summary>
/// <param name="Compartments">1 to 4 compartments of 1 mm each.</param>
/// <param name="DiameterUm">50 to 300 µm: axial conductance 3.5 to 21 mS/cm² per neighbour, so forward Euler stays well
/// inside its stability bound (dt·(g_L + 4g)/C ≤ 1.3 at the coarsest dt) and is in its asymptotic regime.</param>
/// <param name="TemperatureC">6.3 to 18.5 °C (φ from 1 to 3.8).</param>
/// <param name="AmplitudeUAPerCm2">0.5 to 30 µA/cm² into compartment 0 for 1 &lt; t ≤ 4 ms: subthreshold to spiking.
/// Not below 0.5: a run that stays at rest has no error to measure.</param>
/// <param name="DtExponent">The coarse dt is 2^−DtExponent ms (6 or 7: 0.0156 or 0.0078 ms); powers of two keep k·dt exact,
/// so the pulse edges at 1 and 4 ms fall on every grid (a misplaced edge would add an O(dt) error to second-order schemes).</param>
public sealed record ShortRun(int Compartments, double DiameterUm, double TemperatureC, double AmplitudeUAPerCm2, int DtExponent)
{
    public const double DurationMs = 4.0;
    public double CoarseDtMs => Math.Pow(2.0, -DtExponent);

    public SimulationParameters Parameters(IntegratorKind kind, double dtMs) => new()
    {
        Membrane = Membrane.Seed with { TemperatureC = TemperatureC },
        Cable = new PhysicalCable(DiameterUm, 1000.0 * Compartments, 35.4),
        Compartments = Compartments,
        DtMs = dtMs,
        Iterations = (long)Math.Round(DurationMs / dtMs),
        Initial = InitialConditions.Rest,
        Stimulus = new Stimulus(new[] { new StimulusSegment(1.0, DurationMs, AmplitudeUAPerCm2, 0) }),
        Integrator = kind,
    };
}

/// <summary>Generators for the integrator properties, each with explicit ranges.</summary>
public static class IntegratorArbitraries
{
    /// <summary>
    /// Any valid spec and state for one implicit step: B in [1, 30], N in [1, 3]; a seed cable (b_r in [0.01, 1]) or a
    /// physical one (d in [1, 1000] µm, Δx in [10, 2000] µm, Ra in [10, 300] Ω·cm: axial conductances from ~1e-3 to
    /// ~2.5e7 mS/cm²); T in [−10, 40] °C; dt = 10^u ms with u in [−4, 0]; v in [−100, 60] mV and gates in [0, 1] drawn
    /// independently per compartment; an optional stimulus of ±50 µA/cm² into one compartment; iteration in [0, 1000].
    /// </summary>
    public static Arbitrary<StepCase> StepCases() =>
        (from b in Gen.Choose(1, 30)
         from neurons in Gen.Choose(1, 3)
         from cable in Gen.OneOf(
             Uniform(0.01, 1.0).Select(br => (Cable)new SeedCoupling(br)),
             from d in LogUniform(1, 1000)
             from dx in LogUniform(10, 2000)
             from ra in Uniform(10, 300)
             select (Cable)new PhysicalCable(d, dx * b, ra))
         from temperature in Uniform(-10, 40)
         from dt in LogUniform(1e-4, 1.0)
         from stimOn in Gen.Elements(false, true)
         from stimCompartment in Gen.Choose(0, b - 1)
         from amplitude in Uniform(-50, 50)
         from iteration in Gen.Choose(0, 1000)
         from v in Gen.ArrayOf(Uniform(-100, 60), b * neurons)
         from m in Gen.ArrayOf(Uniform(0, 1), b * neurons)
         from h in Gen.ArrayOf(Uniform(0, 1), b * neurons)
         from n in Gen.ArrayOf(Uniform(0, 1), b * neurons)
         select Case(new SimulationParameters
         {
             Membrane = Membrane.Seed with { TemperatureC = temperature },
             Cable = cable,
             Compartments = b,
             Neurons = neurons,
             DtMs = dt,
             Iterations = 1,
             // On for every step (start 0 < t) or off; the laws only need the value the step sees.
             Stimulus = stimOn ? new Stimulus(new[] { new StimulusSegment(0.0, 1e9, amplitude, stimCompartment) }) : Stimulus.None,
             Integrator = IntegratorKind.BackwardEuler,
         }, iteration, v, m, h, n)).ToArbitrary();

    /// <summary>Short runs for the convergence-order properties (ranges on <see cref="ShortRun"/>).</summary>
    public static Arbitrary<ShortRun> ShortRuns() =>
        (from b in Gen.Choose(1, 4)
         from d in Uniform(50, 300)
         from temperature in Uniform(6.3, 18.5)
         from amplitude in Uniform(0.5, 30)
         from exponent in Gen.Choose(6, 7)
         select new ShortRun(b, d, temperature, amplitude, exponent)).ToArbitrary();

    /// <summary>Log-uniform doubles in [lo, hi], lo &gt; 0.</summary>
    public static Gen<double> LogUniform(double lo, double hi) =>
        Uniform(Math.Log(lo), Math.Log(hi)).Select(Math.Exp);

    private static StepCase Case(SimulationParameters p, long iteration, double[] v, double[] m, double[] h, double[] n)
    {
        var spec = SimulationSpec.Validate(p).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        return new StepCase(spec, State.FromOwnedArrays(iteration, p.DtMs, p.Neurons, p.Compartments, v, m, h, n));
    }
}
