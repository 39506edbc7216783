using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Sweep;

/// <summary>One run of a sweep.</summary>
/// <param name="Index">Position in the grid's product order (the row order of the results), from 0.</param>
/// <param name="AxisIndices">Which value of each axis this run takes.</param>
/// <param name="Values">The value of each varied option, as <see cref="OptionValue.Display"/>, in grid order.</param>
/// <param name="Parameters">The model parameters, as <c>run</c> would build them from the same options.</param>
/// <param name="RunId">Hash of the full configuration (<see cref="Sweep.RunId"/>).</param>
/// <param name="Problems">Why the parameters fail validation; empty for a valid run.</param>
internal sealed record RunPoint(int Index, int[] AxisIndices, IReadOnlyList<string> Values, SimulationParameters Parameters, string RunId,
    IReadOnlyList<string> Problems)
{
    /// <summary>The compartments whose spikes the metrics count: null for every one (a cable, so that propagation can be
    /// measured); a branched cell's one site, soma(0.5) or the root's middle.</summary>
    public IReadOnlyList<int>? Watched { get; init; }

    /// <summary>Whether the raw values did not even parse (the plan is refused then).</summary>
    public bool ParseFailed { get; init; }
}

/// <summary>A grid expanded into its runs, every one parsed and validated before anything runs.</summary>
internal sealed record SweepPlan(Grid Grid, IReadOnlyList<RunPoint> Points, int WindowCount)
{
    /// <summary>Most problem lines listed for failing combinations (the count of the rest is given).</summary>
    public const int MaxListedCombinations = 50;

    public IReadOnlyList<string> VariedNames => Grid.Varied.Select(v => v.Name).ToList();

    /// <summary>Distinct run ids in ordinal order: the basis of the shard split.</summary>
    public IReadOnlyList<string> SortedIds => _sortedIds ??= Points.Select(p => p.RunId).Distinct().Order(StringComparer.Ordinal).ToList();

    private List<string>? _sortedIds;

    /// <summary>
    /// The run ids of shard <paramref name="shard"/> of <paramref name="shards"/>: a fixed, balanced split of the sorted
    /// ids into contiguous blocks (sizes differ by at most one), so every machine computes the same split.
    /// </summary>
    public IReadOnlySet<string> ShardIds(int shard, int shards) => Split(SortedIds, shard, shards).ToHashSet(StringComparer.Ordinal);

    /// <summary>Which shard of <paramref name="shards"/> holds a run id.</summary>
    public int ShardOf(string runId, int shards)
    {
        var ids = (List<string>)SortedIds;
        int position = ids.BinarySearch(runId, StringComparer.Ordinal);
        if (position < 0) return -1;
        for (int s = 0; s < shards; s++)
            if (position < (int)((long)(s + 1) * ids.Count / shards)) return s;
        return -1;
    }

    /// <summary>
    /// Block <paramref name="shard"/> of <paramref name="shards"/> of a list: items ⌊s·n/N⌋ … ⌊(s+1)·n/N⌋ − 1, so the
    /// blocks cover the list exactly once, in order, with sizes ⌊n/N⌋ or ⌈n/N⌉.
    /// </summary>
    public static IReadOnlyList<T> Split<T>(IReadOnlyList<T> items, int shard, int shards)
    {
        int from = (int)((long)shard * items.Count / shards), to = (int)((long)(shard + 1) * items.Count / shards);
        return items.Skip(from).Take(to - from).ToList();
    }

