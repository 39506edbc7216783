using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;

namespace HHFunctional.Core.Model;

/// <summary>
/// A channel's current and its linearisation, each written once, generic over the lane: the engine's loops and the scalar
/// helpers below (and <see cref="Channel.CurrentUAPerCm2"/>) all call these.
/// </summary>
internal static class ChannelMath
{
    /// <summary>g·xᵖ: one gate's factor of a channel's conductance (the seed's g_Na·m³·h, taken left to right).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Factor<T>(T g, T gate, int exponent) where T : struct, ILane<T> => g * T.Power(gate, exponent);

    /// <summary>I = g·(V − E), µA/cm² (outward positive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Current<T>(T gMSPerCm2, T vMv, T eMv) where T : struct, ILane<T> => gMSPerCm2 * (vMv - eMv);

    /// <summary>(G, G·E) with one more channel of conductance g and reversal E added: the membrane linearised at fixed gates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (T G, T GE) AddLinearised<T>((T G, T GE) sum, T gMSPerCm2, T eMv) where T : struct, ILane<T> =>
        (sum.G + gMSPerCm2, sum.GE + gMSPerCm2 * eMv);
}

/// <summary>Ionic membrane currents of the seed's hh in µA/cm² (outward positive), from its channels (<see cref="Channels.Hh"/>).</summary>
public static class Currents
{
    /// <summary>I_Na = g_Na m³ h (V − E_Na) in µA/cm².</summary>
    public static double SodiumUAPerCm2(Membrane p, double vMv, double m, double h) => Channels.Hh(p)[0].CurrentUAPerCm2(vMv, m, h);

    /// <summary>I_K = g_K n⁴ (V − E_K) in µA/cm².</summary>
    public static double PotassiumUAPerCm2(Membrane p, double vMv, double n) => Channels.Hh(p)[1].CurrentUAPerCm2(vMv, n);

    /// <summary>I_L = g_L (V − E_L) in µA/cm².</summary>
    public static double LeakUAPerCm2(Membrane p, double vMv) => Channels.Hh(p)[2].CurrentUAPerCm2(vMv);

    /// <summary>Total ionic current I_Na + I_K + I_L in µA/cm².</summary>
    public static double IonicUAPerCm2(Membrane p, double vMv, double m, double h, double n) =>
        SodiumUAPerCm2(p, vMv, m, h) + PotassiumUAPerCm2(p, vMv, n) + LeakUAPerCm2(p, vMv);

    /// <summary>
    /// The membrane linearised at fixed gates, I_ion = G·V − G·E_eff: total conductance G in mS/cm² and the
    /// conductance-weighted reversal sum G·E_eff in µA/cm² (summed in the channels' order, as the engine does).
    /// </summary>
    public static (double GMSPerCm2, double GEUAPerCm2) Linearised(Membrane p, double m, double h, double n)
    {
        var channels = Channels.Hh(p);
        var gates = new[] { new[] { m, h }, new[] { n }, Array.Empty<double>() };
        (ScalarLane G, ScalarLane GE) sum = (0.0, 0.0);
        for (int c = 0; c < channels.Count; c++)
            sum = ChannelMath.AddLinearised<ScalarLane>(sum, channels[c].ConductanceMSPerCm2(gates[c]), channels[c].EMv);
        return (sum.G, sum.GE);
    }
}
