using HHFunctional.Core;
using HHFunctional.Core.Model;
using LanguageExt.Common;

namespace HHFunctional.Properties.Validation;

/// <summary>Validation errors carry the field they concern as data (the Shell maps it to an option without reading text).</summary>
public class FieldErrorTests
{
    [Fact]
    public void EveryValidationErrorNamesItsField()
    {
        var p = Presets.Seed with
        {
            DtMs = -1,
            Membrane = Membrane.Seed with { CmUFPerCm2 = 0 },
            Stimulus = Stimulus.Step(10, 5, 1.0, 3) + Stimulus.Step(0, 1, double.NaN),
            Channels = new[] { Channels.Passive(-1, -65) },
        };
        var errors = SimulationSpec.Validate(p).Match(Succ: _ => LanguageExt.Seq<Error>.Empty, Fail: e => e).ToList();
        var fields = errors.Select(e => Assert.IsType<FieldError>(e).Problem.Field).ToList();
        Assert.Equal(new[] { "CmUFPerCm2", "Channels[0].GMaxMSPerCm2", "DtMs", "Stimulus[0].EndMs", "Stimulus[1].AmplitudeUAPerCm2" },
            fields.Where(f => f != "Stimulus[0].Compartment"));
        Assert.All(errors, e => Assert.Equal(((FieldError)e).Problem.Message, e.Message));
    }

    [Fact]
    public void SelectionProblemsNameTheirFields()
    {
        var spec = Generators.Valid(Presets.Seed);
        var problems = new RecordingSelection(Array.Empty<StateVariable>(), new[] { 99 }, Neuron: 5, Every: 0).FieldProblems(spec).ToList();
        Assert.Equal(new[] { "Variables", "Compartments", "Neuron", "Every" }, problems.Select(x => x.Field));
    }
}
