using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Integrators;
using HHFunctional.Properties.Mutants;
using static HHFunctional.Properties.Integrators.TridiagonalArbitraries;

namespace HHFunctional.Properties.Model;

/// <summary>Generators for the gate-bound law: the whole range of finite doubles, not just physiological values.</summary>
public static class AnyFiniteArbitraries
{
    /// <summary>
    /// Finite voltages (mV): uniform in [−200, 200], or ±10^u with u in [0, 308] (up to ~1e308), or one of the edge
    /// values ±double.MaxValue, ±double.Epsilon, ±0, −40 and −55 (the 0/0 points of α_m and α_n).
    /// </summary>
    public static Gen<double> AnyFiniteVMv() =>
        Gen.Frequency(
            (3, Uniform(-200, 200)),
            (3, from u in Uniform(0, 308) from negative in Gen.Elements(false, true) select (negative ? -1 : 1) * Math.Pow(10, u)),
            (1, Gen.Elements(double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon, 0.0, -0.0, -40.0, -55.0)));

    /// <summary>Any dt &gt; 0 (ms): 10^u with u in [−12, 12], or double.Epsilon, or double.MaxValue.</summary>
    public static Gen<double> AnyPositiveDtMs() =>
        Gen.Frequency(
            (6, Uniform(-12, 12).Select(u => Math.Pow(10, u))),
            (1, Gen.Elements(double.Epsilon, double.MaxValue)));

    /// <summary>Gates anywhere in [0, 1], ends included.</summary>
    public static Gen<double> AnyGate() => Gen.Frequency((4, Uniform(0, 1)), (1, Gen.Elements(0.0, 1.0)));

    /// <summary>
    /// B in [1, 3], N in [1, 2], seed or physical cable, T in [−50, 100] °C (the validated range), the stimulus off or
    /// ±1000 µA/cm² on, any finite v, any gates in [0, 1], any dt &gt; 0.
    /// </summary>
    public static Arbitrary<StepCase> ExtremeStepCases() =>
        (from b in Gen.Choose(1, 3)
         from neurons in Gen.Choose(1, 2)
         from physical in Gen.Elements(false, true)
         from temperature in Uniform(-50, 100)
         from dt in AnyPositiveDtMs()
         from amplitude in Gen.Elements(0.0, 1000.0, -1000.0)
         from v in Gen.ArrayOf(AnyFiniteVMv(), b * neurons)
         from m in Gen.ArrayOf(AnyGate(), b * neurons)
         from h in Gen.ArrayOf(AnyGate(), b * neurons)
         from n in Gen.ArrayOf(AnyGate(), b * neurons)
         select Case(b, neurons, physical, temperature, dt, amplitude, v, m, h, n)).ToArbitrary();

    private static StepCase Case(int b, int neurons, bool physical, double temperature, double dt, double amplitude,
        double[] v, double[] m, double[] h, double[] n)
    {
        var p = new SimulationParameters
        {
            Membrane = Membrane.Seed with { TemperatureC = temperature },
            Cable = physical ? new PhysicalCable(476, 1000.0 * b, 35.4) : Cable.Seed,
            Compartments = b,
            Neurons = neurons,
            DtMs = dt,
            Iterations = 1,
            Stimulus = new Stimulus(new[] { new StimulusSegment(0, double.MaxValue, amplitude, 0) }),
            Integrator = IntegratorKind.ExponentialEuler,
        };
        var spec = SimulationSpec.Validate(p).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        return new StepCase(spec, State.FromOwnedArrays(0, dt, neurons, b, v, m, h, n));
    }
}

/// <summary>Oracle: the invariant of the gate equation itself, dx/dt = α(1 − x) − βx with α, β ≥ 0 keeps x in [0, 1].</summary>
public class ExponentialEulerProperties
{
    /// <summary>
    /// Law (no precondition): after one exponential-Euler step every gate is in [0, 1] (and so not NaN), for any dt &gt; 0,
    /// any finite v, any temperature in the valid range and any gates in [0, 1]. Rush–Larsen makes each new gate a
    /// convex combination of the old one and x∞ ∈ [0, 1].
    /// </summary>
    public static Property GatesInUnitInterval(Func<SimulationSpec, State, State> step, StepCase x)
    {
        var after = step(x.Spec, x.State);
        var bad = new[] { ("m", after.M), ("h", after.H), ("n", after.N) }
            .SelectMany(g => g.Item2.Select((value, i) => (g.Item1, i, value)))
            .FirstOrDefault(g => !(g.value >= 0.0 && g.value <= 1.0));
        return (bad.Item1 is null).Label($"gate {bad.Item1}[{bad.i}] = {bad.value}")
            .Classify(x.State.VMv.Any(v => Math.Abs(v) > 1000), "|v| > 1000 mV")
            .Classify(x.Spec.DtMs > 1, "dt > 1 ms");
    }

    [Property(Arbitrary = new[] { typeof(AnyFiniteArbitraries) }, MaxTest = 1000)]
    public Property GatesStayInUnitInterval(StepCase x) => GatesInUnitInterval(ExponentialEuler.Step, x);

    [Fact]
    public void ShouldFail_GatesStayInUnitInterval_WithForwardEulerGates() =>
        PropertyAssert.Falsified(Prop.ForAll(AnyFiniteArbitraries.ExtremeStepCases(),
            x => GatesInUnitInterval(MutantIntegrators.ExponentialEulerWithForwardEulerGates, x)));
}
