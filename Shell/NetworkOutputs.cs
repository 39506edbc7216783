using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HHFunctional.Core.Model;
using HHFunctional.Core.Network;
using Parquet;
using Parquet.Schema;

namespace HHFunctional.Shell;

/// <summary>
/// What <c>hhf network</c> writes (docs/network.md, "Outputs"): spikes.csv (<c>population,cell,t_ms</c>, by time, then
/// population, then cell), spikes.parquet (the same columns), traces.csv (<c>t_ms</c> and one column per recorded place,
/// named as the file names it) and connections.csv (the expanded connectivity). Shortest round-trip numbers, \n line
/// ends, UTF-8 without BOM.
/// </summary>
internal static class NetworkOutputs
{
    public const string SpikesCsv = "spikes.csv", SpikesParquet = "spikes.parquet", TracesCsv = "traces.csv", ConnectionsCsv = "connections.csv",
        Report = "report.html";

    /// <summary>One spike of a population's cell.</summary>
    public readonly record struct CellSpike(int Population, int Cell, double TimeMs);

    /// <summary>The spikes of each population's spike detectors (one per cell), in the run's order: the cells' spikes,
    /// without those of detectors that only feed projections from other sites or thresholds.</summary>
    public static NetworkSpike[] PopulationSpikes(NetworkModel model, NetworkResult result)
    {
        var counted = model.SpikeDetectors.SelectMany(d => d).ToHashSet();
        return result.Spikes.Where(s => counted.Contains(s.Detector)).ToArray();
    }

    /// <summary>The spikes of each population's spike detectors, by time, then population, then cell.</summary>
    public static CellSpike[] Spikes(NetworkModel model, NetworkResult result) =>
        PopulationSpikes(model, result).Select(s => new CellSpike(s.Population, s.Neuron, s.TimeMs))
            .OrderBy(s => s.TimeMs).ThenBy(s => s.Population).ThenBy(s => s.Cell).ToArray();

    /// <summary>The run's parameters as the report shows them (name, value), in the file's words. Not the thread count:
    /// a machine setting that changes nothing, so the page is the same on any machine (with --reproducible).</summary>
    public static IReadOnlyList<(string Name, string Value)> Parameters(NetworkModel model)
    {
        var spec = model.Spec;
        var rows = new List<(string, string)>
        {
            ("network file", Path.GetFileName(model.File)),
            ("t-stop-ms", R(model.TStopMs)),
            ("dt-ms", R(spec.DtMs)),
            ("updates", spec.Iterations.ToString(CultureInfo.InvariantCulture)),
            ("integrator", spec.Populations[0].Cells.Parameters.Integrator.Name()),
            ("rate-table", RateTableOption.Name(spec.Populations[0].Cells.Parameters.RateTable)),
            ("v0-mv", R(model.V0Mv)),
            ("temperature-c", R(model.TemperatureC)),
        };
        for (int p = 0; p < spec.Populations.Count; p++)
            rows.Add(($"population {spec.Populations[p].Name}", $"{spec.Populations[p].Cells.Neurons} × {model.CellTypes[p]} ({spec.Populations[p].Cells.Compartments} nodes each)"));
        rows.Add(("synapses", spec.Synapses.Count.ToString(CultureInfo.InvariantCulture)));
        rows.Add(("connections", spec.Connections.Count.ToString(CultureInfo.InvariantCulture)));
        rows.Add(("spike sources", spec.Sources.Count.ToString(CultureInfo.InvariantCulture)));
        return rows;
    }

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static void Write(Stream stream, StringBuilder text) => stream.Write(new UTF8Encoding(false).GetBytes(text.ToString()));

    public static void WriteSpikesCsv(Stream stream, NetworkModel model, IReadOnlyList<CellSpike> spikes)
    {
        var names = model.PopulationNames;
        var text = new StringBuilder("population,cell,t_ms\n");
        foreach (var s in spikes) text.Append(Csv.Field(names[s.Population])).Append(',').Append(s.Cell.ToString(CultureInfo.InvariantCulture)).Append(',').Append(R(s.TimeMs)).Append('\n');
        Write(stream, text);
    }

