namespace HHFunctional.Core.Model;

/// <summary>
/// Gate kinetics read from a table instead of computed: NEURON's <c>TABLE … FROM … TO … WITH …</c> (hh.mod's
/// <c>usetable_hh</c>, on by default in NEURON). At <see cref="Intervals"/> + 1 evenly spaced voltages the engine evaluates
/// each gate's rates once per run and stores the gate's steady state x∞ and its per-step decay factor (exp(−dt·φ(α+β)) for
/// the Rush–Larsen schemes, 1 − dt·φ(α+β) for forward Euler); each step reads both by linear interpolation in v, and
/// voltages outside [<see cref="MinMv"/>, <see cref="MaxMv"/>] take the end values, as NEURON's tables do. No exp and no
/// division is left in a gate update, which is where most of an implicit step's time goes.
/// </summary>
/// <remarks>
/// An approximation: the interpolation error of a quantity f is at most h²/8·max|f''| for a grid step h (NEURON's 1 mV:
/// at most 2e-3 in x∞ for HH's gates, tested). NEURON interpolates x∞ and τ and takes exp(−dt/τ) at every step; this table
/// interpolates the decay factor itself, so the two agree to the interpolation error, not bit for bit. Gates start from
/// the exact rates' steady state (<see cref="InitialConditions"/>).
/// </remarks>
/// <param name="MinMv">Lowest tabulated voltage, mV (NEURON's hh: −100).</param>
/// <param name="MaxMv">Highest tabulated voltage, mV, &gt; MinMv (NEURON's hh: 100).</param>
/// <param name="Intervals">Grid intervals, 1 … <see cref="MaxIntervals"/> (NEURON's hh: 200, i.e. 1 mV).</param>
public sealed record RateTable(double MinMv, double MaxMv, int Intervals)
{
    /// <summary>NEURON's hh.mod table: −100 … 100 mV in 200 intervals (1 mV).</summary>
    public static RateTable Neuron { get; } = new(-100.0, 100.0, 200);

    /// <summary>Most grid intervals (a table of 4·(Intervals + 1) doubles per gate; 100,000 is 3.2 MB per gate).</summary>
    public const int MaxIntervals = 100_000;

    /// <summary>The grid step (MaxMv − MinMv)/Intervals, mV.</summary>
    public double StepMv => (MaxMv - MinMv) / Intervals;

    /// <summary>The tabulated voltage of grid point <paramref name="point"/> (0 … Intervals), mV.</summary>
    public double VoltageMv(int point) => point == Intervals ? MaxMv : MinMv + point * StepMv;
}
