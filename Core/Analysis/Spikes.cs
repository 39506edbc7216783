using MathNet.Numerics.Statistics;

namespace HHFunctional.Core.Analysis;

/// <summary>Spike detection and spike-train statistics on recorded traces. Pure functions.</summary>
public static class Spikes
{
    /// <summary>Default detection threshold: an upward crossing of 0 mV (as the reference data define a spike).</summary>
    public const double DefaultThresholdMv = 0.0;

    /// <summary>
    /// Spike times (ms): each upward crossing v[i−1] &lt; θ ≤ v[i], placed by linear interpolation between the two samples.
    /// </summary>
    /// <param name="timesMs">Sample times in ms, increasing.</param>
    /// <param name="vMv">Membrane potential samples in mV, same length.</param>
    /// <param name="thresholdMv">Threshold θ in mV; default 0.</param>
    public static double[] TimesMs(IReadOnlyList<double> timesMs, IReadOnlyList<double> vMv, double thresholdMv = DefaultThresholdMv)
    {
        ArgumentNullException.ThrowIfNull(timesMs);
        ArgumentNullException.ThrowIfNull(vMv);
        if (timesMs.Count != vMv.Count) throw new ArgumentException($"timesMs has {timesMs.Count} samples but vMv has {vMv.Count}", nameof(vMv));
        // Read as spans (recordings hand out arrays), not element by element through the interface.
        return TimesMs(timesMs as double[] ?? timesMs.ToArray(), vMv as double[] ?? vMv.ToArray(), 0, 1, thresholdMv);
    }

