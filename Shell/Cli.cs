namespace HHFunctional.Shell;

/// <summary>
/// Exit codes (a contract, README "Errors and exit codes"): 0 success; 1 a run that failed (numerical blow-up, I/O
/// error, an unexpected fault); 2 bad input (usage, config, validation, limits, output folders); 130 interrupted.
/// </summary>
internal static class ExitCode
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}

/// <summary>Command dispatch. Every effect of the tool (files, console, clock) happens below here, never in Core.</summary>
internal static class Cli
{
    private static string Usage => $"""
        hhf: multi-compartment Hodgkin–Huxley simulator

        usage: hhf [run] [options]     simulate and write report.html (no options: the seed's run)
               hhf run --config FILE   the same, with options from a JSON file
               hhf sweep --grid FILE.json --out DIR [--jobs K]   many runs
               hhf network FILE.json --out DIR   a network of cells (docs/network.md)
               hhf bench [options]     speed per compartment-step
               hhf help COMMAND        a command's options (or hhf COMMAND --help)
               hhf completion bash     a bash completion script: source <(hhf completion bash)
               hhf --version           this hhf's version (and the commit it was built from)

        commands:
        {string.Join("\n", Commands.All.Select(c => $"  {c.Name,-12}{c.Summary}"))}
        """;

    /// <summary>Prefix of the one-line message for a fault that is our bug, not the user's (tests look for it).</summary>
    public const string InternalErrorPrefix = "error: internal error";

    /// <summary>
    /// Runs one command and returns its exit code. Never throws and never prints a stack trace: bad input is exit 2,
    /// any other failure a one-line message and exit 1, cancellation through <paramref name="token"/> (Ctrl-C) exit 130
    /// with nothing written.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken token = default) =>
        Run(args, stdout, stderr, token, CommandLine.RunOptionsTable);

    /// <summary>The same with a given run option table (tests substitute mutants).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken token, IReadOnlyList<OptionSpec> table)
    {
        // Messages are best effort: a closed or full stdout/stderr changes neither the files nor the exit code.
        stdout = BestEffortWriter.Wrap(stdout);
        stderr = BestEffortWriter.Wrap(stderr);
        try
        {
            args ??= Array.Empty<string>();
            if (args.Length == 0) return RunCommand.Execute(Array.Empty<string>(), stdout, stderr, token, table);
            return args[0] switch
            {
                "run" => RunCommand.Execute(args[1..], stdout, stderr, token, table),
                "sweep" => Sweep.SweepCommand.Execute(args[1..], stdout, stderr, token),
                "bench" => Bench.Execute(args[1..], stdout, stderr),
                "morphology" => MorphologyCommand.Execute(args[1..], stdout, stderr),
                "network" => NetworkCommand.Execute(args[1..], stdout, stderr, token),
                "help" when args.Length > 1 => HelpFor(args[1] ?? "", stdout, stderr),
                "help" or "--help" or "-h" => Print(stdout, Usage),
                "completion" => Completion(args[1..], stdout, stderr),
                "--version" or "version" => Print(stdout, ToolVersion.Line),
                _ when (args[0] ?? "").StartsWith("--", StringComparison.Ordinal) => RunCommand.Execute(args, stdout, stderr, token, table),
                _ => Fail(stderr, $"unknown command '{CommandLine.Shorten(args[0] ?? "")}'\n{Usage}"),
            };
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Every staged file was removed when its batch was disposed on the way out.
            stderr.WriteLine("interrupted: stopped cleanly; no file was written or changed.");
            return ExitCode.Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write output: {OneLine(e.Message)}; no file was changed.");
            return ExitCode.RunFailed;
        }
        catch (OutOfMemoryException)
        {
            stderr.WriteLine("error: out of memory; lower --memory-budget-mb, record less (--record-every, --record-compartments, --record-vars) or shrink the run.");
            return ExitCode.RunFailed;
        }
        catch (Exception e)
        {
            // Our bug, not the user's: one line saying so, never a stack trace (HHF_DEBUG=1 shows it).
            stderr.WriteLine($"{InternalErrorPrefix} ({e.GetType().Name}): {OneLine(e.Message)}; please report it with the command line.");
            if (Environment.GetEnvironmentVariable("HHF_DEBUG") == "1") stderr.WriteLine(e);
            return ExitCode.RunFailed;
        }
    }

    private static int HelpFor(string command, TextWriter stdout, TextWriter stderr) => Commands.Find(command) is { } c
        ? Print(stdout, c.Help())
        : Fail(stderr, $"help: unknown command '{CommandLine.Shorten(command)}'; expected one of {string.Join(", ", Commands.Names)}");

    private static int Completion(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 1 && args[0] is "--help" or "-h") return Print(stdout, Commands.Find("completion")!.Help());
        if (args.Length != 1 || args[0] != "bash")
            return Fail(stderr, $"completion: expected the shell name bash (hhf completion bash), got '{CommandLine.Shorten(string.Join(' ', args))}'");
        stdout.Write(Commands.BashCompletion());
        return ExitCode.Ok;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static int Print(TextWriter w, string text) { w.WriteLine(text); return ExitCode.Ok; }

    private static int Fail(TextWriter w, string text) { w.WriteLine($"error: {text}"); return ExitCode.BadInput; }
}
