namespace HHFunctional.Core.Model;

/// <summary>Ionic membrane currents in µA/cm² (outward positive), as the seed writes them.</summary>
public static class Currents
{
    /// <summary>I_Na = g_Na m³ h (V − E_Na); m³ is a pow call as in the seed's <c>m**3</c>.</summary>
    public static double SodiumUAPerCm2(Membrane p, double vMv, double m, double h) =>
        p.GNaMSPerCm2 * Math.Pow(m, 3) * h * (vMv - p.ENaMv);

    /// <summary>I_K = g_K n⁴ (V − E_K); n⁴ is a pow call as in the seed's <c>n**4</c>.</summary>
    public static double PotassiumUAPerCm2(Membrane p, double vMv, double n) =>
        p.GKMSPerCm2 * Math.Pow(n, 4) * (vMv - p.EKMv);

    /// <summary>I_L = g_L (V − E_L).</summary>
    public static double LeakUAPerCm2(Membrane p, double vMv) => p.GLMSPerCm2 * (vMv - p.ELMv);

    /// <summary>Total ionic current I_Na + I_K + I_L in µA/cm².</summary>
    public static double IonicUAPerCm2(Membrane p, double vMv, double m, double h, double n) =>
        SodiumUAPerCm2(p, vMv, m, h) + PotassiumUAPerCm2(p, vMv, n) + LeakUAPerCm2(p, vMv);

    /// <summary>
    /// The membrane linearised at fixed gates, I_ion = G·V − G·E_eff: total conductance G in mS/cm² and the
    /// conductance-weighted reversal sum G·E_eff in µA/cm². Exact for HH, whose currents are linear in V at fixed gates.
    /// </summary>
    public static (double GMSPerCm2, double GEUAPerCm2) Linearised(Membrane p, double m, double h, double n)
    {
        double gNa = p.GNaMSPerCm2 * Math.Pow(m, 3) * h;
        double gK = p.GKMSPerCm2 * Math.Pow(n, 4);
        double gL = p.GLMSPerCm2;
        return (gNa + gK + gL, gNa * p.ENaMv + gK * p.EKMv + gL * p.ELMv);
    }
}
