using System.Text;
using HHFunctional.Shell;
using Parquet;
using Parquet.Schema;

namespace HHFunctional.Properties.Sweep;

/// <summary>Runs hhf in-process and reads what a sweep wrote.</summary>
internal static class SweepHarness
{
    public static (int Exit, string Out, string Err) Hhf(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    // Every folder a sweep test makes is under one folder per test process; the folders of test processes that have
    // ended are removed when the next test run starts, so at most one run's folders are ever left behind.
    private static readonly string Root = CleanedRoot();

    private static string CleanedRoot()
    {
        string parent = Path.Combine(Path.GetTempPath(), "hhf-sweep-tests");
        Directory.CreateDirectory(parent);
        foreach (var dir in Directory.GetDirectories(parent, "p*"))
        {
            if (!int.TryParse(Path.GetFileName(dir)[1..], out int pid) || pid == Environment.ProcessId) continue;
            bool alive;
            try { using var process = System.Diagnostics.Process.GetProcessById(pid); alive = !process.HasExited; }
            catch (ArgumentException) { alive = false; }
            if (alive) continue;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        string mine = Path.Combine(parent, $"p{Environment.ProcessId}");
        Directory.CreateDirectory(mine);
        return mine;
    }

    /// <summary>A fresh temporary folder (see <see cref="Root"/> for when it is removed).</summary>
    public static string TempDir()
    {
        string dir = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a grid file into a fresh folder and returns its path.</summary>
    public static string GridFile(string json)
    {
        string path = Path.Combine(TempDir(), "grid.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Runs a sweep that must succeed; returns its output folder.</summary>
    public static string RunSweep(string grid, params string[] extra)
    {
        string outDir = Path.Combine(TempDir(), "out");
        var (exit, stdout, stderr) = Hhf(new[] { "sweep", "--grid", grid, "--out", outDir }.Concat(extra).ToArray());
        Assert.True(exit == 0, $"sweep exited {exit}\nstdout: {stdout}\nstderr: {stderr}");
        return outDir;
    }

    /// <summary>The rows of a results.csv as column → field text (RFC 4180 quoting).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Fields(lines[0]);
        return lines.Skip(1).Select(l =>
        {
            var f = Fields(l);
            Assert.Equal(header.Count, f.Count);
            return header.Zip(f, (h, v) => (h, v)).ToDictionary(x => x.h, x => x.v);
        }).ToList();
    }

    /// <summary>results.csv without its last column (wall_ms, the only non-deterministic one).</summary>
    public static string CsvWithoutWall(string dir)
    {
        var lines = File.ReadAllText(Path.Combine(dir, "results.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",wall_ms", lines[0]);
        // wall_ms is a plain number, never quoted, so the last comma starts it.
        return string.Join('\n', lines.Select(l => l[..l.LastIndexOf(',')]));
    }

    /// <summary>Every column of results.parquet (wall_ms left out) as text, for equality checks across sweeps.</summary>
    public static string ParquetWithoutWall(string dir)
    {
        var columns = ReadParquet(Path.Combine(dir, "results.parquet"));
        var text = new StringBuilder();
        foreach (var (name, values) in columns.Where(c => c.Key != "wall_ms"))
            text.Append(name).Append(": ").AppendJoin('|', values.Select(v => v switch
            {
                double d => BitConverter.DoubleToInt64Bits(d).ToString("x16"),
                null => "null",
                _ => v.ToString(),
            })).Append('\n');
        return text.ToString();
    }

    /// <summary>The columns of a Parquet file in schema order (Parquet.Net), values boxed (null for missing).</summary>
    public static List<KeyValuePair<string, object?[]>> ReadParquet(string path) => ReadParquetAsync(path).GetAwaiter().GetResult();

    private static async Task<List<KeyValuePair<string, object?[]>>> ReadParquetAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        Assert.Equal(1, reader.RowGroupCount);
        using var group = reader.OpenRowGroupReader(0);
        int rows = (int)group.RowCount;
        var result = new List<KeyValuePair<string, object?[]>>();
        foreach (var field in reader.Schema.GetDataFields())
        {
            object?[] values;
            if (field.ClrType == typeof(int))
            {
                var buffer = new int?[rows];
                await group.ReadAsync<int>(field, buffer.AsMemory());
                values = buffer.Select(x => (object?)x).ToArray();
            }
            else if (field.ClrType == typeof(double))
            {
                var buffer = new double?[rows];
                await group.ReadAsync<double>(field, buffer.AsMemory());
                values = buffer.Select(x => (object?)x).ToArray();
            }
            else
            {
                var buffer = new string?[rows];
                await group.ReadAsync(field, buffer.AsMemory());
                values = buffer.Select(x => (object?)x).ToArray();
            }
            result.Add(new(field.Name, values));
        }
        return result;
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>Field text → double, exactly (shortest round-trip text parses back to the same bits).</summary>
    public static double? Number(string text) =>
        text.Length == 0 ? null : double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
