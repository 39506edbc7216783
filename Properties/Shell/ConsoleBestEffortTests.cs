using System.Diagnostics;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Issue 16, defect 8: console output is best effort. A closed stderr made any error or warning abort the process
/// (SIGABRT, exit 134: the write failed inside the error handler); a closed or full stdout abandoned a good run with
/// "cannot write output: Access to the path is denied". Neither may change what is written or the exit code.
/// </summary>
public class ConsoleBestEffortTests
{
    /// <summary>A console that is gone: every write fails as a closed descriptor does.</summary>
    private sealed class Closed : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => throw new UnauthorizedAccessException("Access to the path is denied.");
        public override void Write(string? value) => throw new IOException("No space left on device");
        public override void WriteLine(string? value) => throw new IOException("Broken pipe");
    }

    [Fact]
    public void AGoneConsoleChangesNeitherTheFilesNorTheExitCode()
    {
        using var sandbox = new Sandbox();
        Assert.Equal(ExitCode.BadInput, Cli.Run(new[] { "run", "--dt", "-1", "--out", sandbox["bad.html"] }, new Closed(), new Closed()));
        Assert.Equal(ExitCode.Ok, Cli.Run(sandbox.Tiny("--csv", sandbox["csv"]), new Closed(), new Closed()));
        Assert.True(File.Exists(sandbox["r.html"]) && File.Exists(sandbox["csv/v.csv"]));
        Assert.False(File.Exists(sandbox["bad.html"]));
    }

    /// <summary>hhf as a child process under /bin/sh with the given redirections.</summary>
    private static int Shell(string redirections, params string[] args)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec \"$0\" \"$@\" {redirections}");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hhf.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));
        return process.ExitCode;
    }

    [Fact]
    public void ClosedOrFullStandardStreamsInAChildProcess()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new Sandbox();
        // An error with stderr closed: exit 2, not SIGABRT (134).
        Assert.Equal(ExitCode.BadInput, Shell("2>&- >&-", "run", "--dt", "-1", "--out", sandbox["bad.html"]));
        // A good run with stdout closed and stderr full: exit 0 and the report written.
        Assert.Equal(ExitCode.Ok, Shell(">&- 2>/dev/full", sandbox.Tiny()[1..]));
        Assert.True(File.Exists(sandbox["r.html"]));
        Assert.Empty(sandbox.TempFiles());
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>
    /// Issue 16, item 10: SIGTERM right after the last write gave exit 143 (the handlers were disposed before the
    /// process ended, so the default action killed a run whose files were all written). Sent here as soon as the run
    /// says it wrote its report, ten times.
    /// </summary>
    [Fact]
    public void ASignalAfterTheLastWriteKeepsTheRunsExitCode()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new Sandbox();
        for (int i = 0; i < 10; i++)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "hhf.dll") }.Concat(sandbox.Tiny()[1..])) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            for (string? line = process.StandardOutput.ReadLine(); line is not null; line = process.StandardOutput.ReadLine())
                if (line.StartsWith("wrote ", StringComparison.Ordinal)) { Kill(process.Id, 15); break; }
            process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.True(process.ExitCode == 0, $"attempt {i}: exit {process.ExitCode}\n{process.StandardError.ReadToEnd()}");
        }
    }
}
