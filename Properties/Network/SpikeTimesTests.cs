using HHFunctional.Core.Network;

namespace HHFunctional.Properties.Network;

/// <summary>Spike sources' times: regular trains exactly; Poisson trains deterministic by seed, with Poisson statistics.</summary>
public class SpikeTimesTests
{
    [Fact]
    public void RegularTrainIsStartPlusMultiplesOfTheInterval() =>
        Assert.Equal([5.0, 30.0, 55.0, 80.0], SpikeTimes.Regular(5.0, 25.0, 80.0));

    [Fact]
    public void PoissonTrainIsTheSameForASeedAndDiffersBetweenSeeds()
    {
        Assert.Equal(SpikeTimes.Poisson(40, 0, 1000, 7), SpikeTimes.Poisson(40, 0, 1000, 7));
        Assert.NotEqual(SpikeTimes.Poisson(40, 0, 1000, 7), SpikeTimes.Poisson(40, 0, 1000, 8));
        // Pinned against an independent SplitMix64 written in Python (u = (z >> 11) + 1 over 2^53, t += −25·ln u): the
        // generator is ours, so these times hold on any machine and .NET version (to the last bits of the platform's log).
        var first = SpikeTimes.Poisson(40, 0, 1000, 7).Take(3).ToArray();
        double[] python = [23.551129443934567, 125.72796418631981, 128.34085598543152];
        for (int i = 0; i < 3; i++) Assert.Equal(python[i], first[i], 1e-12);
    }

    /// <summary>
    /// Oracle: the Poisson process. Over 2,000 seeds of 1 s at 40 Hz, the count's mean is 40 and its variance 40 (a Poisson
    /// count), within 3 standard errors; intervals have mean 25 ms and a coefficient of variation of 1 (exponential).
    /// Uniform intervals of the same mean (CV 0.58) or a regular train (CV 0) would fail the CV bound.
    /// </summary>
    [Fact]
    public void PoissonTrainsHavePoissonCountsAndExponentialIntervals()
    {
        var counts = Enumerable.Range(0, 2000).Select(s => (double)SpikeTimes.Poisson(40, 0, 1000, (ulong)s).Length).ToArray();
        double mean = counts.Average(), variance = counts.Select(c => (c - mean) * (c - mean)).Sum() / (counts.Length - 1);
        Assert.InRange(mean, 40 - 3 * Math.Sqrt(40.0 / 2000), 40 + 3 * Math.Sqrt(40.0 / 2000));
        Assert.InRange(variance, 40 * 0.9, 40 * 1.1);
        var intervals = Enumerable.Range(0, 200).SelectMany(s => SpikeTimes.Poisson(40, 0, 10_000, (ulong)s).Zip(SpikeTimes.Poisson(40, 0, 10_000, (ulong)s).Skip(1), (a, b) => b - a)).ToArray();
        double im = intervals.Average(), isd = Math.Sqrt(intervals.Select(x => (x - im) * (x - im)).Sum() / (intervals.Length - 1));
        Assert.InRange(im, 24.8, 25.2);
        Assert.InRange(isd / im, 0.98, 1.02);
        Assert.All(SpikeTimes.Poisson(40, 100, 200, 3), t => Assert.InRange(t, 100.0, 200.0));
    }

    [Fact]
    public void BadArgumentsAreArgumentExceptionsNamingTheParameter()
    {
        Assert.Equal("intervalMs", Assert.ThrowsAny<ArgumentException>(() => SpikeTimes.Regular(0, 0, 10)).ParamName);
        Assert.Equal("rateHz", Assert.ThrowsAny<ArgumentException>(() => SpikeTimes.Poisson(-1, 0, 10, 1)).ParamName);
        Assert.Equal("endMs", Assert.ThrowsAny<ArgumentException>(() => SpikeTimes.Poisson(1, 10, 0, 1)).ParamName);
        Assert.Empty(SpikeTimes.Poisson(0, 0, 10, 1));
    }
}
