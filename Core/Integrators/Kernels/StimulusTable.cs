using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators.Kernels;

/// <summary>
/// The stimulus resolved once per run for the kernels: the segments as a flat array (no enumerator allocated per step)
/// and the compartments any segment targets; every other compartment gets exactly 0.0.
/// <see cref="AmplitudeAt"/> sums in <see cref="Stimulus.AmplitudeAt"/>'s order, so the value is bit-identical.
/// </summary>
internal sealed class StimulusTable
{
    private readonly StimulusSegment[] _segments;

    public StimulusTable(Stimulus stimulus)
    {
        _segments = stimulus.Segments.ToArray();
        Targets = _segments.Select(s => s.Compartment).Distinct().Order().ToArray();
    }

    /// <summary>Compartments some segment injects into, ascending.</summary>
    public int[] Targets { get; }

    /// <summary>Current density (µA/cm²) into compartment c at t = iteration·dt, as <see cref="Stimulus.AmplitudeAt"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double AmplitudeAt(double tMs, int compartment)
    {
        double total = 0.0;
        foreach (var s in _segments)
            if (s.Compartment == compartment && s.IsOnAt(tMs)) total += s.AmplitudeUAPerCm2;
        return total;
    }
}
