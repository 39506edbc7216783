using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM stop a run cleanly: exit 130, no temporary file left, and the files of an earlier run
/// at the same paths intact byte for byte. The signal tests run the built <c>hhf</c> as a child process, as a user would.
/// </summary>
public class InterruptTests
{
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private const int SigInt = 2, SigTerm = 15;

    /// <summary>An earlier run's report and CSVs in the sandbox, and their bytes.</summary>
    private static Dictionary<string, byte[]> EarlierRun(Sandbox sandbox)
    {
        var earlier = sandbox.Run("run", "--iterations", "20", "--compartments", "2", "--out", sandbox["r.html"], "--csv", sandbox["csv"]);
        Assert.True(earlier.Code == 0, earlier.ToString());
        return sandbox.Entries().Where(e => File.Exists(sandbox[e])).ToDictionary(e => e, e => File.ReadAllBytes(sandbox[e]));
    }

    private static void AssertUntouched(Sandbox sandbox, Dictionary<string, byte[]> earlier)
    {
        Assert.Empty(sandbox.TempFiles());
        Assert.Equal(earlier.Keys.Order(), sandbox.Entries().Where(e => File.Exists(sandbox[e])).Order());
        foreach (var (file, bytes) in earlier) Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(sandbox[file])), $"{file} changed");
    }

    [Theory]
    [InlineData("SIGINT")]
    [InlineData("SIGTERM")]
    public void ASignalStopsTheRunWithExit130AndLeavesTheEarlierReportIntact(string signal)
    {
        if (!OperatingSystem.IsLinux()) return; // signals by kill(2); CI runs on Linux
        using var sandbox = new Sandbox();
        var earlier = EarlierRun(sandbox);

        // Long enough (4·10^9 compartment-steps) that it is still simulating when the signal comes, however fast the step gets.
        string dll = Path.Combine(AppContext.BaseDirectory, "hhf.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        // A suite started in the background by a non-interactive shell (`dotnet test … &`) has SIGINT ignored, the child
        // inherits that, and .NET then leaves an ignored SIGINT ignored (as a background job should): coreutils' env gives
        // the child the default disposition a terminal's Ctrl-C meets.
        bool resetSigint = File.Exists("/usr/bin/env");
        var start = new ProcessStartInfo(resetSigint ? "/usr/bin/env" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (resetSigint) { start.ArgumentList.Add("--default-signal=INT"); start.ArgumentList.Add(dotnet); }
        foreach (var a in new[] { dll, "run", "--iterations", "200000000", "--compartments", "20", "--record-every", "100000",
                     "--out", sandbox["r.html"], "--csv", sandbox["csv"] })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var simulating = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            if (e.Data.StartsWith("simulating", StringComparison.Ordinal)) simulating.Set();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(simulating.Wait(TimeSpan.FromSeconds(60)), $"the run never started\n{stdout}\n{stderr}");
            Thread.Sleep(300);
            Assert.Equal(0, Kill(process.Id, signal == "SIGINT" ? SigInt : SigTerm));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the run did not stop");
            process.WaitForExit(); // flush the output readers
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        Assert.True(process.ExitCode == ExitCode.Interrupted, $"exit {process.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains("interrupted", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
        AssertUntouched(sandbox, earlier);
    }

    /// <summary>Cancels when the run announces that the simulation is over, i.e. while it builds and stages its outputs.</summary>
    private sealed class CancelOnLine(string prefix, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.StartsWith(prefix, StringComparison.Ordinal)) cancel.Cancel();
        }
    }

    [Fact]
    public void CancellingWhileOutputsAreStagedWritesNothingAndRemovesTheTemporaryFiles()
    {
        using var sandbox = new Sandbox();
        var earlier = EarlierRun(sandbox);
        using var cancel = new CancellationTokenSource();

        var result = sandbox.Run(new[] { "run", "--iterations", "50", "--compartments", "3", "--out", sandbox["r.html"], "--csv", sandbox["csv"] },
            cancel.Token, stdout: new CancelOnLine("simulated in", cancel));

        Assert.True(result.Code == ExitCode.Interrupted, result.ToString());
        AssertUntouched(sandbox, earlier);
    }

    [Fact]
    public void CancellingBeforeTheRunStartsWritesNothing()
    {
        using var sandbox = new Sandbox();
        var before = sandbox.Entries();
        var result = sandbox.Run(sandbox.Tiny("--csv", sandbox["new/csv"]), new CancellationToken(canceled: true));
        Assert.True(result.Code == ExitCode.Interrupted, result.ToString());
        Assert.Equal(before, sandbox.Entries());
    }
}
