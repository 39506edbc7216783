using System.Globalization;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Morphology;

/// <summary>The committed NEURON 8.2.2 references of Properties/Morphology/data (made by reference/*.py).</summary>
internal static class MorphologyData
{
    public static string Dir => Path.Combine(RepoRoot.Path, "Properties", "Morphology", "data");

    public static string Text(string name) => File.ReadAllText(Path.Combine(Dir, name));

    /// <summary>Rows of a CSV file with a header, as dictionaries (no quoted fields in these files).</summary>
    public static List<Dictionary<string, string>> Csv(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Dir, name)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(','))
            .Select(f => header.Select((h, i) => (h, f[i])).ToDictionary(p => p.h, p => p.Item2)).ToList();
    }

    public static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    public static HHFunctional.Core.Morphology.Morphology ReadSwc(string name) =>
        Swc.Read(Text(name), name).Match(m => m, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));

    public static DiscreteTree Tree(HHFunctional.Core.Morphology.Morphology m, NsegRule rule, double ra = Discretisation.DefaultRaOhmCm) =>
        Discretisation.Of(m, rule, ra).Match(t => t, e => throw new Xunit.Sdk.XunitException(e.Message));

    public static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R} (relative difference {Math.Abs(actual - expected) / Math.Abs(expected):E2} > {relative:E0})");
}
