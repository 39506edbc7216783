using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;
using Parquet;
using Parquet.Schema;

namespace HHFunctional.Shell;

/// <summary>
/// The spike table of a run (docs/cli.md, "Outputs"): one row per spike of each recorded compartment (or site of a cell),
/// in recording order, times ascending; the upward 0 mV crossings, linearly interpolated between the recorded samples
/// (<see cref="Spikes.TimesMs(Recording, int, double)"/>, what the report counts). Only when V was recorded.
/// </summary>
internal static class SpikeTable
{
    public const string CsvName = "spikes.csv";

    /// <summary>(compartment, recorded column, t_ms) rows, or null when V was not recorded.</summary>
    public static (int[] Compartments, int[] Columns, double[] TimesMs)? Of(Recording recording)
    {
        if (!recording.Has(StateVariable.V)) return null;
        var compartments = new List<int>();
        var columns = new List<int>();
        var times = new List<double>();
        for (int col = 0; col < recording.Selection.Compartments.Count; col++)
            foreach (double t in Spikes.TimesMs(recording, col))
            {
                compartments.Add(recording.Selection.Compartments[col]);
                columns.Add(col);
                times.Add(t);
            }
        return (compartments.ToArray(), columns.ToArray(), times.ToArray());
    }

    /// <summary>CSV: header <c>compartment,t_ms</c> (or <c>site,t_ms</c> with the sites of a cell as <paramref name="sites"/>,
    /// one per recorded column), shortest round-trip numbers, \n line ends, UTF-8 without BOM.</summary>
    public static void WriteCsv(Stream stream, (int[] Compartments, int[] Columns, double[] TimesMs) spikes, IReadOnlyList<string>? sites = null)
    {
        var text = new StringBuilder(sites is null ? "compartment,t_ms\n" : "site,t_ms\n");
        for (int i = 0; i < spikes.Compartments.Length; i++)
            text.Append(sites is null ? spikes.Compartments[i].ToString(CultureInfo.InvariantCulture) : Csv.Field(sites[spikes.Columns[i]])).Append(',')
                .Append(spikes.TimesMs[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        stream.Write(new UTF8Encoding(false).GetBytes(text.ToString()));
    }
}

/// <summary>
/// <c>--parquet DIR</c> (docs/cli.md, "Outputs"): the CSVs' tables as Parquet, column for column. DIR/{v,m,h,n}.parquet:
/// <c>t_ms</c> and one float64 column (nullable, never null) per recorded compartment (<c>c0</c>, <c>c5</c>, …) or site of a
/// cell (<c>soma(0.5)</c>), the same values bit for bit; DIR/spikes.parquet: <c>compartment</c> (int32) or, for a cell,
/// <c>site</c> (string), and <c>t_ms</c> (float64). Each file's key-value metadata: hhf_version,
/// config (the run's configuration as --save-config writes it), config_sha256 (of that text), units (JSON: column →
/// unit), variable, neuron.
/// </summary>
internal static class ParquetOutput
{
    public static string FileName(StateVariable variable) => $"{variable.Name()}.parquet";

    public const string SpikesName = "spikes.parquet";

    /// <summary>The key-value metadata every file carries, given its units.</summary>
    public static Dictionary<string, string> Metadata(string config, int neuron, string variable, string unitsJson) => new()
    {
        ["hhf_version"] = ToolVersion.Informational,
        ["config"] = config,
        ["config_sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(config))),
        ["units"] = unitsJson,
        ["variable"] = variable,
        ["neuron"] = neuron.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The unit of a state variable's values: mV for v, "1" (dimensionless) for the gates.</summary>
    public static string Unit(StateVariable variable) => variable == StateVariable.V ? "mV" : "1";

    public static void WriteTrace(Stream stream, Recording recording, StateVariable variable, string config, IReadOnlyList<string>? sites = null) =>
        WriteTraceAsync(stream, recording, variable, config, sites).GetAwaiter().GetResult();

    private static async Task WriteTraceAsync(Stream stream, Recording recording, StateVariable variable, string config, IReadOnlyList<string>? sites)
    {
        var compartments = recording.Selection.Compartments;
        var names = Csv.ColumnNames(recording, sites);
        // Nullable columns (never null here): the non-nullable write path of Parquet.Net 6.1 writes wrong pages in the
        // native (NativeAOT) build, where the nullable one, which results.parquet uses, is right (NativeBuildTests).
        var fields = new List<DataField> { new DataField<double?>("t_ms") };
        fields.AddRange(names.Select(n => new DataField<double?>(n)));
        string units = "{\"t_ms\": \"ms\", \"" + (sites is null ? "c*" : "*") + "\": \"" + Unit(variable) + "\"}";
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.ToArray()), stream);
        writer.CustomMetadata = Metadata(config, recording.Selection.Neuron, variable.Name(), units);
        using var group = writer.CreateRowGroup();
        var column = new double?[recording.Rows];
        for (int r = 0; r < recording.Rows; r++) column[r] = recording.TimesMs[r];
        await group.WriteAsync<double>(fields[0], column.AsMemory());
        for (int col = 0; col < compartments.Count; col++)
        {
            for (int r = 0; r < recording.Rows; r++) column[r] = recording[variable, r, col];
            await group.WriteAsync<double>(fields[col + 1], column.AsMemory());
        }
    }

    public static void WriteSpikes(Stream stream, (int[] Compartments, int[] Columns, double[] TimesMs) spikes, int neuron, string config,
        IReadOnlyList<string>? sites = null) =>
        WriteSpikesAsync(stream, spikes, neuron, config, sites).GetAwaiter().GetResult();

    private static async Task WriteSpikesAsync(Stream stream, (int[] Compartments, int[] Columns, double[] TimesMs) spikes, int neuron, string config,
        IReadOnlyList<string>? sites)
    {
        var time = new DataField<double?>("t_ms");
        if (sites is not null)
        {
            var site = new DataField("site", typeof(string), isNullable: true);
            await using var siteWriter = await ParquetWriter.CreateAsync(new ParquetSchema(site, time), stream);
            siteWriter.CustomMetadata = Metadata(config, neuron, "spikes", "{\"site\": \"SECTION(x)\", \"t_ms\": \"ms\"}");
            using var siteGroup = siteWriter.CreateRowGroup();
            await siteGroup.WriteAsync(site, spikes.Columns.Select(c => (string?)sites[c]).ToArray()!);
            await siteGroup.WriteAsync<double>(time, spikes.TimesMs.Select(t => (double?)t).ToArray().AsMemory());
            return;
        }
        var compartment = new DataField<int?>("compartment");
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(compartment, time), stream);
        writer.CustomMetadata = Metadata(config, neuron, "spikes", "{\"compartment\": \"index\", \"t_ms\": \"ms\"}");
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<int>(compartment, spikes.Compartments.Select(c => (int?)c).ToArray().AsMemory());
        await group.WriteAsync<double>(time, spikes.TimesMs.Select(t => (double?)t).ToArray().AsMemory());
    }
}
