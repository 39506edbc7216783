using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// The rate-table option's one text form, for run, sweep, bench and network files alike: <c>off</c> (exact rates, the
/// default), <c>neuron</c> (NEURON's hh table: −100 … 100 mV in 200 intervals) or <c>MIN:MAX:INTERVALS</c> (mV, mV, count).
/// </summary>
internal static class RateTableOption
{
    public const string ValueHelp = "off|neuron|MIN:MAX:N";

    public const string Help = "gate kinetics from a table of x∞ and decay per gate, linearly interpolated in v (NEURON's usetable): " +
        "off (default: exact rates), neuron (-100 … 100 mV in 200 intervals, NEURON's hh table) or MIN:MAX:N (mV, mV, intervals)";

    /// <summary>The table the text names (null for off), or the rule it breaks.</summary>
    public static (bool Ok, RateTable? Table, string? Error) Parse(string text)
    {
        if (text == "off") return (true, null, null);
        if (text == "neuron") return (true, RateTable.Neuron, null);
        if (text.Split(':') is [var min, var max, var n]
            && HHFunctional.Shell.Parse.Double(min, out double minMv) && double.IsFinite(minMv)
            && HHFunctional.Shell.Parse.Double(max, out double maxMv) && double.IsFinite(maxMv)
            && HHFunctional.Shell.Parse.Int(n, out int intervals))
        {
            if (!(maxMv > minMv) || !double.IsFinite(maxMv - minMv)) return (false, null, $"expected MIN < MAX (mV), got '{CommandLine.Shorten(text)}'");
            if (intervals < 1 || intervals > RateTable.MaxIntervals)
                return (false, null, $"expected N (intervals) in [1, {RateTable.MaxIntervals}], got {intervals}");
            return (true, new RateTable(minMv, maxMv, intervals), null);
        }
        return (false, null, $"expected off, neuron or MIN:MAX:N (e.g. -100:100:200), got '{CommandLine.Shorten(text)}'");
    }

    /// <summary>The option's parse step for any command: <paramref name="set"/> with the table the text names, or the rule
    /// it breaks.</summary>
    public static ParseOutcome<T> Apply<T>(string text, Func<RateTable?, T> set) where T : class
    {
        var (ok, table, error) = Parse(text);
        return ok ? set(table) : ParseOutcome<T>.Fail(error!);
    }

    /// <summary>The text form of a table (what a saved config or a JSON result says).</summary>
    public static string Name(RateTable? table) =>
        table is null ? "off"
        : table == RateTable.Neuron ? "neuron"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{table.MinMv:R}:{table.MaxMv:R}:{table.Intervals}");
}
