using System.Globalization;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Shell;

/// <summary>Everything a <c>run</c> takes: the model parameters plus what to write where.</summary>
internal sealed record RunOptions
{
    public SimulationParameters Parameters { get; init; } = new();
    public string OutPath { get; init; } = "report.html";
    public string? CsvDir { get; init; }
    /// <summary>--parquet: the folder of the Parquet copies of the CSVs; null: not written.</summary>
    public string? ParquetDir { get; init; }
    public int Neuron { get; init; }
    public int RecordEvery { get; init; } = 1;
    /// <summary>Null means every compartment.</summary>
    public IReadOnlyList<int>? RecordCompartments { get; init; }
    public IReadOnlyList<StateVariable> RecordVars { get; init; } = StateVariables.All;
    /// <summary>Threads for large groups; null means every core (the result does not depend on it).</summary>
    public int? Threads { get; init; }
    public string Preset { get; init; } = "seed";
    public bool Help { get; init; }
    /// <summary>Whether --stim was given (the first one replaces the preset's protocol).</summary>
    public bool StimGiven { get; init; }
    /// <summary>The report's title (user text: HTML-escaped in the page).</summary>
    public string Title { get; init; } = Report.RunReport.DefaultTitle;
    /// <summary>Leave the wall time out of the report, so the same run gives a byte-identical file.</summary>
    public bool Reproducible { get; init; }
    /// <summary>Where --save-config writes the configuration in effect; null: not written.</summary>
    public string? SaveConfigPath { get; init; }
    /// <summary>--keep-partial: after a blow-up, still write the rows before it (marked partial).</summary>
    public bool KeepPartial { get; init; }
    /// <summary>--memory-budget-mb: runs whose recording and state would need more are refused up front.</summary>
    public long MemoryBudgetMb { get; init; } = Limits.DefaultMemoryBudgetMb;

    // ---- a branched cell (--morphology): kept as given here, built into the run's parameters by CellRun ----
    /// <summary>--morphology: the SWC or JSON file of a branched cell; null: the cable of --cable.</summary>
    public string? MorphologyFile { get; init; }
    /// <summary>nseg of every section; default NEURON's d_lambda rule with 0.1.</summary>
    public NsegRule NsegRule { get; init; } = CellOptions.DefaultNsegRule;
    /// <summary>Which of --nseg, --d-lambda, --segment-length-um set <see cref="NsegRule"/> (null: the default).</summary>
    public string? NsegOption { get; init; }
    /// <summary>--insert in order; empty: all:hh.</summary>
    public IReadOnlyList<Insertion> Inserts { get; init; } = Array.Empty<Insertion>();
    /// <summary>--param in order (a later one overrides an earlier one where both apply).</summary>
    public IReadOnlyList<RegionParameter> RegionParameters { get; init; } = Array.Empty<RegionParameter>();
    /// <summary>--stim with a site (morphologies): amplitudes in nA.</summary>
    public IReadOnlyList<SiteStimulus> SiteStimuli { get; init; } = Array.Empty<SiteStimulus>();
    /// <summary>--record-sites; null: soma(0.5), or the root section's middle.</summary>
    public IReadOnlyList<Site>? RecordSites { get; init; }
}

/// <summary>A current step at a site of a branched cell: on for StartMs &lt; t ≤ EndMs, <paramref name="AmplitudeNA"/> nA.</summary>
internal sealed record SiteStimulus(double StartMs, double EndMs, double AmplitudeNA, Site Site);

/// <summary>
/// One command-line option of a command whose options are a <typeparamref name="TOptions"/> record: its long name (the
/// contract other tools script, and the key of a config file), help text, and how a value changes the options. Every
/// command (run, sweep, bench) reads its arguments with this one table type and the one parser in
/// <see cref="CommandLine"/>. Options are applied in table order after the defaults, so the result never depends on
/// argument order. <paramref name="Save"/> gives the option's value in effect for <c>--save-config</c> (a double, long,
/// string, bool or string[]; null when the option does not apply); it must invert <paramref name="Apply"/> exactly.
/// <paramref name="CommandLineOnly"/> options (help, config, save-config) are not config keys.
/// </summary>
internal sealed record OptionSpec<TOptions>(
    string Name,
    string ValueHelp,
    string Help,
    Func<TOptions, string, ParseOutcome<TOptions>> Apply,
    bool Repeatable = false,
    bool IsFlag = false,
    Func<TOptions, object?>? Save = null,
    bool CommandLineOnly = false)
    where TOptions : class
{
    /// <summary>Whether a config file may give the value as a JSON number.</summary>
    public bool IsNumeric => ValueHelp is "NUMBER" or "INTEGER";
}

/// <summary>
/// One raw option value before parsing, from the command line or a config file. <paramref name="Source"/> says where it
/// came from, for messages: <c>--dt</c>, or <c>run.json: $.stim[1]</c>.
/// </summary>
internal readonly record struct RawOption(string Name, string Value, string Source)
{
    /// <summary>A value given on the command line as --name.</summary>
    public static RawOption FromCommandLine(string name, string value) => new(name, value, $"--{name}");
}

/// <summary>New options, or the reason a value was refused.</summary>
internal readonly record struct ParseOutcome<TOptions>(TOptions? Options, string? Error) where TOptions : class
{
    public static implicit operator ParseOutcome<TOptions>(TOptions o) => new(o, null);
    public static ParseOutcome<TOptions> Fail(string error) => new(null, error);
}

/// <summary>Text → primitives. Values are parsed with the invariant culture; every problem is reported.</summary>
internal static class Parse
{
    public static bool Double(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool Int(string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool Long(string text, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>Most indices an index list may expand to (a list is held in memory before it is validated).</summary>
    public const int MaxIndexListLength = 10_000_000;

    /// <summary>"0,5,10-19" → [0, 5, 10, …, 19]; null when malformed or longer than <see cref="MaxIndexListLength"/>.</summary>
    public static List<int>? IndexList(string text)
    {
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length == 1 && Int(range[0], out int single) && single >= 0) result.Add(single);
            else if (range.Length == 2 && Int(range[0], out int lo) && Int(range[1], out int hi) && lo >= 0 && hi >= lo
                     && (long)hi - lo < MaxIndexListLength - result.Count)
                result.AddRange(Enumerable.Range(lo, hi - lo + 1));
            else return null;
            if (result.Count > MaxIndexListLength) return null;
        }
        return result;
    }

    /// <summary>[0, 1, 2, 3, 5] → "0-3,5": the shortest list <see cref="IndexList"/> reads back as the same indices.</summary>
    public static string ShowIndexList(IReadOnlyList<int> indices)
    {
        var parts = new List<string>();
        for (int i = 0; i < indices.Count;)
        {
            int j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1) j++;
            parts.Add(j == i ? indices[i].ToString(CultureInfo.InvariantCulture)
                : j == i + 1 ? $"{indices[i].ToString(CultureInfo.InvariantCulture)},{indices[j].ToString(CultureInfo.InvariantCulture)}"
                : $"{indices[i].ToString(CultureInfo.InvariantCulture)}-{indices[j].ToString(CultureInfo.InvariantCulture)}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    public static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
