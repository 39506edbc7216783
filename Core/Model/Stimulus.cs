namespace HHFunctional.Core.Model;

/// <summary>
/// A current step into one compartment of every neuron: on for StartMs &lt; t ≤ EndMs (the seed's strict
/// <c>i·dt &gt; start</c> comparisons), where t = i·dt is the time at the end of update i.
/// </summary>
/// <param name="StartMs">Onset in ms (exclusive).</param>
/// <param name="EndMs">Offset in ms (inclusive); ≥ StartMs.</param>
/// <param name="AmplitudeUAPerCm2">Current density in µA/cm² of the target compartment's membrane (positive depolarises).</param>
/// <param name="Compartment">Target compartment index, 0-based.</param>
public sealed record StimulusSegment(double StartMs, double EndMs, double AmplitudeUAPerCm2, int Compartment)
{
    /// <summary>Whether the segment is on at time t (ms): StartMs &lt; t ≤ EndMs.</summary>
    public bool IsOnAt(double tMs) => tMs > StartMs && tMs <= EndMs;
}

/// <summary>The injected current as data: a list of segments whose amplitudes add where they overlap.</summary>
public sealed record Stimulus(IReadOnlyList<StimulusSegment> Segments)
{
    /// <summary>
    /// The seed's protocol (HH_main.I_inj): 5 µA/cm² for 100 &lt; t ≤ 200 ms and 10 µA/cm² for 300 &lt; t ≤ 400 ms,
    /// into compartment 0.
    /// </summary>
    public static Stimulus Seed { get; } = new(new[]
    {
        new StimulusSegment(100.0, 200.0, 5.0, 0),
        new StimulusSegment(300.0, 400.0, 10.0, 0),
    });

    /// <summary>No injected current at all.</summary>
    public static Stimulus None { get; } = new(Array.Empty<StimulusSegment>());

    /// <summary>Total current density (µA/cm²) into a compartment at time t (ms).</summary>
    public double AmplitudeAt(double tMs, int compartment)
    {
        double total = 0.0;
        foreach (var s in Segments)
            if (s.Compartment == compartment && s.IsOnAt(tMs)) total += s.AmplitudeUAPerCm2;
        return total;
    }

    /// <summary>Value equality over the segment list (records compare lists by reference otherwise).</summary>
    public bool Equals(Stimulus? other) => other is not null && Segments.SequenceEqual(other.Segments);

    /// <inheritdoc />
    public override int GetHashCode() => Segments.Aggregate(0, (h, s) => HashCode.Combine(h, s));
}
