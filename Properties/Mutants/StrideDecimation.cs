namespace HHFunctional.Properties.Mutants;

/// <summary>
/// Mutant of Shell/Report/Decimation: plain stride sampling (every k-th point, k chosen for the same point count).
/// Cheap and common, and it drops spike peaks that fall between samples: the decimation property must fail on it.
/// </summary>
public static class StrideDecimation
{
    public static int[] Indices(IReadOnlyList<double> y, int buckets, double thresholdMv)
    {
        int n = y.Count;
        if (n <= 2 * buckets) return Enumerable.Range(0, n).ToArray();
        int stride = (n + 2 * buckets - 1) / (2 * buckets);
        return Enumerable.Range(0, (n + stride - 1) / stride).Select(i => i * stride).Append(n - 1).Distinct().ToArray();
    }
}
