using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Engine;

namespace HHFunctional.Properties.Engine;

/// <summary>
/// Oracle: the chain rooted at row 0 (Tridiagonal.Solve, itself checked against MathNet's dense solve). The engine solves a
/// cable rooted at its middle (two chains at once) and strided across the neurons of a compartment-major layout.
/// </summary>
public class HinesTests
{
    /// <summary>
    /// Law: on a diagonally dominant cable system (diagonal ≥ 2|e| + margin, as every implicit step's is) the middle-rooted
    /// elimination gives the row-0-rooted one's solution to round-off (1e-12 relative to the solution's size; both are
    /// backward stable and the systems are well conditioned), for every size, including 1, 2 and 3 where the two ends meet
    /// at once, and for any neuron of an interleaved (compartment-major) layout.
    /// </summary>
    public delegate void Solver(Span<double> diagonal, Span<double> rhs, int stride, int compartments, int neuron, double offDiagonal);

    /// <summary>The engine's solve of one neuron's cable, as the implicit schemes call it.</summary>
    internal static void CableSolve(Span<double> diagonal, Span<double> rhs, int stride, int compartments, int neuron, double offDiagonal) =>
        Hines.Solve<ScalarLane>(CableTree.Chain(compartments, offDiagonal), diagonal, rhs, 0, stride, neuron, neuron + 1);

    [Fact]
    public void MiddleRootedCableEqualsTheChainToRoundOff() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Law(CableSolve));

    /// <summary>
    /// Law: eight neurons in vector lanes get, bit for bit, what each gets alone on the scalar lane (the same operations),
    /// so a group's split into lanes and left-over neurons never changes a result.
    /// </summary>
    [Fact]
    public void LanesEqualScalarBitForBit() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(Arb.From(
            from b in Gen.Choose(1, 40)
            from groups in Gen.Choose(1, 3)
            from e in Gen.Choose(1, 1000).Select(i => -i / 100.0)
            from margins in Gen.ArrayOf(Gen.Choose(1, 1000).Select(i => i / 10.0), b * groups * 8)
            from rhs in Gen.ArrayOf(Gen.Choose(-100_000, 100_000).Select(i => i / 100.0), b * groups * 8)
            select (b, neurons: groups * 8, e, margins, rhs)), x =>
        {
            var tree = CableTree.Chain(x.b, x.e);
            var d = x.margins.Select(m => 2 * Math.Abs(x.e) + m).ToArray();
            var (dLanes, rLanes) = ((double[])d.Clone(), (double[])x.rhs.Clone());
            var (dScalar, rScalar) = ((double[])d.Clone(), (double[])x.rhs.Clone());
            Hines.Solve<VectorLane>(tree, dLanes, rLanes, 0, x.neurons, 0, x.neurons);
            for (int j = 0; j < x.neurons; j++) Hines.Solve<ScalarLane>(tree, dScalar, rScalar, 0, x.neurons, j, j + 1);
            return rLanes.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(rScalar.Select(BitConverter.DoubleToInt64Bits))
                .Label($"B={x.b} N={x.neurons}");
        }));

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
