using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// A tree-structured matrix as NEURON keeps it (solve.cpp): nodes numbered so that every parent comes before its
/// children (node 0 the root), each node a row of the group's compartment-major arrays, and per node the two entries
/// that join it to its parent: <see cref="ParentRowEntry"/> (in the parent's row, at the node's column: NEURON's a) and
/// <see cref="OwnRowEntry"/> (in the node's row, at the parent's column: NEURON's b).
/// </summary>
internal sealed class CableTree
{
    /// <summary>A tree matrix from its nodes' compartments, parents (−1 for the root, node 0) and entries.</summary>
    /// <param name="compartment">Compartment of each node.</param>
    /// <param name="parent">Parent node of each node (−1 for the root, node 0).</param>
    /// <param name="parentRowEntry">Matrix entry A[parent(k)][k].</param>
    /// <param name="ownRowEntry">Matrix entry A[k][parent(k)].</param>
    /// <param name="twoChains">Null (the default): <see cref="TwoChains"/> is read from the parents. The laws set it: false
    /// for the general solve on every tree, true for the mutant that takes any tree for two chains.</param>
    public CableTree(int[] compartment, int[] parent, double[] parentRowEntry, double[] ownRowEntry, bool? twoChains = null)
    {
        (Compartment, Parent, ParentRowEntry, OwnRowEntry) = (compartment, parent, parentRowEntry, ownRowEntry);
        ParentCompartment = new int[compartment.Length];
        for (int k = 0; k < compartment.Length; k++) ParentCompartment[k] = parent[k] < 0 ? -1 : compartment[parent[k]];
        TwoChains = twoChains ?? IsTwoChains(parent);
    }

    private static bool IsTwoChains(int[] parent)
    {
        if (parent.Length < 3 || parent[1] != 0 || parent[2] != 0) return false;
        for (int k = 3; k < parent.Length; k++)
            if (parent[k] != k - 2) return false;
        return true;
    }

    /// <summary>
    /// Whether the tree is two unbranched chains from the root, numbered alternately (node k's parent is k − 2 from node 3
    /// on): the numbering of <see cref="Chain"/>, and the level order of a root with two unbranched children. The solve then
    /// keeps each chain's last row in registers instead of reading back what it has just stored.
    /// </summary>
    public bool TwoChains { get; }

