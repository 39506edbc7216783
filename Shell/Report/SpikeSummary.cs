using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Report;

/// <summary>A stretch of the run between two consecutive stimulus switch times, [StartMs, EndMs).</summary>
/// <param name="StartMs">Start, ms.</param>
/// <param name="EndMs">End, ms.</param>
/// <param name="Current">What is injected during it, e.g. "5 µA/cm² into c0" or "no current".</param>
/// <param name="Injecting">Whether any step or ramp is on during it.</param>
internal sealed record StimulusWindow(double StartMs, double EndMs, string Current, bool Injecting);

/// <summary>The first spike each compartment fires after one stimulus onset, and the speed fitted through them.</summary>
/// <param name="OnsetMs">Onset of a current step, ms.</param>
/// <param name="ArrivalMs">Per recorded compartment (selection order): first spike time in [onset, next onset), ms, or null.</param>
/// <param name="CompartmentsPerMs">Least-squares slope of compartment index against arrival time (Propagation.CompartmentsPerMs).</param>
/// <param name="InterceptCompartment">Intercept of that fit (compartment index at t = 0), to draw the line.</param>
/// <param name="MetresPerSecond">The same speed in m/s when the cable is physical (slope × Δx), else null.</param>
internal sealed record OnsetArrivals(double OnsetMs, double?[] ArrivalMs, double? CompartmentsPerMs, double? InterceptCompartment, double? MetresPerSecond);

