using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>Task 1: the seed's run (20 compartments, 500 ms, its two current steps) and its spike times.</summary>
public static class SeedSpikes
{
    public static void Run()
    {
        if (!SimulationSpec.TryValidate(Presets.Seed, out var spec, out var problems))
        {
            foreach (var problem in problems) Console.WriteLine($"invalid: {problem}");
            return;
        }
        // Spikes are detected as the run advances (upward 0 mV crossings); no trace is stored.
        var trains = Simulation.RunSpikes(spec, new[] { 0, 19 });
        foreach (int compartment in trains.Compartments)
            Console.WriteLine($"seed spikes in compartment {compartment} (ms): {string.Join(" ", trains.Of(compartment).Select(t => t.ToString("F2")))}");
    }
}
