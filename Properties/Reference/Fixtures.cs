using System.Globalization;
using System.IO.Compression;

namespace HHFunctional.Properties.Reference;

/// <summary>Reference data copied from shared/reference (tests never read ../shared). Loaded once, checked before use.</summary>
public static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Reference", "Fixtures");

    /// <summary>A gzipped CSV with a header, as rows of doubles.</summary>
    public static (string[] Header, double[][] Rows) ReadCsvGz(params string[] relative)
    {
        using var file = File.OpenRead(Path.Combine(Dir, Path.Combine(relative)));
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<double[]>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            if (line.Length > 0) rows.Add(line.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray());
        return (header, rows.ToArray());
    }

    private static readonly Lazy<double[][]> SeedPymonnto = new(() => Checked(ReadCsvGz("seed_pymonnto_init", "ref_seed_v.csv.gz")));
    private static readonly Lazy<double[][]> SeedNominal = new(() => Checked(ReadCsvGz("seed_nominal_init", "ref_seed_v.csv.gz")));

    /// <summary>PymoNNto's v, zero start: row r = state after r+1 updates, 20 columns.</summary>
    public static double[][] SeedPymonntoV => SeedPymonnto.Value;

    /// <summary>The same model from the stated start (−65, 0.05, 0.6, 0.32).</summary>
    public static double[][] SeedNominalV => SeedNominal.Value;

    // The fixture is what the README says it is: 50,000 rows × 20 finite columns named comp_0..comp_19.
    private static double[][] Checked((string[] Header, double[][] Rows) csv)
    {
        if (csv.Header.Length != 20 || csv.Header[0] != "comp_0" || csv.Header[19] != "comp_19")
            throw new InvalidDataException($"unexpected reference header: {string.Join(',', csv.Header)}");
        if (csv.Rows.Length != 50_000) throw new InvalidDataException($"reference has {csv.Rows.Length} rows, expected 50000");
        if (csv.Rows.Any(r => r.Length != 20 || r.Any(x => !double.IsFinite(x))))
            throw new InvalidDataException("reference has a short row or a non-finite value");
        return csv.Rows;
    }

    /// <summary>
    /// The reference files' spike definition (ref_seed_summary.json): iteration r+1 of the first row r with v[r] ≥ 0 after
    /// v[r−1] &lt; 0, per column. Written here independently of Core's analysis.
    /// </summary>
    public static List<int>[] SpikeIterations(Func<int, int, double> v, int rows, int columns, double vBeforeFirstRow)
    {
        var spikes = Enumerable.Range(0, columns).Select(_ => new List<int>()).ToArray();
        for (int c = 0; c < columns; c++)
        {
            double previous = vBeforeFirstRow;
            for (int r = 0; r < rows; r++)
            {
                double x = v(r, c);
                if (x >= 0 && previous < 0) spikes[c].Add(r + 1);
                previous = x;
            }
        }
        return spikes;
    }
}
