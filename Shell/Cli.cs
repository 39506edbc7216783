namespace HHFunctional.Shell;

/// <summary>Exit codes: 0 success; 1 a run that failed (blow-up, I/O); 2 bad input (usage, validation).</summary>
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
    private const string Usage = """
        hhf: multi-compartment Hodgkin–Huxley simulator

        usage: hhf [run] [options]     simulate and write report.html (no options: the seed's run)
               hhf run --help          every run option
               hhf bench [options]     speed per compartment-step (hhf bench --help)
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (args.Length == 0) return RunCommand.Execute(Array.Empty<string>(), stdout, stderr);
            return args[0] switch
            {
                "run" => RunCommand.Execute(args[1..], stdout, stderr),
                "bench" => Bench.Execute(args[1..], stdout, stderr),
                "help" or "--help" or "-h" => Print(stdout, Usage),
                _ when args[0].StartsWith("--", StringComparison.Ordinal) => RunCommand.Execute(args, stdout, stderr),
                _ => Fail(stderr, $"unknown command '{args[0]}'\n{Usage}"),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCode.RunFailed;
        }
    }

    private static int Print(TextWriter w, string text) { w.WriteLine(text); return ExitCode.Ok; }

    private static int Fail(TextWriter w, string text) { w.WriteLine($"error: {text}"); return ExitCode.BadInput; }
}
