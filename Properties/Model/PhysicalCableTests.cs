using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Model;

/// <summary>Oracle: the cable's definitions worked out by hand in SI units (independent of the code's unit factors).</summary>
public class PhysicalCableTests
{
    private static readonly PhysicalCable Squid = new(DiameterUm: 476.0, LengthUm: 50_000.0, RaOhmCm: 35.4);

    [Fact]
    public void AxialConductanceIsDiameterOverFourRaDxSquared()
    {
        // SI: d = 476e-6 m, Ra = 0.354 Ω·m, Δx = 100e-6 m (500 compartments):
        // g = d/(4·Ra·Δx²) = 476e-6 / (4 · 0.354 · 1e-8) S/m² = 33,615.8 S/m² = 3.36158 S/cm² = 3361.58 mS/cm².
        double expected = 476e-6 / (4 * 0.354 * 100e-6 * 100e-6) * 1e-4 * 1e3;
        Assert.Equal(3361.58, expected, 2);
        Assert.Equal(expected, Squid.CouplingMSPerCm2(500), 9);
    }

    [Fact]
    public void CompartmentsSitAtTheCentresOfEqualPieces()
    {
        Assert.Equal(100.0, Squid.CompartmentLengthUm(500), 12);
        Assert.Equal(50.0, Squid.PositionUm(0, 500), 12);
        Assert.Equal(20_050.0, Squid.PositionUm(200, 500), 9);
        Assert.Equal(49_950.0, Squid.PositionUm(499, 500), 9);
    }

    [Fact]
    public void CompartmentAreaIsPiDDx()
    {
        // π · 476e-4 cm · 100e-4 cm = 1.49540e-3 cm².
        Assert.Equal(Math.PI * 476e-4 * 100e-4, Squid.CompartmentAreaCm2(500), 15);
    }
}
