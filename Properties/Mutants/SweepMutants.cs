using System.Globalization;

namespace HHFunctional.Properties.Mutants;

/// <summary>Deliberately broken versions of the sweep's pure pieces; each property must fail on its mutant.</summary>
internal static class SweepMutants
{
    /// <summary>Mutant of Grid.RangeValues: accumulates the step in double arithmetic (x += step), so 0, 0.1, 0.2 is
    /// followed by 0.30000000000000004; the classic floating-point range bug.</summary>
    public static List<string> AccumulatingRange(decimal from, decimal to, decimal step)
    {
        var values = new List<string>();
        double x = (double)from, s = (double)step, end = (double)to;
        for (; s > 0 ? x <= end + 1e-12 : x >= end - 1e-12; x += s) values.Add(x.ToString("R", CultureInfo.InvariantCulture));
        return values;
    }

    /// <summary>Mutant of SweepPlan.Split: blocks of ⌊n/N⌋ with the whole remainder in the last shard (covers every
    /// item once, but one task gets up to N − 1 extra runs).</summary>
    public static IReadOnlyList<T> RemainderInLastShard<T>(IReadOnlyList<T> items, int shard, int shards)
    {
        int size = items.Count / shards, from = shard * size;
        int to = shard == shards - 1 ? items.Count : from + size;
        return items.Skip(from).Take(to - from).ToList();
    }
}
