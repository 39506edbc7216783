using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// A tree-structured matrix as NEURON keeps it (solve.cpp): nodes numbered so that every parent comes before its
/// children (node 0 the root), each node a row of the group's compartment-major arrays, and per node the two entries
/// that join it to its parent: <see cref="ParentRowEntry"/> (in the parent's row, at the node's column: NEURON's a) and
/// <see cref="OwnRowEntry"/> (in the node's row, at the parent's column: NEURON's b).
/// </summary>
/// <param name="Compartment">Compartment of node k.</param>
/// <param name="Parent">Parent node of node k (&lt; k); −1 for the root.</param>
/// <param name="ParentRowEntry">Matrix entry A[parent(k)][k].</param>
/// <param name="OwnRowEntry">Matrix entry A[k][parent(k)].</param>
internal sealed record CableTree(int[] Compartment, int[] Parent, double[] ParentRowEntry, double[] OwnRowEntry)
{
    /// <summary>
    /// An unbranched cable of <paramref name="compartments"/> with off-diagonals <paramref name="offDiagonal"/>, rooted at its
    /// middle compartment m = ⌊B/2⌋ and numbered m, m−1, m+1, m−2, m+2, …: the elimination then walks both halves towards
    /// the middle at once (two independent chains, the twisted factorisation), which halves a long cable's solve time.
    /// </summary>
    public static CableTree Chain(int compartments, double offDiagonal)
    {
        int meet = compartments / 2;
        var compartment = new int[compartments];
        var parent = new int[compartments];
        var nodeOf = new int[compartments];
        compartment[0] = meet; parent[0] = -1; nodeOf[meet] = 0;
        int k = 1;
        for (int t = 1; k < compartments; t++)
        {
            if (meet - t >= 0) { compartment[k] = meet - t; nodeOf[meet - t] = k; parent[k] = nodeOf[meet - t + 1]; k++; }
            if (meet + t < compartments) { compartment[k] = meet + t; nodeOf[meet + t] = k; parent[k] = nodeOf[meet + t - 1]; k++; }
        }
        var entries = Enumerable.Repeat(offDiagonal, compartments).ToArray();
        return new CableTree(compartment, parent, entries, entries);
    }

    /// <summary>
    /// A branched cell's matrix: node k of <paramref name="cable"/> is compartment k, eliminated in the order
    /// <paramref name="order"/> (default the tree's own numbering; any order that puts node 0 first and every parent
    /// before its children is valid and gives the same solution up to rounding).
    /// </summary>
    public static CableTree Of(TreeCable cable, IReadOnlyList<int>? order = null)
    {
        var tree = cable.Tree;
        int n = tree.Count;
        order ??= Enumerable.Range(0, n).ToArray();
        var position = new int[n];
        for (int k = 0; k < n; k++) position[order[k]] = k;
        var compartment = order.ToArray();
        var parent = new int[n];
        var a = new double[n];
        var b = new double[n];
        parent[0] = -1;
        for (int k = 1; k < n; k++)
        {
            int node = order[k], p = tree.Parent[node];
            parent[k] = position[p];
            if (parent[k] >= k) throw new ArgumentException($"order: node {node} comes before its parent {p}", nameof(order));
            a[k] = -cable.AxialMSPerCm2(node, p);
            b[k] = -cable.AxialMSPerCm2(node, node);
        }
        return new CableTree(compartment, parent, a, b);
    }
}

