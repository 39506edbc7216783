using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;

namespace HHFunctional.Core.Model;

/// <summary>
/// HH 1952 gating kinetics in the seed's form (V in mV, rates in 1/ms, at 6.3 °C), laid out as NEURON's hh.mod.
/// Every gate x obeys dx/dt = α_x(V)(1 − x) − β_x(V)x.
/// </summary>
/// <remarks>
/// Each rate is written once, generic over the lane type (<see cref="ILane{T}"/>): the scalar lane keeps the seed's own
/// floating-point expressions (hodgkin_huxley_pymonnto.md, HH_main.alpha_m … beta_n), so the seed's reference run is
/// reproduced to round-off; the vector lane evaluates the same expressions eight at a time. The only change from the
/// seed is at the removable singularities of α_m (V = −40 mV) and α_n (V = −55 mV), where the seed's formula is 0/0:
/// there <see cref="ScaledVtrap{T}"/> takes the limit.
/// </remarks>
public static class Kinetics
{
    /// <summary>|x/y| below which <see cref="Vtrap"/> uses its Taylor branch (hh.mod uses 1e-6 too).</summary>
    internal const double VtrapTaylorThreshold = 1e-6;

    // a·x / (1 − exp(−x/y)), the seed's form of α_m (a = 0.1, y = 10) and α_n (a = 0.01, y = 10); near x = 0 (0/0) the
    // two-term Taylor series a·y·(1 + x/y/2) (error below (x/y)²/12 relative, ≤ 1e-13), as hh.mod's vtrap.
    /// <summary>a·x/(1 − exp(−x/y)), finite at x = 0 (limit a·y): the only place the 0/0 of the HH rates is handled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledVtrap<T>(double a, T x, double y) where T : struct, ILane<T>
    {
        var u = T.DivideBy(x, y);
        var taylor = T.Broadcast(a) * (T.Broadcast(y) * (T.Broadcast(1.0) + T.DivideBy(u, 2.0)));
        var formula = T.Broadcast(a) * x / (T.Broadcast(1.0) - T.Exp(T.DivideBy(-x, y)));
        return T.Select(T.LessThan(T.Abs(u), T.Broadcast(VtrapTaylorThreshold)), taylor, formula);
    }

    /// <summary>x / (1 − exp(−x/y)), finite at x = 0 where it tends to y (<see cref="ScaledVtrap{T}"/> with a = 1).</summary>
    public static double Vtrap(double x, double y) => ScaledVtrap<ScalarLane>(1.0, x, y);

    /// <summary>α_m = 0.1(V+40)/(1 − exp(−(V+40)/10)) in 1/ms; finite at −40 mV (limit 1.0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AlphaM<T>(T vMv) where T : struct, ILane<T> => ScaledVtrap(0.1, vMv + T.Broadcast(40.0), 10.0);

    /// <summary>β_m = 4 exp(−(V+65)/18) in 1/ms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T BetaM<T>(T vMv) where T : struct, ILane<T> => T.Broadcast(4.0) * T.Exp(T.DivideBy(-(vMv + T.Broadcast(65.0)), 18.0));

    /// <summary>α_h = 0.07 exp(−(V+65)/20) in 1/ms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AlphaH<T>(T vMv) where T : struct, ILane<T> => T.Broadcast(0.07) * T.Exp(T.DivideBy(-(vMv + T.Broadcast(65.0)), 20.0));

    /// <summary>β_h = 1/(1 + exp(−(V+35)/10)) in 1/ms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T BetaH<T>(T vMv) where T : struct, ILane<T> =>
        T.Broadcast(1.0) / (T.Broadcast(1.0) + T.Exp(T.DivideBy(-(vMv + T.Broadcast(35.0)), 10.0)));

    /// <summary>α_n = 0.01(V+55)/(1 − exp(−(V+55)/10)) in 1/ms; finite at −55 mV (limit 0.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AlphaN<T>(T vMv) where T : struct, ILane<T> => ScaledVtrap(0.01, vMv + T.Broadcast(55.0), 10.0);

    /// <summary>β_n = 0.125 exp(−(V+65)/80) in 1/ms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T BetaN<T>(T vMv) where T : struct, ILane<T> => T.Broadcast(0.125) * T.Exp(T.DivideBy(-(vMv + T.Broadcast(65.0)), 80.0));

    /// <summary>Sodium activation opening rate α_m(V) in 1/ms; finite at −40 mV (limit 1.0).</summary>
    public static double AlphaM(double vMv) => AlphaM<ScalarLane>(vMv);
    /// <summary>Sodium activation closing rate β_m(V) = 4 exp(−(V+65)/18) in 1/ms.</summary>
    public static double BetaM(double vMv) => BetaM<ScalarLane>(vMv);
    /// <summary>Sodium inactivation recovery rate α_h(V) = 0.07 exp(−(V+65)/20) in 1/ms.</summary>
    public static double AlphaH(double vMv) => AlphaH<ScalarLane>(vMv);
    /// <summary>Sodium inactivation rate β_h(V) = 1/(1 + exp(−(V+35)/10)) in 1/ms.</summary>
    public static double BetaH(double vMv) => BetaH<ScalarLane>(vMv);
    /// <summary>Potassium activation opening rate α_n(V) in 1/ms; finite at −55 mV (limit 0.1).</summary>
    public static double AlphaN(double vMv) => AlphaN<ScalarLane>(vMv);
    /// <summary>Potassium activation closing rate β_n(V) = 0.125 exp(−(V+65)/80) in 1/ms.</summary>
    public static double BetaN(double vMv) => BetaN<ScalarLane>(vMv);

    /// <summary>Steady state x∞ = α/(α+β) of a gate.</summary>
    public static double SteadyState(double alpha, double beta) => alpha / (alpha + beta);

    /// <summary>Steady-state gates (m∞, h∞, n∞) at a voltage.</summary>
    public static (double M, double H, double N) SteadyGates(double vMv)
    {
        return (SteadyState(AlphaM(vMv), BetaM(vMv)), SteadyState(AlphaH(vMv), BetaH(vMv)), SteadyState(AlphaN(vMv), BetaN(vMv)));
    }
}
