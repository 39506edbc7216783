using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// A run's stable id: the first 16 hex digits (64 bits) of the SHA-256 of its canonical configuration. The same model
/// parameters give the same id however they were written (0.1 or 1e-1, option order, preset then override) on any
/// machine, so ids survive re-planning, sharding and resuming; a change of the metric definitions changes
/// <see cref="MetricsVersion"/> and with it every id, so stale results are never reused.
/// </summary>
internal static class RunId
{
    /// <summary>Bumped whenever the metrics a run produces change meaning.</summary>
    public const string MetricsVersion = "hhf-sweep-metrics/2";

    /// <summary>The id of a configuration: hash of <see cref="MetricsVersion"/> and its canonical text (see <see cref="Write"/>).</summary>
    public static string Of(SimulationParameters parameters)
    {
        var text = new StringBuilder().Append(MetricsVersion).Append('\n');
        Write(text, parameters, 0);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    // Reflection once per type, names included (a native build decodes a member's name anew on every call): a sweep
    // hashes every one of its (up to a million) configurations.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (string TypeName, (string Name, PropertyInfo Info)[] Properties)> Shapes = new();

    /// <summary>
    /// Every public instance property that is not null or an empty list, recursively, sorted by name, with the runtime
    /// type of each record (so a seed and a physical cable differ), doubles in shortest round-trip form and lists element
    /// by element. Written by reflection (<see cref="ModelProperties"/>)
    /// so a field added to the model later is part of the id without anyone remembering to add it here. Records are
    /// the model's own (HHFunctional.Core); a record of another assembly throws <see cref="ArgumentException"/>.
    /// </summary>
    private static void Write(StringBuilder text, object? value, int depth)
    {
        if (depth > 16) throw new InvalidOperationException("configuration nests too deeply to canonicalise");
        switch (value)
        {
            case null: text.Append("null"); return;
            case double d: text.Append(CultureInfo.InvariantCulture, $"{d:R}"); return;
            case float f: text.Append(CultureInfo.InvariantCulture, $"{f:R}"); return;
            case string s: text.Append('"').Append(s.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"'); return;
            case bool b: text.Append(b ? "true" : "false"); return;
            case Enum e: text.Append(e.GetType().Name).Append('.').Append(e.ToString()); return;
            // A user function (Stimulus.FromFunction; never from a grid file) is named by its method, not walked.
            case Delegate f: text.Append("function:").Append(f.Method.DeclaringType?.FullName).Append('.').Append(f.Method.Name); return;
            case IFormattable n when value.GetType().IsPrimitive || value is decimal: text.Append(n.ToString(null, CultureInfo.InvariantCulture)); return;
            // A map (a cell's values by channel name): its entries in key order, so the text does not depend on hashing.
            case IDictionary map:
                text.Append('{');
                bool firstEntry = true;
                foreach (var key in map.Keys.Cast<object>().OrderBy(k => Convert.ToString(k, CultureInfo.InvariantCulture), StringComparer.Ordinal))
                {
                    if (!firstEntry) text.Append(',');
                    firstEntry = false;
                    Write(text, key, depth + 1);
                    text.Append('=');
                    Write(text, map[key], depth + 1);
                }
                text.Append('}');
                return;
            case IEnumerable list:
                text.Append('[');
                bool first = true;
                foreach (var item in list) { if (!first) text.Append(','); first = false; Write(text, item, depth + 1); }
                text.Append(']');
                return;
        }
        var (typeName, properties) = Shapes.GetOrAdd(value.GetType(), t =>
            (t.Name, ModelProperties.Of(t).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p.Name, p)).ToArray()));
        text.Append(typeName).Append('{');
        bool firstProperty = true;
        foreach (var (name, property) in properties)
        {
            // Null and empty lists are left out, so an optional field added to the model later (null or empty by
            // default) leaves the ids of existing configurations, and their stored results, as they were.
            object? propertyValue = property.GetValue(value);
            if (propertyValue is null || (propertyValue is ICollection { Count: 0 })) continue;
            if (!firstProperty) text.Append(',');
            firstProperty = false;
            text.Append(name).Append('=');
            Write(text, propertyValue, depth + 1);
        }
        text.Append('}');
    }
}
