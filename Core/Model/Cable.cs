namespace HHFunctional.Core.Model;

/// <summary>How neighbouring compartments of a neuron are coupled. Ends are sealed in every mode.</summary>
public abstract record Cable
{
    private protected Cable() { }

    /// <summary>The seed's coupling with b_r = 0.15.</summary>
    public static Cable Seed { get; } = new SeedCoupling(0.15);
}

/// <summary>
/// The seed's simplified resistive coupling (hodgkin_huxley_pymonnto.md, <c>new_iteration</c>): compartment k receives
/// ((v[k−1] − v[k]) / b_r)·dt + ((v[k+1] − v[k]) / b_r)·dt as "current", and the voltage update multiplies by dt again,
/// so the effective coupling conductance is dt/b_r. The seed warns: "It is NOT physically accurate". Kept as it is,
/// quirks included, so the seed's run is reproduced; use <see cref="PhysicalCable"/> for science.
/// </summary>
/// <param name="BR">The seed's b_r ("resistance between blocks in ohms"; no geometry): must be finite and &gt; 0. Seed: 0.15.</param>
public sealed record SeedCoupling(double BR) : Cable
{
    /// <summary>The seed's coupling term from one neighbour, ((vNeighbour − v)/b_r)·dt, in the seed's operation order.</summary>
    public double TermFrom(double vNeighbourMv, double vMv, double dtMs) => ((vNeighbourMv - vMv) / BR) * dtMs;
}

/// <summary>
/// A uniform cylindrical cable in real units, split into equal compartments; compartment k is centred at
/// x = (k + ½)·Δx. Neighbours are joined by the axial conductance per unit membrane area
/// g = d / (4·Ra·Δx²) (derivation in the README: with d, Δx in µm and Ra in Ω·cm, g = 10⁷·d/(4·Ra·Δx²) mS/cm²).
/// </summary>
/// <param name="DiameterUm">Axon diameter d in µm; finite, &gt; 0.</param>
/// <param name="LengthUm">Total length L in µm; finite, &gt; 0.</param>
/// <param name="RaOhmCm">Axial resistivity Ra in Ω·cm; finite, &gt; 0.</param>
public sealed record PhysicalCable(double DiameterUm, double LengthUm, double RaOhmCm) : Cable
{
    /// <summary>Compartment length Δx = L / B in µm.</summary>
    public double CompartmentLengthUm(int compartments) => LengthUm / compartments;

    /// <summary>Axial coupling conductance between neighbours per unit membrane area, in mS/cm².</summary>
    public double CouplingMSPerCm2(int compartments)
    {
        double dxUm = CompartmentLengthUm(compartments);
        // d/(4·Ra·Δx²): µm/(Ω·cm·µm²) = 1e4 /(Ω·cm²) = 1e4 S/cm² = 1e7 mS/cm².
        return 1e7 * DiameterUm / (4.0 * RaOhmCm * dxUm * dxUm);
    }

    /// <summary>Centre of compartment k, (k + ½)·Δx, in µm.</summary>
    public double PositionUm(int compartment, int compartments) => (compartment + 0.5) * CompartmentLengthUm(compartments);

    /// <summary>Lateral membrane area of one compartment, π·d·Δx, in cm².</summary>
    public double CompartmentAreaCm2(int compartments) => Math.PI * DiameterUm * CompartmentLengthUm(compartments) * 1e-8;

    /// <summary>
    /// The current density (µA/cm²) over one compartment's membrane that carries a total current of
    /// <paramref name="nanoamps"/> nA: nA × 1e-3 / <see cref="CompartmentAreaCm2"/> (what the stimulus holds).
    /// </summary>
    /// <param name="nanoamps">Total current in nA (positive depolarises).</param>
    /// <param name="compartments">Compartments B the cable is split into, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="compartments"/> &lt; 1.</exception>
    public double DensityUAPerCm2(double nanoamps, int compartments)
    {
        if (compartments < 1) throw new ArgumentOutOfRangeException(nameof(compartments), compartments, "compartments: expected an integer ≥ 1");
        return nanoamps * 1e-3 / CompartmentAreaCm2(compartments);
    }
}
