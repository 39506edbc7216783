using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>
/// Task 3: conduction velocity on a physical cable: Hodgkin and Huxley's 1952 squid axon (476 µm, 35.4 Ω·cm, 18.5 °C),
/// a 50 µA pulse given in nA, the speed between 40% and 80% of the length in m/s (they computed 18.8 m/s).
/// </summary>
public static class ConductionVelocity
{
    public static void Run()
    {
        var axon = Presets.Hh1952;
        var cable = (PhysicalCable)axon.Cable;
        var parameters = axon
            .WithStimulus(Stimulus.StepNanoamps(cable, axon.Compartments, 0.0, 0.1, amplitudeNanoamps: 50_000))
            .WithIterations(600); // 3 ms at dt = 0.005 ms: the spike passes 80% of the 5 cm
        if (!SimulationSpec.TryValidate(parameters, out var spec, out _)) return;

        int from = Propagation.CompartmentAt(0.4, spec.Compartments), to = Propagation.CompartmentAt(0.8, spec.Compartments);
        var trains = Simulation.RunSpikes(spec, new[] { from, to });
        var speed = Propagation.Speed(spec, trains).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(e.Message));
        if (speed is CableVelocity v)
            Console.WriteLine($"HH 1952 conduction velocity: {v.MPerS:F2} m/s (compartments {v.FromCompartment} -> {v.ToCompartment})");
    }
}
