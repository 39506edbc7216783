namespace HHFunctional.Core.Model;

/// <summary>
/// Hodgkin–Huxley membrane parameters of one compartment (HH 1952; the seed's values by default).
/// Conductances are maximal conductances per unit membrane area.
/// </summary>
/// <param name="CmUFPerCm2">Membrane capacitance C_m in µF/cm²; must be &gt; 0. Seed: 1.0.</param>
/// <param name="GNaMSPerCm2">Maximal sodium conductance g_Na in mS/cm²; must be ≥ 0. Seed: 120.</param>
/// <param name="GKMSPerCm2">Maximal potassium conductance g_K in mS/cm²; must be ≥ 0. Seed: 36.</param>
/// <param name="GLMSPerCm2">Leak conductance g_L in mS/cm²; must be ≥ 0. Seed: 0.3.</param>
/// <param name="ENaMv">Sodium reversal potential E_Na in mV. Seed: 50.</param>
/// <param name="EKMv">Potassium reversal potential E_K in mV. Seed: −77.</param>
/// <param name="ELMv">Leak reversal potential E_L in mV. Seed: −54.387.</param>
/// <param name="TemperatureC">Temperature in °C; every rate is scaled by φ = 3^((T − 6.3)/10) (Q10 = 3). Default 6.3 (φ = 1).</param>
public sealed record Membrane(
    double CmUFPerCm2,
    double GNaMSPerCm2,
    double GKMSPerCm2,
    double GLMSPerCm2,
    double ENaMv,
    double EKMv,
    double ELMv,
    double TemperatureC = Membrane.ReferenceTemperatureC)
{
    /// <summary>The temperature at which the HH rate functions hold unscaled, in °C.</summary>
    public const double ReferenceTemperatureC = 6.3;

    /// <summary>The seed's (and HH 1952's) squid-axon membrane at 6.3 °C.</summary>
    public static Membrane Seed { get; } = new(1.0, 120.0, 36.0, 0.3, 50.0, -77.0, -54.387);

    /// <summary>Rate scale φ = 3^((T − 6.3)/10), exactly 1 at 6.3 °C.</summary>
    public double RateScale => TemperatureC == ReferenceTemperatureC
        ? 1.0
        : Math.Pow(3.0, (TemperatureC - ReferenceTemperatureC) / 10.0);
}
