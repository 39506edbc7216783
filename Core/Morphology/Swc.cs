using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace HHFunctional.Core.Morphology;

/// <summary>
/// Reads SWC text (7 columns per sample: id, type, x, y, z, radius, parent; µm) into a <see cref="Morphology"/> the way
/// NEURON 8.2.2's Import3d reads the file (see <see cref="Import3d"/> and docs/morphology.md), or returns every problem
/// with the file, the line and the rule broken. Pure: the caller reads the file.
/// </summary>
public static class Swc
{
    /// <summary>
    /// The morphology of SWC <paramref name="text"/>, or every problem found. <paramref name="fileName"/> is only used in
    /// the messages. Blank lines and lines starting with <c>#</c> are skipped; lines may come in any order (they are
    /// sorted by id).
    /// </summary>
    public static Validation<MorphologyError, Morphology> Read(string text, string fileName) =>
        Samples(text, fileName).Bind(samples => Morphology.Validate(Import3d.Sections(samples), fileName));

    /// <summary>Parses and checks the samples, sorted by id; internal so that tests can see the sample level.</summary>
    internal static Validation<MorphologyError, SwcSample[]> Samples(string text, string fileName)
    {
        var errors = new List<MorphologyError>();
        var samples = new List<SwcSample>();
        MorphologyError E(int line, string rule, string detail) => new(fileName, line, "", rule, detail);
        var lines = (text ?? "").Split('\n');
        for (int li = 0; li < lines.Length; li++)
        {
            int line = li + 1;
            string t = lines[li].Trim();
            if (t.Length == 0 || t[0] == '#') continue;
            var f = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 7)
            {
                errors.Add(E(line, "column-count", $"expected 7 columns (id type x y z radius parent), got {f.Length}"));
                continue;
            }
            // NEURON reads every column with sscanf("%f"): each number is a float32 first.
            var v = new float[7];
            bool ok = true;
            string[] names = ["id", "type", "x", "y", "z", "radius", "parent"];
            for (int k = 0; k < 7; k++)
                if (!float.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out v[k]) || !float.IsFinite(v[k]))
                {
                    errors.Add(E(line, "not-a-number", $"{names[k]}: expected a finite number, got '{Short(f[k])}'"));
                    ok = false;
                }
            if (!ok) continue;
            // NEURON holds ids as float32: beyond 2^24 distinct ids would collide, so they are refused
            foreach (int k in (int[])[0, 1, 6])
                if (!double.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double exact)
                    || exact != Math.Round(exact) || Math.Abs(exact) > 16777216)
                {
                    errors.Add(E(line, "not-an-integer", $"{names[k]}: expected an integer of at most 16777216 (NEURON reads it as float32), got '{Short(f[k])}'"));
                    ok = false;
                }
            if (ok && v[0] < 0) { errors.Add(E(line, "not-an-integer", $"id: expected an integer ≥ 0, got {f[0]}")); ok = false; }
            if (v[5] <= 0) { errors.Add(E(line, "radius-not-positive", $"radius: expected > 0 µm, got {f[5]}")); ok = false; }
            if (!ok) continue;
            samples.Add(new SwcSample((int)v[0], (int)v[1], v[2], v[3], v[4], 2.0 * v[5], v[6] < 0 ? -1 : (int)v[6], line));
        }
        if (errors.Count == 0 && samples.Count == 0)
            errors.Add(E(0, "empty", "no samples: expected lines of 7 columns (id type x y z radius parent)"));
        if (errors.Count > 0) return Fail<MorphologyError, SwcSample[]>(toSeq(errors));

        var byId = new Dictionary<int, SwcSample>();
        foreach (var s in samples)
            if (!byId.TryAdd(s.Id, s))
                errors.Add(E(s.Line, "duplicate-id", $"id {s.Id} is also defined on line {byId[s.Id].Line}"));
        foreach (var s in samples)
            if (s.ParentId >= 0 && !byId.ContainsKey(s.ParentId))
                errors.Add(E(s.Line, "parent-missing", $"sample {s.Id} names parent {s.ParentId}, which no line defines"));
        if (errors.Count > 0) return Fail<MorphologyError, SwcSample[]>(toSeq(errors));

        // Cycles first (a cycle also breaks parent < id, but "cycle" says more); then parent < id, as NEURON requires.
        var inCycle = new System.Collections.Generic.HashSet<int>();
        var state = new Dictionary<int, int>();   // 1 on the current path, 2 done
        foreach (var s0 in samples.OrderBy(s => s.Line))
        {
            var path = new List<int>();
            int id = s0.Id;
            while (id >= 0 && !state.ContainsKey(id)) { state[id] = 1; path.Add(id); id = byId[id].ParentId; }
            if (id >= 0 && state[id] == 1)
            {
                int at = path.IndexOf(id);
                var cycle = path.Skip(at).ToList();
                foreach (var c in cycle) inCycle.Add(c);
                var first = cycle.OrderBy(c => byId[c].Line).First();
                errors.Add(E(byId[first].Line, "cycle",
                    $"sample {first} is its own ancestor: {string.Join(" → ", Rotate(cycle, first).Append(first))} (child → parent)"));
            }
            foreach (var p in path) state[p] = 2;
        }
        foreach (var s in samples)
            if (s.ParentId >= 0 && s.ParentId >= s.Id && !inCycle.Contains(s.Id))
                errors.Add(E(s.Line, "parent-after-child",
                    $"sample {s.Id} names parent {s.ParentId}: a parent must have a smaller id than its child (NEURON's Import3d rule)"));
        var roots = samples.Where(s => s.ParentId < 0).OrderBy(s => s.Line).ToList();
        foreach (var r in roots.Skip(1))
            errors.Add(E(r.Line, "several-roots", $"sample {r.Id} is a second root (parent -1); the first is sample {roots[0].Id} on line {roots[0].Line}: expected one tree"));
        if (roots.Count == 0 && inCycle.Count == 0) errors.Add(E(0, "no-root", "no sample has parent -1"));
        if (errors.Count > 0) return Fail<MorphologyError, SwcSample[]>(toSeq(errors));
        return Success<MorphologyError, SwcSample[]>(samples.OrderBy(s => s.Id).ToArray());
    }

    private static IEnumerable<int> Rotate(List<int> cycle, int start)
    {
        int k = cycle.IndexOf(start);
        return cycle.Skip(k).Concat(cycle.Take(k));
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>
    /// SWC text of samples (id, type, x, y, z, radius, parent), one line each, numbers in shortest round-trip form.
    /// </summary>
    public static string Write(IEnumerable<(int Id, int Type, double XUm, double YUm, double ZUm, double RadiusUm, int ParentId)> samples) =>
        string.Concat(samples.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Id} {s.Type} {s.XUm:R} {s.YUm:R} {s.ZUm:R} {s.RadiusUm:R} {s.ParentId}\n")));
}
