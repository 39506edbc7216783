using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Issue 16, defect 5: --memory-budget-mb counts the whole peak. It counted the recording and the state only, while
/// the report and CSVs are built with the recording still alive: --compartments 200000 --iterations 70 peaked at
/// 1.24 GB under a 500 MiB budget. Oracle: the kernel's VmHWM of a child process, for a table of sizes, each run with
/// the smallest budget hhf accepts for it; the peak must stay within that budget plus the runtime's own baseline (the
/// peak of a run of 2 compartments).
/// </summary>
public class MemoryPeakTests
{
    private static (int Exit, string Err, long PeakKb) Hhf(Sandbox sandbox, params string[] args)
    {
        string peakFile = sandbox[$"peak-{Guid.NewGuid():N}"];
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["HHF_PEAK_RSS_FILE"] = peakFile;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hhf.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string err = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)));
        var match = Regex.Match(File.ReadAllText(peakFile), @"VmHWM:\s+(\d+) kB");
        Assert.True(match.Success, File.ReadAllText(peakFile));
        return (process.ExitCode, err, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ThePeakStaysWithinTheBudgetHhfAccepts()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new Sandbox();
        var (_, _, baselineKb) = Hhf(sandbox, "run", "--compartments", "2", "--iterations", "10", "--out", sandbox["base.html"]);
        // Many compartments and few rows (the report's share is largest), and a longer, narrower run.
        foreach (var (compartments, iterations) in new[] { (100_000, 12), (50_000, 20), (5_000, 1_000) })
        {
            string[] Run(long budgetMb) => new[] { "run", "--compartments", $"{compartments}", "--iterations", $"{iterations}",
                "--memory-budget-mb", $"{budgetMb}", "--out", sandbox["r.html"] };
            // The budget hhf asks for: refused at 1 MiB, it says what it would need.
            var refused = Hhf(sandbox, Run(1));
            var need = Regex.Match(refused.Err, @"the run would need ([0-9,]+) MiB");
            Assert.True(need.Success, refused.Err);
            long budgetMb = long.Parse(need.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) + 1;

            var (exit, err, peakKb) = Hhf(sandbox, Run(budgetMb));
            Assert.True(exit == 0, err);
            Assert.True(peakKb <= budgetMb * 1024 + baselineKb,
                $"{compartments} compartments × {iterations} updates: peak {peakKb / 1024} MiB > budget {budgetMb} MiB + baseline {baselineKb / 1024} MiB");
        }
    }
}
