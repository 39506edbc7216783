using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Engine;
using HHFunctional.Properties.Mutants;

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

    /// <summary>
    /// Law: where the tree is two chains from the root (a cable's numbering, or a root with two unbranched children in level
    /// order), the solve that keeps each chain's last row in registers gives the general solve's bits, with and without the
    /// tree's axial currents, alone on the scalar lane and eight neurons at once in vector lanes; and the shape is taken only
    /// where it holds. Generated: cables of 1–60 nodes with every entry, margin, right-hand side and voltage drawn per node,
    /// their compartments in any order, and trees with random parents (a few of which are two chains).
    /// </summary>
    internal static Property TwoChainsLaw(bool? twoChains) => Prop.ForAll(Arb.From(
            from chain in Gen.Elements(true, false)
            from n in Gen.Choose(1, 60)
            from randomParents in Gen.ArrayOf(Gen.Choose(0, 1_000_000), n)
            from rows in Gen.Shuffle(Enumerable.Range(0, n))
            from entries in Gen.ArrayOf(Gen.Choose(1, 1000).Select(i => -i / 100.0), 2 * n)
            from neurons in Gen.Elements(1, 8)
            from margins in Gen.ArrayOf(Gen.Choose(1, 1000).Select(i => i / 10.0), n * neurons)
            from rhs in Gen.ArrayOf(Gen.Choose(-100_000, 100_000).Select(i => i / 100.0), n * neurons)
            from v in Gen.ArrayOf(Gen.Choose(-100_000, 100_000).Select(i => i / 1000.0), n * neurons)
            from axial in Gen.Elements(true, false)
            select (chain, n, randomParents, rows, entries, neurons, margins, rhs, v, axial)), x =>
        {
            var parent = Enumerable.Range(0, x.n).Select(k => k == 0 ? -1 : x.chain ? CableTree.Chain(x.n, 1).Parent[k] : x.randomParents[k] % k).ToArray();
            var compartment = x.rows.ToArray();
            var a = x.entries[..x.n];
            var b = x.entries[x.n..];
            var tested = new CableTree(compartment, parent, a, b, twoChains);
            var general = new CableTree(compartment, parent, a, b, twoChains: false);
            // Diagonally dominant rows, as every implicit step's: margin + |own entry| + |each child's entry in this row|.
            var weight = new double[x.n];
            for (int k = 1; k < x.n; k++) { weight[k] += Math.Abs(b[k]); weight[parent[k]] += Math.Abs(a[k]); }
            var diagonal = new double[x.n * x.neurons];
            for (int k = 0; k < x.n; k++)
                for (int j = 0; j < x.neurons; j++) diagonal[compartment[k] * x.neurons + j] = weight[k] + x.margins[k * x.neurons + j];
            double[] Solve(CableTree tree)
            {
                var (d, r) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
                if (x.neurons == 1 && x.axial) Hines.SolveWithAxialCurrents<ScalarLane>(tree, d, r, x.v, 0, 1, 0, 1);
                else if (x.neurons == 1) Hines.Solve<ScalarLane>(tree, d, r, 0, 1, 0, 1);
                else if (x.axial) Hines.SolveWithAxialCurrents<VectorLane>(tree, d, r, x.v, 0, 8, 0, 8);
                else Hines.Solve<VectorLane>(tree, d, r, 0, 8, 0, 8);
                return r;
            }
            return Solve(tested).Select(BitConverter.DoubleToInt64Bits).SequenceEqual(Solve(general).Select(BitConverter.DoubleToInt64Bits))
                .Label($"{(x.chain ? "chain" : "tree")} of {x.n} nodes, {x.neurons} neuron(s), axial currents {x.axial}, taken as two chains: {tested.TwoChains}");
        });

    [Fact]
    public void TwoChainsSolveEqualsTheGeneralSolveBitForBit() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), TwoChainsLaw(null));

    // Mutant: every tree taken for two chains (a detection that accepts any shape): the register-carrying solve then
    // eliminates rows into the wrong parents.
    [Fact]
    public void AnyTreeTakenForTwoChainsIsCaught() => Mutation.AssertFails(TwoChainsLaw(true), 300);

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
