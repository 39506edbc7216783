using HHFunctional.Core.Model;
using LanguageExt;
using LanguageExt.Common;

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

    /// <summary>
    /// The compartment whose extent [k·Δx, (k+1)·Δx) holds the point at <paramref name="fraction"/> of the length
    /// (k = ⌊fraction·B⌋, at most B − 1); its centre is at (k + ½)·Δx.
    /// </summary>
    /// <param name="fraction">Position as a fraction of the cable length, in [0, 1].</param>
    /// <param name="compartments">Compartments B, ≥ 1.</param>
    /// <exception cref="ArgumentException">When the fraction is not in [0, 1] or <paramref name="compartments"/> &lt; 1.</exception>
    public static int CompartmentAt(double fraction, int compartments)
    {
        CheckFraction(fraction, nameof(fraction));
        if (compartments < 1) throw new ArgumentOutOfRangeException(nameof(compartments), compartments, "compartments: expected an integer ≥ 1");
        return Math.Clamp((int)Math.Floor(fraction * compartments), 0, compartments - 1);
    }

    /// <summary>
    /// Conduction velocity (m/s) of the first spike along a physical cable, between the compartments at
    /// <paramref name="fromFraction"/> and <paramref name="toFraction"/> of the length (by default 40% and 80%, away from
    /// the stimulated end and the sealed far end): the distance between their centres over the difference of their first
    /// spike times (upward 0 mV crossings, linearly interpolated). Null when either compartment is not in the recording
    /// (or v was not recorded), no spike reaches either one, or the two are the same compartment.
    /// </summary>
    public static CableVelocity? AlongCable(PhysicalCable cable, int compartments, Recording recording,
        double fromFraction = 0.4, double toFraction = 0.8)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (!recording.Has(StateVariable.V)) return null;
        return AlongCable(cable, compartments, recording.Selection.Compartments, col => Spikes.TimesMs(recording, col), fromFraction, toFraction);
    }

    /// <summary>
    /// <see cref="AlongCable(PhysicalCable, int, Recording, double, double)"/> from spike trains detected during the run
    /// (<see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/>); the same
    /// velocity, bit for bit, as from the recording of that run when the trains' threshold is 0 mV. Null when either
    /// compartment has no train, no spike reaches either one, or the two are the same compartment.
    /// </summary>
    public static CableVelocity? AlongCable(PhysicalCable cable, int compartments, SpikeTrains spikes,
        double fromFraction = 0.4, double toFraction = 0.8) =>
        AlongCable(cable, compartments, (spikes ?? throw new ArgumentNullException(nameof(spikes))).Compartments, col => spikes[col], fromFraction, toFraction);

    /// <summary>
    /// How fast the first spike travels between the compartments at <paramref name="fromFraction"/> and
    /// <paramref name="toFraction"/> of the length (by default 40% and 80%, away from the stimulated end and the sealed far
    /// end), from the run's spike trains (<see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/>
    /// or <see cref="Spikes.Trains"/>). The unit is in the type: a <see cref="CableVelocity"/> in m/s on a
    /// <see cref="PhysicalCable"/> (equal to <see cref="AlongCable(PhysicalCable, int, SpikeTrains, double, double)"/>), a
    /// <see cref="SeedCableSpeed"/> in compartments per ms on the seed's dimensionless coupling, which has no length.
    /// Fails (as a value, with the reason) when the two fractions give the same compartment, either compartment has no
    /// train, no spike reaches either one, or both first spikes are at the same time.
    /// </summary>
    /// <param name="spec">The run the trains come from.</param>
    /// <param name="trains">Spike trains of that run, including the two compartments measured.</param>
    /// <param name="fromFraction">First position as a fraction of the length, in [0, 1]; default 0.4.</param>
    /// <param name="toFraction">Second position, in [0, 1]; default 0.8.</param>
    /// <exception cref="ArgumentException">When a fraction is not in [0, 1], or a train's compartment is not in the spec's neuron.</exception>
    public static Fin<ConductionSpeed> Speed(SimulationSpec spec, SpikeTrains trains, double fromFraction = 0.4, double toFraction = 0.8)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(trains);
        CheckFraction(fromFraction, nameof(fromFraction));
        CheckFraction(toFraction, nameof(toFraction));
        foreach (int c in trains.Compartments)
            if (c < 0 || c >= spec.Compartments)
                throw new ArgumentException($"trains: expected trains of compartments in [0, {spec.Compartments - 1}] (the spec's), got compartment {c}", nameof(trains));
        int b = spec.Compartments;
        int k1 = CompartmentAt(fromFraction, b), k2 = CompartmentAt(toFraction, b);
        if (k1 == k2)
            return Error.New($"{fromFraction:P0} and {toFraction:P0} of the length are both in compartment {k1} of {b}: no distance to measure over");
        foreach (int k in new[] { k1, k2 }.Where(k => !trains.Has(k)))
            return Error.New($"compartment {k} has no spike train (trains kept: {SpikeTrains.Shown(trains.Compartments)}); watch it to measure the speed");
        foreach (int k in new[] { k1, k2 }.Where(k => trains.Of(k).Count == 0))
            return Error.New($"no spike reached compartment {k}{(trains.BlowUp is null ? "" : " before the run blew up")}");
        double t1 = trains.Of(k1)[0], t2 = trains.Of(k2)[0];
        if (t1 == t2) return Error.New($"the first spikes of compartments {k1} and {k2} are both at {t1} ms: no time to measure over");
        return spec.Parameters.Cable is PhysicalCable cable
            ? AlongCable(cable, b, trains.Compartments, col => trains[col], fromFraction, toFraction)!
            : new SeedCableSpeed(k1, t1, k2, t2, (k2 - k1) / (t2 - t1));
    }

    /// <summary><see cref="Speed(SimulationSpec, SpikeTrains, double, double)"/> of the trains in a recording of v (upward 0 mV crossings).</summary>
    /// <exception cref="ArgumentException">When the recording holds no v, or as <see cref="Speed(SimulationSpec, SpikeTrains, double, double)"/>.</exception>
    public static Fin<ConductionSpeed> Speed(SimulationSpec spec, Recording recording, double fromFraction = 0.4, double toFraction = 0.8) =>
        Speed(spec, Spikes.Trains(recording), fromFraction, toFraction);

    private static void CheckFraction(double fraction, string parameter)
    {
        if (!(fraction >= 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(parameter, fraction, $"{parameter}: expected a fraction of the length in [0, 1]");
    }

    private static CableVelocity? AlongCable(PhysicalCable cable, int compartments, IReadOnlyList<int> columns,
        Func<int, IReadOnlyList<double>> trainOf, double fromFraction, double toFraction)
    {
        ArgumentNullException.ThrowIfNull(cable);
        CheckFraction(fromFraction, nameof(fromFraction));
        CheckFraction(toFraction, nameof(toFraction));
        if (compartments < 1) throw new ArgumentOutOfRangeException(nameof(compartments), compartments, "compartments: expected an integer ≥ 1");
        int k1 = CompartmentAt(fromFraction, compartments), k2 = CompartmentAt(toFraction, compartments);
        if (k1 == k2) return null;
        int col1 = IndexOf(columns, k1), col2 = IndexOf(columns, k2);
        if (col1 < 0 || col2 < 0) return null;
        var t1 = trainOf(col1);
        var t2 = trainOf(col2);
        if (t1.Count == 0 || t2.Count == 0) return null;
        double x1 = cable.PositionUm(k1, compartments), x2 = cable.PositionUm(k2, compartments);
        return new CableVelocity(k1, x1, t1[0], k2, x2, t2[0], VelocityMPerS(x1, t1[0], x2, t2[0]));
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}

/// <summary>
/// How fast a spike went from one compartment to another: its first spike times there. The unit depends on the cable and
/// is in the type: <see cref="CableVelocity"/> (m/s, physical cable) or <see cref="SeedCableSpeed"/> (compartments per ms,
/// the seed's coupling, which has no length).
/// </summary>
/// <param name="FromCompartment">First compartment index.</param>
/// <param name="FromMs">Its first spike time, ms.</param>
/// <param name="ToCompartment">Second compartment index.</param>
/// <param name="ToMs">Its first spike time, ms.</param>
public abstract record ConductionSpeed(int FromCompartment, double FromMs, int ToCompartment, double ToMs);

/// <summary>A speed on the seed's dimensionless cable, which has compartments but no length: compartments per ms.</summary>
/// <param name="FromCompartment">First compartment index.</param>
/// <param name="FromMs">Its first spike time, ms.</param>
/// <param name="ToCompartment">Second compartment index.</param>
/// <param name="ToMs">Its first spike time, ms.</param>
/// <param name="CompartmentsPerMs">(ToCompartment − FromCompartment)/(ToMs − FromMs), compartments per ms.</param>
public sealed record SeedCableSpeed(int FromCompartment, double FromMs, int ToCompartment, double ToMs, double CompartmentsPerMs)
    : ConductionSpeed(FromCompartment, FromMs, ToCompartment, ToMs);

/// <summary>A conduction velocity measured between two compartments of a physical cable.</summary>
/// <param name="FromCompartment">First compartment index.</param>
/// <param name="FromUm">Its centre, µm from the stimulated end.</param>
/// <param name="FromMs">Its first spike time, ms.</param>
/// <param name="ToCompartment">Second compartment index.</param>
/// <param name="ToUm">Its centre, µm.</param>
/// <param name="ToMs">Its first spike time, ms.</param>
/// <param name="MPerS">(ToUm − FromUm)/(ToMs − FromMs) in m/s.</param>
public sealed record CableVelocity(int FromCompartment, double FromUm, double FromMs, int ToCompartment, double ToUm, double ToMs, double MPerS)
    : ConductionSpeed(FromCompartment, FromMs, ToCompartment, ToMs);
