using HHFunctional.Core.Morphology;

namespace HHFunctional.Core.Model;

/// <summary>
/// A branched cell: a morphology cut into NEURON's nodes (<see cref="DiscreteTree"/>), one compartment per node
/// (compartment k is node k; the spec's Compartments must be <c>Tree.Count</c>). Each node's equation is NEURON's, in
/// current density over the node's area: the axial current from a neighbour is g_axial·(v_nb − v)/area, a point current
/// I (nA) enters as I/area. Section ends are NEURON's zero-area nodes: no capacitance, no channels, and the area 100 µm²
/// that NEURON gives them to scale their equation (treeset.cpp), so that stimulus and recording there behave as NEURON's.
/// Runs with the implicit integrators (backward Euler, Crank–Nicolson); the explicit ones cannot step a node without
/// capacitance.
/// </summary>
/// <param name="Tree">The discretised morphology (its axial conductances carry the axial resistivity).</param>
public sealed record TreeCable(DiscreteTree Tree) : Cable
{
    /// <summary>The area NEURON gives a zero-area node for its equation, µm².</summary>
    public const double ZeroAreaNodeAreaUm2 = 100.0;

    /// <summary>Compartments of a spec with this cable: one per node.</summary>
    public int Compartments => Tree.Count;

    /// <summary>The area node <paramref name="node"/>'s equation is written over, µm²: its membrane area, or 100 for a section end.</summary>
    public double EquationAreaUm2(int node) => Tree.AreaUm2[node] > 0 ? Tree.AreaUm2[node] : ZeroAreaNodeAreaUm2;

    /// <summary>The current density (µA/cm²) a point current of <paramref name="currentNA"/> nA makes at node <paramref name="node"/>
    /// (NEURON's i·100/area in mA/cm², here ×1000).</summary>
    public double CurrentDensityUAPerCm2(int node, double currentNA) => currentNA * 1e5 / EquationAreaUm2(node);

    /// <summary>Axial conductance between node k and its parent per unit area of node <paramref name="over"/>'s equation, mS/cm²
    /// (NEURON's −NODEB for over = k, −NODEA for over = parent, ×1000).</summary>
    internal double AxialMSPerCm2(int node, int over) => 1e5 * Tree.AxialConductanceUS[node] / EquationAreaUm2(over);

    /// <summary>Per node, the sum of its axial conductances per unit area of its own equation, mS/cm² (the axial part of
    /// its row's diagonal): its edge to its parent, then its children's, in node order.</summary>
    internal double[] AxialSumsMSPerCm2()
    {
        var sums = new double[Tree.Count];
        for (int node = 1; node < Tree.Count; node++)
        {
            sums[node] += AxialMSPerCm2(node, node);
            sums[Tree.Parent[node]] += AxialMSPerCm2(node, Tree.Parent[node]);
        }
        return sums;
    }
}
