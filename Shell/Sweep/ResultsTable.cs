using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace HHFunctional.Shell.Sweep;

/// <summary>One row of the results: a run of the plan and its result.</summary>
internal sealed record SweepRow(RunPoint Point, RunResult Result);

/// <summary>The type of a results column.</summary>
internal enum ColumnKind { Int, Double, Text }

/// <summary>A results column: its name (a contract, see the README), type, and value in a row (null = empty).</summary>
internal sealed record ResultColumn(string Name, ColumnKind Kind, Func<SweepRow, object?> Value);

/// <summary>
/// The results table (README, "Sweep results"): one row per run in grid order, written as <c>results.csv</c> and
/// <c>results.parquet</c> with the same columns. <c>wall_ms</c> is last and is the only column that differs between two
/// executions of the same grid.
/// </summary>
internal static class ResultsTable
{
    public const string WallColumn = "wall_ms";

    /// <summary>The version of hhf that wrote the table (also in the Parquet file's key-value metadata).</summary>
    public const string VersionColumn = "hhf_version";

    public static IReadOnlyList<ResultColumn> Columns(SweepPlan plan)
    {
        var columns = new List<ResultColumn>
        {
            new("run_index", ColumnKind.Int, r => r.Point.Index),
            new("run_id", ColumnKind.Text, r => r.Point.RunId),
        };
        var varied = plan.VariedNames;
        for (int i = 0; i < varied.Count; i++)
        {
            int k = i;
            // A varied option is a number column when every value is a single number, text otherwise (names, stim lists).
            bool numeric = plan.Points.All(p => Parse.Double(p.Values[k], out _));
            columns.Add(numeric
                ? new(varied[k], ColumnKind.Double, r => Parse.Double(r.Point.Values[k], out double x) ? x : null)
                : new(varied[k], ColumnKind.Text, r => r.Point.Values[k]));
        }
        columns.Add(new("status", ColumnKind.Text, r => r.Result.Status));
        columns.Add(new("reason", ColumnKind.Text, r => r.Result.Reason));
        columns.Add(new("spikes_first", ColumnKind.Int, r => r.Result.Metrics?.SpikesFirst));
        columns.Add(new("spikes_last", ColumnKind.Int, r => r.Result.Metrics?.SpikesLast));
        for (int w = 0; w < plan.WindowCount; w++)
        {
            int k = w;
            WindowMetrics? W(SweepRow r) => r.Result.Metrics is { } m && k < m.Windows.Count ? m.Windows[k] : null;
            columns.Add(new($"w{k}_spikes_first", ColumnKind.Int, r => W(r)?.SpikesFirst));
            columns.Add(new($"w{k}_spikes_last", ColumnKind.Int, r => W(r)?.SpikesLast));
            columns.Add(new($"w{k}_latency_ms", ColumnKind.Double, r => W(r)?.LatencyMs));
            columns.Add(new($"w{k}_rate_hz", ColumnKind.Double, r => W(r)?.RateHz));
        }
        columns.Add(new("compartments_per_ms", ColumnKind.Double, r => r.Result.Metrics?.CompartmentsPerMs));
        columns.Add(new("conduction_m_per_s", ColumnKind.Double, r => r.Result.Metrics?.ConductionMPerS));
        // The same text in every row: which hhf made the table (a CSV has no other place for it).
        columns.Add(new(VersionColumn, ColumnKind.Text, _ => ToolVersion.Informational));
        columns.Add(new(WallColumn, ColumnKind.Double, r => r.Result.WallMs));
        return columns;
    }

    /// <summary>
    /// CSV: a header of column names, one line per row, empty fields for nulls, numbers in shortest round-trip form
    /// (invariant culture), text quoted when it holds a comma, quote or newline; \n line ends, UTF-8 without BOM.
    /// </summary>
    public static void WriteCsv(Stream stream, IReadOnlyList<ResultColumn> columns, IReadOnlyList<SweepRow> rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write(string.Join(',', columns.Select(c => Field(c.Name))));
        writer.Write('\n');
        foreach (var row in rows)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                if (c > 0) writer.Write(',');
                writer.Write(Text(columns[c].Value(row)));
            }
            writer.Write('\n');
        }
    }

    /// <summary>One field as CSV text.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => Field(s),
        _ => Field(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Field(string s) =>
        s.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    /// <summary>Parquet (Parquet.Net): one row group, the same columns, nullable int32 / double / UTF-8 string.</summary>
    public static async Task WriteParquetAsync(Stream stream, IReadOnlyList<ResultColumn> columns, IReadOnlyList<SweepRow> rows)
    {
        var fields = columns.Select(c => c.Kind switch
        {
            ColumnKind.Int => (DataField)new DataField<int?>(c.Name),
            ColumnKind.Double => new DataField<double?>(c.Name),
            _ => new DataField(c.Name, typeof(string), isNullable: true),
        }).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        writer.CustomMetadata = new Dictionary<string, string> { ["hhf_version"] = ToolVersion.Informational };
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            switch (column.Kind)
            {
                case ColumnKind.Int:
                    await group.WriteAsync<int>(fields[c], rows.Select(r => (int?)column.Value(r)).ToArray().AsMemory());
                    break;
                case ColumnKind.Double:
                    await group.WriteAsync<double>(fields[c], rows.Select(r => (double?)column.Value(r)).ToArray().AsMemory());
                    break;
                default:
                    await group.WriteAsync(fields[c], rows.Select(r => (string?)column.Value(r)).ToArray()!);
                    break;
            }
        }
    }
}
