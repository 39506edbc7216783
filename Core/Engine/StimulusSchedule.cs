using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The stimulus as the engine reads it each update: <see cref="Stimulus.AmplitudeAt(double, int)"/> itself (steps, ramps, user
/// functions and their sums: the one definition every path shares), evaluated only for the compartments that can be
/// non-zero. Segments name their compartment; a user function may inject anywhere, so with functions every compartment
/// is a target. When a function takes the neuron (<see cref="Stimulus.NeuronFunctions"/>), each row is filled neuron by
/// neuron with the neurons' indices in the whole group (<see cref="FillPerNeuron"/>).
/// </summary>
internal class StimulusSchedule
{
    private readonly Stimulus _stimulus;

    public StimulusSchedule(Stimulus stimulus, int compartments)
    {
        _stimulus = stimulus;
        PerNeuron = stimulus.NeuronFunctions.Count > 0;
        Targets = stimulus.Functions.Count > 0 || PerNeuron
            ? Enumerable.Range(0, compartments).ToArray()
            : stimulus.Segments.Select(s => s.Compartment).Where(c => c >= 0 && c < compartments).Distinct().Order().ToArray();
    }

    /// <summary>Compartments whose current can be non-zero, ascending; every other compartment gets exactly 0.0.</summary>
    public int[] Targets { get; }

    /// <summary>Whether the neurons of a row can differ: then the row is filled by <see cref="FillPerNeuron"/>, not with one value.</summary>
    public bool PerNeuron { get; }

    /// <summary>Current density (µA/cm²) into compartment c at t (ms), alike for every neuron: <see cref="Stimulus.AmplitudeAt(double, int)"/>, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public virtual double AmplitudeAt(double tMs, int compartment) => _stimulus.AmplitudeAt(tMs, compartment);

    /// <summary>Current density (µA/cm²) into compartment c of a neuron (index in the whole group) at t (ms):
    /// <see cref="Stimulus.AmplitudeAt(double, int, int)"/>, bit for bit.</summary>
    public virtual double AmplitudeAt(double tMs, int compartment, int neuron) => _stimulus.AmplitudeAt(tMs, compartment, neuron);

    /// <summary>
    /// The stimulus row of compartment c for the neurons firstNeuron … firstNeuron + row.Length − 1 of the group (a block
    /// of a threaded run starts past 0): each neuron's own current.
    /// </summary>
    public void FillPerNeuron(Span<double> row, double tMs, int compartment, int firstNeuron)
    {
        for (int i = 0; i < row.Length; i++) row[i] = AmplitudeAt(tMs, compartment, firstNeuron + i);
    }
}
