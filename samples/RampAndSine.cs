using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>
/// Task 4: a ramp and a sine current into a point neuron, each run on the fast path and as the fold of the pure
/// Simulation.Step: the two give the same spikes.
/// </summary>
public static class RampAndSine
{
    public static void Run()
    {
        var point = Presets.Seed.WithCompartments(1).WithIterations(20_000); // 200 ms
        var stimuli = new (string Name, Stimulus Stimulus)[]
        {
            ("ramp", Stimulus.Ramp(20, 180, 0.0, 20.0)),
            ("sine", Stimulus.FromFunction((tMs, compartment) => 8.0 + 8.0 * Math.Sin(2 * Math.PI * tMs / 40.0))),
        };
        foreach (var (name, stimulus) in stimuli)
        {
            if (!SimulationSpec.TryValidate(point.WithStimulus(stimulus), out var spec, out _)) return;
            int fast = Simulation.RunSpikes(spec, new[] { 0 }).Of(0).Count;

            // The same run as a fold of Step, the readable reference: v of the one compartment after each update.
            var states = Simulation.Unfold(spec, Simulation.Initial(spec)).Skip(1).Take((int)spec.Parameters.Iterations).ToArray();
            int folded = Spikes.TimesMs(states.Select(s => s.TimeMs).ToArray(), states.Select(s => s.VMv[0]).ToArray()).Length;
            Console.WriteLine($"{name}: {fast} spikes (Run), {folded} spikes (Step fold)");
        }
    }
}