/// <summary>
/// Hines elimination (NEURON's triang and bksub, solve.cpp): Gaussian elimination on a tree matrix from the leaves up,
/// then back substitution from the root down, O(nodes), no pivoting. An unbranched cable is the tree of
/// <see cref="CableTree.Chain"/>. Stable for the diagonally dominant matrices of the implicit cable step
/// (C/Δt + G_ion + Σg_axial &gt; Σg_axial).
/// </summary>
internal static class Hines
{
    /// <summary>
    /// Solves the systems of neurons [<paramref name="firstNeuron"/>, <paramref name="endNeuron"/>) (a whole number of lanes)
    /// in the flat arrays (node k of neuron j at offset + Compartment[k]·stride + j). Contract, as NEURON's: the right-hand
    /// side <paramref name="rhs"/> is replaced by the solution; <paramref name="diagonal"/> is destroyed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve<T>(CableTree tree, Span<double> diagonal, Span<double> rhs, int offset, int stride, int firstNeuron, int endNeuron)
        where T : struct, ILane<T>
    {
        ref double d = ref diagonal[0];
        ref double r = ref rhs[0];
        int[] compartment = tree.Compartment, parent = tree.Parent;
        double[] a = tree.ParentRowEntry, b = tree.OwnRowEntry;
        // Leaves up: row p loses its entry at column k by subtracting (a_k / d_k) × row k.
        for (int k = compartment.Length - 1; k >= 1; k--)
        {
            nuint row = (nuint)(offset + compartment[k] * stride), parentRow = (nuint)(offset + compartment[parent[k]] * stride);
            var ak = T.Broadcast(a[k]);
            var bk = T.Broadcast(b[k]);
            for (int j = firstNeuron; j < endNeuron; j += T.Count)
            {
                var f = ak / T.Load(ref d, row + (nuint)j);
                T.Store(T.Load(ref d, parentRow + (nuint)j) - f * bk, ref d, parentRow + (nuint)j);
                T.Store(T.Load(ref r, parentRow + (nuint)j) - f * T.Load(ref r, row + (nuint)j), ref r, parentRow + (nuint)j);
            }
        }
        nuint root = (nuint)(offset + compartment[0] * stride);
        for (int j = firstNeuron; j < endNeuron; j += T.Count)
            T.Store(T.Load(ref r, root + (nuint)j) / T.Load(ref d, root + (nuint)j), ref r, root + (nuint)j);
        // Root down: x_k = (r_k − b_k·x_parent) / d_k.
        for (int k = 1; k < compartment.Length; k++)
        {
            nuint row = (nuint)(offset + compartment[k] * stride), parentRow = (nuint)(offset + compartment[parent[k]] * stride);
            var bk = T.Broadcast(b[k]);
            for (int j = firstNeuron; j < endNeuron; j += T.Count)
                T.Store((T.Load(ref r, row + (nuint)j) - bk * T.Load(ref r, parentRow + (nuint)j)) / T.Load(ref d, row + (nuint)j),
                    ref r, row + (nuint)j);
        }
    }
}

/// <summary>
/// The axial currents of a tree at the old v, edge by edge (NEURON's nrn_rhs): for node k and its parent p,
/// g_k·(v_p − v_k) into k and g'_k·(v_k − v_p) into p, with g_k = −OwnRowEntry and g'_k = −ParentRowEntry (per unit area of
/// each node's equation). Each node's sum runs in node order: its own edge first, then its children's.
/// </summary>
internal static class TreeAxial
{
    /// <summary>Writes the axial current density (µA/cm²) of neurons [firstNeuron, endNeuron) into <paramref name="axial"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Currents<T>(CableTree tree, ReadOnlySpan<double> v, Span<double> axial, int offset, int stride, int firstNeuron, int endNeuron)
        where T : struct, ILane<T>
    {
        ref double vr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(v);
        ref double ax = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(axial);
        int[] compartment = tree.Compartment, parent = tree.Parent;
        var zero = T.Broadcast(0.0);
        nuint root = (nuint)(offset + compartment[0] * stride);
        for (int j = firstNeuron; j < endNeuron; j += T.Count) T.Store(zero, ref ax, root + (nuint)j);
        for (int k = 1; k < compartment.Length; k++)
        {
            nuint row = (nuint)(offset + compartment[k] * stride), parentRow = (nuint)(offset + compartment[parent[k]] * stride);
            var own = T.Broadcast(-tree.OwnRowEntry[k]);
            var toParent = T.Broadcast(-tree.ParentRowEntry[k]);
            for (int j = firstNeuron; j < endNeuron; j += T.Count)
            {
                var vk = T.Load(ref vr, row + (nuint)j);
                var vp = T.Load(ref vr, parentRow + (nuint)j);
                // a parent comes before its children, so row k is first written here
                T.Store(own * (vp - vk), ref ax, row + (nuint)j);
                T.Store(T.Load(ref ax, parentRow + (nuint)j) + toParent * (vk - vp), ref ax, parentRow + (nuint)j);
            }
        }
    }
}
