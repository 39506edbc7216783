using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Engine;

namespace HHFunctional.Properties.Engine;

/// <summary>
/// Laws of the network's round scheduler (<see cref="Rounds"/>): in every round each item runs exactly once, whatever
/// thread owns it and whoever takes it over; the serial step sees every item's work of its round and nothing of the next;
/// a thread's exception ends the run and reaches the caller.
/// </summary>
public class RoundsTests
{
    /// <summary>Items of uneven, generated cost (busy work), 1–4 threads, 1–6 rounds: the slow items make the threads take
    /// over each other's shares, so the claims from both ends of a share are exercised.</summary>
    [Fact]
    public void EveryItemRunsOncePerRoundAndTheSerialStepSeesTheWholeRound()
    {
        var cases = from threads in Gen.Choose(1, 4)
                    from costs in Gen.Choose(0, 3000).ArrayOf().Where(a => a.Length is > 0 and <= 24)
                    from rounds in Gen.Choose(1, 6)
                    select (threads, costs, rounds);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (threads, costs, rounds) = c;
            var runs = new int[costs.Length];
            var seen = new List<int[]>();
            int round = 0;
            Rounds.Run(threads, costs.Select(x => (long)x).ToArray(), i =>
            {
                Spin(costs[i]);
                Interlocked.Increment(ref runs[i]);
            }, () =>
            {
                seen.Add((int[])runs.Clone());
                return ++round < rounds;
            });
            return (seen.Count == rounds
                    && seen.Select((r, k) => r.All(x => x == k + 1)).All(x => x))
                .Label($"per round: {string.Join(" | ", seen.Select(r => string.Join(",", r)))}");
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The shares: every item to exactly one thread, largest first to the least loaded.</summary>
    [Fact]
    public void DealingGivesEveryItemToOneThreadLargestFirst()
    {
        var shares = Rounds.Deal(2, [5, 9, 1, 7, 3]);
        Assert.Equal([1, 4, 2], shares[0]);  // 9; then 3 (loads 9 against 7 + 5); then 1 (12 against 12: the first)
        Assert.Equal([3, 0], shares[1]);     // 7, 5
        Assert.Equal(Enumerable.Range(0, 5), shares.SelectMany(s => s).Order());
    }

    [Fact]
    public void AThreadsExceptionEndsTheRunAndReachesTheCaller()
    {
        int rounds = 0;
        var e = Assert.Throws<InvalidOperationException>(() => Rounds.Run(3, [1, 1, 1, 1, 1, 1], i =>
        {
            if (i == 4 && Volatile.Read(ref rounds) == 1) throw new InvalidOperationException("item 4 failed");
        }, () => ++rounds < 100));
        Assert.Equal("item 4 failed", e.Message);
        Assert.Equal(1, rounds);
    }

    [Fact]
    public void AnExceptionOfTheSerialStepReachesTheCaller()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Rounds.Run(2, [1, 1, 1], _ => { }, () => throw new InvalidOperationException("exchange failed")));
        Assert.Equal("exchange failed", e.Message);
    }

    private static void Spin(int iterations)
    {
        double x = 1;
        for (int k = 0; k < iterations; k++) x = Math.Sqrt(x + k);
        GC.KeepAlive(x);
    }
}
