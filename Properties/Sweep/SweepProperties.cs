using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Properties.Mutants;
using HHFunctional.Shell.Sweep;

namespace HHFunctional.Properties.Sweep;

/// <summary>A range as a grid file writes it, and how many values it must give.</summary>
public sealed record RangeCase(decimal From, decimal Step, int Count, decimal To);

/// <summary>A list of n run ids split into N shards.</summary>
public sealed record SplitCase(int Items, int Shards);

/// <summary>Generators with explicit ranges.</summary>
public static class SweepArbitraries
{
    /// <summary>from ∈ [−1000, 1000] with up to 3 decimals, step ∈ ±[0.001, 10], 1–300 values, and "to" anywhere in
    /// [last value, last value + step) so it need not land on the grid.</summary>
    public static Arbitrary<RangeCase> Ranges() =>
        (from f in Gen.Choose(-1_000_000, 1_000_000)
         from s in Gen.Choose(1, 10_000)
         from negative in Gen.Elements(false, true)
         from n in Gen.Choose(1, 300)
         from extra in Gen.Choose(0, 999)
         let start = f / 1000m
         let step = (negative ? -s : s) / 1000m
         select new RangeCase(start, step, n, start + (n - 1) * step + step * extra / 1000m)).ToArbitrary();

    /// <summary>0–500 items over 1–50 shards.</summary>
    public static Arbitrary<SplitCase> Splits() =>
        (from n in Gen.Choose(0, 500) from k in Gen.Choose(1, 50) select new SplitCase(n, k)).ToArbitrary();
}

