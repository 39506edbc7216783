namespace HHFunctional.Shell;

/// <summary>
/// The kinds of option value every command's table is built from, each with its one parsing rule and message: so
/// "--runs: expected an integer in [1, 1000], got 0" reads the same in run, sweep and bench.
/// </summary>
internal static class OptionKinds
{
    /// <summary>An integer in [min, max].</summary>
    public static OptionSpec<T> Int<T>(string name, string valueHelp, string help, long min, long max, Func<T, long, T> set) where T : class =>
        new(name, valueHelp, help, (o, text) => Parse.Long(text, out long x)
            ? x >= min && x <= max ? set(o, x) : ParseOutcome<T>.Fail($"expected an integer in [{min}, {max}], got {x}")
            : ParseOutcome<T>.Fail($"expected an integer, got '{CommandLine.Shorten(text)}'"));

    /// <summary>An integer ≥ 1 (counts: jobs, shards, MB).</summary>
    public static OptionSpec<T> Positive<T>(string name, string valueHelp, string help, Func<T, int, T> set) where T : class =>
        new(name, valueHelp, help, (o, text) => Parse.Int(text, out int x) && x >= 1
            ? set(o, x)
            : ParseOutcome<T>.Fail($"expected an integer ≥ 1, got '{CommandLine.Shorten(text)}'"));

    /// <summary>Any non-empty text (a file, a folder, a name); <paramref name="check"/> may refuse it with a reason.</summary>
    public static OptionSpec<T> Text<T>(string name, string valueHelp, string help, Func<T, string, T> set, Func<string, string?>? check = null) where T : class =>
        new(name, valueHelp, help, (o, text) =>
            text.Length == 0 ? ParseOutcome<T>.Fail($"expected {valueHelp}, got ''")
            : check?.Invoke(text) is { } error ? ParseOutcome<T>.Fail(error)
            : set(o, text));

    /// <summary>A flag: given alone it is true; --name=false is accepted too.</summary>
    public static OptionSpec<T> Flag<T>(string name, string help, Func<T, bool, T> set) where T : class =>
        new(name, "", help, (o, text) => text switch
        {
            "true" => set(o, true),
            "false" => set(o, false),
            _ => ParseOutcome<T>.Fail($"expected true or false, got '{CommandLine.Shorten(text)}'"),
        }, IsFlag: true);
}
