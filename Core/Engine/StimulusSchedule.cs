using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The stimulus as the engine reads it each update: <see cref="Stimulus.AmplitudeAt(double, int, int)"/> itself (steps,
/// ramps, user functions and their sums: the one definition every path shares), evaluated only for the compartments that
/// can be non-zero. Segments name their compartment; a user function may inject anywhere, so with functions every
/// compartment is a target. A row whose neurons can differ (segments for one neuron, functions of the neuron) is filled
/// neuron by neuron with the neurons' indices in the whole group, each neuron reading only its own segments.
/// </summary>
internal class StimulusSchedule
{
    private readonly Stimulus _stimulus;
    private readonly Dictionary<(int Compartment, int Neuron), int[]> _byNeuron = new();
    private readonly Dictionary<int, int[]> _common;

    public StimulusSchedule(Stimulus stimulus, int compartments)
    {
        _stimulus = stimulus;
        bool neuronFunctions = stimulus.NeuronFunctions.Count > 0;
        Targets = stimulus.Functions.Count > 0 || neuronFunctions
            ? Enumerable.Range(0, compartments).ToArray()
            : stimulus.Segments.Select(s => s.Compartment).Where(c => c >= 0 && c < compartments).Distinct().Order().ToArray();
        PerNeuron = Targets.Select(c => neuronFunctions || stimulus.Segments.Any(s => s.Compartment == c && s.Neuron is not null)).ToArray();
        // Each neuron's segments, in the stimulus' order (a sweep batch has one segment per neuron; scanning them all for
        // each neuron would cost N² checks an update).
        var segments = stimulus.Segments;
        foreach (int c in Targets)
            foreach (int j in segments.Where(s => s.Compartment == c && s.Neuron is not null).Select(s => s.Neuron!.Value).Distinct())
                _byNeuron[(c, j)] = Enumerable.Range(0, segments.Count).Where(i => segments[i].Compartment == c && segments[i].Reaches(j)).ToArray();
        _common = Targets.ToDictionary(c => c, c => Enumerable.Range(0, segments.Count)
            .Where(i => segments[i].Compartment == c && segments[i].Neuron is null).ToArray());
    }

    /// <summary>Compartments whose current can be non-zero, ascending; every other compartment gets exactly 0.0.</summary>
    public int[] Targets { get; }

    /// <summary>For each target, whether its neurons can differ (then the row is filled neuron by neuron).</summary>
    public bool[] PerNeuron { get; }

    /// <summary>Current density (µA/cm²) into compartment c at t (ms), alike for every neuron: <see cref="Stimulus.AmplitudeAt(double, int)"/>, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public virtual double AmplitudeAt(double tMs, int compartment) => _stimulus.AmplitudeAt(tMs, compartment);

    /// <summary>Current density (µA/cm²) into compartment c of neuron j (index in the whole group) at t (ms):
    /// <see cref="Stimulus.AmplitudeAt(double, int, int)"/>, bit for bit, reading only that neuron's segments.</summary>
    public double AmplitudeAt(double tMs, int compartment, int neuron) => AmplitudeOf(SegmentsFor(compartment, neuron), tMs, compartment, neuron);

    /// <summary>Indices of the segments that reach compartment c of neuron j, in order (for <see cref="AmplitudeOf"/>).</summary>
    public int[] SegmentsFor(int compartment, int neuron) =>
        _byNeuron.TryGetValue((compartment, neuron), out var own) ? own : _common[compartment];

    /// <summary>The given segments (<see cref="SegmentsFor"/>), then the functions, then the functions of the neuron, at
    /// (t, c, neuron): the same additions in the same order as <see cref="Stimulus.AmplitudeAt(double, int, int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double AmplitudeOf(int[] segmentIndices, double tMs, int compartment, int neuron) =>
        _stimulus.AmplitudeOver(segmentIndices, tMs, compartment, neuron);

    /// <summary>Whether compartment c's current is made of constant steps only (no ramps, no functions).</summary>
    public bool OnlyConstantSteps(int compartment) =>
        _stimulus.Functions.Count == 0 && _stimulus.NeuronFunctions.Count == 0 &&
        _stimulus.Segments.All(s => s.Compartment != compartment || s.EndAmplitudeUAPerCm2 is null);

    /// <summary>Every start and end of compartment c's segments, sorted.</summary>
    public double[] EdgesOf(int compartment) =>
        _stimulus.Segments.Where(s => s.Compartment == compartment).SelectMany(s => new[] { s.StartMs, s.EndMs }).Order().ToArray();
}
