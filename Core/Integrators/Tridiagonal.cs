using HHFunctional.Core.Engine;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// Tridiagonal linear systems in O(n), by the engine's one elimination (<see cref="Hines"/>, on the chain rooted at row 0).
/// MathNet.Numerics has no public banded solver.
/// </summary>
/// <remarks>
/// The system, for i = 0 … n−1:  lower[i]·x[i−1] + diagonal[i]·x[i] + upper[i]·x[i+1] = rhs[i],
/// where lower[0] and upper[n−1] are ignored (there is no x[−1] or x[n]).
/// Without pivoting the algorithm is stable when the matrix is diagonally dominant by rows,
/// |diagonal[i]| ≥ |lower[i]| + |upper[i]| with strict inequality in at least one row, which is always the case for the
/// implicit cable step. Other matrices may divide by zero or lose accuracy.
/// </remarks>
public static class Tridiagonal
{
    /// <summary>Solves the system (see the class remarks) and returns x as a new array; the inputs are not modified.</summary>
    /// <param name="lower">Sub-diagonal, lower[i] multiplies x[i−1]; lower[0] is ignored. Length n.</param>
    /// <param name="diagonal">Main diagonal. Length n ≥ 1; the matrix should be diagonally dominant.</param>
    /// <param name="upper">Super-diagonal, upper[i] multiplies x[i+1]; upper[n−1] is ignored. Length n.</param>
    /// <param name="rhs">Right-hand side. Length n.</param>
    /// <exception cref="ArgumentException">When the lengths differ or n = 0.</exception>
    public static double[] Solve(IReadOnlyList<double> lower, IReadOnlyList<double> diagonal, IReadOnlyList<double> upper, IReadOnlyList<double> rhs)
    {
        int n = diagonal.Count;
        if (n == 0) throw new ArgumentException("expected at least one equation, got none", nameof(diagonal));
        if (lower.Count != n || upper.Count != n || rhs.Count != n)
            throw new ArgumentException($"expected lower, diagonal, upper and rhs of equal length, got {lower.Count}, {n}, {upper.Count}, {rhs.Count}");
        var d = diagonal.ToArray();
        var x = rhs.ToArray();
        SolveInPlace(lower.ToArray(), d, upper.ToArray(), x);
        return x;
    }

    /// <summary>
    /// The same on caller-owned buffers, NOT validated: all four spans have the same length n ≥ 1.
    /// <paramref name="rhs"/> is replaced by the solution x; <paramref name="diagonal"/> is destroyed.
    /// </summary>
    internal static void SolveInPlace(ReadOnlySpan<double> lower, Span<double> diagonal, ReadOnlySpan<double> upper, Span<double> rhs)
    {
        int n = diagonal.Length;
        var parent = new int[n];
        var parentRow = new double[n];
        var ownRow = new double[n];
        parent[0] = -1;
        for (int i = 1; i < n; i++) { parent[i] = i - 1; parentRow[i] = upper[i - 1]; ownRow[i] = lower[i]; }
        var tree = new CableTree(Enumerable.Range(0, n).ToArray(), parent, parentRow, ownRow);
        Hines.Solve<ScalarLane>(tree, diagonal, rhs, 0, 1, 0, 1);
    }
}
