using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// The axial current into a compartment from one neighbour, in each cable mode, resolved once per step so the loops
/// stay branch-light. Seed mode keeps the seed's operation order ((v_nb − v)/b_r)·dt bit for bit.
/// </summary>
internal readonly struct Coupling
{
    private readonly bool _seed;
    private readonly double _seedBR;
    private readonly double _seedDtMs;

    /// <summary>Conductance to one neighbour per unit membrane area in mS/cm² (seed mode: the effective dt/b_r).</summary>
    public readonly double GMSPerCm2;

    public Coupling(SimulationSpec spec)
    {
        switch (spec.Parameters.Cable)
        {
            case SeedCoupling s:
                _seed = true; _seedBR = s.BR; _seedDtMs = spec.DtMs; GMSPerCm2 = spec.DtMs / s.BR;
                break;
            case PhysicalCable c:
                _seed = false; _seedBR = double.NaN; _seedDtMs = double.NaN; GMSPerCm2 = c.CouplingMSPerCm2(spec.Compartments);
                break;
            default:
                throw new InvalidOperationException("validated spec has an unknown cable");
        }
    }

    /// <summary>Current density (µA/cm²) into a compartment at vMv from a neighbour at vNeighbourMv.</summary>
    public double From(double vNeighbourMv, double vMv) =>
        _seed ? ((vNeighbourMv - vMv) / _seedBR) * _seedDtMs : GMSPerCm2 * (vNeighbourMv - vMv);

    /// <summary>Stimulus plus axial current into compartment c of neuron j, summed in the seed's order (own, previous, next).</summary>
    public double Total(double stimUAPerCm2, ReadOnlySpan<double> v, int c, int j, int neurons, int compartments)
    {
        int i = c * neurons + j;
        double current = stimUAPerCm2;
        if (c > 0) current += From(v[i - neurons], v[i]);
        if (c < compartments - 1) current += From(v[i + neurons], v[i]);
        return current;
    }
}
