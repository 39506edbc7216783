using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Integrators;
using HHFunctional.Properties.Mutants;
using MathNet.Numerics.LinearAlgebra.Double;

namespace HHFunctional.Properties.Integrators;

/// <summary>A tridiagonal system lower·x[i−1] + diagonal·x[i] + upper·x[i+1] = rhs, as generated.</summary>
public sealed record TridiagonalSystem(double[] Lower, double[] Diagonal, double[] Upper, double[] Rhs)
{
    public int Size => Diagonal.Length;

    /// <summary>The same system as a dense MathNet matrix (lower[0] and upper[n−1] are outside it).</summary>
    public DenseMatrix Dense()
    {
        var a = new DenseMatrix(Size, Size);
        for (int i = 0; i < Size; i++)
        {
            a[i, i] = Diagonal[i];
            if (i > 0) a[i, i - 1] = Lower[i];
            if (i < Size - 1) a[i, i + 1] = Upper[i];
        }
        return a;
    }

    public override string ToString() =>
        $"n={Size} lower=[{string.Join(", ", Lower)}] diag=[{string.Join(", ", Diagonal)}] upper=[{string.Join(", ", Upper)}] rhs=[{string.Join(", ", Rhs)}]";
}

/// <summary>Generators for the solver: explicit ranges, only strictly diagonally dominant systems.</summary>
public static class TridiagonalArbitraries
{
    // n from 1 (a single equation) to 60 (longer than any cable the other tests build row by row); off-diagonals in
    // [−10, 10]; each diagonal entry is ±(|lower| + |upper| + margin) with margin in [0.01, 10], so every row is strictly
    // dominant (the cable matrix always is: C/dt + G_ion > 0). Right-hand sides in [−1000, 1000].
    public static Arbitrary<TridiagonalSystem> Systems() =>
        Gen.Choose(1, 60).SelectMany(n =>
            from lower in Gen.ArrayOf(Uniform(-10, 10), n)
            from upper in Gen.ArrayOf(Uniform(-10, 10), n)
            from margin in Gen.ArrayOf(Uniform(0.01, 10), n)
            from negative in Gen.ArrayOf(Gen.Elements(false, true), n)
            from rhs in Gen.ArrayOf(Uniform(-1000, 1000), n)
            select Dominant(lower, upper, margin, negative, rhs)).ToArbitrary();

    private static TridiagonalSystem Dominant(double[] lower, double[] upper, double[] margin, bool[] negative, double[] rhs)
    {
        int n = lower.Length;
        lower[0] = 0.0; upper[n - 1] = 0.0;
        var diagonal = new double[n];
        for (int i = 0; i < n; i++)
            diagonal[i] = (negative[i] ? -1 : 1) * (Math.Abs(lower[i]) + Math.Abs(upper[i]) + margin[i]);
        return new TridiagonalSystem(lower, diagonal, upper, rhs);
    }

    /// <summary>Uniform doubles in [lo, hi] (FsCheck's own doubles are unbounded and include NaN).</summary>
    public static Gen<double> Uniform(double lo, double hi) =>
        Gen.Choose(0, int.MaxValue).Select(k => lo + (hi - lo) * (k / (double)int.MaxValue));
}

/// <summary>Oracle: MathNet's dense LU solve (DenseMatrix.Solve) of the same system.</summary>
public class TridiagonalProperties
{
    /// <summary>
    /// Law: on a strictly diagonally dominant system, the Thomas solution equals MathNet's dense solution within
    /// 1e-9·(1 + ‖x‖∞). Both are backward stable here; with a dominance margin ≥ 0.01 against entries ≤ 20 in size, the
    /// condition number stays below ~4e3, so round-off differences are below ~1e-12 relative: 1e-9 is loose for a correct
    /// solver, yet a wrong coefficient anywhere shifts x by O(1).
    /// </summary>
    public static Property AgreesWithDenseSolve(Func<double[], double[], double[], double[], double[]> solve, TridiagonalSystem s)
    {
        var x = solve(s.Lower, s.Diagonal, s.Upper, s.Rhs);
        var expected = s.Dense().Solve(DenseVector.OfArray(s.Rhs));
        double scale = 1.0 + expected.InfinityNorm();
        double worst = Enumerable.Range(0, s.Size).Max(i => Math.Abs(x[i] - expected[i]));
        return (worst <= 1e-9 * scale).Label($"max |x − x_dense| = {worst:E3}, scale {scale:G4}")
            .Classify(s.Size == 1, "single equation")
            .Classify(s.Size >= 20, "n ≥ 20");
    }

    [Property(Arbitrary = new[] { typeof(TridiagonalArbitraries) }, MaxTest = 300)]
    public Property ThomasAgreesWithDenseSolve(TridiagonalSystem s) => AgreesWithDenseSolve(Tridiagonal.Solve, s);

    /// <summary>Law: Solve is pure: it never writes to its inputs.</summary>
    [Property(Arbitrary = new[] { typeof(TridiagonalArbitraries) }, MaxTest = 100)]
    public bool SolveLeavesItsInputsAlone(TridiagonalSystem s)
    {
        var copy = new TridiagonalSystem((double[])s.Lower.Clone(), (double[])s.Diagonal.Clone(), (double[])s.Upper.Clone(), (double[])s.Rhs.Clone());
        Tridiagonal.Solve(s.Lower, s.Diagonal, s.Upper, s.Rhs);
        return s.Lower.SequenceEqual(copy.Lower) && s.Diagonal.SequenceEqual(copy.Diagonal)
               && s.Upper.SequenceEqual(copy.Upper) && s.Rhs.SequenceEqual(copy.Rhs);
    }

    [Fact]
    public void ShouldFail_AgreesWithDenseSolve_OnSwappedBackSubstitution() =>
        PropertyAssert.Falsified(
            Prop.ForAll(TridiagonalArbitraries.Systems(), s => AgreesWithDenseSolve(MutantTridiagonal.SwappedBackSubstitution, s)));

    [Fact]
    public void SolveRejectsMismatchedLengths()
    {
        Assert.Throws<ArgumentException>(() => Tridiagonal.Solve(new double[2], new double[3], new double[3], new double[3]));
        Assert.Throws<ArgumentException>(() => Tridiagonal.Solve(Array.Empty<double>(), Array.Empty<double>(), Array.Empty<double>(), Array.Empty<double>()));
    }
}
