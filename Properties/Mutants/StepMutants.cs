using System.Collections.Immutable;
using System.Runtime.InteropServices;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Mutants;

/// <summary>
/// Deliberately broken steps. Each property in Properties/Model must fail on at least one of them (ShouldFail_… tests),
/// which shows the property can fail at all.
/// </summary>
public static class StepMutants
{
    public delegate State Stepper(SimulationSpec spec, State state);

    public static readonly Stepper Real = Simulation.Step;

    /// <summary>Writes the new voltages back into the input's arrays: breaks purity.</summary>
    public static readonly Stepper MutatesInput = (spec, state) =>
    {
        var next = Simulation.Step(spec, state);
        var input = ImmutableCollectionsMarshal.AsArray(state.VMv)!;
        next.VMv.CopyTo(input);
        return next;
    };

    /// <summary>Couples forward 1% harder than backward: current is no longer conserved, symmetry holds.</summary>
    public static readonly Stepper AsymmetricCoupling = (spec, state) =>
    {
        var next = Simulation.Step(spec, state);
        if (spec.Parameters.Cable is not SeedCoupling s) return next;
        var v = next.VMv.ToArray();
        for (int c = 0; c + 1 < state.Compartments; c++)
            for (int j = 0; j < state.Neurons; j++)
            {
                int i = state.IndexOf(c, j);
                // an extra 1% of the current from c to c+1 arrives, but is not taken from c
                v[i + state.Neurons] += 0.01 * ((state.VMv[i] - state.VMv[i + state.Neurons]) / s.BR) * state.DtMs * state.DtMs / spec.Membrane.CmUFPerCm2;
            }
        return next with { VMv = ImmutableArray.Create(v) };
    };

    /// <summary>Lets neuron j's compartment see neuron (j+1)'s voltage: groups no longer equal single neurons.</summary>
    public static readonly Stepper CrossTalk = (spec, state) =>
    {
        var next = Simulation.Step(spec, state);
        if (state.Neurons < 2) return next;
        var v = next.VMv.ToArray();
        for (int i = 0; i + 1 < v.Length; i++) v[i] += 1e-9 * state.VMv[i + 1];
        return next with { VMv = ImmutableArray.Create(v) };
    };

    /// <summary>Adds a tiny position-dependent drift: identical compartments stop being identical.</summary>
    public static readonly Stepper PositionDrift = (spec, state) =>
    {
        var next = Simulation.Step(spec, state);
        var v = next.VMv.ToArray();
        for (int i = 0; i < v.Length; i++) v[i] += 1e-12 * (i / state.Neurons);
        return next with { VMv = ImmutableArray.Create(v) };
    };

    /// <summary>Depends on hidden mutable state: a second call with the same input differs.</summary>
    public static Stepper Stateful()
    {
        long calls = 0;
        return (spec, state) =>
        {
            var next = Simulation.Step(spec, state);
            var v = next.VMv.ToArray();
            v[0] += 1e-9 * calls++;
            return next with { VMv = ImmutableArray.Create(v) };
        };
    }
}
