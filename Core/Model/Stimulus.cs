namespace HHFunctional.Core.Model;

/// <summary>
/// A current step (or ramp) into one compartment of every neuron: on for StartMs &lt; t ≤ EndMs (the seed's strict
/// <c>i·dt &gt; start</c> comparisons), where t = i·dt is the time at the end of update i.
/// </summary>
/// <param name="StartMs">Onset in ms (exclusive).</param>
/// <param name="EndMs">Offset in ms (inclusive); ≥ StartMs.</param>
/// <param name="AmplitudeUAPerCm2">Current density in µA/cm² of the target compartment's membrane (positive depolarises);
/// for a ramp, the amplitude at StartMs.</param>
/// <param name="Compartment">Target compartment index, 0-based.</param>
public sealed record StimulusSegment(double StartMs, double EndMs, double AmplitudeUAPerCm2, int Compartment)
{
    /// <summary>For a ramp, the amplitude (µA/cm²) reached at EndMs, linear in between; null for a constant step (the default).</summary>
    public double? EndAmplitudeUAPerCm2 { get; init; }

    /// <summary>The one neuron of the group (0-based) this segment injects into; null (the default) for every neuron.
    /// Neurons with stimuli of their own run side by side in SIMD lanes (a sweep over amplitudes in one pass).</summary>
    public int? Neuron { get; init; }

    /// <summary>Whether the segment injects into <paramref name="neuron"/>.</summary>
    public bool Reaches(int neuron) => Neuron is not int only || only == neuron;

    /// <summary>Whether the segment is on at time t (ms): StartMs &lt; t ≤ EndMs.</summary>
    public bool IsOnAt(double tMs) => tMs > StartMs && tMs <= EndMs;

    /// <summary>The segment's current density (µA/cm²) at t, 0 when off.</summary>
    public double AmplitudeAt(double tMs) => !IsOnAt(tMs) ? 0.0
        : EndAmplitudeUAPerCm2 is not { } end || EndMs == StartMs ? AmplitudeUAPerCm2
        : AmplitudeUAPerCm2 + (end - AmplitudeUAPerCm2) * ((tMs - StartMs) / (EndMs - StartMs));
}

/// <summary>
/// The injected current as data: segments whose amplitudes add where they overlap, plus optional user-defined pure
/// functions of (t ms, compartment) → µA/cm², or of (t ms, compartment, neuron) → µA/cm² to give the neurons of a group
/// different currents. Compose stimuli with <c>+</c>.
/// </summary>
/// <example><code>
/// var stimulus = Stimulus.Step(100, 200, 5.0) + Stimulus.Pulses(300, 2, 0.5, 10, 20.0) + Stimulus.Ramp(500, 600, 0, 10);
/// </code></example>
public sealed record Stimulus(IReadOnlyList<StimulusSegment> Segments)
{
    /// <summary>User-defined current densities (µA/cm²) as pure functions of time (ms) and compartment; empty by default.
    /// They must be deterministic: the step calls them once per compartment per update.</summary>
    public IReadOnlyList<Func<double, int, double>> Functions { get; init; } = Array.Empty<Func<double, int, double>>();

    /// <summary>User-defined current densities (µA/cm²) as pure functions of time (ms), compartment and neuron (its index in
    /// the group, 0 … N − 1); empty by default. Deterministic, as <see cref="Functions"/>: the step calls them once per
    /// compartment, neuron and update.</summary>
    // No computed property (say, "depends on neuron") beside it: a sweep's run id hashes every public property here.
    public IReadOnlyList<Func<double, int, int, double>> NeuronFunctions { get; init; } = Array.Empty<Func<double, int, int, double>>();

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

    /// <summary>A constant step of <paramref name="amplitudeUAPerCm2"/> for startMs &lt; t ≤ endMs into one compartment (default 0).</summary>
    public static Stimulus Step(double startMs, double endMs, double amplitudeUAPerCm2, int compartment = 0) =>
        new(new[] { new StimulusSegment(startMs, endMs, amplitudeUAPerCm2, compartment) });