    /// <summary>Compartment of node k.</summary>
    public int[] Compartment { get; }
    /// <summary>Parent node of node k (&lt; k); −1 for the root.</summary>
    public int[] Parent { get; }
    /// <summary>Matrix entry A[parent(k)][k].</summary>
    public double[] ParentRowEntry { get; }
    /// <summary>Matrix entry A[k][parent(k)].</summary>
    public double[] OwnRowEntry { get; }
    /// <summary>Compartment of node k's parent (−1 for the root): the solve's second index, looked up once here.</summary>
    public int[] ParentCompartment { get; }

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
    /// <paramref name="order"/> (default <see cref="LevelOrder"/>; any order that puts node 0 first and every parent
    /// before its children is valid and gives the same solution up to rounding).
    /// </summary>
    public static CableTree Of(TreeCable cable, IReadOnlyList<int>? order = null)
    {
        var tree = cable.Tree;
        int n = tree.Count;
        order ??= LevelOrder(tree.Parent);
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

    /// <summary>
    /// The nodes level by level from the root (breadth first, each node's children in node order). Elimination then meets a
    /// level's nodes one after another, and these do not wait for each other: in the tree's own numbering a section's
    /// nodes follow each other, each waiting for the previous one's division (a dependency chain that set a single cell's
    /// speed). Each node still takes its children in descending node order, and its own steps in the same sequence, so
    /// the solution is bit for bit that of the tree's own numbering.
    /// </summary>
    public static int[] LevelOrder(IReadOnlyList<int> parent)
    {
        int n = parent.Count;
        if (n == 0) return [];
        var childCount = new int[n + 1];
        for (int k = 1; k < n; k++) childCount[parent[k] + 1]++;
        for (int k = 0; k < n; k++) childCount[k + 1] += childCount[k];
        var children = new int[Math.Max(n - 1, 0)];
        var fill = childCount[..n];
        for (int k = 1; k < n; k++) children[fill[parent[k]]++] = k;
        var order = new int[n];
        int written = 1, read = 0;
        while (read < written)
        {
            int node = order[read++];
            for (int c = childCount[node]; c < childCount[node + 1]; c++) order[written++] = children[c];
        }
        return order;
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
    public static void Solve<T>(CableTree tree, Span<double> diagonal, Span<double> rhs, int offset, int stride, int firstNeuron, int endNeuron)
        where T : struct, ILane<T> =>
        Solve<T, No>(tree, diagonal, rhs, default, offset, stride, firstNeuron, endNeuron);

    /// <summary>
    /// <see cref="Solve{T}"/> for the implicit step's increments, with the tree's axial currents at <paramref name="v"/>
    /// added to the right-hand sides on the way (NEURON's nrn_rhs, edge by edge: g_k·(v_p − v_k) into node k, g'_k·(v_k − v_p)
    /// into its parent; <see cref="TreeAxial"/>): each edge's terms join the rows as the elimination meets the edge, when
    /// it reads and writes those rows anyway, instead of in a pass of their own over every edge.
    /// </summary>
    public static void SolveWithAxialCurrents<T>(CableTree tree, Span<double> diagonal, Span<double> rhs, ReadOnlySpan<double> v,
        int offset, int stride, int firstNeuron, int endNeuron) where T : struct, ILane<T> =>
        Solve<T, Yes>(tree, diagonal, rhs, v, offset, stride, firstNeuron, endNeuron);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Solve<T, TAxial>(CableTree tree, Span<double> diagonal, Span<double> rhs, ReadOnlySpan<double> v,
        int offset, int stride, int firstNeuron, int endNeuron)
        where T : struct, ILane<T> where TAxial : IFlag
    {
        // Node k of the first neuron at d[Compartment[k]·stride], with the offset folded into the base.
        ref double d = ref Unsafe.Add(ref diagonal[0], offset + firstNeuron);
        ref double r = ref Unsafe.Add(ref rhs[0], offset + firstNeuron);
        ref double vr = ref TAxial.On ? ref Unsafe.Add(ref MemoryMarshal.GetReference(v), offset + firstNeuron) : ref d;
        nuint width = (nuint)(endNeuron - firstNeuron), lane = (nuint)T.Count;
        var t = new TreeArrays(tree, stride);
        // Leaves up, then the root, then root down. One lane's worth of neurons (a single cell on the scalar lane, or eight
        // copies) skips the loop over neurons: at a few instructions per node, its overhead was a fifth of the solve.
        if (width == lane && tree.TwoChains)
        {
            SolveTwoChains<T, TAxial>(ref d, ref r, ref vr, in t);
            return;
        }
        if (width == lane)
        {
            for (int k = t.Count - 1; k >= 1; k--)
                Eliminate<T, TAxial>(ref d, ref r, ref vr, t.Row(k), t.ParentRow(k), T.Broadcast(t.ParentRowEntry(k)), T.Broadcast(t.OwnRowEntry(k)));
            Root<T>(ref d, ref r, t.Row(0));
            for (int k = 1; k < t.Count; k++) Substitute(ref d, ref r, t.Row(k), t.ParentRow(k), T.Broadcast(t.OwnRowEntry(k)));
            return;
        }
        for (int k = t.Count - 1; k >= 1; k--)
        {
            nuint row = t.Row(k), parentRow = t.ParentRow(k);
            var ak = T.Broadcast(t.ParentRowEntry(k));
            var bk = T.Broadcast(t.OwnRowEntry(k));
            for (nuint j = 0; j < width; j += lane) Eliminate<T, TAxial>(ref d, ref r, ref vr, row + j, parentRow + j, ak, bk);
        }
        for (nuint j = 0; j < width; j += lane) Root<T>(ref d, ref r, t.Row(0) + j);
        for (int k = 1; k < t.Count; k++)
        {
            nuint row = t.Row(k), parentRow = t.ParentRow(k);
            var bk = T.Broadcast(t.OwnRowEntry(k));
            for (nuint j = 0; j < width; j += lane) Substitute(ref d, ref r, row + j, parentRow + j, bk);
        }
    }

    // Two chains from the root, node k's parent k − 2 (CableTree.TwoChains): the same steps in the same order as the general
    // loop, bit for bit, but the row a step has just written (the parent's, which the chain's next step reads as its own)
    // stays in registers: a load waiting on the store just made to its address was a third of a long cable's solve.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SolveTwoChains<T, TAxial>(ref double d, ref double r, ref double vr, in TreeArrays t)
        where T : struct, ILane<T> where TAxial : IFlag
    {
        int n = t.Count;
        // (dk, rk): the row of the node eliminated next; (dNext, rNext): that of the node after it, in the other chain.
        var dk = T.Load(ref d, t.Row(n - 1));
        var rk = T.Load(ref r, t.Row(n - 1));
        var dNext = T.Load(ref d, t.Row(n - 2));
        var rNext = T.Load(ref r, t.Row(n - 2));
        for (int k = n - 1; k >= 3; k--)
        {
            nuint row = t.Row(k), parentRow = t.ParentRow(k);
            var vk = TAxial.On ? T.Load(ref vr, row) : default;
            var vp = TAxial.On ? T.Load(ref vr, parentRow) : default;
            var (dp, rp, rkWithEdge) = EliminateEdge<T, TAxial>(dk, rk, T.Load(ref d, parentRow), T.Load(ref r, parentRow), vk, vp,
                T.Broadcast(t.ParentRowEntry(k)), T.Broadcast(t.OwnRowEntry(k)));
            T.Store(dp, ref d, parentRow);
            T.Store(rp, ref r, parentRow);
            if (TAxial.On) T.Store(rkWithEdge, ref r, row);
            (dk, rk, dNext, rNext) = (dNext, rNext, dp, rp);
        }
        // Nodes 2 and 1 both write the root's row.
        for (int k = Math.Min(2, n - 1); k >= 1; k--)
            Eliminate<T, TAxial>(ref d, ref r, ref vr, t.Row(k), t.ParentRow(k), T.Broadcast(t.ParentRowEntry(k)), T.Broadcast(t.OwnRowEntry(k)));
        Root<T>(ref d, ref r, t.Row(0));
        for (int k = 1; k <= Math.Min(2, n - 1); k++) Substitute(ref d, ref r, t.Row(k), t.ParentRow(k), T.Broadcast(t.OwnRowEntry(k)));
        // xParent: the solution at node k − 2 (node k's parent), xNext at node k − 1.
        var xParent = T.Load(ref r, t.Row(1));
        var xNext = T.Load(ref r, t.Row(2));
        for (int k = 3; k < n; k++)
        {
            nuint row = t.Row(k);
            var x = Solution(T.Load(ref r, row), xParent, T.Load(ref d, row), T.Broadcast(t.OwnRowEntry(k)));
            T.Store(x, ref r, row);
            (xParent, xNext) = (xNext, x);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Eliminate<T, TAxial>(ref double d, ref double r, ref double v, nuint row, nuint parentRow, T ak, T bk)
        where T : struct, ILane<T> where TAxial : IFlag
    {
        var vk = TAxial.On ? T.Load(ref v, row) : default;
        var vp = TAxial.On ? T.Load(ref v, parentRow) : default;
        var (dp, rp, rk) = EliminateEdge<T, TAxial>(T.Load(ref d, row), T.Load(ref r, row), T.Load(ref d, parentRow), T.Load(ref r, parentRow),
            vk, vp, ak, bk);
        T.Store(dp, ref d, parentRow);
        if (TAxial.On) T.Store(rk, ref r, row);
        T.Store(rp, ref r, parentRow);
    }

    // Row p loses its entry at column k by subtracting (a_k / d_k) × row k. With the axial currents, row k first gains its
    // edge's term, −b_k·(v_p − v_k) (its children's came in when they were eliminated), and row p the edge's other term,
    // −a_k·(v_k − v_p), in the same update as the elimination's. Returns the parent's new d and r, and node k's r.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (T ParentD, T ParentR, T OwnR) EliminateEdge<T, TAxial>(T dk, T rk, T dp, T rp, T vk, T vp, T ak, T bk)
        where T : struct, ILane<T> where TAxial : IFlag
    {
        // Fused: each update waits for one rounding instead of a product and a difference (a chain of nodes, a long
        // cable's halves, waits for the division and this at every node).
        var f = ak / dk;
        if (!TAxial.On) return (T.SubtractProduct(dp, f, bk), T.SubtractProduct(rp, f, rk), rk);
        var rkWithEdge = T.SubtractProduct(rk, bk, vp - vk);
        return (T.SubtractProduct(dp, f, bk), T.SubtractProduct(T.SubtractProduct(rp, ak, vk - vp), f, rkWithEdge), rkWithEdge);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Root<T>(ref double d, ref double r, nuint row) where T : struct, ILane<T> =>
        T.Store(T.Load(ref r, row) / T.Load(ref d, row), ref r, row);

    // x_k = (r_k − b_k·x_parent)·(1/d_k): the reciprocal does not wait for x_parent, so a chain of nodes (a long cable's
    // halves) waits for a multiplication per node instead of a division.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Substitute<T>(ref double d, ref double r, nuint row, nuint parentRow, T bk) where T : struct, ILane<T> =>
        T.Store(Solution(T.Load(ref r, row), T.Load(ref r, parentRow), T.Load(ref d, row), bk), ref r, row);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Solution<T>(T rk, T xParent, T dk, T bk) where T : struct, ILane<T> => T.SubtractProduct(rk, bk, xParent) * (T.Broadcast(1.0) / dk);
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
        ref double vr = ref Unsafe.Add(ref MemoryMarshal.GetReference(v), offset + firstNeuron);
        ref double ax = ref Unsafe.Add(ref MemoryMarshal.GetReference(axial), offset + firstNeuron);
        nuint width = (nuint)(endNeuron - firstNeuron), lane = (nuint)T.Count;
        var t = new TreeArrays(tree, stride);
        for (nuint j = 0; j < width; j += lane) T.Store(T.Broadcast(0.0), ref ax, t.Row(0) + j);
        // As in Hines.Solve, one lane's worth of neurons skips the loop over neurons.
        if (width == lane)
        {
            for (int k = 1; k < t.Count; k++)
                Edge(ref vr, ref ax, t.Row(k), t.ParentRow(k), T.Broadcast(-t.OwnRowEntry(k)), T.Broadcast(-t.ParentRowEntry(k)));
            return;
        }
        for (int k = 1; k < t.Count; k++)
        {
            nuint row = t.Row(k), parentRow = t.ParentRow(k);
            var own = T.Broadcast(-t.OwnRowEntry(k));
            var toParent = T.Broadcast(-t.ParentRowEntry(k));
            for (nuint j = 0; j < width; j += lane) Edge(ref vr, ref ax, row + j, parentRow + j, own, toParent);
        }
    }

    // The edge from node k to its parent: a parent comes before its children, so row k is first written here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Edge<T>(ref double v, ref double axial, nuint row, nuint parentRow, T own, T toParent) where T : struct, ILane<T>
    {
        var vk = T.Load(ref v, row);
        var vp = T.Load(ref v, parentRow);
        T.Store(own * (vp - vk), ref axial, row);
        T.Store(T.Load(ref axial, parentRow) + toParent * (vk - vp), ref axial, parentRow);
    }
}

/// <summary>
/// A tree's per-node arrays as references, read without bounds checks (all four have the tree's node count), and node
/// k's row and its parent's row in a group of <c>stride</c> neurons (relative to the first neuron's values).
/// </summary>
internal readonly ref struct TreeArrays
{
    private readonly ref int _compartment;
    private readonly ref int _parentCompartment;
    private readonly ref double _parentRowEntry;
    private readonly ref double _ownRowEntry;
    private readonly int _stride;

    public TreeArrays(CableTree tree, int stride)
    {
        Count = tree.Compartment.Length;
        _compartment = ref MemoryMarshal.GetArrayDataReference(tree.Compartment);
        _parentCompartment = ref MemoryMarshal.GetArrayDataReference(tree.ParentCompartment);
        _parentRowEntry = ref MemoryMarshal.GetArrayDataReference(tree.ParentRowEntry);
        _ownRowEntry = ref MemoryMarshal.GetArrayDataReference(tree.OwnRowEntry);
        _stride = stride;
    }

    /// <summary>Nodes.</summary>
    public int Count { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint Row(int k) => (nuint)(Unsafe.Add(ref _compartment, k) * _stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint ParentRow(int k) => (nuint)(Unsafe.Add(ref _parentCompartment, k) * _stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ParentRowEntry(int k) => Unsafe.Add(ref _parentRowEntry, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double OwnRowEntry(int k) => Unsafe.Add(ref _ownRowEntry, k);
}
