using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Properties.Mutants;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Shell;

/// <summary>A trace to thin for display, and how many buckets to thin it to.</summary>
public sealed record DecimationCase(double[] YMv, int Buckets)
{
    public override string ToString() => $"n = {YMv.Length}, buckets = {Buckets}, y = [{string.Join(", ", YMv.Take(40))}{(YMv.Length > 40 ? ", …" : "")}]";
}

/// <summary>Generators with explicit ranges: lengths 1–3000, buckets 1–300, values in [−80, 50] mV.</summary>
public static class DecimationArbs
{
    // Noise crosses 0 mV often (many short spikes); the spike train is smooth, with peaks that a stride misses.
    private static Gen<double[]> Noise(int n) => Gen.Choose(-80_000, 50_000).Select(i => i / 1000.0).ArrayOf(n);

    private static Gen<double[]> SpikeTrain(int n) =>
        from period in Gen.Choose(3, 400)
        from phase in Gen.Choose(0, 399)
        from sharpness in Gen.Choose(1, 12)
        select Enumerable.Range(0, n).Select(i => -65.0 + 105.0 * Math.Pow(Math.Max(0.0, Math.Sin(2 * Math.PI * (i + phase) / period)), sharpness)).ToArray();

    public static Arbitrary<DecimationCase> Cases() =>
        (from n in Gen.Choose(1, 3000)
         from buckets in Gen.Choose(1, 300)
         from y in Gen.OneOf(Noise(n), SpikeTrain(n))
         select new DecimationCase(y, buckets)).ToArbitrary();
}

/// <summary>
/// Law of the display decimation: the kept indices are increasing and in range, include the first and last sample,
/// the minimum and maximum of every bucket and the peak and trough of every spike (upward 0 mV crossing), and number at
/// most 2·buckets + 2·spikes + 2. Precondition: none (any trace, any bucket count ≥ 1; short traces are kept whole).
/// </summary>
public sealed class DecimationProperties
{
    private const double ThresholdMv = 0.0;

    [Property(Arbitrary = new[] { typeof(DecimationArbs) }, MaxTest = 200)]
    public Property DecimationKeepsEveryBucketExtremumAndEverySpikePeakAndTrough(DecimationCase c) =>
        Law(c, (y, b) => Decimation.SpikePreservingIndices(y, b, ThresholdMv));

    [Fact]
    public void ShouldFail_StrideDecimationLosesPeaks()
    {
        var property = Prop.ForAll(DecimationArbs.Cases(), c => Law(c, (y, b) => StrideDecimation.Indices(y, b, ThresholdMv)));
        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property));
        Mutants.PropertyAssert.AssertLawFailed(failure.Message);
    }

    [Fact]
    public void BucketsForKeepsThePointBudgetWhenSpikesAreFew()
    {
        // 2·buckets + 2·spikes + 2 ≤ target + 2 while spikes ≤ target/4.
        foreach (int spikes in new[] { 0, 1, 10, 250, 500 })
            Assert.True(2 * Decimation.BucketsFor(2000, spikes) + 2 * spikes + 2 <= 2002, $"spikes = {spikes}");
    }

    private static Property Law(DecimationCase c, Func<double[], int, int[]> decimate)
    {
        var y = c.YMv;
        var kept = decimate(y, c.Buckets);
        var keptSet = kept.ToHashSet();
        int n = y.Length;
        var spikes = SpikesOf(y);
        bool increasing = kept.Zip(kept.Skip(1), (a, b) => a < b).All(x => x) && kept.All(i => i >= 0 && i < n);
        bool whole = n > 2 * c.Buckets || kept.Length == n;
        bool ends = n == 0 || (keptSet.Contains(0) && keptSet.Contains(n - 1));
        bool buckets = n <= 2 * c.Buckets || Enumerable.Range(0, c.Buckets).All(b =>
        {
            int lo = (int)((long)b * n / c.Buckets), hi = (int)((long)(b + 1) * n / c.Buckets);
            var inBucket = Enumerable.Range(lo, hi - lo).ToArray();
            var keptValues = inBucket.Where(keptSet.Contains).Select(i => y[i]).ToArray();
            return keptValues.Contains(inBucket.Max(i => y[i])) && keptValues.Contains(inBucket.Min(i => y[i]));
        });
        bool peaksAndTroughs = spikes.All(s =>
        {
            double peak = s.Peak.Max(j => y[j]);
            double trough = s.Trough.Length == 0 ? double.NaN : s.Trough.Min(j => y[j]);
            return s.Peak.Any(i => keptSet.Contains(i) && y[i] == peak) &&
                   (s.Trough.Length == 0 || s.Trough.Any(i => keptSet.Contains(i) && y[i] == trough));
        });
        bool bounded = kept.Length <= Math.Max(n <= 2 * c.Buckets ? n : 0, 2 * c.Buckets + 2 * spikes.Count + 2);
        return increasing.Label("indices increasing and in range")
            .And(whole.Label("a short trace is kept whole"))
            .And(ends.Label("first and last sample kept"))
            .And(buckets.Label("every bucket's min and max kept"))
            .And(peaksAndTroughs.Label("every spike's peak and trough kept"))
            .And(bounded.Label("at most 2·buckets + 2·spikes + 2 points"))
            .Classify(spikes.Count > 0, "spiking")
            .Classify(n <= 2 * c.Buckets, "shorter than the budget");
    }

    /// <summary>
    /// Independent oracle: for each upward crossing y[i−1] &lt; 0 ≤ y[i], the samples of the spike (from i while ≥ 0)
    /// and of the trough after it (from there to the next upward crossing, exclusive).
    /// </summary>
    private static List<(int[] Peak, int[] Trough)> SpikesOf(double[] y)
    {
        var ups = Enumerable.Range(1, Math.Max(0, y.Length - 1)).Where(i => y[i - 1] < ThresholdMv && y[i] >= ThresholdMv).ToArray();
        return ups.Select((up, k) =>
        {
            int down = up;
            while (down < y.Length && y[down] >= ThresholdMv) down++;
            int next = k + 1 < ups.Length ? ups[k + 1] : y.Length;
            return (Enumerable.Range(up, down - up).ToArray(), Enumerable.Range(down, Math.Max(0, next - down)).ToArray());
        }).ToList();
    }
}
