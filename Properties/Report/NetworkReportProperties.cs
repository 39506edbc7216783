using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Network;
using HHFunctional.Properties.Mutants;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Report;

/// <summary>A run's length and its spikes on step boundaries (as a network run puts them: t = k·dt), many on bin boundaries.</summary>
/// <param name="DtMs">Step, ms.</param>
/// <param name="Iterations">Updates N: the run is [0, N·dt].</param>
/// <param name="Populations">Populations (1–3).</param>
/// <param name="Spikes">(step k in 0..N, population) of each spike.</param>
public sealed record RateCase(double DtMs, long Iterations, int Populations, (long Step, int Population)[] Spikes)
{
    public override string ToString() => $"dt {DtMs} ms, {Iterations} updates, {Populations} population(s), steps {string.Join(" ", Spikes.Select(s => $"{s.Step}/{s.Population}"))}";
}

public static class RateCases
{
    private static readonly double[] Steps = [0.001, 0.01, 0.0125, 0.02, 0.025, 0.05, 0.1];

    /// <summary>Runs of 1 to ~200,000 updates (log-uniform); half the spikes exactly on a bin boundary, half anywhere.</summary>
    public static Arbitrary<RateCase> Cases() => Gen.Choose(0, int.MaxValue).Select(seed =>
    {
        var random = new Random(seed);
        double dt = Steps[random.Next(Steps.Length)];
        long n = Math.Max(1, (long)Math.Round(Math.Exp(random.NextDouble() * Math.Log(200_000))));
        int populations = random.Next(1, 4);
        int bins = NetworkFigures.RateBins(n * dt, dt).Bins;
        var spikes = Enumerable.Range(0, random.Next(0, 200)).Select(_ =>
        {
            // Boundary b of bins: step b·N/bins when that is whole.
            long b = random.Next(0, bins + 1);
            long step = random.Next(2) == 0 && b * n % bins == 0 ? b * n / bins : random.NextInt64(0, n + 1);
            return (step, random.Next(populations));
        }).ToArray();
        return new RateCase(dt, n, populations, spikes);
    }).ToArbitrary();
}

/// <summary>The rate figure's binning, over generated runs.</summary>
public class NetworkReportProperties
{
    /// <summary>
    /// Law: each spike is counted once, in the bin [b·w, (b+1)·w) that holds its time (w = T/bins; a spike at T in the last).
    /// Oracle: exact integer arithmetic on the step, b = ⌊k·bins/N⌋, free of the rounding of k·dt·bins/(N·dt).
    /// </summary>
    internal static Property EverySpikeIsCountedInTheBinHoldingItsTime(RateCase c, Func<int, IReadOnlyList<NetworkSpike>, double, int, int[][]> binCounts)
    {
        double endMs = c.Iterations * c.DtMs;
        int bins = NetworkFigures.RateBins(endMs, c.DtMs).Bins;
        var spikes = c.Spikes.Select(s => new NetworkSpike(0, 0, s.Step * c.DtMs) { Population = s.Population }).ToArray();
        var counts = binCounts(c.Populations, spikes, endMs, bins);
        var expected = Enumerable.Range(0, c.Populations).Select(_ => new int[bins]).ToArray();
        foreach (var (step, p) in c.Spikes) expected[p][(int)Math.Min(bins - 1, step * bins / c.Iterations)]++;
        bool onBoundary = c.Spikes.Any(s => s.Step * bins % c.Iterations == 0 && s.Step > 0 && s.Step < c.Iterations);
        return Prop.Label(counts.Sum(b => b.Sum()) == c.Spikes.Length, "every spike counted once")
            .And(Prop.Label(counts.Zip(expected, (got, want) => got.SequenceEqual(want)).All(same => same), "each in the bin holding its time"))
            .Classify(onBoundary, "spikes on inner bin boundaries");
    }

    [Property(Arbitrary = [typeof(RateCases)], MaxTest = 300)]
    public Property RateBinsCountEverySpikeInTheBinHoldingItsTime(RateCase c) => EverySpikeIsCountedInTheBinHoldingItsTime(c, NetworkFigures.BinCounts);

    [Fact]
    public void LawFailsWhenBoundarySpikesFollowTheRoundingOfTheProduct() =>
        PropertyAssert.Falsified(Prop.ForAll(RateCases.Cases(), c => EverySpikeIsCountedInTheBinHoldingItsTime(c, NetworkReportMutants.FloorWithoutTolerance)), 300);

    [Fact]
    public void LawFailsWhenSpikesGoToTheNearestBin() =>
        PropertyAssert.Falsified(Prop.ForAll(RateCases.Cases(), c => EverySpikeIsCountedInTheBinHoldingItsTime(c, NetworkReportMutants.NearestBin)));
}