    /// <summary>A train of <paramref name="count"/> pulses of width <paramref name="widthMs"/>, one every
    /// <paramref name="periodMs"/>, the first starting at <paramref name="startMs"/>.</summary>
    public static Stimulus Pulses(double startMs, int count, double widthMs, double periodMs, double amplitudeUAPerCm2, int compartment = 0) =>
        new(Enumerable.Range(0, Math.Max(0, count))
            .Select(i => new StimulusSegment(startMs + i * periodMs, startMs + i * periodMs + widthMs, amplitudeUAPerCm2, compartment))
            .ToArray());

    /// <summary>A linear ramp from <paramref name="fromUAPerCm2"/> at startMs to <paramref name="toUAPerCm2"/> at endMs.</summary>
    public static Stimulus Ramp(double startMs, double endMs, double fromUAPerCm2, double toUAPerCm2, int compartment = 0) =>
        new(new[] { new StimulusSegment(startMs, endMs, fromUAPerCm2, compartment) { EndAmplitudeUAPerCm2 = toUAPerCm2 } });

    /// <summary>
    /// <see cref="Step"/> given as a total current in nA into one compartment of a physical cable, converted with that
    /// compartment's membrane area (<see cref="PhysicalCable.DensityUAPerCm2"/>): the density is for this cable split into
    /// <paramref name="compartments"/> compartments.
    /// </summary>
    /// <exception cref="ArgumentException">When the cable is null or <paramref name="compartments"/> &lt; 1.</exception>
    public static Stimulus StepNanoamps(PhysicalCable cable, int compartments, double startMs, double endMs, double amplitudeNanoamps, int compartment = 0) =>
        Step(startMs, endMs, Density(cable, compartments, amplitudeNanoamps), compartment);

    /// <summary><see cref="Ramp"/> from <paramref name="fromNanoamps"/> to <paramref name="toNanoamps"/> total current (nA) on a physical cable (see <see cref="StepNanoamps"/>).</summary>
    /// <exception cref="ArgumentException">When the cable is null or <paramref name="compartments"/> &lt; 1.</exception>
    public static Stimulus RampNanoamps(PhysicalCable cable, int compartments, double startMs, double endMs, double fromNanoamps, double toNanoamps, int compartment = 0) =>
        Ramp(startMs, endMs, Density(cable, compartments, fromNanoamps), Density(cable, compartments, toNanoamps), compartment);

    /// <summary><see cref="Pulses"/> of <paramref name="amplitudeNanoamps"/> total current (nA) on a physical cable (see <see cref="StepNanoamps"/>).</summary>
    /// <exception cref="ArgumentException">When the cable is null or <paramref name="compartments"/> &lt; 1.</exception>
    public static Stimulus PulsesNanoamps(PhysicalCable cable, int compartments, double startMs, int count, double widthMs, double periodMs, double amplitudeNanoamps, int compartment = 0) =>
        Pulses(startMs, count, widthMs, periodMs, Density(cable, compartments, amplitudeNanoamps), compartment);

    private static double Density(PhysicalCable cable, int compartments, double nanoamps)
    {
        ArgumentNullException.ThrowIfNull(cable);
        return cable.DensityUAPerCm2(nanoamps, compartments);
    }

    /// <summary>A user-defined current density: any pure function of time (ms) and compartment, in µA/cm².</summary>
    public static Stimulus FromFunction(Func<double, int, double> currentUAPerCm2) =>
        None with { Functions = new[] { currentUAPerCm2 } };

    /// <summary>
    /// A user-defined current density that may differ between neurons: any pure function of time (ms), compartment and
    /// neuron (its index in the group), in µA/cm². E.g. <c>Stimulus.FromFunction((t, c, neuron) =&gt; c == 0 ? 0.5 * neuron : 0.0)</c>
    /// gives neuron j a step of j/2 µA/cm² into compartment 0.
    /// </summary>
    public static Stimulus FromFunction(Func<double, int, int, double> currentUAPerCm2) =>
        None with { NeuronFunctions = new[] { currentUAPerCm2 } };

