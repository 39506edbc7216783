using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;

namespace HHFunctional.Core.Model;

/// <summary>A gate of a channel: its name (unique within the channel) and the power it enters the conductance with.</summary>
/// <param name="Name">Name, e.g. "m"; letters, digits and '_'.</param>
/// <param name="Exponent">Power p in g·Π xᵖ, 1 … 8.</param>
public sealed record ChannelGate(string Name, int Exponent);

/// <summary>The opening and closing rates α, β (1/ms) of a gate at a voltage: dx/dt = α(1 − x) − βx.</summary>
/// <param name="Alpha">Opening rate α in 1/ms, ≥ 0.</param>
/// <param name="Beta">Closing rate β in 1/ms, ≥ 0.</param>
public readonly record struct GateRates<T>(T Alpha, T Beta) where T : struct, ILane<T>
{
    /// <summary>Rates from the steady state x∞ and time constant τ (ms): α = x∞/τ, β = (1 − x∞)/τ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GateRates<T> FromSteadyState(T xInf, T tauMs) => new(xInf / tauMs, (T.Broadcast(1.0) - xInf) / tauMs);
}

/// <summary>
/// The kinetics of a voltage-gated channel, written once as static members of a struct so that the engine runs it on
/// every lane type, vectorised: its gates, and each gate's rates at a voltage (with α/β or, through
/// <see cref="GateRates{T}.FromSteadyState"/>, with x∞/τ). Write the rates with the lane's arithmetic (<see cref="ILane{T}"/>:
/// +, −, ·, /, <c>T.Exp</c>, <c>T.Broadcast</c> for constants). Make it a channel with <see cref="Channel.Create{TKinetics}"/>.
/// <typeparamref name="TSelf"/> is the implementing struct itself.
/// </summary>
public interface IChannelKinetics<TSelf> where TSelf : struct, IChannelKinetics<TSelf>
{
    /// <summary>The gates, in the order <see cref="Rates{T}"/> numbers them.</summary>
    static abstract IReadOnlyList<ChannelGate> Gates { get; }

    /// <summary>The rates of gate <paramref name="gate"/> (an index into <see cref="Gates"/>) at <paramref name="vMv"/>, 1/ms.</summary>
    static abstract GateRates<T> Rates<T>(int gate, T vMv) where T : struct, ILane<T>;

    /// <summary>
    /// Calls <paramref name="visitor"/> once per gate with its index and exponent, in order. The default loops over
    /// <see cref="Gates"/>; writing the calls out (<c>visitor.Visit(0, 3); visitor.Visit(1, 1);</c>) lets the engine compile
    /// each gate with a constant index, which makes a channel's loop faster.
    /// </summary>
    static virtual void ForEachGate<TVisitor>(ref TVisitor visitor) where TVisitor : struct, IGateVisitor
    {
        var gates = TSelf.Gates;
        for (int k = 0; k < gates.Count; k++) visitor.Visit(k, gates[k].Exponent);
    }

    /// <summary>
    /// Whether, at every voltage within the blow-up bound (|V| ≤ 1000 mV, where a run stops and reports v), every gate's
    /// rates are finite, ≥ 0 and not both 0. A Rush–Larsen update (exponential Euler, the implicit schemes) then keeps each
    /// gate in [0, 1], so the engine need not check this channel's gates for a blow-up in those schemes: a gate could only
    /// go bad at a voltage that is reported itself. Default false (the gates are checked); declare true only when it holds
    /// (the built-in hh kinetics do, checked by a property test over the whole bound).
    /// </summary>
    static virtual bool RatesFiniteWithinBlowUpBound => false;
}

/// <summary>What the engine does with each gate of a channel (see <see cref="IChannelKinetics{TSelf}.ForEachGate"/>).</summary>
public interface IGateVisitor
{
    /// <summary>Handles gate <paramref name="gate"/>, which enters the conductance to the power <paramref name="exponent"/>.</summary>
    void Visit(int gate, int exponent);
}

/// <summary>
/// A membrane mechanism: a channel whose current density is I = g·Π xᵢ^pᵢ·(V − E) µA/cm² (outward positive), with gates
/// xᵢ obeying dx/dt = φ(α(V)(1 − x) − β(V)x). A passive leak is a channel without gates. A membrane is a list of channels:
/// the seed's <c>hh</c> is sodium (m³h), potassium (n⁴) and leak (<see cref="Channels.Hh"/>); add your own with
/// <see cref="SimulationParameters.Channels"/>.
/// </summary>
public abstract record Channel
{
    private protected Channel(string name, double gMaxMSPerCm2, double eMv)
    {
        Name = name; GMaxMSPerCm2 = gMaxMSPerCm2; EMv = eMv;
    }

