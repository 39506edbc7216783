using System.Text;

namespace HHFunctional.Shell;

/// <summary>
/// The parts of docs/cli.md that are generated from the option tables and the commands' help, so the page cannot drift
/// from the code: each sits between <c>&lt;!-- generated:NAME --&gt;</c> and <c>&lt;!-- end:NAME --&gt;</c>, and a
/// test (DocsTests) checks it (HHF_UPDATE_DOCS=1 rewrites it).
/// </summary>
internal static class Docs
{
    /// <summary>Each generated block by name.</summary>
    public static IReadOnlyList<(string Name, Func<string> Text)> Blocks { get; } = new (string, Func<string>)[]
    {
        ("run-options", RunOptionsTable),
        ("sweep-help", () => Fenced(Sweep.SweepCommand.Usage)),
        ("bench-help", () => Fenced(Bench.Help)),
        ("network-help", () => Fenced(NetworkCommand.Usage)),
    };

    /// <summary>The run options as a Markdown table, in table order (the order options are applied and saved).</summary>
    public static string RunOptionsTable()
    {
        var table = new StringBuilder("| option | value | meaning | config key |\n|---|---|---|---|\n");
        foreach (var o in CommandLine.RunOptionsTable)
        {
            string value = o.IsFlag ? "(flag)" : $"`{Cell(o.ValueHelp)}`";
            string key = o.CommandLineOnly ? "command line only" : o.Repeatable ? $"`\"{o.Name}\"` (array)" : $"`\"{o.Name}\"`";
            table.Append($"| `--{o.Name}` | {value} | {Cell(o.Help)} | {key} |\n");
        }
        return table.ToString();
    }

    // "dend[12](1)" would read as a Markdown link: brackets are escaped.
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("[", "\\[").Replace("]", "\\]").Replace("\n", " ");

    private static string Fenced(string text) => "```text\n" + text.TrimEnd() + "\n```\n";

    /// <summary>The page with every generated block replaced by its current text.</summary>
    public static string Regenerate(string page)
    {
        foreach (var (name, text) in Blocks)
        {
            string begin = $"<!-- generated:{name} -->\n", end = $"<!-- end:{name} -->";
            int from = page.IndexOf(begin, StringComparison.Ordinal);
            int to = page.IndexOf(end, StringComparison.Ordinal);
            if (from < 0 || to < from) throw new InvalidOperationException($"docs page lacks the block {name}");
            page = page[..(from + begin.Length)] + text() + page[to..];
        }
        return page;
    }
}
