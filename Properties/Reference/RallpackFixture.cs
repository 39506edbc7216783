namespace HHFunctional.Properties.Reference;

/// <summary>
/// The Rallpack 1, 2 and 3 reference traces (Fixtures/rallpack, copied from shared/reference/rallpack; its README says what
/// they are), in ms and mV. Loaded once and checked before use.
/// </summary>
public static class RallpackFixture
{
    /// <summary>A reference trace: 5001 samples every <see cref="SampleMs"/> from t = 0 (the start) to 250 ms.</summary>
    public sealed record Trace(double[] TimesMs, double[] VMv);

    /// <summary>The reference's sampling interval in ms (50 µs).</summary>
    public const double SampleMs = 0.05;

    /// <summary>Reference samples per trace: t = 0, 0.05, …, 250 ms.</summary>
    public const int Samples = 5001;

    private static readonly Lazy<Trace> Cable0Trace = new(() => Passive(Load("ref_cable.0.csv.gz")));
    private static readonly Lazy<Trace> CableXTrace = new(() => Passive(Load("ref_cable.x.csv.gz")));
    private static readonly Lazy<Trace> Branch0Trace = new(() => Passive(Load("ref_branch.0.csv.gz")));
    private static readonly Lazy<Trace> BranchXTrace = new(() => Passive(Load("ref_branch.x.csv.gz")));
    private static readonly Lazy<Trace> Axon0Trace = new(() => Axon(Load("ref_axon.0.neuron.csv.gz"), 18));
    private static readonly Lazy<Trace> AxonXTrace = new(() => Axon(Load("ref_axon.x.neuron.csv.gz"), 17));

    /// <summary>Rallpack 1 (analytic) at x = 0, where the current is injected.</summary>
    public static Trace Cable0 => Cable0Trace.Value;

    /// <summary>Rallpack 1 (analytic) at x = 1 mm, the far sealed end.</summary>
    public static Trace CableX => CableXTrace.Value;

    /// <summary>Rallpack 2 (analytic) at the root branch, where the current is injected.</summary>
    public static Trace Branch0 => Branch0Trace.Value;

    /// <summary>Rallpack 2 (analytic) at a terminal branch (all 512 are equal by symmetry).</summary>
    public static Trace BranchX => BranchXTrace.Value;

    /// <summary>Rallpack 3 (a NEURON run of the benchmark's era) at x = 0.</summary>
    public static Trace Axon0 => Axon0Trace.Value;

    /// <summary>Rallpack 3 at x = 1 mm.</summary>
    public static Trace AxonX => AxonXTrace.Value;

    /// <summary>
    /// Upward crossings of 0 mV, linearly interpolated between samples: the reference's spikes, found here without
    /// Core's analysis so that the fixture check does not lean on the code under test.
    /// </summary>
    public static double[] CrossingsMs(Trace trace)
    {
        var times = new List<double>();
        for (int i = 1; i < trace.VMv.Length; i++)
        {
            double a = trace.VMv[i - 1], b = trace.VMv[i];
            if (a < 0 && b >= 0) times.Add(trace.TimesMs[i - 1] + (trace.TimesMs[i] - trace.TimesMs[i - 1]) * (0 - a) / (b - a));
        }
        return times.ToArray();
    }

    // The files are seconds and volts; everything here is ms and mV. The grid is checked, so that sample r of a run
    // recorded every 0.05 ms lines up with row r without looking at the file's times again.
    private static Trace Load(string file)
    {
        var (header, rows) = Fixtures.ReadCsvGz("rallpack", file);
        if (header.Length != 2 || header[0] != "t_s" || header[1] != "v_V")
            throw new InvalidDataException($"{file}: unexpected header {string.Join(',', header)}");
        if (rows.Length != Samples || rows.Any(r => r.Length != 2 || !double.IsFinite(r[0]) || !double.IsFinite(r[1])))
            throw new InvalidDataException($"{file}: expected {Samples} rows of two finite numbers, got {rows.Length} rows");
        for (int r = 0; r < rows.Length; r++)
            if (Math.Abs(rows[r][0] * 1e3 - r * SampleMs) > 1e-9)
                throw new InvalidDataException($"{file}: row {r} is at {rows[r][0]} s, expected {r * SampleMs / 1e3} s");
        if (rows[0][1] != -0.065) throw new InvalidDataException($"{file}: starts at {rows[0][1]} V, expected -0.065 V");
        return new Trace(rows.Select((_, r) => r * SampleMs).ToArray(), rows.Select(r => r[1] * 1e3).ToArray());
    }

    // A passive cable charged by a constant current rises monotonically towards its steady state; the analytic file
    // does (to its 7 printed digits) and ends above −65 mV.
    private static Trace Passive(Trace t)
    {
        for (int i = 1; i < t.VMv.Length; i++)
            if (t.VMv[i] < t.VMv[i - 1] - 1e-9) throw new InvalidDataException($"passive reference falls at sample {i}");
        if (t.VMv[^1] <= -65.0) throw new InvalidDataException("passive reference does not rise");
        return t;
    }

    // The shared README: 18 spikes at x = 0 and 17 at 1 mm.
    private static Trace Axon(Trace t, int spikes)
    {
        int found = CrossingsMs(t).Length;
        if (found != spikes) throw new InvalidDataException($"axon reference has {found} spikes, expected {spikes}");
        return t;
    }
}
