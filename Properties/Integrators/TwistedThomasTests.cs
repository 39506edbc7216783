using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Integrators.Kernels;

namespace HHFunctional.Properties.Integrators;

/// <summary>Oracle: the Thomas algorithm (Tridiagonal.Solve, itself checked against MathNet's dense solve).</summary>
public class TwistedThomasTests
{
    /// <summary>
    /// Law: on a diagonally dominant cable system (diagonal ≥ 2|e| + margin, as every implicit step's is) the twisted
    /// elimination gives Thomas' solution to round-off (1e-12 relative to the solution's size; both are backward stable
    /// and the systems are well conditioned), for every size, including 1, 2 and 3 where the two ends meet at once, and
    /// for any neuron of an interleaved (compartment-major) layout.
    /// </summary>
    public delegate void Solver(Span<double> diagonal, Span<double> rhs, int stride, int compartments, int neuron, double offDiagonal);

    [Fact]
    public void TwistedEqualsThomasToRoundOff() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Law(TwistedThomas.Solve));

    public static Property Law(Solver solve) => Prop.ForAll(Arb.From(
            from b in Gen.Choose(1, 60)
            from neurons in Gen.Choose(1, 4)
            from e in Gen.Choose(1, 1000).Select(i => -i / 100.0)
            from margins in Gen.ArrayOf(Gen.Choose(1, 1000).Select(i => i / 10.0), b * neurons)
            from rhs in Gen.ArrayOf(Gen.Choose(-100_000, 100_000).Select(i => i / 100.0), b * neurons)
            select (b, neurons, e, margins, rhs)), x =>
        {
            var (b, neurons, e, margins, rhs) = x;
            double worst = 0, scale = 1e-300;
            for (int j = 0; j < neurons; j++)
            {
                var diagonal = Enumerable.Range(0, b).Select(c => 2 * Math.Abs(e) + margins[c * neurons + j]).ToArray();
                var lower = Enumerable.Range(0, b).Select(c => c > 0 ? e : 0.0).ToArray();
                var upper = Enumerable.Range(0, b).Select(c => c < b - 1 ? e : 0.0).ToArray();
                var expected = Tridiagonal.Solve(lower, diagonal, upper, Enumerable.Range(0, b).Select(c => rhs[c * neurons + j]).ToArray());

                var d = new double[b * neurons];
                var r = (double[])rhs.Clone();
                for (int c = 0; c < b; c++) d[c * neurons + j] = diagonal[c];
                solve(d, r, neurons, b, j, e);
                for (int c = 0; c < b; c++)
                {
                    worst = Math.Max(worst, Math.Abs(r[c * neurons + j] - expected[c]));
                    scale = Math.Max(scale, Math.Abs(expected[c]));
                }
            }
            return (worst <= 1e-12 * scale).Label($"B={b} N={neurons}: max |Δ| = {worst:E2} for |x| up to {scale:E2}");
        });
}
