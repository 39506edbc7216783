using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HHFunctional.Shell;

/// <summary>
/// The run configuration file (README, "Config files"): one JSON object whose keys are the run options' long names
/// without dashes (<c>{"dt": 0.01, "record-every": 10, "stim": ["100,200,5,0"]}</c>). Numbers may be JSON numbers or
/// strings, repeatable options are arrays (an empty <c>stim</c> array means no stimulus), flags are booleans. A config
/// becomes the same raw values as a command line, so both are parsed and validated by one path, and every problem is
/// reported with its JSON path.
/// </summary>
internal static partial class RunConfig
{
    /// <summary>Largest config file read: 16 MiB (a config is a few hundred bytes; anything bigger is a mistake).</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Key naming the version of hhf that saved a config (<c>--save-config</c> writes it; loading ignores it).</summary>
    public const string VersionKey = "hhf-version";

    /// <summary>
    /// Keys about the file rather than the run, accepted (as strings) and ignored: <c>$schema</c>, which editors use to
    /// validate and complete the file, and <see cref="VersionKey"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> MetaKeys = new[] { "$schema", VersionKey };

    /// <summary>Comments and trailing commas are accepted: configs are written by hand.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    /// <summary>
    /// The raw option values of a JSON object of run options, each tagged with its JSON path (<c>$.dt</c>,
    /// <c>$.stim[1]</c>; <paramref name="path"/> is the object's own path, e.g. <c>$</c> or <c>$.base</c>), and every
    /// problem found (unknown keys, duplicate keys, wrong types), each starting with its path. Values are not parsed
    /// here: <see cref="CommandLine.Apply(IReadOnlyList{RawOption}, IReadOnlyList{OptionSpec})"/> parses them, exactly as
    /// it parses the command line's.
    /// </summary>
    public static (List<RawOption> Raw, List<string> Errors) FromJson(JsonElement element, string path, IReadOnlyList<OptionSpec>? table = null)
    {
        table ??= CommandLine.RunOptionsTable;
        var raw = new List<RawOption>();
        var errors = new List<string>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object of run options like {{\"dt\": 0.01}}, got {Describe(element)}");
            return (raw, errors);
        }
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string at = Child(path, property.Name);
            if (!seen.Add(property.Name)) { errors.Add($"{at}: given twice, expected once"); continue; }
            if (MetaKeys.Contains(property.Name))
            {
                // Said about the file, not about the run: checked for type, then left out of the options.
                if (property.Value.ValueKind != JsonValueKind.String) errors.Add($"{at}: expected a string, got {Describe(property.Value)}");
                continue;
            }
            var spec = table.FirstOrDefault(o => o.Name == property.Name);
            if (spec is null)
            {
                errors.Add($"{at}: unknown key{CommandLine.Suggest(property.Name, table.Where(o => !o.CommandLineOnly).ToList(), prefix: "")}");
                continue;
            }
            if (spec.CommandLineOnly)
            {
                errors.Add($"{at}: --{spec.Name} is a command-line option, not a config key");
                continue;
            }
            if (!spec.Repeatable) { Scalar(spec, property.Value, at, raw, errors); continue; }
            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{at}: expected an array of {Expected(spec)}s (e.g. [\"100,200,5,0\"]), got {Describe(property.Value)}");
                continue;
            }
            if (property.Value.GetArrayLength() > CommandLine.MaxStimSegments)
            {
                errors.Add($"{at}: expected at most {CommandLine.MaxStimSegments:N0} items, got {property.Value.GetArrayLength():N0}");
                continue;
            }
            // An empty list is an explicit "none": it still replaces what the preset would give.
            if (property.Value.GetArrayLength() == 0) raw.Add(new RawOption(spec.Name, "none", at));
            int i = 0;
            foreach (var item in property.Value.EnumerateArray()) Scalar(spec, item, $"{at}[{i++}]", raw, errors);
        }
        return (raw, errors);
    }

    /// <summary>Parses JSON text and reads it with <see cref="FromJson"/>; <paramref name="label"/> (a file name) starts every source and message.</summary>
    public static (List<RawOption> Raw, List<string> Errors) FromText(ReadOnlyMemory<byte> utf8, string label, IReadOnlyList<OptionSpec>? table = null)
    {
        // A UTF-8 byte order mark is legal in a file but not in JSON text.
        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble)) utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        // Checked up front: the JSON reader finds invalid UTF-8 inside a string only when the string is read, as an
        // InvalidOperationException far from here.
        if (InvalidUtf8At(utf8.Span) is { } at) return (new(), new() { $"{label}: not valid UTF-8 at byte {at + 1}; save the file as UTF-8" });
        JsonDocument document;
        try { document = JsonDocument.Parse(utf8, DocumentOptions); }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            return (new(), new() { $"{label}: not valid JSON{where}: {StripPosition(e.Message)}" });
        }
        using (document)
        {
            var (raw, errors) = FromJson(document.RootElement, "$", table);
            return (raw.Select(r => r with { Source = $"{label}: {r.Source}" }).ToList(), errors.Select(e => $"{label}: {e}").ToList());
        }
    }

    /// <summary>Offset of the first byte that is not valid UTF-8, or null when all of it is.</summary>
    internal static long? InvalidUtf8At(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8)) return null;
        try { new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(utf8); }
        catch (DecoderFallbackException e) { return e.Index; }
        return 0;
    }

    /// <summary>Reads a config file; a missing, unreadable, oversized or malformed file is one error naming it.</summary>
    public static (List<RawOption> Raw, List<string> Errors) Load(string file, IReadOnlyList<OptionSpec>? table = null)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(file)) return (new(), new() { $"--config: '{file}' is a folder, expected a JSON file" });
            if (!File.Exists(file)) return (new(), new() { $"--config: file '{file}' not found" });
            var (read, tooLong) = BoundedRead.ReadAllBytes(file, (int)MaxFileBytes);
            if (read is null) return (new(), new() { $"--config: '{file}' {tooLong}" });
            bytes = read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (new(), new() { $"--config: cannot read '{file}': {e.Message}" });
        }
        return FromText(bytes, file, table);
    }

    /// <summary>
    /// The configuration in effect as canonical JSON: every config key in table order with its value in effect (doubles
    /// in shortest round-trip form), so <c>run --config</c> of it builds the same options bit for bit. Keys that do
    /// not apply (b-r with a physical cable, v0 with --init rest, csv when not given) are left out.
    /// </summary>
    public static string Save(RunOptions options, IReadOnlyList<OptionSpec>? table = null, bool withVersion = true)
    {
        table ??= CommandLine.RunOptionsTable;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            if (withVersion) writer.WriteString(VersionKey, ToolVersion.Informational);
            foreach (var spec in table.Where(o => !o.CommandLineOnly && o.Save is not null))
            {
                object? value = spec.Save!(options);
                if (value is null) continue;
                writer.WritePropertyName(spec.Name);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            // "R" is the shortest text that parses back to the same double; non-finite values have no JSON number.
            case double x when double.IsFinite(x): writer.WriteRawValue(x.ToString("R", CultureInfo.InvariantCulture)); break;
            case double x: writer.WriteStringValue(x.ToString("R", CultureInfo.InvariantCulture)); break;
            case long n: writer.WriteNumberValue(n); break;
            case int n: writer.WriteNumberValue(n); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case string s: writer.WriteStringValue(s); break;
            case IEnumerable<string> list:
                writer.WriteStartArray();
                foreach (var s in list) writer.WriteStringValue(s);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"cannot save a {value.GetType().Name} in a config", nameof(value));
        }
    }

    private static void Scalar(OptionSpec spec, JsonElement value, string at, List<RawOption> raw, List<string> errors)
    {
        string? text = (value.ValueKind, spec.IsFlag, spec.IsNumeric) switch
        {
            (JsonValueKind.True, true, _) => "true",
            (JsonValueKind.False, true, _) => "false",
            (JsonValueKind.Number, false, true) => value.GetRawText(),
            (JsonValueKind.String, false, _) => value.GetString(),
            _ => null,
        };
        if (text is null) errors.Add($"{at}: expected {Expected(spec)}, got {Describe(value)}");
        else raw.Add(new RawOption(spec.Name, text, at));
    }

    private static string Expected(OptionSpec spec) =>
        spec.IsFlag ? "true or false"
        : spec.IsNumeric ? $"a number (or a string holding one: {spec.ValueHelp})"
        : $"a string ({spec.ValueHelp})";

    private static string Describe(JsonElement value) => JsonFields.Describe(value);

    /// <summary>JSONPath of a member: <c>$.dt</c>, or <c>$['odd key']</c> when the name is not a plain word.</summary>
    public static string Child(string path, string name) =>
        PlainName().IsMatch(name) ? $"{path}.{name}" : $"{path}['{CommandLine.Shorten(name).Replace("\\", "\\\\").Replace("'", "\\'")}']";

    private static string StripPosition(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex PlainName();
}
