using System.Text;

namespace HHFunctional.Shell;

/// <summary>What completion and docs need of one option of any command's table.</summary>
internal sealed record OptionView(string Name, string ValueHelp, bool IsFlag)
{
    public static IReadOnlyList<OptionView> Of<T>(IReadOnlyList<OptionSpec<T>> table) where T : class =>
        table.Select(o => new OptionView(o.Name, o.ValueHelp, o.IsFlag)).ToList();
}

/// <summary>One command of hhf: its name, one line for the top-level usage, its help, and its options (from its table).</summary>
internal sealed record CommandInfo(string Name, string Summary, Func<string> Help, Func<IReadOnlyList<OptionView>> Options,
    IReadOnlyList<string>? Words = null)
{
    public IReadOnlyList<string> OptionNames() => Options().Select(o => o.Name).ToList();
}

/// <summary>
/// The commands of hhf, in one list: <c>hhf help COMMAND</c> and the bash completion script read them, so a new
/// command or option appears in both.
/// </summary>
internal static class Commands
{
    public static readonly IReadOnlyList<CommandInfo> All = new CommandInfo[]
    {
        new("run", "simulate and write report.html (no options: the seed's run)",
            () => CommandLine.Help("run", CommandLine.RunOptionsTable), () => OptionView.Of(CommandLine.RunOptionsTable)),
        new("sweep", "many runs of a grid, on every core or as a Slurm job array",
            () => Sweep.SweepCommand.Usage, () => OptionView.Of(Sweep.SweepCommand.Table), Words: new[] { "merge" }),
        new("bench", "speed per compartment-step, and whole runs and sweeps as processes",
            () => Bench.Help, () => OptionView.Of(Bench.Table)),
        new("morphology", "a morphology's sections as NEURON reads them (SWC or JSON): names, parents, lengths, areas, nseg",
            () => MorphologyCommand.Usage, () => OptionView.Of(MorphologyCommand.OptionTable)),
        new("network", "a network of cells from a JSON file: spikes, traces, connections and a report",
            () => NetworkCommand.Usage, () => OptionView.Of(NetworkCommand.Table)),
        new("help", "the help of a command: hhf help COMMAND", () => "usage: hhf help [COMMAND]\n\nprints the help of COMMAND (" +
            string.Join(", ", Names) + "), or the list of commands", () => Array.Empty<OptionView>()),
        new("completion", "a shell completion script: source <(hhf completion bash)",
            () => "usage: hhf completion bash\n\nprints a bash completion script for hhf's commands and options; load it with\n" +
                  "    source <(hhf completion bash)\nor save it as ~/.local/share/bash-completion/completions/hhf",
            () => Array.Empty<OptionView>(), Words: new[] { "bash" }),
    };

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static CommandInfo? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// The bash completion script: the command first, then that command's options; after an option whose value is a
    /// file or folder, file names; after one with a fixed set of values (<c>seed|physical</c>), those values.
    /// </summary>
    public static string BashCompletion()
    {
        var script = new StringBuilder();
        script.Append("# bash completion for hhf (hhf completion bash); load with: source <(hhf completion bash)\n");
        script.Append("_hhf() {\n");
        script.Append("    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" cmd=\"${COMP_WORDS[1]}\"\n");
        script.Append("    if [[ $COMP_CWORD -eq 1 ]]; then\n");
        // hhf --dt 0.005 is a run: the first word may also be one of run's options.
        var first = Names.Concat(new[] { "--version" }).Concat(CommandLine.RunOptionsTable.Select(o => "--" + o.Name));
        script.Append($"        COMPREPLY=( $(compgen -W \"{string.Join(' ', first)}\" -- \"$cur\") ); return\n");
        script.Append("    fi\n");
        // Option values: files and folders, or the choices a value help lists (every command's table; the same name
        // means the same kind of value in each).
        var options = All.SelectMany(c => c.Options()).Where(o => !o.IsFlag).ToList();
        var fileOptions = options.Where(o => o.ValueHelp is "FILE" or "DIR" or "FILE.json").Select(o => "--" + o.Name).Distinct().ToList();
        script.Append("    case \"$prev\" in\n");
        script.Append($"        {string.Join('|', fileOptions)}) COMPREPLY=( $(compgen -f -- \"$cur\") ); return ;;\n");
        foreach (var o in options.Where(o => o.ValueHelp.Contains('|')).DistinctBy(o => o.Name))
            script.Append($"        --{o.Name}) COMPREPLY=( $(compgen -W \"{o.ValueHelp.Replace('|', ' ')}\" -- \"$cur\") ); return ;;\n");
        script.Append("    esac\n");
        script.Append("    local opts\n");
        script.Append("    case \"$cmd\" in\n");
        foreach (var c in All)
        {
            var words = c.OptionNames().Select(n => "--" + n).Concat(c.Words ?? Array.Empty<string>());
            if (c.Name == "help") words = Names;
            // hhf --dt 0.005 is a run: a first word starting with -- completes run's options.
            string pattern = c.Name == "run" ? "run|--*" : c.Name;
            script.Append($"        {pattern}) opts=\"{string.Join(' ', words)}\" ;;\n");
        }
        script.Append("        *) opts=\"\" ;;\n");
        script.Append("    esac\n");
        script.Append("    COMPREPLY=( $(compgen -W \"$opts\" -- \"$cur\") )\n");
        script.Append("}\n");
        script.Append("complete -o default -F _hhf hhf\n");
        return script.ToString();
    }
}