    public static void WriteTracesCsv(Stream stream, NetworkModel model, NetworkResult result)
    {
        var header = new StringBuilder("t_ms");
        foreach (var name in model.RecordNames) header.Append(',').Append(Csv.Field(name));
        header.Append('\n');
        stream.Write(new UTF8Encoding(false).GetBytes(header.ToString()));
        double dt = model.Spec.DtMs;
        int width = result.Traces.Count;
        var buffer = new byte[Math.Max(1 << 16, 2 * (width + 1) * (ShortestDouble.MaxLength + 1))];
        int pos = 0;
        for (long k = 0; k <= model.Spec.Iterations; k++)
        {
            if (pos + (width + 1) * (ShortestDouble.MaxLength + 1) > buffer.Length) { stream.Write(buffer, 0, pos); pos = 0; }
            // t = k·dt, never summed (NEURON's t = tbase + n·dt).
            pos += ShortestDouble.Format(k * dt, buffer.AsSpan(pos));
            foreach (var trace in result.Traces)
            {
                buffer[pos++] = (byte)',';
                pos += ShortestDouble.Format(trace[k], buffer.AsSpan(pos));
            }
            buffer[pos++] = (byte)'\n';
        }
        stream.Write(buffer, 0, pos);
    }

    /// <summary>connections.csv: <c>source_population,source,target_population,target,weight_us,delay_ms</c>, one row per
    /// connection in the file's order (projection by projection; within one, by target then source, or the list's order).</summary>
    public static void WriteConnectionsCsv(Stream stream, NetworkModel model)
    {
        var spec = model.Spec;
        var names = model.PopulationNames;
        var text = new StringBuilder("source_population,source,target_population,target,weight_us,delay_ms\n");
        foreach (var c in spec.Connections)
        {
            var (d, s) = (spec.Detectors[c.Detector], spec.Synapses[c.Synapse]);
            text.Append(Csv.Field(names[d.Population])).Append(',').Append(d.Neuron.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv.Field(names[s.Population])).Append(',').Append(s.Neuron.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(R(c.WeightUS)).Append(',').Append(R(c.DelayMs)).Append('\n');
            if (text.Length > 1 << 20) { Write(stream, text); text.Clear(); }
        }
        Write(stream, text);
    }

    /// <summary>spikes.parquet: population (string), cell (int32), t_ms (float64), nullable but never null (the
    /// non-nullable path of Parquet.Net 6.1 is wrong in the native build; see ParquetOutput). Metadata: hhf_version,
    /// network_file, network_sha256 (of the file's bytes), units.</summary>
    public static void WriteSpikesParquet(Stream stream, NetworkModel model, IReadOnlyList<CellSpike> spikes, byte[] fileBytes) =>
        WriteSpikesParquetAsync(stream, model, spikes, fileBytes).GetAwaiter().GetResult();

    private static async Task WriteSpikesParquetAsync(Stream stream, NetworkModel model, IReadOnlyList<CellSpike> spikes, byte[] fileBytes)
    {
        var population = new DataField("population", typeof(string), isNullable: true);
        var cell = new DataField<int?>("cell");
        var time = new DataField<double?>("t_ms");
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(population, cell, time), stream);
        writer.CustomMetadata = new Dictionary<string, string>
        {
            ["hhf_version"] = ToolVersion.Informational,
            ["network_file"] = Path.GetFileName(model.File),
            ["network_sha256"] = Convert.ToHexStringLower(SHA256.HashData(fileBytes)),
            ["units"] = "{\"population\": \"name\", \"cell\": \"index\", \"t_ms\": \"ms\"}",
        };
        using var group = writer.CreateRowGroup();
        var names = model.PopulationNames;
        await group.WriteAsync(population, spikes.Select(s => (string?)names[s.Population]).ToArray()!);
        await group.WriteAsync<int>(cell, spikes.Select(s => (int?)s.Cell).ToArray().AsMemory());
        await group.WriteAsync<double>(time, spikes.Select(s => (double?)s.TimeMs).ToArray().AsMemory());
    }
}