/// <summary>Spike analysis of a recording's V, at full recorded resolution (never on the decimated display data).</summary>
/// <param name="Compartments">The recorded compartments, in selection order.</param>
/// <param name="SpikeTimesMs">Per recorded compartment: upward 0 mV crossing times, interpolated (Spikes.TimesMs).</param>
/// <param name="Windows">The run cut at every stimulus switch time.</param>
/// <param name="Counts">Counts[col][w]: spikes of recorded compartment col in window w.</param>
/// <param name="RatesHz">RatesHz[col][w]: mean firing rate in that window, Hz; null when the window is shorter than
/// <see cref="SpikeSummary.MinRateWindowMs"/> (a count over a short window is no rate: one spike in 0.1 ms would read 10,000 Hz).</param>
/// <param name="Onsets">Arrivals after each onset of a current step.</param>
internal sealed record SpikeSummary(
    IReadOnlyList<int> Compartments,
    double[][] SpikeTimesMs,
    IReadOnlyList<StimulusWindow> Windows,
    int[][] Counts,
    double?[][] RatesHz,
    IReadOnlyList<OnsetArrivals> Onsets)
{
    /// <summary>Analysis of V, or null when V was not recorded.</summary>
    public static SpikeSummary? Of(SimulationSpec spec, Recording recording, Places? places = null, CurrentUnit unit = CurrentUnit.UAPerCm2)
    {
        if (!recording.Has(StateVariable.V)) return null;
        var compartments = recording.Selection.Compartments;
        var spikes = compartments.Select((_, col) => Spikes.TimesMs(recording, col)).ToArray();
        var windows = WindowsOf(spec, places, unit);
        var counts = spikes.Select(ts => windows.Select(w => Spikes.CountIn(ts, w.StartMs, w.EndMs)).ToArray()).ToArray();
        var rates = spikes.Select(ts => windows.Select(w => w.EndMs - w.StartMs >= MinRateWindowMs ? Spikes.RateHz(ts, w.StartMs, w.EndMs) : (double?)null).ToArray()).ToArray();
        return new SpikeSummary(compartments, spikes, windows, counts, rates, OnsetsOf(spec, compartments, spikes));
    }

    /// <summary>
    /// Shortest window given a mean rate, ms: a count over T ms reads in steps of 1000/T Hz, so below 50 ms a single spike
    /// would already read above 20 Hz and the number says more about the window than about the cell.
    /// </summary>
    public const double MinRateWindowMs = 50.0;

    /// <summary>End of the run, ms: iterations × dt.</summary>
    public static double EndMs(SimulationSpec spec) => spec.Parameters.Iterations * spec.DtMs;

    /// <summary>
    /// [0, T) cut at every segment start and end inside it; each window says what is injected (at its midpoint), in
    /// <paramref name="unit"/> into the compartment as <paramref name="places"/> names it (default: µA/cm² into c{index}).
    /// </summary>
    public static IReadOnlyList<StimulusWindow> WindowsOf(SimulationSpec spec, Places? places = null, CurrentUnit unit = CurrentUnit.UAPerCm2)
    {
        string Name(int c) => places is null ? $"c{c}" : places.Name(c);
        string Amount(double density, int c) => $"{Format.Significant(density * CurrentUnits.Factor(spec, c, unit))}";
        string symbol = CurrentUnits.Symbol(unit);
        double end = EndMs(spec);
        var segments = spec.Parameters.Stimulus.Segments;
        var cuts = segments.SelectMany(s => new[] { s.StartMs, s.EndMs }).Where(t => t > 0 && t < end)
            .Append(0.0).Append(end).Distinct().Order().ToArray();
        var targets = segments.Select(s => s.Compartment).Distinct().Order().ToArray();
        string functions = spec.Parameters.Stimulus.Functions.Count > 0 ? " (plus a user-defined current)" : "";
        return cuts.Zip(cuts.Skip(1), (lo, hi) =>
        {
            var on = targets.Select(c => (c, from: CurrentAfter(spec.Parameters.Stimulus, lo, hi, c), to: spec.Parameters.Stimulus.AmplitudeAt(hi, c)))
                .Where(x => x.from != 0 || x.to != 0)
                .Select(x => x.from == x.to
                    ? $"{Amount(x.from, x.c)} {symbol} into {Name(x.c)}"
                    : $"{Amount(x.from, x.c)} → {Amount(x.to, x.c)} {symbol} into {Name(x.c)}").ToArray();
            return new StimulusWindow(lo, hi, (on.Length == 0 ? "no current" : string.Join(", ", on)) + functions, on.Length > 0);
        }).ToArray();
    }

    /// <summary>
    /// The current just after <paramref name="lo"/> in the window (lo, hi]: segments switch on strictly after their
    /// start, so the value at lo itself belongs to the window before. Taken a billionth of the window later.
    /// </summary>
    public static double CurrentAfter(Stimulus stimulus, double lo, double hi, int compartment) =>
        stimulus.AmplitudeAt(lo + (hi - lo) * 1e-9, compartment);

    private static OnsetArrivals[] OnsetsOf(SimulationSpec spec, IReadOnlyList<int> compartments, double[][] spikes)
    {
        double end = EndMs(spec);
        var onsets = spec.Parameters.Stimulus.Segments
            .Where(s => (s.AmplitudeUAPerCm2 != 0 || s.EndAmplitudeUAPerCm2 is { } e && e != 0) && s.StartMs >= 0 && s.StartMs < end)
            .Select(s => s.StartMs).Distinct().Order().ToArray();
        return onsets.Select((onset, k) =>
        {
            double until = k + 1 < onsets.Length ? onsets[k + 1] : double.PositiveInfinity;
            // Only spikes before the next onset belong to this one.
            var trains = spikes.Select(ts => (IReadOnlyList<double>)ts.Where(t => t < until).ToArray()).ToArray();
            var arrivals = Propagation.FirstArrivalsMs(trains, onset);
            // The fit wants arrivals indexed by compartment number, not by position in the selection.
            var byCompartment = new double?[spec.Compartments];
            for (int col = 0; col < compartments.Count; col++) byCompartment[compartments[col]] = arrivals[col];
            double? slope = Propagation.CompartmentsPerMs(byCompartment);
            double? intercept = slope is { } s ? Intercept(byCompartment, s) : null;
            double? metresPerSecond = slope is { } v && spec.Parameters.Cable is PhysicalCable cable
                ? v * cable.CompartmentLengthUm(spec.Compartments) * 1e-3 // compartments/ms × µm = µm/ms = 1e-3 m/s
                : null;
            return new OnsetArrivals(onset, arrivals, slope, intercept, metresPerSecond);
        }).ToArray();
    }

    // Least-squares line c = a + s·t passes through the means: a = mean(c) − s·mean(t).
    private static double Intercept(double?[] arrivalMsByCompartment, double slope)
    {
        var points = arrivalMsByCompartment.Select((t, c) => (t, c)).Where(p => p.t.HasValue).ToArray();
        return points.Average(p => (double)p.c) - slope * points.Average(p => p.t!.Value);
    }
}
