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
        // Per compartment with per-neuron segments: each neuron's segments, in the stimulus' order (a sweep batch has one
        // segment per neuron; scanning them all for each neuron would cost N² checks an update).
        _byNeuron = new Dictionary<(int, int), int[]>();
        foreach (int c in Targets.Where((_, t) => PerNeuron[t]))
            foreach (int j in stimulus.Segments.Where(s => s.Compartment == c && s.Neuron is not null).Select(s => s.Neuron!.Value).Distinct())
                _byNeuron[(c, j)] = Enumerable.Range(0, stimulus.Segments.Count)
                    .Where(i => stimulus.Segments[i].Compartment == c && stimulus.Segments[i].Reaches(j)).ToArray();
        _common = Targets.ToDictionary(c => c, c => Enumerable.Range(0, stimulus.Segments.Count)
            .Where(i => stimulus.Segments[i].Compartment == c && stimulus.Segments[i].Neuron is null).ToArray());
    }

    private readonly Dictionary<(int Compartment, int Neuron), int[]> _byNeuron;
    private readonly Dictionary<int, int[]> _common;

    /// <summary>For each target, whether its current differs between neurons (segments that name their neuron).</summary>
    public bool[] PerNeuron { get; }

    /// <summary>Current density (µA/cm²) into compartment c of neuron j at t (ms): <see cref="Stimulus.AmplitudeAt(double, int, int)"/>,
    /// bit for bit (the same segments added in the same order, then the functions), reading only that neuron's segments.</summary>
    public double AmplitudeAt(double tMs, int compartment, int neuron) => AmplitudeOf(SegmentsFor(compartment, neuron), tMs, compartment);

    /// <summary>Whether compartment c's current is made of constant steps only (no ramps, no functions).</summary>
    public bool OnlyConstantSteps(int compartment) =>
        _stimulus.Functions.Count == 0 && _stimulus.Segments.All(s => s.Compartment != compartment || s.EndAmplitudeUAPerCm2 is null);

    /// <summary>Every start and end of compartment c's segments, sorted.</summary>
    public double[] EdgesOf(int compartment) =>
        _stimulus.Segments.Where(s => s.Compartment == compartment).SelectMany(s => new[] { s.StartMs, s.EndMs }).Order().ToArray();

    /// <summary>Indices of the segments that reach compartment c of neuron j, in order (for <see cref="AmplitudeOf"/>).</summary>
    public int[] SegmentsFor(int compartment, int neuron) =>
        _byNeuron.TryGetValue((compartment, neuron), out var own) ? own : _common[compartment];

    /// <summary>The current density of the given segments (<see cref="SegmentsFor"/>) and the functions at (t, c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double AmplitudeOf(int[] segmentIndices, double tMs, int compartment)
    {
        var segments = _stimulus.Segments;
        double total = 0.0;
        foreach (int i in segmentIndices)
            if (segments[i].IsOnAt(tMs)) total += segments[i].AmplitudeAt(tMs);
        return _stimulus.AddFunctions(total, tMs, compartment);
    }

    /// <summary>Compartments whose current can be non-zero, ascending; every other compartment gets exactly 0.0.</summary>
    public int[] Targets { get; }

    /// <summary>Current density (µA/cm²) into compartment c at t (ms): <see cref="Stimulus.AmplitudeAt(double, int)"/>, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public virtual double AmplitudeAt(double tMs, int compartment) => _stimulus.AmplitudeAt(tMs, compartment);
}
