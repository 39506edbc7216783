using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;

namespace HHFunctional.Core.Model;

/// <summary>
/// A membrane's constants as lane values, broadcast once per update so that the equations below read them as plain
/// values (µF/cm², mS/cm², mV; φ dimensionless).
/// </summary>
internal readonly struct MembraneLanes<T> where T : struct, ILane<T>
{
    public MembraneLanes(Membrane p)
    {
        GNa = T.Broadcast(p.GNaMSPerCm2); GK = T.Broadcast(p.GKMSPerCm2); GL = T.Broadcast(p.GLMSPerCm2);
        ENa = T.Broadcast(p.ENaMv); EK = T.Broadcast(p.EKMv); EL = T.Broadcast(p.ELMv);
        Phi = T.Broadcast(p.RateScale);
        CmUFPerCm2 = p.CmUFPerCm2;
    }

    public readonly T GNa, GK, GL, ENa, EK, EL, Phi;
    public readonly double CmUFPerCm2;
}

/// <summary>Ionic membrane currents in µA/cm² (outward positive), as the seed writes them; each written once, generic over the lane.</summary>
public static class Currents
{
    /// <summary>I_Na = g_Na m³ h (V − E_Na); m³ is a pow call on the scalar lane, as in the seed's <c>m**3</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Sodium<T>(in MembraneLanes<T> p, T vMv, T m, T h) where T : struct, ILane<T> => p.GNa * T.Cube(m) * h * (vMv - p.ENa);

    /// <summary>I_K = g_K n⁴ (V − E_K); n⁴ is a pow call on the scalar lane, as in the seed's <c>n**4</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Potassium<T>(in MembraneLanes<T> p, T vMv, T n) where T : struct, ILane<T> => p.GK * T.Fourth(n) * (vMv - p.EK);

    /// <summary>I_L = g_L (V − E_L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Leak<T>(in MembraneLanes<T> p, T vMv) where T : struct, ILane<T> => p.GL * (vMv - p.EL);

    /// <summary>
    /// The membrane linearised at fixed gates, I_ion = G·V − G·E_eff: total conductance G (mS/cm²) and the
    /// conductance-weighted reversal sum G·E_eff (µA/cm²). Exact for HH, whose currents are linear in V at fixed gates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (T G, T GE) Linearised<T>(in MembraneLanes<T> p, T m, T h, T n) where T : struct, ILane<T>
    {
        var gNa = p.GNa * T.Cube(m) * h;
        var gK = p.GK * T.Fourth(n);
        return (gNa + gK + p.GL, gNa * p.ENa + gK * p.EK + p.GL * p.EL);
    }

    /// <summary>I_Na = g_Na m³ h (V − E_Na) in µA/cm².</summary>
    public static double SodiumUAPerCm2(Membrane p, double vMv, double m, double h) => Sodium<ScalarLane>(new(p), vMv, m, h);

    /// <summary>I_K = g_K n⁴ (V − E_K) in µA/cm².</summary>
    public static double PotassiumUAPerCm2(Membrane p, double vMv, double n) => Potassium<ScalarLane>(new(p), vMv, n);

    /// <summary>I_L = g_L (V − E_L) in µA/cm².</summary>
    public static double LeakUAPerCm2(Membrane p, double vMv) => Leak<ScalarLane>(new(p), vMv);

    /// <summary>Total ionic current I_Na + I_K + I_L in µA/cm².</summary>
    public static double IonicUAPerCm2(Membrane p, double vMv, double m, double h, double n) =>
        SodiumUAPerCm2(p, vMv, m, h) + PotassiumUAPerCm2(p, vMv, n) + LeakUAPerCm2(p, vMv);

    /// <summary>
    /// The membrane linearised at fixed gates, I_ion = G·V − G·E_eff: total conductance G in mS/cm² and the
    /// conductance-weighted reversal sum G·E_eff in µA/cm².
    /// </summary>
    public static (double GMSPerCm2, double GEUAPerCm2) Linearised(Membrane p, double m, double h, double n)
    {
        var (g, gE) = Linearised<ScalarLane>(new(p), m, h, n);
        return (g, gE);
    }
}
