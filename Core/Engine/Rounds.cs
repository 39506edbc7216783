namespace HHFunctional.Core.Engine;

/// <summary>
/// Rounds of independent work items on a fixed set of threads, with one serial step between rounds (a network's spike
/// exchange between its blocks' intervals). Each thread owns a share of the items, dealt largest first to the least
/// loaded, and takes its own from the front (so an item tends to stay on one core, its buffers in that core's cache);
/// a thread whose share is done takes what is left of another's from the back, so a core that runs slower for a while
/// (another job, an interrupt) does not hold the round up. The threads live for the whole run and meet at a barrier
/// (spinning briefly, then blocking): starting the threads of a parallel loop anew every round cost 0.2 ms a round.
/// Which thread runs an item never changes a result: items share nothing, and the serial step sees them all.
/// </summary>
internal static class Rounds
{
    /// <summary>
    /// Runs rounds until <paramref name="between"/> returns false: in each, <paramref name="item"/> once for every item
    /// index, on <paramref name="threads"/> threads (the calling one among them); then <paramref name="between"/> once, on
    /// whichever thread arrives last, with every item's work visible to it. <paramref name="afterRound"/> runs on the
    /// calling thread after each serial step, beside the next round's items. The first exception of any thread ends the
    /// run after the round and is rethrown here.
    /// </summary>
    /// <param name="threads">Threads to use (at most one per item).</param>
    /// <param name="work">Each item's expected work, for dealing the shares.</param>
    /// <param name="item">Does item i's work for the round.</param>
    /// <param name="between">The serial step; false ends the run.</param>
    /// <param name="afterRound">Optional, on the calling thread after each serial step that continues the run.</param>
    public static void Run(int threads, IReadOnlyList<long> work, Action<int> item, Func<bool> between, Action? afterRound = null)
    {
        if (threads < 2 || work.Count < 2)
        {
            do
            {
                for (int i = 0; i < work.Count; i++) item(i);
                if (!between()) return;
                afterRound?.Invoke();
            } while (true);
        }
        threads = Math.Min(threads, work.Count);
        var shares = Deal(threads, work);
        // Per share, the next item from the front (low 32 bits) and one past the last unclaimed one (high 32 bits), so a
        // claim from either end is one compare-exchange and the two ends never take the same item.
        var ends = new long[threads];
        void Reset()
        {
            for (int w = 0; w < threads; w++) ends[w] = (long)shares[w].Length << 32;
        }
        Reset();
        Exception? failure = null;
        bool stop = false;
        using var barrier = new Barrier(threads, _ =>
        {
            try { stop = failure is not null || !between(); }
            catch (Exception e) { failure = e; stop = true; }
            Reset();
        });

        void Work(int w)
        {
            do
            {
                try
                {
                    for (int i; (i = ClaimFront(ref ends[w])) >= 0;) item(shares[w][i]);
                    for (int other = 1; other < threads; other++)
                    {
                        int v = (w + other) % threads;
                        for (int i; (i = ClaimBack(ref ends[v])) >= 0;) item(shares[v][i]);
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    // The others may still be claiming: leave them nothing.
                    for (int v = 0; v < threads; v++) Interlocked.Exchange(ref ends[v], 0);
                }
                barrier.SignalAndWait();
                if (!stop && w == 0) afterRound?.Invoke();
            } while (!stop);
        }

        var others = Enumerable.Range(1, threads - 1)
            .Select(w => Task.Factory.StartNew(() => Work(w), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        Work(0);
        Task.WaitAll(others);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Item indices per thread: largest first, each to the thread with the least work so far.</summary>
    internal static int[][] Deal(int threads, IReadOnlyList<long> work)
    {
        var shares = Enumerable.Range(0, threads).Select(_ => new List<int>()).ToArray();
        var load = new long[threads];
        foreach (int i in Enumerable.Range(0, work.Count).OrderByDescending(i => work[i]))
        {
            int w = Array.IndexOf(load, load.Min());
            shares[w].Add(i);
            load[w] += work[i];
        }
        return shares.Select(s => s.ToArray()).ToArray();
    }

    private static int ClaimFront(ref long ends)
    {
        while (true)
        {
            long seen = Volatile.Read(ref ends);
            int front = (int)seen, back = (int)(seen >> 32);
            if (front >= back) return -1;
            if (Interlocked.CompareExchange(ref ends, ((long)back << 32) | (uint)(front + 1), seen) == seen) return front;
        }
    }

    private static int ClaimBack(ref long ends)
    {
        while (true)
        {
            long seen = Volatile.Read(ref ends);
            int front = (int)seen, back = (int)(seen >> 32);
            if (front >= back) return -1;
            if (Interlocked.CompareExchange(ref ends, ((long)(back - 1) << 32) | (uint)front, seen) == seen) return back - 1;
        }
    }
}
