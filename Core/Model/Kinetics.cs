namespace HHFunctional.Core.Model;

/// <summary>
/// HH 1952 gating kinetics in the seed's form (V in mV, rates in 1/ms, at 6.3 °C), laid out as NEURON's hh.mod.
/// Every gate x obeys dx/dt = α_x(V)(1 − x) − β_x(V)x.
/// </summary>
/// <remarks>
/// The floating-point expressions are the seed's own (hodgkin_huxley_pymonnto.md, HH_main.alpha_m … beta_n), so the
/// seed's reference run is reproduced to round-off. The only change is at the removable singularities of α_m
/// (V = −40 mV) and α_n (V = −55 mV), where the seed's formula is 0/0: there <see cref="Vtrap"/> takes the limit.
/// </remarks>
public static class Kinetics
{
    /// <summary>|x/y| below which <see cref="Vtrap"/> uses its Taylor branch (hh.mod uses 1e-6 too).</summary>
    internal const double VtrapTaylorThreshold = 1e-6;

    /// <summary>
    /// x / (1 − exp(−x/y)), finite at x = 0 where it tends to y. Written as the seed writes α_m and α_n;
    /// near 0 the two-term Taylor series y·(1 + x/y/2) (error below (x/y)²/12 relative, ≤ 1e-13) replaces 0/0.
    /// </summary>
    public static double Vtrap(double x, double y)
    {
        double u = x / y;
        return Math.Abs(u) < VtrapTaylorThreshold ? y * (1.0 + u / 2.0) : x / (1.0 - Math.Exp(-x / y));
    }

    // α_m = 0.1(V+40)/(1 − exp(−(V+40)/10)); the seed computes 0.1*(V+40) first, then divides.
    /// <summary>Sodium activation opening rate α_m(V) in 1/ms; finite at −40 mV (limit 1.0).</summary>
    public static double AlphaM(double vMv)
    {
        double x = vMv + 40.0;
        return Math.Abs(x / 10.0) < VtrapTaylorThreshold ? 0.1 * Vtrap(x, 10.0) : 0.1 * x / (1.0 - Math.Exp(-x / 10.0));
    }

    /// <summary>Sodium activation closing rate β_m(V) = 4 exp(−(V+65)/18) in 1/ms.</summary>
    public static double BetaM(double vMv) => 4.0 * Math.Exp(-(vMv + 65.0) / 18.0);

    /// <summary>Sodium inactivation recovery rate α_h(V) = 0.07 exp(−(V+65)/20) in 1/ms.</summary>
    public static double AlphaH(double vMv) => 0.07 * Math.Exp(-(vMv + 65.0) / 20.0);

    /// <summary>Sodium inactivation rate β_h(V) = 1/(1 + exp(−(V+35)/10)) in 1/ms.</summary>
    public static double BetaH(double vMv) => 1.0 / (1.0 + Math.Exp(-(vMv + 35.0) / 10.0));

    // α_n = 0.01(V+55)/(1 − exp(−(V+55)/10)).
    /// <summary>Potassium activation opening rate α_n(V) in 1/ms; finite at −55 mV (limit 0.1).</summary>
    public static double AlphaN(double vMv)
    {
        double x = vMv + 55.0;
        return Math.Abs(x / 10.0) < VtrapTaylorThreshold ? 0.01 * Vtrap(x, 10.0) : 0.01 * x / (1.0 - Math.Exp(-x / 10.0));
    }

    /// <summary>Potassium activation closing rate β_n(V) = 0.125 exp(−(V+65)/80) in 1/ms.</summary>
    public static double BetaN(double vMv) => 0.125 * Math.Exp(-(vMv + 65.0) / 80.0);

    /// <summary>Steady state x∞ = α/(α+β) of a gate.</summary>
    public static double SteadyState(double alpha, double beta) => alpha / (alpha + beta);

    /// <summary>Steady-state gates (m∞, h∞, n∞) at a voltage.</summary>
    public static (double M, double H, double N) SteadyGates(double vMv) =>
        (SteadyState(AlphaM(vMv), BetaM(vMv)),
         SteadyState(AlphaH(vMv), BetaH(vMv)),
         SteadyState(AlphaN(vMv), BetaN(vMv)));
}
