using System.Collections.Immutable;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>
/// Task 5: a group of 100 point neurons that differ: each starts from its own state (InitialConditions.From), v from
/// −65 mV to −45.2 mV, gates at the seed's values, and no current; the ones that start depolarised enough fire. Then
/// each neuron its own current, from a function of the neuron.
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
        // One run, every neuron's trains (neurons that differ run side by side in SIMD lanes).
        var firstSpikeMs = Simulation.RunSpikesOfEveryNeuron(spec, new[] { 0 }).Select(trains => trains.Of(0).FirstOrDefault(double.NaN)).ToArray();
        var firing = Enumerable.Range(0, neurons).Where(j => !double.IsNaN(firstSpikeMs[j])).ToArray();
        Console.WriteLine($"neurons that fire: {firing.Length} of {neurons}, from neuron {firing.FirstOrDefault(-1)} (v0 = {(firing.Length > 0 ? v[firing[0]] : double.NaN):F1} mV)");
        Console.WriteLine($"first spike of neuron {firing.FirstOrDefault()}: {firstSpikeMs[firing.FirstOrDefault()]:F2} ms, of neuron {neurons - 1}: {firstSpikeMs[neurons - 1]:F2} ms");

        // The same group from rest, each neuron given its own current by a function of the neuron: j/10 µA/cm² for 500 ms.
        var currents = Presets.Seed.WithCompartments(1).WithNeurons(neurons).WithInitial(InitialConditions.Rest)
            .WithIntegrator(IntegratorKind.CrankNicolson).WithIterations(50_000)
            .WithStimulus(Stimulus.FromFunction((tMs, compartment, neuron) => tMs <= 500 ? neuron / 10.0 : 0.0));
        if (!SimulationSpec.TryValidate(currents, out var driven, out _)) return;
        // Repetitive firing: at least two spikes after the first 100 ms.
        var trainsOf = Simulation.RunSpikesOfEveryNeuron(driven, new[] { 0 });
        var repetitive = Enumerable.Range(0, neurons).Where(j => trainsOf[j].Of(0).Count(t => t >= 100) >= 2).ToArray();
        Console.WriteLine($"neurons firing repetitively with j/10 uA/cm2: {repetitive.Length}, the first at {repetitive.FirstOrDefault(-1) / 10.0:F1} uA/cm2");
    }
}