    /// <summary>Both stimuli at once (their currents add).</summary>
    public static Stimulus operator +(Stimulus a, Stimulus b) =>
        new(a.Segments.Concat(b.Segments).ToArray())
        {
            Functions = a.Functions.Concat(b.Functions).ToArray(),
            NeuronFunctions = a.NeuronFunctions.Concat(b.NeuronFunctions).ToArray(),
        };

    /// <summary>Total current density (µA/cm²) into a compartment at time t (ms) common to every neuron: the segments for
    /// every neuron (<see cref="StimulusSegment.Neuron"/> null) and <see cref="Functions"/>; neither the segments for one
    /// neuron nor <see cref="NeuronFunctions"/> (see <see cref="AmplitudeAt(double, int, int)"/>).</summary>
    public double AmplitudeAt(double tMs, int compartment) => AddFunctions(SegmentsAt(tMs, compartment, null), tMs, compartment);

    /// <summary>Total current density (µA/cm²) into a compartment of a neuron at time t (ms): the segments that reach it,
    /// then <see cref="Functions"/>, then <see cref="NeuronFunctions"/>, added in that order.</summary>
    public double AmplitudeAt(double tMs, int compartment, int neuron) =>
        AddNeuronFunctions(AddFunctions(SegmentsAt(tMs, compartment, neuron), tMs, compartment), tMs, compartment, neuron);

    // The segments on at t into the compartment, of every neuron (neuron null) or reaching the neuron, in order.
    private double SegmentsAt(double tMs, int compartment, int? neuron)
    {
        // Indexed loops: the engine calls this every update, and an interface enumerator would allocate each time.
        double total = 0.0;
        var segments = Segments;
        for (int i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.Compartment == compartment && (neuron is int j ? s.Reaches(j) : s.Neuron is null) && s.IsOnAt(tMs)) total += s.AmplitudeAt(tMs);
        }
        return total;
    }

    /// <summary>
    /// <see cref="AmplitudeAt(double, int, int)"/> over the segments already known to reach (compartment, neuron), by index
    /// in <see cref="Segments"/> and in order: the same additions in the same order, without scanning every segment (the
    /// engine looks each neuron's segments up once per run).
    /// </summary>
    internal double AmplitudeOver(int[] segmentIndices, double tMs, int compartment, int neuron)
    {
        var segments = Segments;
        double total = 0.0;
        foreach (int i in segmentIndices)
            if (segments[i].IsOnAt(tMs)) total += segments[i].AmplitudeAt(tMs);
        return AddNeuronFunctions(AddFunctions(total, tMs, compartment), tMs, compartment, neuron);
    }

    /// <summary><paramref name="total"/> plus every neuron function at (t, compartment, neuron), in order.</summary>
    private double AddNeuronFunctions(double total, double tMs, int compartment, int neuron)
    {
        var functions = NeuronFunctions;
        for (int i = 0; i < functions.Count; i++) total += functions[i](tMs, compartment, neuron);
        return total;
    }

    /// <summary>The segments' total <paramref name="total"/> plus every user function at (t, compartment), in order.</summary>
    private double AddFunctions(double total, double tMs, int compartment)
    {
        var functions = Functions;
        for (int i = 0; i < functions.Count; i++) total += functions[i](tMs, compartment);
        return total;
    }

    /// <summary>Value equality over the segments, and the functions by reference (records compare lists by reference otherwise).</summary>
    public bool Equals(Stimulus? other) =>
        other is not null && Segments.SequenceEqual(other.Segments) && Functions.SequenceEqual(other.Functions) &&
        NeuronFunctions.SequenceEqual(other.NeuronFunctions);

    /// <inheritdoc />
    public override int GetHashCode() => Segments.Aggregate(HashCode.Combine(Functions.Count, NeuronFunctions.Count), (h, s) => HashCode.Combine(h, s));
}
