using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Validation;

/// <summary>Invalid parameters never reach a state: every broken rule is reported at once, by field name.</summary>
public class ValidationTests
{
    private static IReadOnlyList<string> Errors(SimulationParameters p) =>
        SimulationSpec.Validate(p).Match(Succ: _ => (IReadOnlyList<string>)Array.Empty<string>(), Fail: e => e.Select(x => x.Message).ToList());

    [Fact]
    public void SeedParametersAreValid() => Assert.Empty(Errors(Presets.Seed));

    public static TheoryData<string, SimulationParameters, string> Invalid => new()
    {
        { "dt zero", Presets.Seed with { DtMs = 0 }, "DtMs" },
        { "dt negative", Presets.Seed with { DtMs = -0.01 }, "DtMs" },
        { "dt NaN", Presets.Seed with { DtMs = double.NaN }, "DtMs" },
        { "dt infinite", Presets.Seed with { DtMs = double.PositiveInfinity }, "DtMs" },
        { "no compartments", Presets.Seed with { Compartments = 0 }, "Compartments" },
        { "no neurons", Presets.Seed with { Neurons = 0 }, "Neurons" },
        { "no iterations", Presets.Seed with { Iterations = 0 }, "Iterations" },
        { "Cm zero", Presets.Seed with { Membrane = Membrane.Seed with { CmUFPerCm2 = 0 } }, "CmUFPerCm2" },
        { "gNa negative", Presets.Seed with { Membrane = Membrane.Seed with { GNaMSPerCm2 = -1 } }, "GNaMSPerCm2" },
        { "gK NaN", Presets.Seed with { Membrane = Membrane.Seed with { GKMSPerCm2 = double.NaN } }, "GKMSPerCm2" },
        { "gL negative", Presets.Seed with { Membrane = Membrane.Seed with { GLMSPerCm2 = -0.3 } }, "GLMSPerCm2" },
        { "ENa infinite", Presets.Seed with { Membrane = Membrane.Seed with { ENaMv = double.NegativeInfinity } }, "ENaMv" },
        { "b_r zero", Presets.Seed with { Cable = new SeedCoupling(0) }, "BR" },
        { "diameter negative", Presets.Seed with { Cable = new PhysicalCable(-1, 100, 35.4) }, "DiameterUm" },
        { "m0 above 1", Presets.Seed with { Initial = new ExplicitStart(-65, 1.5, 0.6, 0.32) }, "Initial.M" },
        { "h0 below 0", Presets.Seed with { Initial = new ExplicitStart(-65, 0.05, -0.1, 0.32) }, "Initial.H" },
        { "n0 NaN", Presets.Seed with { Initial = new ExplicitStart(-65, 0.05, 0.6, double.NaN) }, "Initial.N" },
        { "v0 NaN", Presets.Seed with { Initial = new ExplicitStart(double.NaN, 0.05, 0.6, 0.32) }, "Initial.VMv" },
        { "stimulus into a missing compartment", Presets.Seed with { Stimulus = new Stimulus(new[] { new StimulusSegment(0, 1, 1, 20) }) }, "Stimulus[0].Compartment" },
        { "stimulus ends before it starts", Presets.Seed with { Stimulus = new Stimulus(new[] { new StimulusSegment(5, 1, 1, 0) }) }, "Stimulus[0].EndMs" },
        { "stimulus amplitude NaN", Presets.Seed with { Stimulus = new Stimulus(new[] { new StimulusSegment(0, 1, double.NaN, 0) }) }, "Stimulus[0].AmplitudeUAPerCm2" },
        { "group too large", Presets.Seed with { Neurons = 10_000_000 }, "Neurons × Compartments" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void EachBrokenRuleIsReportedByFieldName(string name, SimulationParameters p, string field)
    {
        var errors = Errors(p);
        Assert.True(errors.Count == 1 && errors[0].StartsWith(field + ":", StringComparison.Ordinal),
            $"{name}: expected one error for {field}, got [{string.Join(" | ", errors)}]");
        Assert.Contains("expected", errors[0]);
        Assert.Contains("got", errors[0]);
    }

    [Fact]
    public void EveryInvalidFieldIsReportedAtOnce()
    {
        var p = Presets.Seed with
        {
            DtMs = -1, Compartments = 0, Neurons = 0, Cable = new SeedCoupling(double.NaN),
            Membrane = Membrane.Seed with { CmUFPerCm2 = 0, GNaMSPerCm2 = -1 },
            Initial = new ExplicitStart(-65, 2, 0.6, 0.32),
        };
        var fields = Errors(p).Select(e => e[..e.IndexOf(':')]).ToHashSet();
        foreach (var f in new[] { "DtMs", "Compartments", "Neurons", "BR", "CmUFPerCm2", "GNaMSPerCm2", "Initial.M" })
            Assert.Contains(f, fields);
    }
}
