namespace HHFunctional.Core.Integrators;

/// <summary>
/// Tridiagonal linear systems by the Thomas algorithm (Gaussian elimination without pivoting), in O(n).
/// MathNet.Numerics has no public banded solver; NEURON's <c>triang</c>/<c>bksub</c> (solve.cpp) do the same on a tree.
/// </summary>
/// <remarks>
/// The system, for i = 0 … n−1:  lower[i]·x[i−1] + diagonal[i]·x[i] + upper[i]·x[i+1] = rhs[i],
/// where lower[0] and upper[n−1] are ignored (there is no x[−1] or x[n]).
/// Without pivoting the algorithm is stable when the matrix is diagonally dominant by rows,
/// |diagonal[i]| ≥ |lower[i]| + |upper[i]| with strict inequality in at least one row, which is always the case for the
/// implicit cable step: C/Δt + G_ion + Σg_axial &gt; Σg_axial. Other matrices may divide by zero or lose accuracy;
/// callers are responsible for handing over dominant systems.
/// </remarks>
public static class Tridiagonal
{
    /// <summary>
    /// Solves the system (see the class remarks) and returns x as a new array; the inputs are not modified.
    /// </summary>
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
    /// The same algorithm on caller-owned buffers, NOT validated: all four spans have the same length n ≥ 1.
    /// Contract (as NEURON's triang/bksub): <paramref name="rhs"/> is replaced by the solution x;
    /// <paramref name="diagonal"/> is destroyed (it holds the eliminated pivots afterwards); lower and upper are only read.
    /// </summary>
    internal static void SolveInPlace(ReadOnlySpan<double> lower, Span<double> diagonal, ReadOnlySpan<double> upper, Span<double> rhs)
    {
        int n = diagonal.Length;
        // Forward elimination: row i loses its sub-diagonal entry by subtracting (lower[i]/pivot[i−1]) × row i−1.
        for (int i = 1; i < n; i++)
        {
            double factor = lower[i] / diagonal[i - 1];
            diagonal[i] -= factor * upper[i - 1];
            rhs[i] -= factor * rhs[i - 1];
        }
        // Back substitution on the now upper-bidiagonal system.
        rhs[n - 1] /= diagonal[n - 1];
        for (int i = n - 2; i >= 0; i--)
            rhs[i] = (rhs[i] - upper[i] * rhs[i + 1]) / diagonal[i];
    }
}
