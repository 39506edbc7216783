namespace HHFunctional.Shell.Sweep;

/// <summary>
/// The options a grid may set or vary: every model option of <c>run</c> (same long names, same parsing), minus those that
/// only choose <c>run</c>'s outputs, plus three virtual options that change every <c>stim</c> segment at once
/// (what an f–I curve varies): <c>stim-start</c>, <c>stim-end</c>, <c>stim-amplitude</c>.
/// </summary>
internal static class SweepOptions
{
    /// <summary>run options that choose what a single run writes, how it records, or its threads; a sweep writes and records
    /// its own, and runs each run on one thread.
    /// Command-line-only options (config files) are left out of the table as well.</summary>
    public static readonly string[] OutputOnly =
        { "out", "title", "reproducible", "csv", "parquet", "neuron", "record-every", "record-compartments", "record-sites", "record-vars", "memory-budget-mb", "threads", "keep-partial", "help" };

    /// <summary>
    /// A region parameter as a grid key, <c>REGION:NAME</c> (<c>dend:pas.g</c>, <c>soma:hh.gna</c>): each value becomes
    /// <c>--param REGION:NAME=VALUE</c>, after the base's params (so it wins where both apply).
    /// </summary>
    public static bool IsRegionKey(string name) =>
        name.IndexOf(':') is > 0 and var colon && colon < name.Length - 1 && !name.Contains('=') && name.IndexOf(':', colon + 1) < 0;

    /// <summary>The virtual options and the field of "START,END,AMP,COMP" each one replaces.</summary>
    public static readonly IReadOnlyList<(string Name, int Field, string Help)> Virtual = new[]
    {
        ("stim-start", 0, "onset (ms) of every stim segment"),
        ("stim-end", 1, "end (ms) of every stim segment"),
        ("stim-amplitude", 2, "amplitude of every stim segment (in the unit --stim-unit chooses; default µA/cm²)"),
    };

    /// <summary>Names and parsing of everything a grid may contain (for name checks and suggestions).</summary>
    public static readonly IReadOnlyList<OptionSpec> Table = CommandLine.RunOptionsTable
        .Where(o => !OutputOnly.Contains(o.Name) && !o.CommandLineOnly)
        .Concat(Virtual.Select(v => new OptionSpec(v.Name, "NUMBER", v.Help, (o, _) => o)))
        .ToList();

    /// <summary>What a grid's base is read with: every config key of run plus the virtual options (output-only keys are
    /// then refused with their own message rather than as unknown).</summary>
    public static readonly IReadOnlyList<OptionSpec> ConfigTable = CommandLine.RunOptionsTable
        .Concat(Virtual.Select(v => new OptionSpec(v.Name, "NUMBER", v.Help, (o, _) => o)))
        .ToList();

    public static bool IsVirtual(string name) => Virtual.Any(v => v.Name == name);

    /// <summary>Problems with option names: output-only options, unknown names (with a suggestion).</summary>
    public static IEnumerable<string> NameProblems(IEnumerable<string> names, string where)
    {
        foreach (var name in names.Distinct())
        {
            if (IsRegionKey(name)) continue;
            if (OutputOnly.Contains(name))
                yield return $"{where}: \"{name}\" only chooses what a single run writes or records; a sweep writes and records its own (remove it)";
            else
            {
                var (_, errors) = CommandLine.Tokenise(new[] { $"--{name}=0" }, Table);
                foreach (var e in errors) yield return $"{where}: {e}";
            }
        }
    }

    /// <summary>
    /// Applies the virtual options to the raw pairs: each sets its field in every "stim" value. Fails when the run has
    /// no stim to change (the preset's protocol is not rewritten silently).
    /// </summary>
    public static (List<RawOption> Raw, string? Error) ApplyVirtual(IReadOnlyList<RawOption> raw)
    {
        // Loops, not LINQ: this runs once per run of the grid while it is planned.
        List<RawOption>? virtuals = null;
        var result = new List<RawOption>(raw.Count);
        List<RawOption>? regionParams = null;
        for (int i = 0; i < raw.Count; i++)
            if (IsVirtual(raw[i].Name)) (virtuals ??= new List<RawOption>()).Add(raw[i]);
            else if (IsRegionKey(raw[i].Name)) (regionParams ??= new List<RawOption>()).Add(new RawOption("param", $"{raw[i].Name}={raw[i].Value}", raw[i].Source));
            else result.Add(raw[i]);
        // After every other param: a region key wins over the base's "param" where both apply.
        if (regionParams is not null) result.AddRange(regionParams);
        if (virtuals is null) return (result, null);
        if (!result.Any(r => r.Name == "stim" && r.Value.Split(',').Length == 4))
            return (result, $"{virtuals[0].Name}: changes every stim segment, but the run has none; put one in base, e.g. \"stim\": [\"0,500,0,0\"]");
        foreach (var v in virtuals)
        {
            int field = Virtual.First(x => x.Name == v.Name).Field;
            for (int i = 0; i < result.Count; i++)
            {
                if (result[i].Name != "stim") continue;
                var parts = result[i].Value.Split(',');
                if (parts.Length != 4) continue; // malformed: --stim reports it
                parts[field] = v.Value;
                result[i] = result[i] with { Value = string.Join(',', parts) };
            }
        }
        return (result, null);
    }
}
