using System.Globalization;
using System.Text.Json;

namespace HHFunctional.Shell.Sweep;

/// <summary>One value a varied option takes: the raw texts it gets (one for an ordinary option; one per segment for a
/// repeatable option such as <c>stim</c> given an array).</summary>
internal sealed record OptionValue(IReadOnlyList<string> Texts)
{
    /// <summary>How the value appears in results and reports: the text, or the texts joined by " ; ".</summary>
    public string Display => string.Join(" ; ", Texts);
}

/// <summary>A varied option by its long name and the values it takes, in the order the grid gives them.</summary>
internal sealed record VariedOption(string Name, IReadOnlyList<OptionValue> Values)
{
    /// <summary>The range the values came from, as normalised texts; null for a list.</summary>
    public (string From, string To, string Step)? Range { get; init; }
}

/// <summary>
/// One axis of the grid: a single varied option, or a "zip" group of options whose lists are paired (value i of each
/// goes together). Axes are combined by their product, the first axis outermost.
/// </summary>
internal sealed record Axis(IReadOnlyList<VariedOption> Options)
{
    public int Length => Options[0].Values.Count;
}

/// <summary>What to do with a combination that fails the model's validation.</summary>
internal enum InvalidPolicy
{
    /// <summary>Refuse the whole grid up front (default), listing every failing combination.</summary>
    Refuse,
    /// <summary>Run the others; the failing combination becomes a row with status failed and the reason.</summary>
    Record,
}

/// <summary>
/// A parsed grid file: the base run as raw option values (read by <see cref="RunConfig.FromJson"/>, exactly as a
/// <c>run --config</c> file, so a run's config can be pasted as the base), the axes, and the policy for invalid
/// combinations. The grid file format is the README's "The grid file" contract.
/// </summary>
internal sealed partial record Grid(IReadOnlyList<RawOption> Base, IReadOnlyList<Axis> Axes, InvalidPolicy OnInvalid)
{
    /// <summary>
    /// The grid with its files (<c>morphology</c>) given as relative paths made absolute against <paramref name="folder"/>,
    /// the grid file's: a grid means the same from any working folder, and in the copy stored in an output folder, which
    /// a Slurm job's shards read.
    /// </summary>
    public Grid WithFilesRelativeTo(string folder)
    {
        string Resolve(string path) => path.Length > 0 && !Path.IsPathRooted(path) ? Path.GetFullPath(Path.Combine(folder, path)) : path;
        return this with
        {
            Base = Base.Select(o => o.Name == "morphology" ? o with { Value = Resolve(o.Value) } : o).ToArray(),
            Axes = Axes.Select(a => a with
            {
                Options = a.Options.Select(v => v.Name != "morphology" ? v : v with
                {
                    Values = v.Values.Select(x => new OptionValue(x.Texts.Select(Resolve).ToArray())).ToArray(),
                }).ToArray(),
            }).ToArray(),
        };
    }

    /// <summary>Keys of the base that were ignored (output-only options of run, as <c>run --save-config</c> writes them).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

    /// <summary>Every varied option in grid order (axis by axis, zip members in their "vary" order).</summary>
    public IReadOnlyList<VariedOption> Varied => Axes.SelectMany(a => a.Options).ToList();

    /// <summary>Total number of runs: the product of the axis lengths, exact (four axes of 65,536 values are 2^64 runs,
    /// which a long would wrap to 0).</summary>
    public System.Numerics.BigInteger RunCount => Axes.Aggregate(System.Numerics.BigInteger.One, (n, a) => n * a.Length);

    /// <summary>Largest sweep accepted.</summary>
    public const long MaxRuns = 1_000_000;

    private static readonly string[] TopLevelKeys = { "base", "vary", "zip", "invalid", "$schema" };

