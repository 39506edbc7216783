using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace HHFunctional.Core.Model;

/// <summary>
/// The state of a group of neurons after <see cref="Iteration"/> updates. Arrays are flat, compartment-major:
/// the value of compartment c of neuron j is at index <c>c * Neurons + j</c> (as the seed's <c>v[block, neuron]</c>).
/// </summary>
/// <param name="Iteration">Number of updates applied so far (0 for the initial state).</param>
/// <param name="DtMs">Time step in ms; the state's time is Iteration·DtMs, never a running sum.</param>
/// <param name="Neurons">Group size N.</param>
/// <param name="Compartments">Compartments per neuron B.</param>
/// <param name="VMv">Membrane potentials in mV.</param>
/// <param name="M">Sodium activation gates.</param>
/// <param name="H">Sodium inactivation gates.</param>
/// <param name="N">Potassium activation gates.</param>
public sealed record State(
    long Iteration,
    double DtMs,
    int Neurons,
    int Compartments,
    ImmutableArray<double> VMv,
    ImmutableArray<double> M,
    ImmutableArray<double> H,
    ImmutableArray<double> N)
{
    /// <summary>Voltage beyond which <see cref="FindBlowUp"/> calls a state blown up by default, mV.</summary>
    public const double DefaultMaxAbsVMv = 1000.0;

    /// <summary>
    /// The gates of the channels added to the seed's membrane (<see cref="SimulationParameters.Channels"/>), one array per
    /// gate in the channels' order, laid out like <see cref="VMv"/>; empty for the seed's membrane alone.
    /// </summary>
    public ImmutableArray<ImmutableArray<double>> ExtraGates { get; init; } = ImmutableArray<ImmutableArray<double>>.Empty;

    /// <summary>m, h, n, then the extra gates.</summary>
    internal IEnumerable<ImmutableArray<double>> AllGates() => new[] { M, H, N }.Concat(ExtraGates);

    /// <summary>Time of this state in ms, computed as Iteration·DtMs (as the seed's <c>i*self.dt</c>).</summary>
    public double TimeMs => Iteration * DtMs;

    /// <summary>Flat index of compartment c of neuron j.</summary>
    public int IndexOf(int compartment, int neuron) => compartment * Neurons + neuron;

    /// <summary>The variable of the given kind.</summary>
    public ImmutableArray<double> Get(StateVariable variable) => variable switch
    {
        StateVariable.V => VMv,
        StateVariable.M => M,
        StateVariable.H => H,
        StateVariable.N => N,
        _ => throw new ArgumentOutOfRangeException(nameof(variable), variable, "unknown state variable"),
    };

    /// <summary>
    /// The first value that signals a numerical blow-up (NaN, ±∞, or |v| &gt; <paramref name="maxAbsVMv"/>),
    /// scanning v, m, h, n in that order; null when the state is sound.
    /// </summary>
    public BlowUp? FindBlowUp(double maxAbsVMv = DefaultMaxAbsVMv)
    {
        foreach (var variable in StateVariables.All)
        {
            var values = Get(variable);
            for (int i = 0; i < values.Length; i++)
            {
                double x = values[i];
                bool bad = !double.IsFinite(x) || (variable == StateVariable.V && Math.Abs(x) > maxAbsVMv);
                // A hand-built state with no neurons still reports where (as neuron 0) instead of dividing by zero.
                int neurons = Math.Max(Neurons, 1);
                if (bad) return new BlowUp(Iteration, TimeMs, variable, i / neurons, i % neurons, x);
            }
        }
        return null;
    }

    /// <summary>Whether the group is non-empty and every array holds Neurons × Compartments values (what a step can read).</summary>
    internal bool HasConsistentArrays()
    {
        if (Neurons < 1 || Compartments < 1) return false;
        long size = (long)Neurons * Compartments;
        return !ExtraGates.IsDefault && AllGates().Prepend(VMv).All(a => !a.IsDefault && a.Length == size);
    }

    /// <summary>Wraps arrays the caller hands over and never touches again (no copy).</summary>
    internal static State FromOwnedArrays(long iteration, double dtMs, int neurons, int compartments,
        double[] v, double[] m, double[] h, double[] n, double[][]? extraGates = null) =>
        new(iteration, dtMs, neurons, compartments,
            ImmutableCollectionsMarshal.AsImmutableArray(v), ImmutableCollectionsMarshal.AsImmutableArray(m),
            ImmutableCollectionsMarshal.AsImmutableArray(h), ImmutableCollectionsMarshal.AsImmutableArray(n))
        {
            ExtraGates = extraGates is null ? ImmutableArray<ImmutableArray<double>>.Empty
                : extraGates.Select(ImmutableCollectionsMarshal.AsImmutableArray).ToImmutableArray(),
        };

    /// <summary>Value equality, bit for bit, over every array (records compare arrays by reference otherwise).</summary>
    public bool Equals(State? other) =>
        other is not null && Iteration == other.Iteration && DtMs.Equals(other.DtMs) && Neurons == other.Neurons &&
        Compartments == other.Compartments && BitEqual(VMv, other.VMv) && BitEqual(M, other.M) &&
        BitEqual(H, other.H) && BitEqual(N, other.N) && ExtraGates.Length == other.ExtraGates.Length &&
        ExtraGates.Zip(other.ExtraGates).All(p => BitEqual(p.Item1, p.Item2));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Iteration, Neurons, Compartments);

    private static bool BitEqual(ImmutableArray<double> a, ImmutableArray<double> b) =>
        MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));
}

/// <summary>A state variable of every compartment.</summary>
public enum StateVariable
{
    /// <summary>Membrane potential, mV.</summary>
    V,
    /// <summary>Sodium activation gate m.</summary>
    M,
    /// <summary>Sodium inactivation gate h.</summary>
    H,
    /// <summary>Potassium activation gate n.</summary>
    N,
}

/// <summary>Names of the state variables as the CLI and CSV files spell them.</summary>
public static class StateVariables
{
    /// <summary>v, m, h, n in that order.</summary>
    public static IReadOnlyList<StateVariable> All { get; } = new[] { StateVariable.V, StateVariable.M, StateVariable.H, StateVariable.N };

    /// <summary>The lower-case name: v, m, h or n.</summary>
    public static string Name(this StateVariable variable) => variable.ToString().ToLowerInvariant();
}

/// <summary>Where and when a run first went numerically wrong.</summary>
/// <param name="Iteration">The update that produced the bad value.</param>
/// <param name="TimeMs">Its time, Iteration·dt, in ms.</param>
/// <param name="Variable">Which variable.</param>
/// <param name="Compartment">Which compartment.</param>
/// <param name="Neuron">Which neuron of the group.</param>
/// <param name="Value">The offending value (NaN, ±∞ or a voltage beyond the bound).</param>
public sealed record BlowUp(long Iteration, double TimeMs, StateVariable Variable, int Compartment, int Neuron, double Value);
