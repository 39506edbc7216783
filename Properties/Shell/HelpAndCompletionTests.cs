using System.Diagnostics;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary><c>hhf help COMMAND</c>, <c>hhf COMMAND --help</c> and <c>hhf completion bash</c>.</summary>
public sealed class HelpAndCompletionTests
{
    private static CliResult Hhf(params string[] args)
    {
        var stdout = new StringWriter(); var stderr = new StringWriter();
        int code = Cli.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("run", "usage: hhf run", "--record-compartments")]
    [InlineData("sweep", "usage: hhf sweep", "--cpus-per-task")]
    [InlineData("bench", "usage: hhf bench", "--seed-process")]
    public void HelpCommandAndCommandHelpPrintTheSameCommandHelp(string command, string start, string anOption)
    {
        var viaHelp = Hhf("help", command);
        var viaFlag = Hhf(command, "--help");
        Assert.True(viaHelp.Code == 0 && viaFlag.Code == 0, viaHelp + "\n" + viaFlag);
        Assert.StartsWith(start, viaHelp.Stdout);
        Assert.Contains(anOption, viaHelp.Stdout);
        Assert.Equal(viaFlag.Stdout, viaHelp.Stdout);
        // Not the top-level usage.
        Assert.DoesNotContain("hhf completion bash", viaHelp.Stdout);
    }

    [Fact]
    public void HelpOfAnUnknownCommandIsBadInput()
    {
        var result = Hhf("help", "rnu");
        Assert.Equal(ExitCode.BadInput, result.Code);
        Assert.Contains("help: unknown command 'rnu'; expected one of run, sweep, bench, morphology, network, help, completion", result.Stderr);
    }

    [Theory]
    [InlineData("completion")]
    [InlineData("completion", "zsh")]
    public void CompletionForAnotherShellIsBadInput(params string[] args)
    {
        var result = Hhf(args);
        Assert.Equal(ExitCode.BadInput, result.Code);
        Assert.Contains("expected the shell name bash", result.Stderr);
    }

    /// <summary>
    /// Oracle: bash itself. The script is sourced and its completion function called as bash calls it on Tab
    /// (COMP_WORDS, COMP_CWORD); COMPREPLY is what the user would be offered.
    /// </summary>
    [Theory]
    [InlineData("hhf r", "run")]
    [InlineData("hhf run --d", "--d-lambda --diameter-um --dt")]
    [InlineData("hhf --re", "--record-compartments --record-every --record-sites --record-vars --reproducible")]
    [InlineData("hhf run --integrator c", "crank-nicolson")]
    [InlineData("hhf run --preset h", "hh1952")]
    [InlineData("hhf sweep --sh", "--shard --shards")]
    [InlineData("hhf bench --se", "--seed-process --segment-length-um")]
    [InlineData("hhf help b", "bench")]
    [InlineData("hhf completion ", "bash")]
    public void BashCompletesCommandsOptionsAndValues(string line, string expected)
    {
        var result = Hhf("completion", "bash");
        Assert.True(result.Code == 0, result.ToString());
        string dir = Directory.CreateTempSubdirectory("hhf-completion-").FullName;
        try
        {
            string script = Path.Combine(dir, "hhf.bash");
            File.WriteAllText(script, result.Stdout);
            string words = string.Join(' ', line.Split(' ').Select(w => $"'{w}'"));
            int cword = line.Split(' ').Length - 1;
            string probe = $"source '{script}'; COMP_WORDS=({words}); COMP_CWORD={cword}; _hhf; echo \"${{COMPREPLY[*]}}\"";
            var start = new ProcessStartInfo("bash", new[] { "--norc", "--noprofile", "-c", probe }) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var bash = Process.Start(start)!;
            string offered = bash.StandardOutput.ReadToEnd().Trim();
            string errors = bash.StandardError.ReadToEnd();
            bash.WaitForExit();
            Assert.True(bash.ExitCode == 0, errors);
            Assert.Equal(expected, string.Join(' ', offered.Split(' ').Order(StringComparer.Ordinal)));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>Every option of every command's table is offered after that command.</summary>
    [Fact]
    public void CompletionScriptNamesEveryOptionOfEveryCommand()
    {
        string script = Hhf("completion", "bash").Stdout;
        foreach (var c in Commands.All)
        {
            string line = script.Split('\n').Single(l => l.TrimStart().StartsWith(c.Name == "run" ? "run|--*)" : c.Name + ")", StringComparison.Ordinal));
            foreach (var name in c.OptionNames()) Assert.Contains($" --{name}", " " + line.Split('"')[1]);
        }
    }
}
