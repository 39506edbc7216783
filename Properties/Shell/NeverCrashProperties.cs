using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Properties.Mutants;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Whatever the command line and config file hold, <c>hhf</c> answers with an exit code and a message, never an
/// unhandled exception or a stack trace, and bad input leaves no file behind.
/// </summary>
public class NeverCrashProperties
{
    /// <summary>
    /// Law: for any arguments and config (no precondition; the generator keeps valid runs tiny), Cli.Run returns and
    /// (a) exits 0, 1 or 2 within the deadline, never with the internal-error message or a stack trace;
    /// (b) exit 2 ⇒ at least one "error:" line and not a single file or folder added to the sandbox;
    /// (c) exit 1 ⇒ the message names a numerical blow-up; (d) exit 0 ⇒ the report exists, or help was printed.
    /// </summary>
    internal static Property NeverCrashesAndBadInputWritesNothing(CliCase c, IReadOnlyList<OptionSpec> table)
    {
        using var sandbox = new Sandbox();
        var args = c.Materialise(sandbox);
        var before = sandbox.Entries();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        CliResult result;
        try { result = sandbox.Run(args, deadline.Token, table); }
        catch (Exception e) { return Prop.Label(false, $"unhandled {e.GetType().Name}: {e.Message}"); }

        bool known = result.Code is ExitCode.Ok or ExitCode.RunFailed or ExitCode.BadInput;
        bool noCrash = !result.Stderr.Contains(Cli.InternalErrorPrefix, StringComparison.Ordinal) && !result.Stderr.Contains("   at ", StringComparison.Ordinal);
        bool badInputExplained = result.Code != ExitCode.BadInput || result.Stderr.Contains("error:", StringComparison.Ordinal);
        bool badInputWritesNothing = result.Code != ExitCode.BadInput || before.SequenceEqual(sandbox.Entries());
        bool failureIsBlowUp = result.Code != ExitCode.RunFailed || result.Stderr.Contains("numerical blow-up", StringComparison.Ordinal);
        bool successWrote = result.Code != ExitCode.Ok
                            || result.Stdout.Contains("usage:", StringComparison.Ordinal) || result.Stdout.Contains("wrote ", StringComparison.Ordinal);
        return Prop.Label(known, $"exit code 0, 1 or 2 (got {result.Code})")
            .And(Prop.Label(noCrash, "no internal error or stack trace"))
            .And(Prop.Label(badInputExplained, "exit 2 says what is wrong"))
            .And(Prop.Label(badInputWritesNothing, $"exit 2 writes nothing (added: {string.Join(", ", sandbox.Entries().Except(before))})"))
            .And(Prop.Label(failureIsBlowUp, "exit 1 is a blow-up"))
            .And(Prop.Label(successWrote, "exit 0 wrote the report"))
            .Label(result.ToString())
            .Classify(result.Code == ExitCode.Ok, "ran")
            .Classify(result.Code == ExitCode.BadInput, "refused")
            .Classify(result.Code == ExitCode.RunFailed, "blew up")
            .Classify(c.Config is not null, "with config");
    }

    [Property(Arbitrary = new[] { typeof(CliGenerators) }, MaxTest = 100)]
    public Property RandomArgumentsAndConfigsNeverCrash(CliCase c) => NeverCrashesAndBadInputWritesNothing(c, CommandLine.RunOptionsTable);

    private static void AssertFailsOn(IReadOnlyList<OptionSpec> mutant, Arbitrary<CliCase>? cases = null)
    {
        var property = Prop.ForAll(cases ?? CliGenerators.Cases(), c => NeverCrashesAndBadInputWritesNothing(c, mutant));
        Assert.ThrowsAny<Exception>(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(400)));
    }

    [Fact]
    public void ShouldFail_OnAStimParserThatThrows() =>
        // Every case also carries a 3-part --stim, so the mutant's crash is met on every case, not by chance (an
        // untargeted generator missed it in ~5% of 400-case runs).
        AssertFailsOn(CliMutants.UncountedStimParts, Arb.From(CliGenerators.Cases().Generator.Select(c => c with { Args = c.Args.Concat(new[] { "--stim", "1,2,3" }).ToArray() })));

    [Fact]
    public void ShouldFail_OnACsvFolderCreatedBeforeValidation() =>
        // Every case also asks for a CSV folder and carries a bad dt, so the mutant's early folder is met on most
        // cases, not by chance (the untargeted generator missed it once in a 400-case run).
        AssertFailsOn(CliMutants.EagerCsvFolder, Arb.From(CliGenerators.Cases().Generator.Select(c => c with { Args = c.Args.Concat(new[] { "--csv", "@csv", "--dt", "-1" }).ToArray() })));
}