    /// <summary>
    /// <see cref="TimesMs(IReadOnlyList{double}, IReadOnlyList{double}, double)"/> of one recorded compartment of V,
    /// read in place (no copy of the trace: a long sweep runs this once per run and compartment).
    /// </summary>
    /// <param name="recording">A recording that holds V.</param>
    /// <param name="column">Position of the compartment in the recording's selection.</param>
    /// <param name="thresholdMv">Threshold θ in mV; default 0.</param>
    public static double[] TimesMs(Recording recording, int column, double thresholdMv = DefaultThresholdMv)
    {
        ArgumentNullException.ThrowIfNull(recording);
        int width = recording.Selection.Compartments.Count;
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, width);
        var timesMs = recording.TimesMs as double[] ?? recording.TimesMs.ToArray();
        return TimesMs(timesMs, recording.Values(Model.StateVariable.V), column, width, thresholdMv);
    }

    /// <summary>
    /// The spike trains of every recorded compartment, in the recording's order: the trains
    /// <see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/> finds in the same run
    /// (bit for bit when v was recorded at every update), with the recording's blow-up.
    /// </summary>
    /// <param name="recording">A recording that holds V.</param>
    /// <param name="thresholdMv">Threshold θ in mV, finite; default 0.</param>
    /// <exception cref="ArgumentException">When the recording does not hold V, or the threshold is not finite.</exception>
    public static SpikeTrains Trains(Recording recording, double thresholdMv = DefaultThresholdMv)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (!recording.Has(Model.StateVariable.V))
            throw new ArgumentException("recording: expected a recording of v (spikes are crossings of v), got one without it", nameof(recording));
        if (!double.IsFinite(thresholdMv))
            throw new ArgumentOutOfRangeException(nameof(thresholdMv), thresholdMv, "thresholdMv: expected a finite potential in mV");
        var trains = Enumerable.Range(0, recording.Selection.Compartments.Count).Select(col => TimesMs(recording, col, thresholdMv)).ToArray();
        return new SpikeTrains(recording.Selection.Compartments.ToArray(), recording.Selection.Neuron, thresholdMv, trains, recording.BlowUp);
    }

    // v of sample i is vMv[first + i·stride].
    private static double[] TimesMs(ReadOnlySpan<double> timesMs, ReadOnlySpan<double> vMv, int first, int stride, double thresholdMv)
    {
        var spikes = new List<double>();
        for (int i = 1, j = first + stride; i < timesMs.Length; i++, j += stride)
        {
            double a = vMv[j - stride], b = vMv[j];
            if (IsUpwardCrossing(a, b, thresholdMv)) spikes.Add(CrossingTimeMs(timesMs[i - 1], timesMs[i], a, b, thresholdMv));
        }
        return spikes.ToArray();
    }

    /// <summary>Whether samples <paramref name="beforeMv"/> then <paramref name="afterMv"/> make a spike: v[i−1] &lt; θ ≤ v[i].</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool IsUpwardCrossing(double beforeMv, double afterMv, double thresholdMv) => beforeMv < thresholdMv && afterMv >= thresholdMv;

    /// <summary>
    /// The spike time between two samples, by linear interpolation: t0 + (θ − a)/(b − a)·(t1 − t0). The one place this is
    /// written, so spikes found in a recording and during a run (<see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/>)
    /// are the same bits.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double CrossingTimeMs(double t0Ms, double t1Ms, double beforeMv, double afterMv, double thresholdMv) =>
        t0Ms + (thresholdMv - beforeMv) / (afterMv - beforeMv) * (t1Ms - t0Ms);

    /// <summary>Indices i of the first sample at or above θ after one below it (v[i−1] &lt; θ ≤ v[i]).</summary>
    public static int[] CrossingIndices(IReadOnlyList<double> vMv, double thresholdMv = DefaultThresholdMv)
    {
        ArgumentNullException.ThrowIfNull(vMv);
        var result = new List<int>();
        for (int i = 1; i < vMv.Count; i++)
            if (vMv[i - 1] < thresholdMv && vMv[i] >= thresholdMv) result.Add(i);
        return result.ToArray();
    }

    /// <summary>How many spike times fall in the window StartMs ≤ t &lt; EndMs.</summary>
    public static int CountIn(IReadOnlyList<double> spikeTimesMs, double startMs, double endMs) =>
        (spikeTimesMs ?? throw new ArgumentNullException(nameof(spikeTimesMs))).Count(t => t >= startMs && t < endMs);

    /// <summary>Mean firing rate (Hz) in a window: spike count over the window's length.</summary>
    public static double RateHz(IReadOnlyList<double> spikeTimesMs, double startMs, double endMs) =>
        endMs > startMs ? CountIn(spikeTimesMs, startMs, endMs) / ((endMs - startMs) * 1e-3) : double.NaN;

    /// <summary>Latency (ms) of the first spike at or after <paramref name="onsetMs"/>; null if none.</summary>
    public static double? FirstLatencyMs(IReadOnlyList<double> spikeTimesMs, double onsetMs)
    {
        ArgumentNullException.ThrowIfNull(spikeTimesMs);
        foreach (double t in spikeTimesMs) if (t >= onsetMs) return t - onsetMs;
        return null;
    }

    /// <summary>Inter-spike intervals (ms).</summary>
    public static double[] IntervalsMs(IReadOnlyList<double> spikeTimesMs) =>
        spikeTimesMs is null ? throw new ArgumentNullException(nameof(spikeTimesMs)) : Enumerable.Range(1, Math.Max(0, spikeTimesMs.Count - 1)).Select(i => spikeTimesMs[i] - spikeTimesMs[i - 1]).ToArray();

    /// <summary>ISI statistics (MathNet.Numerics.Statistics); null with fewer than two intervals.</summary>
    public static IsiStatistics? Isi(IReadOnlyList<double> spikeTimesMs)
    {
        var isi = IntervalsMs(spikeTimesMs);
        if (isi.Length < 2) return null;
        var stats = new DescriptiveStatistics(isi);
        return new IsiStatistics(isi.Length, stats.Mean, stats.StandardDeviation, stats.StandardDeviation / stats.Mean,
            stats.Minimum, stats.Maximum, 1000.0 / stats.Mean);
    }
}

/// <summary>Inter-spike-interval statistics.</summary>
/// <param name="Count">Number of intervals.</param>
/// <param name="MeanMs">Mean interval, ms.</param>
/// <param name="StdMs">Sample standard deviation, ms.</param>
/// <param name="Cv">Coefficient of variation StdMs/MeanMs (dimensionless).</param>
/// <param name="MinMs">Shortest interval, ms.</param>
/// <param name="MaxMs">Longest interval, ms.</param>
/// <param name="MeanRateHz">1000 / MeanMs, Hz.</param>
public sealed record IsiStatistics(int Count, double MeanMs, double StdMs, double Cv, double MinMs, double MaxMs, double MeanRateHz);
