using System.Text.Json;
using LanguageExt;
using static LanguageExt.Prelude;

namespace HHFunctional.Core.Morphology;

/// <summary>
/// Reads a JSON morphology:
/// <code>
/// {"sections": [
///   {"name": "soma", "type": "soma", "parent": null, "length-um": 20, "diameter-um": 20},
///   {"name": "d1", "type": "dend", "parent": "soma", "parent-x": 1, "length-um": 200, "diameter-um": 1},
///   {"name": "d2", "type": "dend", "parent": "d1", "points": [[0, 0, 0, 2], [0, 50, 0, 1]]}]}
/// </code>
/// µm throughout; <c>type</c> is the region (soma, axon, dend, apic or any name); <c>parent</c> null or absent for the
/// root, else the name of an earlier section; <c>parent-x</c> defaults to 1; <c>points</c> ([x, y, z, diameter], at least
/// 2) replaces <c>length-um</c> and <c>diameter-um</c>. Every problem is returned with the file and its JSON path
/// (<c>$.sections[2].parent</c>); a syntax error also with its line.
/// </summary>
public static class MorphologyJson
{
    private static readonly string[] Keys = ["name", "type", "parent", "parent-x", "length-um", "diameter-um", "points"];

    /// <summary>The morphology of JSON <paramref name="text"/>, or every problem; <paramref name="fileName"/> names the
    /// input in the messages.</summary>
    public static Validation<MorphologyError, Morphology> Read(string text, string fileName)
    {
        var errors = new List<MorphologyError>();
        void E(string path, string rule, string detail) => errors.Add(new(fileName, 0, path, rule, detail));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text ?? "", new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return Fail<MorphologyError, Morphology>(new MorphologyError(fileName, (int)(e.LineNumber ?? -1) + 1, "", "json",
                $"not valid JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}"));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sections", out var array) || array.ValueKind != JsonValueKind.Array)
                return Fail<MorphologyError, Morphology>(new MorphologyError(fileName, 0, "$", "field", "expected an object with a \"sections\" array"));
            foreach (var p in root.EnumerateObject())
                if (p.Name != "sections") E($"$.{p.Name}", "field", "unknown key; expected only \"sections\"");
            var items = array.EnumerateArray().ToList();
            if (items.Count == 0) E("$.sections", "empty", "expected at least one section, got none");
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            var parentNames = new string?[items.Count];
            var drafts = new (string Name, string Region, double ParentX, SectionGeometry? Geometry)[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                string at = $"$.sections[{i}]";
                var o = items[i];
                if (o.ValueKind != JsonValueKind.Object) { E(at, "field", $"expected an object, got {Kind(o)}"); continue; }
                foreach (var p in o.EnumerateObject())
                    if (!Keys.Contains(p.Name)) E($"{at}.{p.Name}", "field", $"unknown key; expected one of {string.Join(", ", Keys)}");
                string? name = Str(o, "name", at, required: true);
                string? region = Str(o, "type", at, required: true);
                if (name is not null && !names.TryAdd(name, i)) E($"{at}.name", "duplicate-name", $"'{name}' is also $.sections[{names[name]}]'s name");
                if (o.TryGetProperty("parent", out var pe) && pe.ValueKind != JsonValueKind.Null)
                {
                    if (pe.ValueKind == JsonValueKind.String) parentNames[i] = pe.GetString();
                    else E($"{at}.parent", "field", $"expected a section name or null, got {Kind(pe)}");
                }
                double parentX = Num(o, "parent-x", at) ?? 1;
                if (!(parentX >= 0 && parentX <= 1)) E($"{at}.parent-x", "parent-x", $"expected 0 ≤ x ≤ 1, got {parentX}");
                SectionGeometry? geometry = null;
                bool hasPoints = o.TryGetProperty("points", out var pts);
                bool hasCylinder = o.TryGetProperty("length-um", out _) || o.TryGetProperty("diameter-um", out _);
                if (hasPoints && hasCylinder) E(at, "geometry", "give either \"points\" or \"length-um\" and \"diameter-um\", not both");
                else if (hasPoints) geometry = Points(pts, $"{at}.points");
                else
                {
                    double? length = Num(o, "length-um", at), diameter = Num(o, "diameter-um", at);
                    if (length is null && !o.TryGetProperty("length-um", out _)) E(at, "geometry", "expected \"length-um\" and \"diameter-um\" (µm), or \"points\"");
                    else if (diameter is null && !o.TryGetProperty("diameter-um", out _)) E(at, "geometry", "expected \"diameter-um\" (µm) with \"length-um\"");
                    if (length is { } l && !(l > 0)) E($"{at}.length-um", "geometry", $"expected a number > 0 µm, got {l}");
                    if (diameter is { } d && !(d > 0)) E($"{at}.diameter-um", "diameter-not-positive", $"expected a number > 0 µm, got {d}");
                    if (length > 0 && diameter > 0) geometry = new Cylinder(length.Value, diameter.Value);
                }
                drafts[i] = (name ?? "", region ?? "", parentX, geometry);
            }
            // parents by name: known, earlier, acyclic; one root
            var parents = new int?[items.Count];
            int roots = 0;
            for (int i = 0; i < items.Count; i++)
            {
                if (parentNames[i] is not { } pn) { if (items[i].ValueKind == JsonValueKind.Object && roots++ > 0) E($"$.sections[{i}].parent", "several-roots", "a second section without parent: expected one root (the first section)"); continue; }
                if (!names.TryGetValue(pn, out int pi)) { E($"$.sections[{i}].parent", "parent-missing", $"'{pn}' is not the name of any section"); continue; }
                if (pi >= i)
                {
                    var seen = new System.Collections.Generic.HashSet<int> { i };
                    int k = pi;
                    bool cycle = false;
                    while (true)
                    {
                        if (!seen.Add(k)) { cycle = k == i; break; }
                        if (parentNames[k] is not { } next || !names.TryGetValue(next, out k)) break;
                    }
                    if (cycle) E($"$.sections[{i}].parent", "cycle", $"'{pn}' leads back to this section: a section cannot be its own ancestor");
                    else E($"$.sections[{i}].parent", "parent-after-child", $"'{pn}' is $.sections[{pi}]: a parent must come before its children");
                    continue;
                }
                parents[i] = pi;
            }
            if (items.Count > 0 && parentNames[0] is not null && roots == 0 && !errors.Any(e => e.Rule == "cycle"))
                E("$.sections[0].parent", "no-root", "the first section must be the root (parent null)");
            if (errors.Count > 0) return Fail<MorphologyError, Morphology>(toSeq(errors));
            var sections = drafts.Select((d, i) => new Section(d.Name, d.Region, parents[i], d.ParentX, d.Geometry!)).ToList();
            return Morphology.Validate(sections, fileName);
        }

