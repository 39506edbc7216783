using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// A stimulus window: from the onset of a stimulus until the next onset (or the end of the run), so the spikes a
/// stimulus causes are counted in its window even when they arrive at the far end of the cable after it is switched off.
/// </summary>
/// <param name="OnsetMs">Onset of the window's stimulus segments, ms.</param>
/// <param name="EndMs">Next onset, or +∞ for the last window (spikes t with OnsetMs ≤ t &lt; EndMs belong to it).</param>
/// <param name="StimulusEndMs">Latest end of the segments starting at OnsetMs, capped by EndMs and by the run's end, ms.</param>
internal sealed record StimulusWindow(double OnsetMs, double EndMs, double StimulusEndMs);

/// <summary>Spikes and rate in one stimulus window.</summary>
/// <param name="SpikesFirst">Spikes of the first compartment (0) in the window.</param>
/// <param name="SpikesLast">Spikes of the last compartment (B − 1) in the window.</param>
/// <param name="LatencyMs">First spike of the first compartment in the window minus the onset, ms; null when it has none.</param>
/// <param name="RateHz">Steady firing rate of the first compartment (see <see cref="SweepMetrics.SteadyRateHz"/>), Hz;
/// null when the stimulus lasts no longer than <see cref="SweepMetrics.SteadyAfterMs"/>.</param>
internal sealed record WindowMetrics(int SpikesFirst, int SpikesLast, double? LatencyMs, double? RateHz);

/// <summary>What a sweep keeps of one run (neuron 0).</summary>
/// <param name="SpikesFirst">All spikes of the first compartment over the run.</param>
/// <param name="SpikesLast">All spikes of the last compartment over the run.</param>
/// <param name="Windows">One entry per stimulus window, in onset order.</param>
/// <param name="CompartmentsPerMs">Speed of the first spike after the first onset, compartments per ms (least-squares
/// slope of compartment index against arrival time over every compartment it reaches); null with fewer than two arrivals.</param>
/// <param name="ConductionMPerS">Conduction velocity in m/s on a physical cable, as <c>run</c> prints it
/// (<see cref="Propagation.AlongCable"/>: first spikes at 40% and 80% of the length); null for the seed's cable or when
/// no spike reaches both points.</param>
internal sealed record RunMetrics(int SpikesFirst, int SpikesLast, IReadOnlyList<WindowMetrics> Windows, double? CompartmentsPerMs, double? ConductionMPerS);

/// <summary>
/// The metrics of a sweep row, computed with Core.Analysis on the spike trains of every compartment of neuron 0
/// (<see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/>): upward 0 mV
/// crossings of v between consecutive updates placed by linear interpolation, the same bits as
/// <see cref="Spikes.TimesMs(Recording, int, double)"/> on a recording of every update.
/// </summary>
internal static class SweepMetrics
{
    /// <summary>The transient a steady rate skips after each onset, ms (the f–I reference's "steady rate after 100 ms").</summary>
    public const double SteadyAfterMs = 100.0;

    /// <summary>The compartments a sweep watches: all of them, so that propagation can be measured.</summary>
    public static int[] Compartments(SimulationSpec spec) => Enumerable.Range(0, spec.Compartments).ToArray();

    /// <summary>The stimulus windows of a run: one per distinct segment onset, in time order.</summary>
    public static IReadOnlyList<StimulusWindow> Windows(SimulationParameters p)
    {
        double runEndMs = p.Iterations * p.DtMs;
        var onsets = p.Stimulus.Segments.Select(s => s.StartMs).Distinct().Order().ToArray();
        return onsets.Select((onset, i) =>
        {
            double end = i + 1 < onsets.Length ? onsets[i + 1] : double.PositiveInfinity;
            double stimEnd = p.Stimulus.Segments.Where(s => s.StartMs == onset).Max(s => s.EndMs);
            return new StimulusWindow(onset, end, Math.Min(Math.Min(stimEnd, end), runEndMs));
        }).ToArray();
    }

    /// <summary>
    /// Steady firing rate in Hz over [onset + <see cref="SteadyAfterMs"/>, stimulus end]: with n ≥ 2 spikes there,
    /// (n − 1) / (t_n − t_1), the inverse mean inter-spike interval (exact to the spike times, where a count over the
    /// window would only resolve 1/0.4 s = 2.5 Hz); 0 with fewer than two spikes (no repetitive firing); null when that
    /// interval is empty.
    /// </summary>
    public static double? SteadyRateHz(IReadOnlyList<double> spikeTimesMs, StimulusWindow window)
    {
        double from = window.OnsetMs + SteadyAfterMs, to = window.StimulusEndMs;
        if (!(to > from)) return null;
        var steady = spikeTimesMs.Where(t => t >= from && t <= to).ToArray();
        return steady.Length >= 2 ? 1000.0 * (steady.Length - 1) / (steady[^1] - steady[0]) : 0.0;
    }

    public static RunMetrics Compute(SimulationSpec spec, SpikeTrains trains)
    {
        var spikes = Enumerable.Range(0, trains.Count).Select(col => trains[col]).ToArray();
        var first = spikes[0];
        var last = spikes[^1];
        var windows = Windows(spec.Parameters).Select(w =>
        {
            double? latency = Spikes.FirstLatencyMs(first, w.OnsetMs) is { } l && w.OnsetMs + l < w.EndMs ? l : null;
            return new WindowMetrics(
                Spikes.CountIn(first, w.OnsetMs, w.EndMs), Spikes.CountIn(last, w.OnsetMs, w.EndMs), latency, SteadyRateHz(first, w));
        }).ToArray();

        double afterMs = windows.Length > 0 ? Windows(spec.Parameters)[0].OnsetMs : 0.0;
        double? perMs = Finite(Propagation.CompartmentsPerMs(Propagation.FirstArrivalsMs(spikes, afterMs)));
        // The velocity run prints: first spikes at 40% and 80% of the length, away from the stimulated and sealed ends.
        double? mPerS = spec.Parameters.Cable is PhysicalCable cable
            ? Finite(Propagation.AlongCable(cable, spec.Compartments, trains)?.MPerS)
            : null;
        return new RunMetrics(first.Count, last.Count, windows, perMs, mPerS);
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;
}
