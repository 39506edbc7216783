namespace HHFunctional.Shell.Report;

/// <summary>
/// Display decimation that keeps every peak and trough. The CSVs keep full resolution; this only thins what the
/// browser draws, so a trace costs at most a few thousand points whatever the run's length.
/// </summary>
internal static class Decimation
{
    /// <summary>
    /// Indices of at most 2·buckets + 2 points of <paramref name="y"/>, increasing: the first and last sample and, per
    /// bucket of equal length, the sample with the minimum and the one with the maximum (ties: the earliest). All indices
    /// when y has at most 2·buckets samples.
    /// </summary>
    public static int[] MinMaxIndices(ReadOnlySpan<double> y, int buckets) =>
        Keep(y, buckets, Array.Empty<int>());

    /// <summary>
    /// <see cref="MinMaxIndices"/> plus, for every spike (an upward crossing of <paramref name="thresholdMv"/>), its peak
    /// (the maximum from the crossing to the next downward crossing) and the trough after it (the minimum from that
    /// downward crossing to the next upward one). So no spike loses its peak or trough even when two share a bucket.
    /// At most 2·buckets + 2·spikes + 2 indices.
    /// </summary>
    public static int[] SpikePreservingIndices(ReadOnlySpan<double> y, int buckets, double thresholdMv) =>
        Keep(y, buckets, SpikeExtrema(y, thresholdMv));

    /// <summary>
    /// Bucket count for a trace of <paramref name="spikes"/> spikes to stay near <paramref name="targetPoints"/> points:
    /// spikes take 2 points each out of the budget, and the buckets never fall below a quarter of it.
    /// </summary>
    public static int BucketsFor(int targetPoints, int spikes) => Math.Max(Math.Max(1, targetPoints / 4), targetPoints / 2 - spikes);

    /// <summary>Peak and following trough of each upward crossing of θ, in time order.</summary>
    public static int[] SpikeExtrema(ReadOnlySpan<double> y, double thresholdMv)
    {
        var keep = new List<int>();
        int n = y.Length, i = 1;
        while (i < n)
        {
            if (!(y[i - 1] < thresholdMv && y[i] >= thresholdMv)) { i++; continue; }
            int peak = i;
            while (i < n && y[i] >= thresholdMv) { if (y[i] > y[peak]) peak = i; i++; }
            keep.Add(peak);
            if (i >= n) break;
            int trough = i;
            while (i < n && !(y[i - 1] < thresholdMv && y[i] >= thresholdMv)) { if (y[i] < y[trough]) trough = i; i++; }
            // The sample before the next crossing is below θ; the loop stopped on the crossing sample itself.
            keep.Add(trough);
        }
        return keep.ToArray();
    }

    private static int[] Keep(ReadOnlySpan<double> y, int buckets, int[] extra)
    {
        int n = y.Length;
        if (buckets < 1) throw new ArgumentOutOfRangeException(nameof(buckets), buckets, "expected at least one bucket");
        if (n <= 2 * buckets) return Enumerable.Range(0, n).ToArray();
        var keep = new List<int>(2 * buckets + extra.Length + 2) { 0, n - 1 };
        keep.AddRange(extra);
        for (int b = 0; b < buckets; b++)
        {
            int lo = (int)((long)b * n / buckets), hi = (int)((long)(b + 1) * n / buckets);
            int iMin = lo, iMax = lo;
            for (int i = lo + 1; i < hi; i++)
            {
                if (y[i] < y[iMin]) iMin = i;
                if (y[i] > y[iMax]) iMax = i;
            }
            keep.Add(iMin);
            keep.Add(iMax);
        }
        // Increasing, each index once.
        keep.Sort();
        int unique = 0;
        for (int k = 0; k < keep.Count; k++)
            if (unique == 0 || keep[k] != keep[unique - 1]) keep[unique++] = keep[k];
        return keep.GetRange(0, unique).ToArray();
    }
}