        string? Str(JsonElement o, string key, string at, bool required)
        {
            if (!o.TryGetProperty(key, out var v)) { if (required) E($"{at}.{key}", "field", "expected a string, got nothing"); return null; }
            if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())) { E($"{at}.{key}", "field", $"expected a non-empty string, got {Kind(v)}"); return null; }
            return v.GetString();
        }

        double? Num(JsonElement o, string key, string at)
        {
            if (!o.TryGetProperty(key, out var v)) return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double x) || !double.IsFinite(x)) { E($"{at}.{key}", "not-a-number", $"expected a number, got {Kind(v)}"); return null; }
            return x;
        }

        SectionGeometry? Points(JsonElement pts, string at)
        {
            if (pts.ValueKind != JsonValueKind.Array) { E(at, "field", $"expected an array of [x, y, z, diameter], got {Kind(pts)}"); return null; }
            var list = new List<Point3D>();
            int k = 0, before = errors.Count;
            foreach (var p in pts.EnumerateArray())
            {
                string pa = $"{at}[{k++}]";
                if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() != 4) { E(pa, "column-count", "expected [x, y, z, diameter] (µm)"); continue; }
                var v = p.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetDouble(out double d) && double.IsFinite(d) ? d : double.NaN).ToArray();
                if (v.Any(double.IsNaN)) { E(pa, "not-a-number", "expected 4 numbers"); continue; }
                if (!(v[3] > 0)) E($"{pa}[3]", "diameter-not-positive", $"expected a diameter > 0 µm, got {v[3]}");
                list.Add(new Point3D(v[0], v[1], v[2], v[3]));
            }
            if (k < 2) E(at, "geometry", $"expected at least 2 points, got {k}");
            return errors.Count == before ? new Traced([.. list]) : null;
        }
    }

    /// <summary>The JSON form of <paramref name="morphology"/> (points or length and diameter; numbers round-trip),
    /// which <see cref="Read"/> reads back to an equal morphology.</summary>
    public static string Write(Morphology morphology)
    {
        var buffer = new System.IO.MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("sections");
            foreach (var s in morphology.Sections)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("type", s.Region);
                if (s.Parent is int p) { w.WriteString("parent", morphology.Sections[p].Name); w.WriteNumber("parent-x", s.ParentX); }
                else w.WriteNull("parent");
                switch (s.Geometry)
                {
                    case Cylinder c: w.WriteNumber("length-um", c.LengthUm); w.WriteNumber("diameter-um", c.DiameterUm); break;
                    case Traced t:
                        w.WriteStartArray("points");
                        foreach (var q in t.Points)
                        {
                            w.WriteStartArray();
                            w.WriteNumberValue(q.XUm); w.WriteNumberValue(q.YUm); w.WriteNumberValue(q.ZUm); w.WriteNumberValue(q.DiameterUm);
                            w.WriteEndArray();
                        }
                        w.WriteEndArray();
                        break;
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => e.GetRawText(),
    };
}
