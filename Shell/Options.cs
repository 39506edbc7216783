using System.Globalization;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>Everything a <c>run</c> takes: the model parameters plus what to write where.</summary>
internal sealed record RunOptions
{
    public SimulationParameters Parameters { get; init; } = new();
    public string OutPath { get; init; } = "report.html";
    public string? CsvDir { get; init; }
    public int Neuron { get; init; }
    public int RecordEvery { get; init; } = 1;
    /// <summary>Null means every compartment.</summary>
    public IReadOnlyList<int>? RecordCompartments { get; init; }
    public IReadOnlyList<StateVariable> RecordVars { get; init; } = StateVariables.All;
    public string Preset { get; init; } = "seed";
    public bool Help { get; init; }
    /// <summary>Whether --stim was given (the first one replaces the preset's protocol).</summary>
    public bool StimGiven { get; init; }
    /// <summary>The report's title (user text: HTML-escaped in the page).</summary>
    public string Title { get; init; } = Report.RunReport.DefaultTitle;
    /// <summary>Leave the wall time out of the report, so the same run gives a byte-identical file.</summary>
    public bool Reproducible { get; init; }
}

/// <summary>
/// One command-line option: its long name (the contract other tools script), help text, and how a value changes the
/// options. Options are applied in table order after the preset, so the result never depends on argument order.
/// </summary>
internal sealed record OptionSpec(
    string Name,
    string ValueHelp,
    string Help,
    Func<RunOptions, string, ParseOutcome> Apply,
    bool Repeatable = false,
    bool IsFlag = false);

/// <summary>A new RunOptions, or the reason a value was refused.</summary>
internal readonly record struct ParseOutcome(RunOptions? Options, string? Error)
{
    public static implicit operator ParseOutcome(RunOptions o) => new(o, null);
    public static ParseOutcome Fail(string error) => new(null, error);
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

    /// <summary>"0,5,10-19" → [0, 5, 10, …, 19]; null when malformed.</summary>
    public static List<int>? IndexList(string text)
    {
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length == 1 && Int(range[0], out int single) && single >= 0) result.Add(single);
            else if (range.Length == 2 && Int(range[0], out int lo) && Int(range[1], out int hi) && lo >= 0 && hi >= lo && hi - lo < 10_000_000)
                result.AddRange(Enumerable.Range(lo, hi - lo + 1));
            else return null;
        }
        return result;
    }

    public static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
