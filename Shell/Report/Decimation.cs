namespace HHFunctional.Shell.Report;

/// <summary>Display decimation that keeps every peak and trough: per bucket, the min and the max in time order.</summary>
internal static class Decimation
{
    /// <summary>Indices of at most ~2·buckets points of <paramref name="y"/>: first, last, and each bucket's min and max.</summary>
    public static int[] MinMaxIndices(IReadOnlyList<double> y, int buckets)
    {
        int n = y.Count;
        if (n <= 2 * buckets) return Enumerable.Range(0, n).ToArray();
        var keep = new List<int>(2 * buckets + 2) { 0 };
        for (int b = 0; b < buckets; b++)
        {
            int lo = (int)((long)b * n / buckets), hi = (int)((long)(b + 1) * n / buckets);
            int iMin = lo, iMax = lo;
            for (int i = lo + 1; i < hi; i++)
            {
                if (y[i] < y[iMin]) iMin = i;
                if (y[i] > y[iMax]) iMax = i;
            }
            keep.Add(Math.Min(iMin, iMax));
            keep.Add(Math.Max(iMin, iMax));
        }
        keep.Add(n - 1);
        return keep.Distinct().Order().ToArray();
    }
}
