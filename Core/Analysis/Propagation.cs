namespace HHFunctional.Core.Analysis;

/// <summary>How fast a spike travels along the cable.</summary>
public static class Propagation
{
    /// <summary>
    /// Conduction velocity in m/s between positions x₁, x₂ (µm) reached at t₁, t₂ (ms): (x₂ − x₁)/(t₂ − t₁);
    /// 1 µm/ms = 1e-3 m/s. NaN when t₂ = t₁.
    /// </summary>
    public static double VelocityMPerS(double x1Um, double t1Ms, double x2Um, double t2Ms) =>
        t2Ms == t1Ms ? double.NaN : (x2Um - x1Um) / (t2Ms - t1Ms) * 1e-3;

    /// <summary>
    /// Speed in compartments per ms: the least-squares slope of compartment index against arrival time over the
    /// compartments that have an arrival (MathNet's Fit.Line); null with fewer than two arrivals or no time spread.
    /// </summary>
    public static double? CompartmentsPerMs(IReadOnlyList<double?> arrivalMsByCompartment)
    {
        var points = arrivalMsByCompartment.Select((t, c) => (t, c)).Where(p => p.t.HasValue).ToArray();
        if (points.Length < 2) return null;
        double[] x = points.Select(p => p.t!.Value).ToArray();
        double[] y = points.Select(p => (double)p.c).ToArray();
        if (x.Max() - x.Min() <= 0) return null;
        var (_, slope) = MathNet.Numerics.Fit.Line(x, y);
        return slope;
    }

    /// <summary>
    /// The arrival time (ms) of the first spike at or after <paramref name="afterMs"/> in each compartment's spike train;
    /// null where none arrives.
    /// </summary>
    public static double?[] FirstArrivalsMs(IReadOnlyList<IReadOnlyList<double>> spikeTimesMsByCompartment, double afterMs) =>
        spikeTimesMsByCompartment.Select(ts => ts.Where(t => t >= afterMs).Select(t => (double?)t).FirstOrDefault()).ToArray();
}
