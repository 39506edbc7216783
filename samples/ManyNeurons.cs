using System.Collections.Immutable;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>
/// Task 5: a group of 100 point neurons that differ: each starts from its own state (InitialConditions.From), v from
/// −65 mV to −45.2 mV, gates at the seed's values, and no current; the ones that start depolarised enough fire.
/// </summary>
public static class ManyNeurons
{
    public static void Run()
    {
        const int neurons = 100;
        var v = Enumerable.Range(0, neurons).Select(j => -65.0 + 0.2 * j).ToImmutableArray();
        ImmutableArray<double> All(double x) => Enumerable.Repeat(x, neurons).ToImmutableArray();
        var start = new State(0, 0.01, neurons, 1, v, All(0.05), All(0.6), All(0.32));
        var parameters = Presets.Seed.WithCompartments(1).WithNeurons(neurons).WithIterations(2_000)
            .WithStimulus(Stimulus.None).WithInitial(InitialConditions.From(start));
        if (!SimulationSpec.TryValidate(parameters, out var spec, out var problems))
        {
            foreach (var problem in problems) Console.WriteLine($"invalid: {problem}");
            return;
        }
        var firstSpikeMs = Enumerable.Range(0, neurons)
            .Select(j => Simulation.RunSpikes(spec, new[] { 0 }, neuron: j).Of(0).FirstOrDefault(double.NaN)).ToArray();
        var firing = Enumerable.Range(0, neurons).Where(j => !double.IsNaN(firstSpikeMs[j])).ToArray();
        Console.WriteLine($"neurons that fire: {firing.Length} of {neurons}, from neuron {firing.FirstOrDefault(-1)} (v0 = {(firing.Length > 0 ? v[firing[0]] : double.NaN):F1} mV)");
        Console.WriteLine($"first spike of neuron {firing.FirstOrDefault()}: {firstSpikeMs[firing.FirstOrDefault()]:F2} ms, of neuron {neurons - 1}: {firstSpikeMs[neurons - 1]:F2} ms");
    }
}
