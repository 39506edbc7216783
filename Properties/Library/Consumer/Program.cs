using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

// The seed's neuron, 300 ms, with a composed stimulus: a step plus a user-defined current (any pure function of t, compartment).
var parameters = Presets.Seed with
{
    Iterations = 30_000,
    Stimulus = Stimulus.Step(100, 200, 5.0) + Stimulus.FromFunction((tMs, compartment) => compartment == 0 && tMs > 250 ? 10.0 : 0.0),
};

// Errors are values: Validate returns every problem at once, or a spec that can be run.
SimulationSpec.Validate(parameters).Match(
    Succ: spec =>
    {
        // Simulation.Run is lazy; the recorder keeps v of compartments 0 and 19, every 10th update.
        var selection = new RecordingSelection(new[] { StateVariable.V }, new[] { 0, 19 }, Every: 10);
        var recording = Recording.Record(Simulation.Run(spec), selection);
        var first = Spikes.TimesMs(recording.TimesMs, recording.Column(StateVariable.V, 0));
        var last = Spikes.TimesMs(recording.TimesMs, recording.Column(StateVariable.V, 1));
        Console.WriteLine($"spikes: compartment 0: {first.Length}, compartment 19: {last.Length}");
        Console.WriteLine($"first spike at {first[0]:F2} ms in compartment 0, {last[0]:F2} ms in compartment 19");
    },
    Fail: errors => Console.WriteLine(string.Join("\n", errors)));

// Bad parameters never reach a state:
SimulationSpec.Validate(Presets.Seed with { DtMs = -0.01, Compartments = 0 }).Match(
    Succ: _ => Console.WriteLine("unexpectedly valid"),
    Fail: errors => Console.WriteLine($"invalid: {string.Join("; ", errors)}"));
