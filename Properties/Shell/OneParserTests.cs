using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// run, sweep and bench read their arguments with one parser (CommandLine.Tokenise + Apply) over each command's table:
/// the same problems get the same messages (option, rule, value received) in every command, and each command's help
/// lists exactly its table.
/// </summary>
public sealed class OneParserTests
{
    private static CliResult Hhf(params string[] args)
    {
        var stdout = new StringWriter(); var stderr = new StringWriter();
        int code = Cli.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("run")]
    [InlineData("sweep")]
    [InlineData("bench")]
    public void SameProblemsSameMessagesInEveryCommand(string command)
    {
        // A near-miss name, a value missing at the end, a stray word, an option given twice.
        var result = Hhf(command, "--jobz", "1", "stray", "--help=maybe", "--jobs");
        Assert.Equal(ExitCode.BadInput, result.Code);
        Assert.Contains("unexpected argument 'stray': options start with -- (see --help)", result.Stderr);
        Assert.Contains("--help: expected true or false, got 'maybe'", result.Stderr);
        if (command != "run")
        {
            Assert.Contains("--jobz: unknown option (did you mean --jobs?)", result.Stderr);
            Assert.Contains("--jobs: expected a value (K), got nothing", result.Stderr);
        }
    }

    [Theory]
    [InlineData("sweep", "--jobs", "2", "--jobs", "3")]
    [InlineData("bench", "--runs", "2", "--runs", "3")]
    [InlineData("run", "--dt", "0.01", "--dt", "0.02")]
    public void AnOptionGivenTwiceIsRefusedTheSameWay(string command, string name, string a, string name2, string b)
    {
        var result = Hhf(command, name, a, name2, b, "--grid", "g.json", "--out", "o");
        Assert.Equal(ExitCode.BadInput, result.Code);
        Assert.Contains($"{name}: given 2 times, expected once", result.Stderr);
    }

    [Theory]
    [InlineData("bench", "--jobs", "0", "--jobs: expected an integer in [1, 1024], got 0")]
    [InlineData("bench", "--warmup", "x", "--warmup: expected an integer, got 'x'")]
    [InlineData("bench", "--integrator", "rk4", "--integrator: expected one of forward-euler, exponential-euler, backward-euler, crank-nicolson, got 'rk4'")]
    [InlineData("sweep", "--jobs", "0", "--jobs: expected an integer ≥ 1, got '0'")]
    [InlineData("sweep", "--shard", "4/4", "--shard: expected I/N with 0 ≤ I < N (e.g. 0/4), got '4/4'")]
    [InlineData("sweep", "--partition", "a b", "--partition: expected a partition name (letters, digits, _ . -), got 'a b'")]
    [InlineData("sweep", "--out", "", "--out: expected DIR, got ''")]
    public void ValueRulesNameTheOptionTheRuleAndTheValue(string command, string option, string value, string message)
    {
        var result = Hhf(command, option, value);
        Assert.Equal(ExitCode.BadInput, result.Code);
        Assert.Contains($"error: {message}", result.Stderr);
    }

    [Fact]
    public void EachCommandsHelpListsExactlyItsTable()
    {
        foreach (var command in Commands.All.Where(c => c.Options().Count > 0))
        {
            var lines = command.Help().Split('\n');
            var listed = lines.Where(l => l.StartsWith("  --", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')[0][2..]).ToList();
            Assert.Equal(command.OptionNames(), listed);
        }
    }
}
