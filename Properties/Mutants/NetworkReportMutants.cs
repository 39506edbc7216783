using HHFunctional.Core.Network;

namespace HHFunctional.Properties.Mutants;

/// <summary>Deliberately broken rate binning: each must make NetworkReportProperties' law fail.</summary>
internal static class NetworkReportMutants
{
    /// <summary>The floor of t·bins/T as computed: a spike on a boundary falls in the earlier bin whenever the product rounds down.</summary>
    public static int[][] FloorWithoutTolerance(int populations, IReadOnlyList<NetworkSpike> spikes, double endMs, int bins) =>
        Bin(populations, spikes, bins, s => Math.Floor(s.TimeMs * bins / endMs));

    /// <summary>The nearest bin centre's index instead of the bin holding the time: half of each bin's spikes land in the next.</summary>
    public static int[][] NearestBin(int populations, IReadOnlyList<NetworkSpike> spikes, double endMs, int bins) =>
        Bin(populations, spikes, bins, s => Math.Round(s.TimeMs * bins / endMs));

    private static int[][] Bin(int populations, IReadOnlyList<NetworkSpike> spikes, int bins, Func<NetworkSpike, double> index)
    {
        var counts = Enumerable.Range(0, populations).Select(_ => new int[bins]).ToArray();
        foreach (var s in spikes) counts[s.Population][Math.Clamp((int)index(s), 0, bins - 1)]++;
        return counts;
    }
}
