using System.Globalization;
using System.Text.Json;

namespace HHFunctional.Shell;

/// <summary>
/// Reads the fields of a hand-written JSON file (the network file) and collects every problem, each as
/// <c>FILE: $.path: expected …, got …</c>: unknown or repeated keys, missing fields, wrong types, values out of range.
/// Nothing is thrown for bad input; a getter returns null when the field is absent or wrong (its problem recorded).
/// </summary>
internal sealed class JsonFields(string label)
{
    /// <summary>Every problem so far, in the order found.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The file's name, which starts every message.</summary>
    public string Label => label;

    public void Add(string path, string message) => Problems.Add($"{label}: {path}: {message}");

    /// <summary>Whether <paramref name="e"/> is an object; records each key that is not in <paramref name="keys"/> (with a
    /// suggestion) and each key given twice.</summary>
    public bool Object(JsonElement e, string path, IReadOnlyList<string> keys)
    {
        if (e.ValueKind != JsonValueKind.Object) { Add(path, $"expected an object, got {Describe(e)}"); return false; }
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            string at = RunConfig.Child(path, p.Name);
            if (!seen.Add(p.Name)) Add(at, "given twice, expected once");
            else if (!keys.Contains(p.Name)) Add(at, $"unknown key; expected one of {string.Join(", ", keys)}{Nearest(p.Name, keys)}");
        }
        return true;
    }

    /// <summary>The member <paramref name="key"/>, or null (a problem when <paramref name="required"/>).</summary>
    public JsonElement? Member(JsonElement obj, string key, string path, bool required, string what)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v)) return v;
        if (required) Add(path, $"missing \"{key}\" ({what})");
        return null;
    }

    /// <summary>A finite number accepted by <paramref name="ok"/> (described by <paramref name="expected"/>).</summary>
    public double? Number(JsonElement obj, string key, string path, bool required, string expected, Func<double, bool>? ok = null)
    {
        if (Member(obj, key, path, required, expected) is not { } v) return null;
        string at = RunConfig.Child(path, key);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double x) || !double.IsFinite(x))
        {
            Add(at, $"expected {expected}, got {Describe(v)}");
            return null;
        }
        if (ok is not null && !ok(x)) { Add(at, $"expected {expected}, got {Show(x)}"); return null; }
        return x;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long? Integer(JsonElement obj, string key, string path, bool required, long min, long max, string what)
    {
        if (Member(obj, key, path, required, what) is not { } v) return null;
        string at = RunConfig.Child(path, key);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n)) { Add(at, $"expected {what}: an integer in [{min}, {max}], got {Describe(v)}"); return null; }
        if (n < min || n > max) { Add(at, $"expected {what}: an integer in [{min}, {max}], got {n}"); return null; }
        return n;
    }

    /// <summary>A seed: an integer in [0, 2⁶⁴ − 1].</summary>
    public ulong? Seed(JsonElement obj, string key, string path, bool required)
    {
        if (Member(obj, key, path, required, "the generator's seed, an integer ≥ 0") is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out ulong seed)) return seed;
        Add(RunConfig.Child(path, key), $"expected a seed: an integer in [0, {ulong.MaxValue}], got {Describe(v)}");
        return null;
    }

    public string? String(JsonElement obj, string key, string path, bool required, string what)
    {
        if (Member(obj, key, path, required, what) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
        Add(RunConfig.Child(path, key), $"expected {what} (a non-empty string), got {Describe(v)}");
        return null;
    }

    public bool? Bool(JsonElement obj, string key, string path, bool required, string what)
    {
        if (Member(obj, key, path, required, what) is not { } v) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        Add(RunConfig.Child(path, key), $"expected true or false ({what}), got {Describe(v)}");
        return null;
    }

    /// <summary>The items of an array member with their paths; empty (with a problem) when it is not an array.</summary>
    public List<(JsonElement Item, string Path)> Array(JsonElement obj, string key, string path, bool required, string what)
    {
        if (Member(obj, key, path, required, what) is not { } v) return [];
        string at = RunConfig.Child(path, key);
        if (v.ValueKind != JsonValueKind.Array) { Add(at, $"expected an array ({what}), got {Describe(v)}"); return []; }
        return v.EnumerateArray().Select((item, i) => (item, $"{at}[{i}]")).ToList();
    }

    /// <summary>The strings of an array member (each non-string item is a problem).</summary>
    public List<(string Text, string Path)> Strings(JsonElement obj, string key, string path, string what)
    {
        var result = new List<(string, string)>();
        foreach (var (item, at) in Array(obj, key, path, required: false, what))
            if (item.ValueKind == JsonValueKind.String) result.Add((item.GetString()!, at));
            else Add(at, $"expected a string ({what}), got {Describe(item)}");
        return result;
    }

    public static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {CommandLine.Shorten(value.GetRawText())}",
        JsonValueKind.Number => $"the number {CommandLine.Shorten(value.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };

    private static string Nearest(string name, IReadOnlyList<string> keys)
    {
        var table = keys.Select(k => new OptionSpec(k, "", "", (o, _) => o)).ToList();
        string hint = CommandLine.Suggest(name, table, prefix: "");
        return hint.StartsWith(" (did you mean", StringComparison.Ordinal) ? hint : "";
    }
}
