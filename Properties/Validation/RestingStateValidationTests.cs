using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Validation;

/// <summary>Oracle: the definition of rest (I_ion(V) = 0 with gates at steady state) and the rule that bad input is reported, never thrown.</summary>
public class RestingStateValidationTests
{
    // E_K = −1e5 mV: α_h(E_K) = 0.07·exp(5000) overflows, so the steady-state current there is NaN and no root can be bracketed.
    private static readonly Membrane Overflowing = Membrane.Seed with { EKMv = -100_000.0 };

    [Fact]
    public void RestIsTheZeroOfTheSteadyStateCurrent()
    {
        double v = Simulation.RestingPotentialMv(Membrane.Seed);
        var (m, h, n) = Kinetics.SteadyGates(v);
        Assert.True(Math.Abs(Currents.IonicUAPerCm2(Membrane.Seed, v, m, h, n)) < 1e-9);
        Assert.Equal(-64.996379, v, 6);
    }

    [Fact]
    public void RestDoesNotDependOnTemperature()
    {
        // φ scales α and β alike, so the steady-state gates, and the rest, are the same at any temperature.
        Assert.Equal(Simulation.RestingPotentialMv(Membrane.Seed), Simulation.RestingPotentialMv(Membrane.Seed with { TemperatureC = 18.5 }), 10);
    }

    [Fact]
    public void MissingRestIsAProblemNotAnException()
    {
        var p = new SimulationParameters { Membrane = Overflowing, Initial = InitialConditions.Rest };
        var problems = SimulationSpec.Problems(p).ToList();
        Assert.Contains(problems, e => e.StartsWith("Initial: expected a resting potential", StringComparison.Ordinal));
        Assert.True(SimulationSpec.Validate(p).IsFail);
        Assert.True(Simulation.FindRestingPotentialMv(Overflowing).IsFail);
    }

    [Fact]
    public void SameMembraneIsFineWithAnExplicitStart()
    {
        var p = new SimulationParameters { Membrane = Overflowing, Initial = InitialConditions.Seed };
        Assert.Empty(SimulationSpec.Problems(p));
    }

    [Fact]
    public void InvalidMembraneIsReportedOnceNotAgainAsMissingRest()
    {
        var p = new SimulationParameters { Membrane = Membrane.Seed with { GKMSPerCm2 = double.NaN }, Initial = InitialConditions.Rest };
        var problems = SimulationSpec.Problems(p).ToList();
        Assert.Single(problems);
        Assert.StartsWith("GKMSPerCm2:", problems[0]);
    }
}
