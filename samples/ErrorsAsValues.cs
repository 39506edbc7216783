using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>
/// Task 7: bad parameters and a blow-up, both as values: validation names every broken rule with its field, a valid
/// spec warns before a risky run, and a run that blows up says where and when instead of throwing.
/// </summary>
public static class ErrorsAsValues
{
    public static void Run()
    {
        var bad = Presets.Seed.WithDtMs(-0.01).WithCompartments(0).WithInitial(new ExplicitStart(-65, 1.5, 0.6, 0.32));
        if (!SimulationSpec.TryValidate(bad, out _, out var problems))
            foreach (var problem in problems) Console.WriteLine($"invalid: {problem.Field}: {problem.Rule}");

        // Forward Euler at dt = 0.5 ms is valid but unstable: the spec says so, and the run reports the blow-up.
        var risky = Presets.Seed.WithCompartments(2).WithDtMs(0.5).WithIterations(1_000);
        if (!SimulationSpec.TryValidate(risky, out var spec, out _)) return;
        foreach (var warning in spec.Warnings) Console.WriteLine($"warning: {warning.Field}: {warning.Rule}");
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(StateVariables.All, new[] { 0, 1 }));
        if (recording.BlowUp is { } b)
            Console.WriteLine($"blow-up at update {b.Iteration} (t = {b.TimeMs} ms): {b.Variable.Name()} = {b.Value} in compartment {b.Compartment}; {recording.Rows} rows kept");
    }
}
