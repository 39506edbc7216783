using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// What a run writes for other tools (docs/cli.md, "Outputs"): the CSVs' values are the run's recording bit for bit
/// (oracle: the recording from Core's public API, run here without the CLI), spikes.csv holds the interpolated upward
/// 0 mV crossings of that recording (oracle: the crossing rule and interpolation written out here), and the Parquet
/// files hold the same values, read back by DuckDB (a reader sharing no code with the Parquet.Net writer), with their
/// key-value metadata. Files are checked as bytes: UTF-8 without BOM, \n line ends.
/// </summary>
public sealed class OutputFilesTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    // Out of order and partial on purpose: columns follow the order given, variables the v, m, h, n order.
    private static readonly int[] Compartments = { 4, 1, 3 };
    private const int Every = 7;

    private static string[] RunArgs(string csv, string parquet, string out_) => new[]
    {
        "run", "--compartments", "6", "--iterations", "3000", "--stim", "2,25,10,0", "--record-compartments", "4,1,3",
        "--record-vars", "n,v", "--record-every", "7", "--csv", csv, "--parquet", parquet, "--out", out_,
    };

    private static Recording Oracle()
    {
        var parameters = new SimulationParameters { Compartments = 6, Iterations = 3000, Stimulus = new Stimulus(new[] { new StimulusSegment(2, 25, 10, 0) }) };
        var spec = SimulationSpec.Validate(parameters).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var selection = new RecordingSelection(new[] { StateVariable.N, StateVariable.V }, Compartments, 0, Every);
        return Simulation.RunRecorded(spec, selection, new RunSettings { Threads = 1 });
    }

    private (string Csv, string Parquet) Run()
    {
        string csv = _box["csv"], parquet = _box["pq"];
        var result = _box.Run(RunArgs(csv, parquet, _box["r.html"]));
        Assert.True(result.Code == 0, result.ToString());
        return (csv, parquet);
    }

    private static string[] Lines(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), $"{path} starts with a BOM");
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).Split('\n')[..^1];
    }

    /// <summary>The files of a folder but the hidden ones (a lock file of a concurrent-writer guard may stay there).</summary>
    private static IEnumerable<string> Visible(string folder) =>
        Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void SameBits(double expected, double actual, string where) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{where}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void CsvValuesAreTheRecordingBitForBit()
    {
        var (csv, _) = Run();
        var recording = Oracle();
        Assert.Equal(new[] { "n.csv", "spikes.csv", "v.csv" }, Visible(csv));
        foreach (var variable in new[] { StateVariable.N, StateVariable.V })
        {
            var lines = Lines(Path.Combine(csv, variable.Name() + ".csv"));
            Assert.Equal("t_ms,c4,c1,c3", lines[0]);
            Assert.Equal(3000 / Every, lines.Length - 1);
            Assert.Equal(recording.Rows, lines.Length - 1);
            for (int r = 0; r < recording.Rows; r++)
            {
                var fields = lines[r + 1].Split(',');
                Assert.Equal(4, fields.Length);
                // Row r is the state after update (r + 1)·K: t = (r + 1)·K·dt.
                SameBits(recording.TimesMs[r], Number(fields[0]), $"{variable.Name()}.csv row {r} t_ms");
                SameBits((r + 1) * Every * 0.01, Number(fields[0]), $"{variable.Name()}.csv row {r} t_ms = (r+1)·K·dt");
                for (int col = 0; col < Compartments.Length; col++)
                    SameBits(recording[variable, r, col], Number(fields[col + 1]), $"{variable.Name()}.csv row {r} c{Compartments[col]}");
            }
        }
    }

    [Fact]
    public void SpikesCsvHoldsTheInterpolatedUpwardZeroCrossingsOfTheRecording()
    {
        var (csv, _) = Run();
        var recording = Oracle();
        var expected = new List<(int Compartment, double TimeMs)>();
        for (int col = 0; col < Compartments.Length; col++)
            for (int i = 1; i < recording.Rows; i++)
            {
                double a = recording[StateVariable.V, i - 1, col], b = recording[StateVariable.V, i, col];
                // v[i−1] < 0 ≤ v[i], then the straight line between the two samples meets 0 mV.
                if (a < 0 && b >= 0)
                    expected.Add((Compartments[col], recording.TimesMs[i - 1] + (0 - a) / (b - a) * (recording.TimesMs[i] - recording.TimesMs[i - 1])));
            }
        Assert.True(expected.Count >= 3, "the stimulus should make every recorded compartment fire");
        var lines = Lines(Path.Combine(csv, "spikes.csv"));
        Assert.Equal("compartment,t_ms", lines[0]);
        Assert.Equal(expected.Count, lines.Length - 1);
        for (int i = 0; i < expected.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.Equal(expected[i].Compartment.ToString(CultureInfo.InvariantCulture), fields[0]);
            SameBits(expected[i].TimeMs, Number(fields[1]), $"spikes.csv row {i}");
        }
    }

    [Fact]
    public void CsvAndParquetMayShareAFolderButNoOutputMayBeAnotherOnesFile()
    {
        var shared = _box.Run(_box.Tiny("--csv", _box["d"], "--parquet", _box["d"]));
        Assert.True(shared.Code == 0, shared.ToString());
        Assert.Contains("spikes.parquet", Visible(_box["d"]));
        var clash = _box.Run(_box.Tiny("--csv", _box["e"], "--save-config", _box["e/spikes.csv"]));
        Assert.Equal(ExitCode.BadInput, clash.Code);
        Assert.Contains("--csv and --save-config: both would write", clash.Stderr);
        var clashParquet = _box.Run(_box.Tiny("--parquet", _box["f"], "--save-config", _box["f/v.parquet"]));
        Assert.Equal(ExitCode.BadInput, clashParquet.Code);
        Assert.Contains("--parquet and --save-config: both would write", clashParquet.Stderr);
    }

    [Fact]
    public void NoSpikesCsvWithoutV()
    {
        var result = _box.Run(_box.Tiny("--record-vars", "m", "--csv", _box["csv"], "--parquet", _box["pq"]));
        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(new[] { "m.csv" }, Visible(_box["csv"]));
        Assert.Equal(new[] { "m.parquet" }, Visible(_box["pq"]));
    }

    [Fact]
    public void ParquetReadByDuckDbIsTheCsvBitForBitWithMetadata()
    {
        var (csv, parquet) = Run();
        Assert.Equal(new[] { "n.parquet", "spikes.parquet", "v.parquet" }, Visible(parquet));
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        foreach (var name in new[] { "n", "v", "spikes" })
        {
            string file = Path.Combine(parquet, name + ".parquet");
            var lines = Lines(Path.Combine(csv, name + ".csv"));
            using (var command = db.CreateCommand())
            {
                command.CommandText = $"SELECT * FROM read_parquet('{file}')";
                using var reader = command.ExecuteReader();
                Assert.Equal(lines[0].Split(','), Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
                int row = 0;
                while (reader.Read())
                {
                    var fields = lines[++row].Split(',');
                    for (int c = 0; c < reader.FieldCount; c++)
                    {
                        if (name == "spikes" && c == 0)
                        {
                            Assert.Equal(typeof(int), reader.GetFieldType(c));
                            Assert.Equal(int.Parse(fields[c], CultureInfo.InvariantCulture), reader.GetInt32(c));
                        }
                        else
                        {
                            Assert.Equal(typeof(double), reader.GetFieldType(c));
                            SameBits(Number(fields[c]), reader.GetDouble(c), $"{name}.parquet row {row} {reader.GetName(c)}");
                        }
                    }
                }
                Assert.Equal(lines.Length - 1, row);
            }

            var metadata = new Dictionary<string, string>();
            using (var command = db.CreateCommand())
            {
                command.CommandText = $"SELECT key, value FROM parquet_kv_metadata('{file}')";
                using var reader = command.ExecuteReader();
                while (reader.Read()) metadata[Text(reader.GetValue(0))] = Text(reader.GetValue(1));
            }
            Assert.Equal(typeof(HHFunctional.Shell.Cli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion, metadata["hhf_version"]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(metadata["config"]))), metadata["config_sha256"]);
            using var config = JsonDocument.Parse(metadata["config"]);
            Assert.Equal("4,1,3", config.RootElement.GetProperty("record-compartments").GetString());
            Assert.Equal(6, config.RootElement.GetProperty("compartments").GetInt32());
            Assert.Equal("2,25,10,0", Assert.Single(config.RootElement.GetProperty("stim").EnumerateArray()).GetString());
            using var units = JsonDocument.Parse(metadata["units"]);
            Assert.Equal("ms", units.RootElement.GetProperty("t_ms").GetString());
            if (name != "spikes") Assert.Equal(name == "v" ? "mV" : "1", units.RootElement.GetProperty("c*").GetString());
            Assert.Equal(name, metadata["variable"]);
            Assert.Equal("0", metadata["neuron"]);
        }
    }

    /// <summary>The config in the metadata runs the same run again: its files are the same bytes.</summary>
    [Fact]
    public void ParquetConfigRepeatsTheRun()
    {
        var (csv, parquet) = Run();
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT value FROM parquet_kv_metadata('{Path.Combine(parquet, "v.parquet")}') WHERE key = 'config'";
        string config = Text(command.ExecuteScalar()!);
        string file = _box.Write("again.json", config);
        var again = _box.Run("run", "--config", file, "--csv", _box["csv2"], "--parquet", _box["pq2"], "--out", _box["r2.html"]);
        Assert.True(again.Code == 0, again.ToString());
        foreach (var name in new[] { "n.csv", "v.csv", "spikes.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(csv, name)), File.ReadAllBytes(Path.Combine(_box["csv2"], name)));
    }

    private static string Text(object value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        Stream stream => new StreamReader(stream, Encoding.UTF8).ReadToEnd(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