    /// <summary>Name, unique within a membrane (e.g. "na", "k", "leak", "ka").</summary>
    public string Name { get; init; }

    /// <summary>Maximal conductance g in mS/cm², finite and ≥ 0.</summary>
    public double GMaxMSPerCm2 { get; init; }

    /// <summary>Reversal potential E in mV, finite.</summary>
    public double EMv { get; init; }

    /// <summary>Factor φ on every rate (temperature scaling); default 1.</summary>
    public double RateScale { get; init; } = 1.0;

    /// <summary>The gates, in order.</summary>
    public abstract IReadOnlyList<ChannelGate> Gates { get; }

    /// <summary>The conductance g·Π xᵢ^pᵢ in mS/cm² at the given gate values (in the order of <see cref="Gates"/>).</summary>
    /// <exception cref="ArgumentException">When the number of gate values is not the number of gates.</exception>
    public double ConductanceMSPerCm2(params double[] gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        if (gates.Length != Gates.Count)
            throw new ArgumentException($"gates: expected {Gates.Count} values (one per gate of '{Name}'), got {gates.Length}", nameof(gates));
        ScalarLane g = GMaxMSPerCm2;
        for (int k = 0; k < gates.Length; k++) g = ChannelMath.Factor<ScalarLane>(g, gates[k], Gates[k].Exponent);
        return g;
    }

    /// <summary>The current g·Π xᵢ^pᵢ·(V − E) in µA/cm² (outward positive) at <paramref name="vMv"/> and the given gate values.</summary>
    /// <exception cref="ArgumentException">When the number of gate values is not the number of gates.</exception>
    public double CurrentUAPerCm2(double vMv, params double[] gates) =>
        ChannelMath.Current<ScalarLane>(ConductanceMSPerCm2(gates), vMv, EMv);

    /// <summary>The rates of a gate at a voltage (scalar), before φ: for steady states and checks.</summary>
    public abstract (double AlphaPerMs, double BetaPerMs) RatesAt(int gate, double vMv);

    /// <summary>A channel with the given kinetics.</summary>
    /// <param name="name">Name, unique within a membrane.</param>
    /// <param name="gMaxMSPerCm2">Maximal conductance, mS/cm².</param>
    /// <param name="eMv">Reversal potential, mV.</param>
    public static Channel Create<TKinetics>(string name, double gMaxMSPerCm2, double eMv) where TKinetics : struct, IChannelKinetics<TKinetics> =>
        new Channel<TKinetics>(name, gMaxMSPerCm2, eMv);

    /// <summary>The kinetics' <see cref="IChannelKinetics{TSelf}.RatesFiniteWithinBlowUpBound"/>.</summary>
    internal abstract bool RatesFiniteWithinBlowUpBound { get; }

    /// <summary>The engine's loop over this channel, the <paramref name="index"/>-th of its membrane, on one lane type (made once
    /// per run); <paramref name="local"/>: its g (and E, where given) differ value by value; <paramref name="tabulated"/>: its
    /// gates read the run's rate tables.</summary>
    internal abstract ChannelPass CreatePass<T>(int index, bool local, bool tabulated) where T : struct, ILane<T>;
}

/// <summary>A channel with kinetics <typeparamref name="TKinetics"/>; make one with <see cref="Channel.Create{TKinetics}"/>.</summary>
public sealed record Channel<TKinetics> : Channel where TKinetics : struct, IChannelKinetics<TKinetics>
{
    internal Channel(string name, double gMaxMSPerCm2, double eMv) : base(name, gMaxMSPerCm2, eMv) { }

    /// <inheritdoc/>
    public override IReadOnlyList<ChannelGate> Gates => TKinetics.Gates;

    /// <inheritdoc/>
    public override (double AlphaPerMs, double BetaPerMs) RatesAt(int gate, double vMv)
    {
        var r = TKinetics.Rates<ScalarLane>(gate, vMv);
        return (r.Alpha, r.Beta);
    }

    internal override bool RatesFiniteWithinBlowUpBound => TKinetics.RatesFiniteWithinBlowUpBound;

    internal override ChannelPass CreatePass<T>(int index, bool local, bool tabulated) => (local, tabulated) switch
    {
        (true, false) => new ChannelPass<TKinetics, T, LocalValueArrays, ExactRates>(index),
        (false, false) => new ChannelPass<TKinetics, T, UniformValues, ExactRates>(index),
        (true, true) => new ChannelPass<TKinetics, T, LocalValueArrays, TabulatedRates>(index),
        (false, true) => new ChannelPass<TKinetics, T, UniformValues, TabulatedRates>(index),
    };
}
