using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;

namespace HHFunctional.Core.Model;

/// <summary>The built-in mechanisms: the seed's <c>hh</c> (sodium, potassium, leak) and <c>pas</c> (a passive leak).</summary>
public static class Channels
{
    /// <summary>
    /// NEURON's and the seed's <c>hh</c> as three channels, in the seed's order of summation: sodium g_Na·m³h·(V − E_Na)
    /// ("na"), potassium g_K·n⁴·(V − E_K) ("k") and the leak g_L·(V − E_L) ("leak"), every rate scaled by the membrane's φ.
    /// </summary>
    public static IReadOnlyList<Channel> Hh(Membrane membrane) => new Channel[]
    {
        Channel.Create<HhSodium>("na", membrane.GNaMSPerCm2, membrane.ENaMv) with { RateScale = membrane.RateScale },
        Channel.Create<HhPotassium>("k", membrane.GKMSPerCm2, membrane.EKMv) with { RateScale = membrane.RateScale },
        Passive(membrane.GLMSPerCm2, membrane.ELMv, "leak"),
    };

    /// <summary>A passive leak g·(V − E) (NEURON's <c>pas</c>): g in mS/cm², e in mV.</summary>
    public static Channel Passive(double gMSPerCm2, double eMv, string name = "pas") => Channel.Create<NoGates>(name, gMSPerCm2, eMv);
}

/// <summary>HH's sodium channel: activation m (cubed) and inactivation h, with <see cref="Kinetics"/>' rates.</summary>
public readonly struct HhSodium : IChannelKinetics<HhSodium>
{
    private static readonly ChannelGate[] GateList = { new("m", 3), new("h", 1) };

    /// <inheritdoc/>
    public static bool RatesFiniteWithinBlowUpBound => true;

    /// <inheritdoc/>
    public static IReadOnlyList<ChannelGate> Gates => GateList;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ForEachGate<TVisitor>(ref TVisitor visitor) where TVisitor : struct, IGateVisitor
    {
        visitor.Visit(0, 3);
        visitor.Visit(1, 1);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GateRates<T> Rates<T>(int gate, T vMv) where T : struct, ILane<T> => gate == 0
        ? new(Kinetics.AlphaM(vMv), Kinetics.BetaM(vMv))
        : new(Kinetics.AlphaH(vMv), Kinetics.BetaH(vMv));
}

/// <summary>HH's delayed-rectifier potassium channel: activation n (to the fourth), with <see cref="Kinetics"/>' rates.</summary>
public readonly struct HhPotassium : IChannelKinetics<HhPotassium>
{
    private static readonly ChannelGate[] GateList = { new("n", 4) };

    /// <inheritdoc/>
    public static bool RatesFiniteWithinBlowUpBound => true;

    /// <inheritdoc/>
    public static IReadOnlyList<ChannelGate> Gates => GateList;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ForEachGate<TVisitor>(ref TVisitor visitor) where TVisitor : struct, IGateVisitor => visitor.Visit(0, 4);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GateRates<T> Rates<T>(int gate, T vMv) where T : struct, ILane<T> => new(Kinetics.AlphaN(vMv), Kinetics.BetaN(vMv));
}

/// <summary>No gates: a constant conductance (a leak).</summary>
public readonly struct NoGates : IChannelKinetics<NoGates>
{
    /// <inheritdoc/>
    public static IReadOnlyList<ChannelGate> Gates => Array.Empty<ChannelGate>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ForEachGate<TVisitor>(ref TVisitor visitor) where TVisitor : struct, IGateVisitor { }

    /// <inheritdoc/>
    public static GateRates<T> Rates<T>(int gate, T vMv) where T : struct, ILane<T> =>
        throw new ArgumentOutOfRangeException(nameof(gate), gate, "gate: a channel without gates has no rates");
}
