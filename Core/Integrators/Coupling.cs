using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// The axial coupling between neighbouring compartments in each cable mode, resolved once per run: its conductance per
/// unit membrane area (the implicit schemes' matrix) and, for the explicit schemes, the current from one neighbour.
/// </summary>
internal readonly struct Coupling
{
    public Coupling(SimulationSpec spec)
    {
        switch (spec.Parameters.Cable)
        {
            case SeedCoupling s:
                IsSeed = true; SeedBR = s.BR; DtMs = spec.DtMs; GMSPerCm2 = spec.DtMs / s.BR;
                break;
            case PhysicalCable c:
                IsSeed = false; SeedBR = double.NaN; DtMs = spec.DtMs; GMSPerCm2 = c.CouplingMSPerCm2(spec.Compartments);
                break;
            case TreeCable:
                // a tree's axial conductances are per edge (TreeAxial, CableTree.Of)
                IsSeed = false; SeedBR = double.NaN; DtMs = spec.DtMs; GMSPerCm2 = 0.0;
                break;
            default:
                throw new InvalidOperationException("validated spec has an unknown cable");
        }
    }

    /// <summary>Whether this is the seed's coupling (b_r, dt applied twice).</summary>
    public bool IsSeed { get; }
    /// <summary>The seed's b_r; NaN for a physical cable.</summary>
    public double SeedBR { get; }
    /// <summary>The time step, ms (the seed's coupling multiplies by it).</summary>
    public double DtMs { get; }
    /// <summary>Conductance to one neighbour per unit membrane area in mS/cm² (seed mode: the effective dt/b_r).</summary>
    public double GMSPerCm2 { get; }
}

/// <summary><see cref="Coupling"/> as lane values, broadcast once per update.</summary>
internal readonly struct CouplingLanes<T> where T : struct, ILane<T>
{
    private readonly bool _seed;
    private readonly T _seedBR, _dtMs;

    public CouplingLanes(in Coupling c)
    {
        _seed = c.IsSeed;
        _seedBR = T.PrepareDivisor(c.IsSeed ? c.SeedBR : 1.0);
        _dtMs = T.Broadcast(c.DtMs);
        G = T.Broadcast(c.GMSPerCm2);
    }

    /// <summary>Conductance to one neighbour, mS/cm².</summary>
    public T G { get; }

    // Seed: ((v_nb − v)/b_r)·dt, its operation order (hodgkin_huxley_pymonnto.md, new_iteration); physical: g·(v_nb − v).
    /// <summary>Current density (µA/cm²) into a compartment at <paramref name="vMv"/> from a neighbour at <paramref name="vNeighbourMv"/>.</summary>
    /// <typeparam name="TSeed">Whether this is the seed's coupling (<see cref="IsSeed"/>), as a type, so that a loop
    /// compiled for one mode has no test of it.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T From<TSeed>(T vNeighbourMv, T vMv) where TSeed : IFlag =>
        TSeed.On ? T.DivideByPrepared(vNeighbourMv - vMv, _seedBR) * _dtMs : G * (vNeighbourMv - vMv);

    /// <summary>Whether this is the seed's coupling.</summary>
    public bool IsSeed => _seed;
}