/// <summary>The sweep's pure laws: decimal-safe ranges and the balanced shard split.</summary>
public class SweepProperties
{
    /// <summary>
    /// Law: a range {from, to, step} gives exactly n values, value i being the double nearest to the exact decimal
    /// from + i·step (no accumulated rounding: 0.1·3 is 0.3). Precondition: none (the generator makes valid ranges).
    /// </summary>
    public static Property RangeLaw(Func<decimal, decimal, decimal, List<string>> range, RangeCase c)
    {
        var values = range(c.From, c.To, c.Step);
        bool count = values.Count == c.Count;
        bool exact = count && values.Select((v, i) => double.Parse(v, CultureInfo.InvariantCulture)
                                                    == double.Parse((c.From + i * c.Step).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).All(x => x);
        return count.Label($"count: {values.Count}, expected {c.Count}")
            .And(exact.Label("each value is from + i·step exactly"))
            .Classify(c.Step < 0, "descending")
            .Classify(c.From + (c.Count - 1) * c.Step == c.To, "to on the grid");
    }

    /// <summary>
    /// Law: the N blocks of a list, in order, are the list itself (every id in exactly one shard), and their sizes are
    /// ⌊n/N⌋ or ⌈n/N⌉ (balanced). Precondition: N ≥ 1 (the generator's range).
    /// </summary>
    public static Property SplitLaw(Func<IReadOnlyList<int>, int, int, IReadOnlyList<int>> split, SplitCase c)
    {
        var items = Enumerable.Range(0, c.Items).ToArray();
        var blocks = Enumerable.Range(0, c.Shards).Select(s => split(items, s, c.Shards)).ToList();
        bool covers = blocks.SelectMany(b => b).SequenceEqual(items);
        int lo = c.Items / c.Shards, hi = (c.Items + c.Shards - 1) / c.Shards;
        bool balanced = blocks.All(b => b.Count >= lo && b.Count <= hi);
        return covers.Label("the blocks in order are the list").And(balanced.Label($"sizes in [{lo}, {hi}]"))
            .Classify(c.Items % c.Shards == 0, "divides evenly")
            .Classify(c.Shards > c.Items, "more shards than items");
    }

    [Property(Arbitrary = new[] { typeof(SweepArbitraries) }, MaxTest = 300)]
    public Property RangeValuesAreFromPlusIStepExactly(RangeCase c) => RangeLaw(Grid.RangeValues, c);

    [Property(Arbitrary = new[] { typeof(SweepArbitraries) }, MaxTest = 300)]
    public Property ShardsCoverTheIdsOnceInBalancedBlocks(SplitCase c) => SplitLaw(SweepPlan.Split, c);

    [Fact]
    public void ShouldFail_RangeLawOnAccumulatingMutant() =>
        Assert.ThrowsAny<Exception>(() => Check.QuickThrowOnFailure(Prop.ForAll(SweepArbitraries.Ranges(), c => RangeLaw(SweepMutants.AccumulatingRange, c))));

    [Fact]
    public void ShouldFail_SplitLawOnRemainderInLastShardMutant() =>
        Assert.ThrowsAny<Exception>(() => Check.QuickThrowOnFailure(Prop.ForAll(SweepArbitraries.Splits(), c => SplitLaw(SweepMutants.RemainderInLastShard, c))));

    [Fact]
    public void TheIssuesRangeExamples()
    {
        Assert.Equal(new[] { "100", "105", "110", "115", "120", "125", "130", "135", "140" }, Grid.RangeValues(100, 140, 5));
        var fi = Grid.RangeValues(0, 20, 0.1m);
        Assert.Equal(201, fi.Count);
        Assert.Equal("0.3", fi[3]);        // not 0.30000000000000004
        Assert.Equal("6.3", fi[63]);
        Assert.Equal("20", fi[200]);       // no trailing zeros: valid for integer options too
        Assert.Equal(new[] { "1", "0.75", "0.5" }, Grid.RangeValues(1, 0.4m, -0.25m));
    }

    [Fact]
    public void RunIdIsTheHashOfTheModelNotOfItsSpelling()
    {
        static string Id(params string[] raw)
        {
            var pairs = raw.Select(r => r.Split('=', 2)).Select(p => HHFunctional.Shell.RawOption.FromCommandLine(p[0], p[1])).ToList();
            var (options, errors) = SweepPlan.Options(pairs);
            Assert.Empty(errors);
            return RunId.Of(options.Parameters);
        }
        string id = Id("dt=0.01", "gna=120", "compartments=3");
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal(id, Id("compartments=3", "gna=1.2e2", "dt=1e-2"));       // spelling and order do not matter
        Assert.Equal(id, Id("compartments=3", "preset=seed"));                // the preset's defaults are the same values
        Assert.NotEqual(id, Id("dt=0.01", "gna=120", "compartments=3", "gk=36.000000000000007"));
        Assert.NotEqual(Id("cable=seed"), Id("cable=physical"));              // the cable's type is part of the configuration
        Assert.NotEqual(Id("stim=0,10,1,0"), Id("stim=0,10,1,0", "stim=20,30,1,0"));
    }

    /// <summary>
    /// Ids are a contract with every stored result (a rerun skips the ids it finds): the same configuration keeps its id
    /// from one version of hhf to the next unless <see cref="RunId.MetricsVersion"/> is bumped. These are the ids of
    /// hhf-sweep-metrics/2 as first stored; a change of the canonical text (say, a faster writer) must leave them alone.
    /// </summary>
    [Fact]
    public void RunIdsStayAsStored()
    {
        Assert.Equal("hhf-sweep-metrics/2", RunId.MetricsVersion);
        Assert.Equal("81062afd640022dd", IdOf("dt=0.01")); // the seed run
        // Row 3 of {"base": {"compartments": 3, "iterations": 200, "stim": ["1,2,0,0"], "integrator": "crank-nicolson"},
        //           "vary": {"stim-amplitude": [5, 10.5], "preset": ["seed", "hh1952"]}}
        Assert.Equal("80e78004ab450548", IdOf("compartments=3", "iterations=200", "stim=1,2,10.5,0", "integrator=crank-nicolson", "preset=hh1952"));
    }

    private static string IdOf(params string[] raw)
    {
        var pairs = raw.Select(r => r.Split('=', 2)).Select(p => HHFunctional.Shell.RawOption.FromCommandLine(p[0], p[1])).ToList();
        var (options, errors) = SweepPlan.Options(pairs);
        Assert.Empty(errors);
        return RunId.Of(options.Parameters);
    }

    [Fact]
    public void ProgressLineShowsDoneFailedAndTimeLeft()
    {
        Assert.Equal("[###############...............] 100/200 runs, 3 failed, 0:10 left", Progress.Line(100, 3, 200, TimeSpan.FromSeconds(10)));
        Assert.Equal("[..............................] 0/5 runs, 0 failed, ? left", Progress.Line(0, 0, 5, TimeSpan.Zero));
        Assert.Equal(new[] { 0, 2, 4 }, SweepReport.Spread(5, 3));
        Assert.Equal(new[] { 0, 1 }, SweepReport.Spread(2, 10));
    }
}