    /// <summary>
    /// Expands and checks a grid: every problem (names, values, combinations) at once; null plan if any. The
    /// combinations are checked only when the names and values are sound (and <paramref name="gridProblems"/> is 0),
    /// so one wrong value is one message, not one per combination.
    /// </summary>
    public static (SweepPlan? Plan, List<string> Problems) Build(Grid grid, int gridProblems = 0, CancellationToken token = default)
    {
        var problems = new List<string>();
        var varied = grid.Varied;

        // Names first (the base's were checked as it was read); the values of a misspelt option are not checked further.
        problems.AddRange(SweepOptions.NameProblems(varied.Select(v => v.Name), "vary"));
        var badNames = varied.Select(v => v.Name).Where(n => SweepOptions.NameProblems(new[] { n }, "").Any()).ToHashSet();
        var basePairs = grid.Base;
        // A virtual option rewrites every stim segment, so a varied stim would be silently replaced: refused instead.
        if (varied.Any(v => v.Name == "stim"))
            foreach (var name in varied.Select(v => v.Name).Concat(basePairs.Select(r => r.Name)).Where(SweepOptions.IsVirtual).Distinct())
                problems.Add($"vary: \"stim\" and \"{name}\" cannot be used together: {name} rewrites every stim segment, so the varied stim " +
                             $"values would be ignored; vary the segments' field with {name} on one stim in base, or vary whole stim values without it");

        // The base alone; each varied value on the base alone is checked only when something failed to parse (a valid
        // grid, the usual case, pays for one parse per run): then a malformed value is reported once, where it is.
        var baseProblems = ParseProblems(basePairs).ToHashSet();
        problems.AddRange(baseProblems);
        List<string> ValueProblems()
        {
            var found = new List<string>();
            foreach (var option in varied.Where(v => !badNames.Contains(v.Name)))
            {
                // The same message for many values (say, a virtual option with no stim in base) is listed once.
                var byMessage = option.Values
                    .SelectMany((value, i) => ParseProblems(Merge(basePairs, new[] { (option.Name, value) })).Select(e => (e, i)))
                    .Where(x => !baseProblems.Contains(x.e))
                    .GroupBy(x => x.e);
                foreach (var g in byMessage)
                {
                    var first = g.First().i;
                    string others = g.Count() > 1 ? $" (and {g.Count() - 1} other values)" : "";
                    found.Add($"vary.{option.Name}[{first}] = {Quote(option.Values[first].Display)}{others}: {g.Key}");
                }
            }
            return found;
        }
        if (problems.Count > 0 || gridProblems > 0) return (null, problems.Concat(ValueProblems()).ToList());

        // Every combination: parse errors always refuse the grid; validation failures refuse it unless "invalid": "record".
        // Combinations are independent, so they are built on every core, each into its own slot (the order stays the grid's).
        int count = (int)grid.RunCount;
        var points = new RunPoint[count];
        var errorsAt = new List<string>?[count];
        // Cancellable (Ctrl-C during the planning of a large grid): OperationCanceledException, before anything is written.
        var morphologies = new MorphologyCache();
        Parallel.For(0, count, new ParallelOptions { CancellationToken = token }, index =>
        {
            var axisIndices = AxisIndices(grid.Axes, index);
            var choices = grid.Axes.SelectMany((axis, a) => axis.Options.Select(o => (o.Name, o.Values[axisIndices[a]]))).ToList();
            var raw = Merge(grid.Base, choices);
            var (options, errors) = Options(raw);
            var p = options.Parameters;
            IReadOnlyList<int>? watched = null;
            if (options.MorphologyFile is not null && errors.Count == 0)
            {
                // A cell: built as run builds it (each file read once for the whole grid); its problems refuse the grid.
                var (cell, cellProblems) = CellRun.Build(options, SweepOptions.ApplyVirtual(raw).Raw, morphologies.Read);
                errors.AddRange(cellProblems);
                if (cell is not null) { p = cell.Parameters; watched = cell.Nodes; }
            }
            var invalid = errors.Count > 0 ? new List<string>() : SimulationSpec.Problems(p).ToList();
            // Each job holds one run's state (the sweep keeps spike trains, not traces): run's default budget, per job.
            if (errors.Count == 0 && invalid.Count == 0 && Simulation.StateBytesFor(p.Neurons, p.Compartments) is var bytes
                && bytes > Limits.DefaultMemoryBudgetMb << 20)
                invalid.Add($"memory: a run would need {bytes >> 20:N0} MiB of state ({p.Neurons:N0} neurons × {p.Compartments:N0} compartments), " +
                            $"over the {Limits.DefaultMemoryBudgetMb:N0} MiB a sweep run may use; use fewer neurons or compartments");
            if (errors.Count > 0 || (invalid.Count > 0 && grid.OnInvalid == InvalidPolicy.Refuse))
            {
                string label = $"run {index} ({string.Join(", ", choices.Select(c => $"{c.Name} = {Quote(c.Item2.Display)}"))})";
                errorsAt[index] = errors.Concat(invalid).Select(e => $"{label}: {e}").ToList();
            }
            points[index] = new RunPoint(index, axisIndices, choices.Select(c => c.Item2.Display).ToArray(), p, RunId.Of(p), invalid)
            {
                ParseFailed = errors.Count > 0,
                Watched = watched,
            };
        });
        bool anyParseError = points.Any(p => p.ParseFailed);
        var failingAt = errorsAt.Where(e => e is not null).ToList();
        int failing = failingAt.Count;
        var combinationProblems = failingAt.Take(MaxListedCombinations).SelectMany(e => e!).ToList();
        if (anyParseError && ValueProblems() is { Count: > 0 } valueProblems) return (null, valueProblems);
        if (failing > 0)
        {
            problems.AddRange(combinationProblems);
            if (failing > MaxListedCombinations) problems.Add($"… and {failing - MaxListedCombinations:N0} more failing combinations");
            problems.Add($"{failing:N0} of {points.Length:N0} combinations are invalid; fix the grid, or add \"invalid\": \"record\" to run the others " +
                         "and record these as failed rows");
            return (null, problems);
        }
        int windows = points.Where(p => p.Problems.Count == 0).Select(p => SweepMetrics.Windows(p.Parameters).Count).DefaultIfEmpty(0).Max();
        return (new SweepPlan(grid, points, windows), problems);
    }

