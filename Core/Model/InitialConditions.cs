namespace HHFunctional.Core.Model;

/// <summary>Where every compartment of every neuron starts.</summary>
public abstract record InitialConditions
{
    private protected InitialConditions() { }

    /// <summary>The values the seed states: v = −65 mV, m = 0.05, h = 0.6, n = 0.32 (the default).</summary>
    public static InitialConditions Seed { get; } = new ExplicitStart(-65.0, 0.05, 0.6, 0.32);

    /// <summary>
    /// What the PymoNNto run really started from: <c>get_neuron_vec()</c> returns zeros, so the seed's
    /// <c>zeros * -65</c> gives v = −0 mV and m = h = n = 0 (shared/reference/README.md, item 1).
    /// </summary>
    public static InitialConditions Zero { get; } = new ExplicitStart(-0.0, 0.0, 0.0, 0.0);

    /// <summary>The model's true resting equilibrium: I_ion(V) = 0 with gates at steady state (found by Brent's method).</summary>
    public static InitialConditions Rest { get; } = new RestingStart();

    /// <summary>
    /// Every compartment of every neuron starts from the values of <paramref name="state"/> (its v, m, h, n and the added
    /// channels' gates; neurons may differ), as update 0. Validation checks its shape against the spec, v finite and gates in [0, 1].
    /// </summary>
    public static InitialConditions From(State state) => new StateStart(state);

    /// <summary>
    /// NEURON's <c>finitialize(v)</c>: v = <paramref name="vMv"/> everywhere and every gate of every channel at its steady
    /// state there, x∞(v) = α/(α + β).
    /// </summary>
    public static InitialConditions Steady(double vMv) => new SteadyStart(vMv);
}

/// <summary>v everywhere, every gate at its steady state there (see <see cref="InitialConditions.Steady"/>).</summary>
/// <param name="VMv">Membrane potential in mV; finite.</param>
public sealed record SteadyStart(double VMv) : InitialConditions;

/// <summary>Start from a given state's values (see <see cref="InitialConditions.From"/>); its iteration and dt are ignored.</summary>
/// <param name="State">The values to start from: Neurons × Compartments as the spec's, the added channels' gates included.</param>
public sealed record StateStart(State State) : InitialConditions;

/// <summary>Every compartment starts at the given values.</summary>
/// <param name="VMv">Membrane potential in mV; finite.</param>
/// <param name="M">Sodium activation, in [0, 1].</param>
/// <param name="H">Sodium inactivation, in [0, 1].</param>
/// <param name="N">Potassium activation, in [0, 1].</param>
public sealed record ExplicitStart(double VMv, double M, double H, double N) : InitialConditions;

/// <summary>Every compartment starts at the membrane's resting potential with gates at steady state.</summary>
public sealed record RestingStart : InitialConditions;
