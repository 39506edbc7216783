using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>
/// Task 2: the f–I curve of the HH point neuron: from rest, a constant current for 500 ms, the steady rate after 100 ms
/// (NEURON 8.2 gives about 52, 58, 68 and 87 Hz at 6.3, 7, 10 and 20 µA/cm²).
/// </summary>
public static class FiCurve
{
    public static void Run()
    {
        var point = Presets.Seed
            .WithCompartments(1).WithInitial(InitialConditions.Rest).WithIntegrator(IntegratorKind.CrankNicolson)
            .WithDtMs(0.01).WithIterations(50_000);
        foreach (double amplitude in new[] { 6.3, 7.0, 10.0, 20.0 })
        {
            if (!SimulationSpec.TryValidate(point.WithStimulus(Stimulus.Step(0, 500, amplitude)), out var spec, out _)) return;
            var train = Simulation.RunSpikes(spec, new[] { 0 }).Of(0);
            // The steady rate: the inverse mean interval of the spikes after the first 100 ms.
            var steady = Spikes.Isi(train.Where(t => t >= 100).ToArray());
            Console.WriteLine($"f-I: {amplitude} uA/cm2 -> {steady?.MeanRateHz ?? 0:F2} Hz");
        }
    }
}
