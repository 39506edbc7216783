using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using static HHFunctional.Properties.Generators;

namespace HHFunctional.Properties.Model;

/// <summary>
/// Rate tables (<see cref="RateTable"/>): the lookup against the exact rates it samples (HH's formulas, evaluated here
/// directly), linear interpolation's second order, both lanes alike, and whole runs against the exact-rate runs.
/// </summary>
public class RateTableTests
{
    private static readonly Channel[] Hh = Channels.Hh(Membrane.Seed with { TemperatureC = 18.5 }).ToArray();

    // x∞ and the Rush–Larsen decay of HH's gates from Kinetics' rates, with φ, written out here (not through RateTables).
    private static (double XInf, double Decay) Exact(int gate, double vMv, double dtMs, bool forwardEuler)
    {
        double phi = (Membrane.Seed with { TemperatureC = 18.5 }).RateScale;
        var (a, b) = gate switch
        {
            0 => (Kinetics.AlphaM(vMv), Kinetics.BetaM(vMv)),
            1 => (Kinetics.AlphaH(vMv), Kinetics.BetaH(vMv)),
            _ => (Kinetics.AlphaN(vMv), Kinetics.BetaN(vMv)),
        };
        double alpha = phi * a, beta = phi * b, sum = alpha + beta;
        return (alpha / sum, forwardEuler ? 1.0 - dtMs * sum : Math.Exp(-dtMs * sum));
    }

    private static (double XInf, double Decay) Scalar(RateTables tables, int gate, double vMv)
    {
        var (xInf, decay) = RateTableLookup.At<ScalarLane>(tables.Gates[gate], vMv, new RateGrid<ScalarLane>(tables));
        return (xInf, decay);
    }

    private static Gen<RateTable> Grids => RateTableChoices.Where(t => t is not null).Select(t => t!);

