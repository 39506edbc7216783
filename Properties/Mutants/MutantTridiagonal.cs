namespace HHFunctional.Properties.Mutants;

/// <summary>
/// Deliberately broken copies of <c>Tridiagonal.Solve</c>: each must make <c>TridiagonalProperties</c> fail.
/// </summary>
public static class MutantTridiagonal
{
    /// <summary>Back substitution reads the sub-diagonal instead of the super-diagonal (right for symmetric systems only).</summary>
    public static double[] SwappedBackSubstitution(double[] lower, double[] diagonal, double[] upper, double[] rhs)
    {
        int n = diagonal.Length;
        var d = (double[])diagonal.Clone();
        var x = (double[])rhs.Clone();
        for (int i = 1; i < n; i++)
        {
            double factor = lower[i] / d[i - 1];
            d[i] -= factor * upper[i - 1];
            x[i] -= factor * x[i - 1];
        }
        x[n - 1] /= d[n - 1];
        for (int i = n - 2; i >= 0; i--) x[i] = (x[i] - lower[i + 1] * x[i + 1]) / d[i];
        return x;
    }
}