    /// <summary>
    /// Parses a grid file's text: the grid as far as it could be read (null only when the text is not a JSON object) and
    /// every problem found, so names and values can still be checked and everything reported at once.
    /// </summary>
    public static (Grid? Grid, List<string> Problems) Parse(string json)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return (null, new List<string> { $"grid: not valid JSON: {e.Message}" });
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, new List<string> { $"grid: expected a JSON object with \"base\" and \"vary\", got {Kind(root)}" });

            foreach (var p in root.EnumerateObject().Where(p => !TopLevelKeys.Contains(p.Name)))
                problems.Add($"grid: unknown key \"{p.Name}\" (expected {string.Join(", ", TopLevelKeys.Select(k => $"\"{k}\""))})");
            foreach (var dup in root.EnumerateObject().GroupBy(p => p.Name).Where(g => g.Count() > 1))
                problems.Add($"grid: key \"{dup.Key}\" given {dup.Count()} times, expected once");

            var baseRaw = new List<RawOption>();
            var warnings = new List<string>();
            if (root.TryGetProperty("base", out var baseElement))
            {
                var (raw, errors) = RunConfig.FromJson(baseElement, "$.base", SweepOptions.ConfigTable);
                problems.AddRange(errors);
                // A pasted run config (run --save-config) names its outputs too: those keys are ignored, and said so.
                foreach (var name in raw.Select(r => r.Name).Distinct().Where(n => !SweepOptions.Table.Any(o => o.Name == n)))
                    warnings.Add($"$.base.{name}: ignored: it only chooses what a single run writes or records; a sweep writes and records its own");
                baseRaw = raw.Where(r => SweepOptions.Table.Any(o => o.Name == r.Name)).ToList();
            }

            var varied = new List<VariedOption>();
            if (!root.TryGetProperty("vary", out var vary))
                problems.Add("vary: missing; expected an object mapping option names to lists or ranges, e.g. \"vary\": {\"stim-amplitude\": {\"from\": 0, \"to\": 20, \"step\": 0.1}}");
            else if (vary.ValueKind != JsonValueKind.Object)
                problems.Add($"vary: expected an object mapping option names to lists or ranges, got {Kind(vary)}");
            else
            {
                foreach (var option in vary.EnumerateObject())
                {
                    if (!JsonOptions.CheckName(option.Name, $"vary.{option.Name}", problems)) continue;
                    if (varied.Any(v => v.Name == option.Name)) { problems.Add($"vary.{option.Name}: given twice, expected once"); continue; }
                    var values = Values(option.Value, $"vary.{option.Name}", problems);
                    if (values is not null) varied.Add(new VariedOption(option.Name, values) { Range = RangeTexts(option.Value) });
                }
                if (varied.Count == 0 && !vary.EnumerateObject().Any()) problems.Add("vary: expected at least one option to vary, got none");
            }

            var axes = BuildAxes(root, varied, problems);
            var policy = InvalidPolicy.Refuse;
            if (root.TryGetProperty("invalid", out var invalid))
            {
                if (invalid.ValueKind == JsonValueKind.String && invalid.GetString() == "refuse") policy = InvalidPolicy.Refuse;
                else if (invalid.ValueKind == JsonValueKind.String && invalid.GetString() == "record") policy = InvalidPolicy.Record;
                else problems.Add($"invalid: expected \"refuse\" or \"record\", got {invalid.GetRawText()}");
            }

            var grid = new Grid(baseRaw, axes, policy) { Warnings = warnings };
            if (grid.RunCount > MaxRuns)
                problems.Add($"grid: {grid.RunCount.ToString("N0", CultureInfo.InvariantCulture)} runs " +
                             $"({string.Join(" × ", axes.Select(a => a.Length.ToString("N0", CultureInfo.InvariantCulture)))}), " +
                             $"expected at most {MaxRuns.ToString("N0", CultureInfo.InvariantCulture)}; split it into several sweeps");
            return (grid, problems);
        }
    }

    // Zip groups become one axis each, placed where their first member appears in "vary"; every other option is its own axis.
    private static List<Axis> BuildAxes(JsonElement root, List<VariedOption> varied, List<string> problems)
    {
        var groups = new List<List<string>>();
        if (root.TryGetProperty("zip", out var zip))
        {
            if (zip.ValueKind != JsonValueKind.Array)
                problems.Add($"zip: expected a list of groups of option names, e.g. [[\"diameter-um\", \"dt\"]], got {Kind(zip)}");
            else
            {
                int g = 0;
                foreach (var group in zip.EnumerateArray())
                {
                    string where = $"zip[{g++}]";
                    if (group.ValueKind != JsonValueKind.Array || group.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                    { problems.Add($"{where}: expected a list of option names, got {group.GetRawText()}"); continue; }
                    var names = group.EnumerateArray().Select(x => x.GetString()!).ToList();
                    if (names.Count < 2) { problems.Add($"{where}: expected at least two option names to pair, got {names.Count}"); continue; }
                    bool ok = true;
                    foreach (var name in names)
                    {
                        if (!varied.Any(v => v.Name == name)) { problems.Add($"{where}: \"{name}\" is not in \"vary\""); ok = false; }
                        else if (groups.Any(x => x.Contains(name)) || names.Count(n => n == name) > 1) { problems.Add($"{where}: \"{name}\" is paired twice"); ok = false; }
                    }
                    if (!ok) continue;
                    var lengths = names.Select(n => varied.First(v => v.Name == n).Values.Count).ToList();
                    if (lengths.Distinct().Count() > 1)
                    {
                        problems.Add($"{where}: paired lists must have equal lengths, got {string.Join(", ", names.Zip(lengths, (n, l) => $"{n}: {l}"))}");
                        continue;
                    }
                    groups.Add(names);
                }
            }
        }
        var axes = new List<Axis>();
        foreach (var option in varied)
        {
            var group = groups.FirstOrDefault(g => g.Contains(option.Name));
            if (group is null) axes.Add(new Axis(new[] { option }));
            else if (!axes.Any(a => a.Options.Any(o => group.Contains(o.Name))))
                axes.Add(new Axis(varied.Where(v => group.Contains(v.Name)).ToList()));
        }
        return axes;
    }

    /// <summary>A list of values, or a numeric range object, for one varied option.</summary>
    private static List<OptionValue>? Values(JsonElement element, string where, List<string> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                var values = new List<OptionValue>();
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    string at = $"{where}[{i++}]";
                    if (item.ValueKind == JsonValueKind.Array)
                    {
                        // An array value sets a repeatable option several times in the same run (e.g. two stim segments).
                        var texts = new List<string>();
                        foreach (var part in item.EnumerateArray())
                            if (JsonOptions.Scalar(part) is { } t) texts.Add(t);
                            else problems.Add($"{at}: expected numbers or strings, got {Kind(part)}");
                        if (texts.Count == 0) problems.Add($"{at}: expected at least one value, got an empty list");
                        values.Add(new OptionValue(texts));
                    }
                    else if (JsonOptions.Scalar(item) is { } text) values.Add(new OptionValue(new[] { text }));
                    else problems.Add($"{at}: expected a number, a string or a list of them, got {Kind(item)}");
                }
                if (values.Count == 0 && i == 0) problems.Add($"{where}: expected at least one value, got an empty list");
                return values;
            case JsonValueKind.Object:
                return Range(element, where, problems)?.Select(x => new OptionValue(new[] { x })).ToList();
            default:
                problems.Add($"{where}: expected a list of values or a range {{\"from\": A, \"to\": B, \"step\": S}}, got {Kind(element)}");
                return null;
        }
    }

    /// <summary>The from, to and step of a valid range object as normalised texts; null for anything else.</summary>
    private static (string, string, string)? RangeTexts(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        string? Get(string key) => element.TryGetProperty(key, out var x) && x.ValueKind == JsonValueKind.Number
            && decimal.TryParse(x.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) ? Text(d) : null;
        return Get("from") is { } from && Get("to") is { } to && Get("step") is { } step ? (from, to, step) : null;
    }

    /// <summary>
    /// The grid in its normalised form, what a sweep stores as <c>DIR/grid.json</c>: compact JSON with the keys in a fixed
    /// order, the base as a config (its ignored keys dropped), each varied option as its list of values or its range
    /// (normalised numbers), the zip groups and the policy. Parsing it gives the same grid, and normalising that gives the
    /// same text, so two grids that plan the same runs compare equal as text, whatever their spacing or comments.
    /// </summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteStartObject("base");
            foreach (var group in Base.GroupBy(r => r.Name))
            {
                var spec = SweepOptions.ConfigTable.First(o => o.Name == group.Key);
                w.WritePropertyName(group.Key);
                if (spec.Repeatable)
                {
                    w.WriteStartArray();
                    foreach (var r in group) if (r.Value != "none") w.WriteStringValue(r.Value);
                    w.WriteEndArray();
                }
                else if (spec.IsFlag) w.WriteBooleanValue(group.Last().Value == "true");
                else WriteScalar(w, group.Last().Value, spec.IsNumeric);
            }
            w.WriteEndObject();
            w.WriteStartObject("vary");
            foreach (var option in Varied)
            {
                w.WritePropertyName(option.Name);
                if (option.Range is { } r)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("from"); w.WriteRawValue(r.From);
                    w.WritePropertyName("to"); w.WriteRawValue(r.To);
                    w.WritePropertyName("step"); w.WriteRawValue(r.Step);
                    w.WriteEndObject();
                    continue;
                }
                w.WriteStartArray();
                foreach (var value in option.Values)
                {
                    if (value.Texts.Count == 1) WriteScalar(w, value.Texts[0], numeric: true);
                    else
                    {
                        w.WriteStartArray();
                        foreach (var t in value.Texts) WriteScalar(w, t, numeric: true);
                        w.WriteEndArray();
                    }
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            var zips = Axes.Where(a => a.Options.Count > 1).ToList();
            if (zips.Count > 0)
            {
                w.WriteStartArray("zip");
                foreach (var axis in zips)
                {
                    w.WriteStartArray();
                    foreach (var o in axis.Options) w.WriteStringValue(o.Name);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteString("invalid", OnInvalid == InvalidPolicy.Record ? "record" : "refuse");
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    // A text that is a JSON number is written as one (read back, it is the same text); anything else as a string.
    private static void WriteScalar(Utf8JsonWriter w, string text, bool numeric)
    {
        if (numeric && JsonNumber().IsMatch(text)) w.WriteRawValue(text);
        else w.WriteStringValue(text);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex JsonNumber();

    /// <summary>
    /// The values from, from + step, … up to and including to (when it lands on the grid), computed in decimal arithmetic
    /// as from + i·step, so 0.1 steps give 0.3 and not 0.30000000000000004. Texts have no trailing zeros.
    /// </summary>
    internal static List<string>? Range(JsonElement element, string where, List<string> problems)
    {
        int before = problems.Count;
        foreach (var p in element.EnumerateObject().Where(p => p.Name is not ("from" or "to" or "step")))
            problems.Add($"{where}.{p.Name}: unknown key in a range (expected from, to, step)");
        decimal? Get(string key)
        {
            if (!element.TryGetProperty(key, out var x)) { problems.Add($"{where}.{key}: missing; a range is {{\"from\": A, \"to\": B, \"step\": S}}"); return null; }
            if (x.ValueKind == JsonValueKind.Number && decimal.TryParse(x.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d)) return d;
            problems.Add($"{where}.{key}: expected a decimal number (at most 28 significant digits), got {x.GetRawText()}");
            return null;
        }
        decimal? from = Get("from"), to = Get("to"), step = Get("step");
        if (problems.Count > before || from is null || to is null || step is null) return null;
        if (step == 0) { problems.Add($"{where}.step: expected a non-zero number, got 0"); return null; }
        // Checked decimal arithmetic: (to − from) / step can pass decimal's ±7.9·10^28; that is bad input, not a crash.
        decimal count;
        try { count = (to.Value - from.Value) / step.Value; }
        catch (OverflowException)
        {
            problems.Add($"{where}: ({Text(to.Value)} − {Text(from.Value)}) / {Text(step.Value)} values overflow; expected at most {Grid.MaxRuns:N0} values");
            return null;
        }
        if (count < 0)
        {
            problems.Add($"{where}: step {Text(step.Value)} moves away from \"to\" ({Text(from.Value)} → {Text(to.Value)}); use a step of the other sign");
            return null;
        }
        decimal last = decimal.Floor(count);
        if (last >= Grid.MaxRuns)
        {
            problems.Add($"{where}: {last + 1:N0} values, expected at most {Grid.MaxRuns:N0}");
            return null;
        }
        return RangeValues(from.Value, to.Value, step.Value);
    }

    /// <summary>
    /// from + i·step for i = 0, 1, … while it has not passed <paramref name="to"/>, each computed afresh in decimal (never
    /// accumulated), as text without trailing zeros. Precondition: step ≠ 0 and moves from toward to.
    /// </summary>
    internal static List<string> RangeValues(decimal from, decimal to, decimal step)
    {
        int last = (int)decimal.Floor((to - from) / step);
        var values = new List<string>(last + 1);
        for (int i = 0; i <= last; i++) values.Add(Text(from + i * step));
        return values;
    }

    // "G29" drops trailing zeros (0.30 → 0.3, 20.0 → 20) so integer-valued points stay valid for integer options.
    private static string Text(decimal x) => (x == 0 ? 0m : x).ToString("G29", CultureInfo.InvariantCulture);

    internal static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string {e.GetRawText()}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };
}

/// <summary>Values of varied options as JSON: numbers kept exactly as written, strings, true/false.</summary>
internal static class JsonOptions
{
    /// <summary>A number as written (no reformatting), a string, or true/false; null for anything else.</summary>
    public static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static bool CheckName(string name, string where, List<string> problems)
    {
        if (name.StartsWith('-')) { problems.Add($"{where}: write option names without the leading dashes (\"{name.TrimStart('-')}\")"); return false; }
        if (name.Length == 0) { problems.Add($"{where}: empty option name"); return false; }
        return true;
    }
}