    /// <summary>Law: at every grid point the table gives the exact x∞ and decay (to 1e-12: the point's own row, or its
    /// neighbour's row plus a whole difference when (v − min)·N/(max − min) rounds just below the point).</summary>
    [Fact]
    public void AtGridPointsTheTableIsTheExactRates() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(Arb.From(
            from grid in Grids from gate in Gen.Choose(0, 2) from dt in Between(0.001, 0.1) from fe in Gen.Elements(false, true)
            select (grid, gate, dt, fe)), c =>
        {
            var tables = new RateTables(c.grid, Hh, c.dt, c.fe);
            var worst = Enumerable.Range(0, c.grid.Intervals + 1).Select(point =>
            {
                double v = c.grid.VoltageMv(point);
                var (x, d) = Scalar(tables, c.gate, v);
                var (xe, de) = Exact(c.gate, v, c.dt, c.fe);
                return Math.Max(Math.Abs(x - xe), Math.Abs(d - de));
            }).Max();
            return (worst <= 1e-12).Label($"{c}: worst |Δ| = {worst:E2}");
        }));

    /// <summary>Law: beyond the range the table holds its end values (NEURON's rule), and a NaN voltage reads the first row
    /// instead of an index outside the table.</summary>
    [Fact]
    public void BeyondTheRangeTheEndValuesHold() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(Arb.From(
            from grid in Grids from gate in Gen.Choose(0, 2) from beyond in Between(0.0, 1e6) select (grid, gate, beyond)), c =>
        {
            var tables = new RateTables(c.grid, Hh, 0.025, false);
            bool below = Scalar(tables, c.gate, c.grid.MinMv - c.beyond) == Exact(c.gate, c.grid.MinMv, 0.025, false);
            var (xe, de) = Exact(c.gate, c.grid.MaxMv, 0.025, false);
            var (x, d) = Scalar(tables, c.gate, c.grid.MaxMv + c.beyond);
            bool above = Math.Abs(x - xe) <= 1e-12 && Math.Abs(d - de) <= 1e-12;
            bool nan = Scalar(tables, c.gate, double.NaN) == Scalar(tables, c.gate, c.grid.MinMv);
            return below.Label("below").And(above.Label("above")).And(nan.Label("NaN")).Label(c.ToString());
        }));

    /// <summary>The engine's vector lookup of eight voltages, as (x∞, decay) per lane.</summary>
    private static (double[] XInf, double[] Decay) VectorLookup(RateTables tables, int gate, double[] vMv)
    {
        var v = new VectorLane(System.Runtime.Intrinsics.Vector512.Create(vMv));
        var (xInf, decay) = RateTableLookup.At(tables.Gates[gate], v, new RateGrid<VectorLane>(tables));
        return (Enumerable.Range(0, 8).Select(lane => xInf.Value[lane]).ToArray(), Enumerable.Range(0, 8).Select(lane => decay.Value[lane]).ToArray());
    }

    /// <summary>Law: the vector lane reads the same bits as the scalar lane, lane by lane, for any eight voltages (inside,
    /// at grid points, beyond both ends, ±∞, NaN).</summary>
    internal static Property VectorReadsScalarBits(Func<RateTables, int, double[], (double[] XInf, double[] Decay)> vector)
    {
        var voltage = Gen.Frequency((6, Between(-200.0, 200.0)), (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -100.0, 100.0, 0.0)));
        return Prop.ForAll(Arb.From(from grid in Grids from gate in Gen.Choose(0, 2) from vs in Gen.ArrayOf(voltage, 8) select (grid, gate, vs)), c =>
        {
            var tables = new RateTables(c.grid, Hh, 0.025, false);
            var (xInf, decay) = vector(tables, c.gate, c.vs);
            var wrong = Enumerable.Range(0, 8).Where(lane =>
            {
                var (x, d) = Scalar(tables, c.gate, c.vs[lane]);
                return BitConverter.DoubleToInt64Bits(x) != BitConverter.DoubleToInt64Bits(xInf[lane])
                    || BitConverter.DoubleToInt64Bits(d) != BitConverter.DoubleToInt64Bits(decay[lane]);
            }).ToArray();
            return (wrong.Length == 0).Label($"{c.grid} gate {c.gate} v=[{string.Join(", ", c.vs)}]: lanes {string.Join(",", wrong)} differ");
        });
    }

    [Fact]
    public void TheVectorLaneReadsTheScalarLanesBits()
    {
        if (!VectorLane.IsHardwareAccelerated) return;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), VectorReadsScalarBits(VectorLookup));
    }

    /// <summary>A mutant of the row transposition: lanes 1 and 5 take each other's rows (as a wrong shuffle index would).</summary>
    [Fact]
    public void TheVectorLawCatchesRowsInTheWrongLanes()
    {
        if (!VectorLane.IsHardwareAccelerated) return;
        static (double[], double[]) Swapped(RateTables t, int gate, double[] v)
        {
            var swapped = (double[])v.Clone();
            (swapped[1], swapped[5]) = (swapped[5], swapped[1]);
            return VectorLookup(t, gate, swapped);
        }
        Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), VectorReadsScalarBits(Swapped)));
    }

    /// <summary>Largest |table − exact| of x∞ and of the decay over 4,000 voltages in [−100, 100) mV on a grid of
    /// <paramref name="intervals"/>, read by <paramref name="lookup"/> (the engine's, or a mutant).</summary>
    private static (double XInf, double Decay) MaxError(int gate, int intervals, Func<RateTables, int, double, (double, double)> lookup)
    {
        var tables = new RateTables(new RateTable(-100, 100, intervals), Hh, 0.025, false);
        double worstX = 0, worstD = 0;
        for (int s = 0; s < 4000; s++)
        {
            double v = -100 + 0.05 * s + 0.0123;
            var (x, d) = lookup(tables, gate, v);
            var (xe, de) = Exact(gate, v, 0.025, false);
            worstX = Math.Max(worstX, Math.Abs(x - xe));
            worstD = Math.Max(worstD, Math.Abs(d - de));
        }
        return (worstX, worstD);
    }

    /// <summary>
    /// Law (linear interpolation is second order): halving the grid step divides the largest error by 4 (3 … 5 allowed),
    /// for x∞ and the decay of each HH gate, from NEURON's 1 mV down to 0.25 mV; at NEURON's grid x∞ is within 2e-3 of the
    /// exact value. A table read without interpolation (a mutant: the row below v) halves its error only.
    /// </summary>
    internal static Property SecondOrder(Func<RateTables, int, double, (double, double)> lookup)
    {
        var result = Prop.Label(true, "");
        for (int gate = 0; gate < 3; gate++)
        {
            var e200 = MaxError(gate, 200, lookup);
            var e400 = MaxError(gate, 400, lookup);
            var e800 = MaxError(gate, 800, lookup);
            foreach (var (name, a, b) in new[] { ("x∞ 1→½ mV", e200.XInf, e400.XInf), ("x∞ ½→¼ mV", e400.XInf, e800.XInf),
                         ("decay 1→½ mV", e200.Decay, e400.Decay), ("decay ½→¼ mV", e400.Decay, e800.Decay) })
                result = result.And((a / b >= 3.0 && a / b <= 5.0).Label($"gate {gate} {name}: {a:E2} → {b:E2} (×{a / b:F2})"));
            result = result.And((e200.XInf <= 2e-3).Label($"gate {gate}: x∞ error {e200.XInf:E2} at 1 mV"));
        }
        return result;
    }

    [Fact]
    public void InterpolationIsSecondOrder() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(1), SecondOrder(Scalar));

    [Fact]
    public void TheSecondOrderLawCatchesATableReadWithoutInterpolation()
    {
        static (double, double) RowBelow(RateTables t, int gate, double v)
        {
            int point = (int)Math.Clamp((v - t.MinMv) * t.PointsPerMv, 0, t.Intervals);
            return (t.Gates[gate][RateTables.RowLength * point], t.Gates[gate][RateTables.RowLength * point + 2]);
        }
        Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(1), SecondOrder(RowBelow)));
    }

    /// <summary>
    /// The seed's whole run (forward Euler, 50,000 updates) and its Crank–Nicolson twin converge to the exact-rate run as the
    /// table's step shrinks, at second order: the same spikes in every compartment, the largest spike-time difference at
    /// 0.1 mV at least 30× below the one at NEURON's 1 mV (100× for a second-order error) and within 0.02 ms. (At 1 mV the
    /// seed's weakly coupled chain moves its last compartment's first spike by 0.7 ms: NEURON's default table is not free.)
    /// </summary>
    [Theory]
    [InlineData(IntegratorKind.ForwardEuler)]
    [InlineData(IntegratorKind.CrankNicolson)]
    public void TheSeedRunConvergesToTheExactRatesAtSecondOrder(IntegratorKind integrator)
    {
        var exact = Valid(Presets.Seed with { Integrator = integrator });
        var compartments = Enumerable.Range(0, exact.Compartments).ToArray();
        var reference = Simulation.RunSpikes(exact, compartments);
        double WorstDifferenceMs(RateTable table)
        {
            var tabulated = Simulation.RunSpikes(Valid(exact.Parameters with { RateTable = table }), compartments);
            double worst = 0;
            for (int c = 0; c < compartments.Length; c++)
            {
                Assert.True(reference[c].Count > 0);
                Assert.Equal(reference[c].Count, tabulated[c].Count);
                worst = Math.Max(worst, reference[c].Zip(tabulated[c]).Max(p => Math.Abs(p.Item1 - p.Item2)));
            }
            return worst;
        }
        double coarse = WorstDifferenceMs(RateTable.Neuron), fine = WorstDifferenceMs(new RateTable(-100, 100, 2000));
        Assert.True(fine <= 0.02 && coarse / fine >= 30, $"largest spike-time difference {coarse:F4} ms at 1 mV, {fine:F5} ms at 0.1 mV");
    }

    [Fact]
    public void InvalidTablesAreRefusedByField()
    {
        var fields = SimulationSpec.FieldProblems(Presets.Seed with { RateTable = new RateTable(double.NaN, 5, 0) }).Select(p => p.Field).ToArray();
        Assert.Contains("RateTable.MinMv", fields);
        Assert.Contains("RateTable.Intervals", fields);
        Assert.Contains("RateTable.MaxMv", SimulationSpec.FieldProblems(Presets.Seed with { RateTable = new RateTable(10, 10, 5) }).Select(p => p.Field));
        Assert.Contains("RateTable.MaxMv", SimulationSpec.FieldProblems(Presets.Seed with { RateTable = new RateTable(-1e308, 1e308, 5) }).Select(p => p.Field));
        Assert.Contains("RateTable.Intervals", SimulationSpec.FieldProblems(Presets.Seed with { RateTable = new RateTable(-100, 100, RateTable.MaxIntervals + 1) }).Select(p => p.Field));
        Assert.Empty(SimulationSpec.FieldProblems(Presets.Seed with { RateTable = RateTable.Neuron }));
    }
}
