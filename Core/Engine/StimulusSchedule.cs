using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The stimulus as the engine reads it each update: <see cref="Stimulus.AmplitudeAt(double, int, int)"/> itself (steps, ramps, user
/// functions and their sums: the one definition every path shares), evaluated only for the compartments that can be
/// non-zero. Segments name their compartment; a user function may inject anywhere, so with functions every compartment
/// is a target.
/// </summary>
internal class StimulusSchedule
{
    private readonly Stimulus _stimulus;

    public StimulusSchedule(Stimulus stimulus, int compartments)
    {
        _stimulus = stimulus;
        Targets = stimulus.Functions.Count > 0
            ? Enumerable.Range(0, compartments).ToArray()
            : stimulus.Segments.Select(s => s.Compartment).Where(c => c >= 0 && c < compartments).Distinct().Order().ToArray();
        PerNeuron = Targets.Select(c => stimulus.Segments.Any(s => s.Compartment == c && s.Neuron is not null)).ToArray();
    }

    /// <summary>For each target, whether its current differs between neurons (segments that name their neuron).</summary>
    public bool[] PerNeuron { get; }

    /// <summary>Current density (µA/cm²) into compartment c of neuron j at t (ms): <see cref="Stimulus.AmplitudeAt(double, int, int)"/>.</summary>
    public double AmplitudeAt(double tMs, int compartment, int neuron) => _stimulus.AmplitudeAt(tMs, compartment, neuron);

    /// <summary>Compartments whose current can be non-zero, ascending; every other compartment gets exactly 0.0.</summary>
    public int[] Targets { get; }

    /// <summary>Current density (µA/cm²) into compartment c at t (ms): <see cref="Stimulus.AmplitudeAt(double, int)"/>, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public virtual double AmplitudeAt(double tMs, int compartment) => _stimulus.AmplitudeAt(tMs, compartment);
}
