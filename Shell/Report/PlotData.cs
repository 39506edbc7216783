using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HHFunctional.Shell.Report;

/// <summary>
/// A plotly.js figure as the JSON <c>Plotly.newPlot</c> takes: its traces and its layout (the page adds
/// <c>config</c> and the template). Written here directly rather than through Plotly.NET's chart objects: Plotly.NET
/// serialises through reflection and spends about 0.1 s per figure even when warm and 2 s in all on the first report
/// of a process, twice the whole seed run's budget; the JSON is the same plotly.js schema either way.
/// </summary>
/// <param name="Data">The traces, drawn in order.</param>
/// <param name="Layout">Axes, size, shapes, menus.</param>
internal sealed record PlotlyFigure(JsonArray Data, JsonObject Layout)
{
    /// <summary>{"data": …, "layout": …, "config": {"responsive": true}}: the figure's JSON, on one line.</summary>
    public string ToJson() => Page.Text(output =>
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        WriteTo(json);
    });

    /// <summary>Writes the figure's JSON (see <see cref="ToJson"/>) with the writer's own escaping.</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WritePropertyName("data");
        Data.WriteTo(json);
        json.WritePropertyName("layout");
        Layout.WriteTo(json);
        json.WritePropertyName("config");
        json.WriteStartObject();
        json.WriteBoolean("responsive", true);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>
/// Compact data for plotly.js: float32 base64 typed arrays (plotly.js ≥ 2.28 decodes them), 5.3 bytes a value instead
/// of ~19 for a round-trip double. float32 keeps 7 significant digits: 0.001 ms at 10 s, far below a pixel.
/// </summary>
internal static class PlotData
{
    /// <summary>A 1-D float32 typed array: {"dtype": "f4", "bdata": base64 of the little-endian floats}.</summary>
    public static JsonObject F32(IEnumerable<double> values) =>
        TypedArray(values.Select(x => (float)x).ToArray(), shape: null);

    /// <summary>A rows × columns float32 matrix (row-major), as plotly's heatmap z: the typed array with "shape": "rows,columns".</summary>
    public static JsonObject F32Matrix(double[][] rows)
    {
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new float[rows.Length * columns];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < columns; c++) flat[r * columns + c] = (float)rows[r][c];
        return TypedArray(flat, $"{rows.Length},{columns}");
    }

    private static JsonObject TypedArray(float[] values, string? shape)
    {
        // plotly.js reads typed arrays in the machine's byte order, little-endian on every platform it runs on.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("float32 typed arrays are written little-endian");
        var array = new JsonObject { ["dtype"] = "f4", ["bdata"] = Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan())) };
        if (shape is not null) array["shape"] = shape;
        return array;
    }

    /// <summary>A scatter trace ("lines", "markers" or "lines+markers") of x against y, with extra attributes.</summary>
    public static JsonObject Scatter(JsonNode x, JsonNode y, string mode, params (string Name, JsonNode? Value)[] attributes) =>
        Obj(new (string, JsonNode?)[] { ("type", "scatter"), ("mode", mode), ("x", x), ("y", y) }.Concat(attributes).ToArray());

    /// <summary>A JSON object with the given members, in order.</summary>
    public static JsonObject Obj(params (string Name, JsonNode? Value)[] members)
    {
        var o = new JsonObject();
        foreach (var (name, value) in members) o[name] = value;
        return o;
    }

    /// <summary>A JSON array of numbers.</summary>
    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    /// <summary>A JSON array of the given nodes.</summary>
    public static JsonArray Nodes(IEnumerable<JsonNode?> items) => new(items.ToArray());
}
