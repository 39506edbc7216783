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
/// The spike table of a run (docs/cli.md, "Outputs"): one row per spike of each recorded compartment, compartments in
/// recording order, times ascending; the upward 0 mV crossings, linearly interpolated between the recorded samples
/// (<see cref="Spikes.TimesMs(Recording, int, double)"/>, what the report counts). Only when V was recorded.
/// </summary>
internal static class SpikeTable
{
    public const string CsvName = "spikes.csv";

    /// <summary>(compartment, t_ms) rows, or null when V was not recorded.</summary>
    public static (int[] Compartments, double[] TimesMs)? Of(Recording recording)
    {
        if (!recording.Has(StateVariable.V)) return null;
        var compartments = new List<int>();
        var times = new List<double>();
        for (int col = 0; col < recording.Selection.Compartments.Count; col++)
            foreach (double t in Spikes.TimesMs(recording, col))
            {
                compartments.Add(recording.Selection.Compartments[col]);
                times.Add(t);
            }
        return (compartments.ToArray(), times.ToArray());
    }

    /// <summary>CSV: header <c>compartment,t_ms</c>, shortest round-trip numbers, \n line ends, UTF-8 without BOM.</summary>
    public static void WriteCsv(Stream stream, (int[] Compartments, double[] TimesMs) spikes)
    {
        var text = new StringBuilder("compartment,t_ms\n");
        for (int i = 0; i < spikes.Compartments.Length; i++)
            text.Append(spikes.Compartments[i].ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(spikes.TimesMs[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        stream.Write(new UTF8Encoding(false).GetBytes(text.ToString()));
    }
}

/// <summary>
/// <c>--parquet DIR</c> (docs/cli.md, "Outputs"): the CSVs' tables as Parquet, column for column. DIR/{v,m,h,n}.parquet:
/// <c>t_ms</c> and one float64 column (nullable, never null) per recorded compartment (<c>c0</c>, <c>c5</c>, …), the same values bit for bit;
/// DIR/spikes.parquet: <c>compartment</c> (int32), <c>t_ms</c> (float64). Each file's key-value metadata: hhf_version,
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

    public static void WriteTrace(Stream stream, Recording recording, StateVariable variable, string config) =>
        WriteTraceAsync(stream, recording, variable, config).GetAwaiter().GetResult();

    private static async Task WriteTraceAsync(Stream stream, Recording recording, StateVariable variable, string config)
    {
        var compartments = recording.Selection.Compartments;
        // Nullable columns (never null here): the non-nullable write path of Parquet.Net 6.1 writes wrong pages in the
        // native (NativeAOT) build, where the nullable one, which results.parquet uses, is right (NativeBuildTests).
        var fields = new List<DataField> { new DataField<double?>("t_ms") };
        fields.AddRange(compartments.Select(c => new DataField<double?>($"c{c.ToString(CultureInfo.InvariantCulture)}")));
        string units = "{\"t_ms\": \"ms\", \"c*\": \"" + Unit(variable) + "\"}";
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

    public static void WriteSpikes(Stream stream, (int[] Compartments, double[] TimesMs) spikes, int neuron, string config) =>
        WriteSpikesAsync(stream, spikes, neuron, config).GetAwaiter().GetResult();

    private static async Task WriteSpikesAsync(Stream stream, (int[] Compartments, double[] TimesMs) spikes, int neuron, string config)
    {
        var compartment = new DataField<int?>("compartment");
        var time = new DataField<double?>("t_ms");
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(compartment, time), stream);
        writer.CustomMetadata = Metadata(config, neuron, "spikes", "{\"compartment\": \"index\", \"t_ms\": \"ms\"}");
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<int>(compartment, spikes.Compartments.Select(c => (int?)c).ToArray().AsMemory());
        await group.WriteAsync<double>(time, spikes.TimesMs.Select(t => (double?)t).ToArray().AsMemory());
    }
}