    /// <summary>The run options of raw pairs (virtual options applied first) and every parse problem.</summary>
    public static (RunOptions Options, List<string> Errors) Options(IReadOnlyList<RawOption> raw)
    {
        var (rewritten, error) = SweepOptions.ApplyVirtual(raw);
        var (options, errors) = CommandLine.Apply(rewritten, CommandLine.RunOptionsTable);
        if (error is not null) errors.Insert(0, error);
        return (options, errors);
    }

    /// <summary>The base pairs with each chosen option replacing every base pair of the same name.</summary>
    public static List<RawOption> Merge(IReadOnlyList<RawOption> basePairs, IEnumerable<(string Name, OptionValue Value)> choices)
    {
        var chosen = choices.ToList();
        var raw = basePairs.Where(r => chosen.All(c => c.Name != r.Name)).ToList();
        foreach (var (name, value) in chosen)
            foreach (var text in value.Texts) raw.Add(RawOption.FromCommandLine(name, text));
        return raw;
    }

    private static List<string> ParseProblems(IReadOnlyList<RawOption> raw) => Options(raw).Errors;

    /// <summary>The axis indices of combination <paramref name="index"/>: mixed radix, the first axis outermost (slowest).</summary>
    private static int[] AxisIndices(IReadOnlyList<Axis> axes, int index)
    {
        var indices = new int[axes.Count];
        for (int k = axes.Count - 1; k >= 0; k--)
        {
            indices[k] = index % axes[k].Length;
            index /= axes[k].Length;
        }
        return indices;
    }

    private static string Quote(string text) => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? text : $"\"{text}\"";
}

/// <summary>Each morphology file of a sweep read once, whatever the number of runs (runs are planned on every core).</summary>
internal sealed class MorphologyCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<(Core.Morphology.Morphology?, List<string>)>> _files =
        new(StringComparer.Ordinal);

    public (Core.Morphology.Morphology?, List<string>) Read(string path) =>
        _files.GetOrAdd(path, p => new Lazy<(Core.Morphology.Morphology?, List<string>)>(() => MorphologyFile.Read(p))).Value;
}
