using System.Diagnostics;
using System.Text.Json.Nodes;

namespace HHFunctional.Shell;

/// <summary>
/// <c>bench --seed-process</c>: the whole seed run as a user starts it, <c>hhf run --csv DIR</c> in a new process
/// (runtime start, validation, simulation, the four CSVs and the report), timed from start to exit. Warm-up runs first
/// (they bring the program's files into the page cache), then the timed runs; median, fastest and slowest wall time,
/// and the ratio to the seed's own PymoNNto script (9.0 s for the whole script on machines like ours, as quoted by
/// issue 5; PymoNNto is not installed here to rerun it).
/// </summary>
internal static class SeedProcessBench
{
    /// <summary>The PymoNNto seed script end to end (simulation 8.2 s + plotting), seconds, as measured for issue 5.</summary>
    public const double SeedScriptSeconds = 9.0;

    public static int Execute(int runs, int warmup, bool json, TextWriter stdout, TextWriter stderr)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"hhf-bench-process-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            var wallMs = new List<double>();
            for (int i = 0; i < warmup + runs; i++)
            {
                if (!json) stderr.Write($"  seed process {(i < warmup ? "warm-up" : "run")} {i + 1 - (i < warmup ? 0 : warmup)} … ");
                var child = RunTimed(folder, "run", "--csv", "csv", "--out", "report.html");
                if (child.ExitCode != 0)
                {
                    stderr.WriteLine($"error: the seed run failed (exit {child.ExitCode}): {child.Stderr.Trim()}");
                    return ExitCode.RunFailed;
                }
                if (i >= warmup) wallMs.Add(child.WallMs);
                if (!json) stderr.WriteLine($"{child.WallMs:F0} ms");
            }
            wallMs.Sort();
            double median = Bench.Median(wallMs);
            double speedup = SeedScriptSeconds * 1000 / median;
            if (json)
            {
                stdout.WriteLine(JsonRow(wallMs, median, speedup));
            }
            else
            {
                stdout.WriteLine($"seed run as a process (hhf run --csv DIR: simulation, 4 CSVs, report), {wallMs.Count} runs after {warmup} warm-up:");
                stdout.WriteLine($"  median {median:F0} ms (fastest {wallMs[0]:F0}, slowest {wallMs[^1]:F0}); " +
                                 $"{speedup:F1}× faster than the seed's PymoNNto script ({SeedScriptSeconds} s)");
            }
            return ExitCode.Ok;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// The <c>--json</c> output: a list of one object (fields hhf_version, case, command, runs, median_wall_ms, min_wall_ms,
    /// max_wall_ms, seed_script_s, speedup_vs_seed_script), from the sorted wall times in ms.
    /// </summary>
    // Written node by node: the serializer's reflection is not available in a native build. Same bytes as
    // JsonSerializer.Serialize gave for a Dictionary<string, object> (tested).
    internal static string JsonRow(IReadOnlyList<double> sortedWallMs, double medianMs, double speedup) => new JsonArray(new JsonObject
    {
        ["hhf_version"] = ToolVersion.Informational, ["case"] = "seed-process", ["command"] = "hhf run --csv DIR --out DIR/report.html", ["runs"] = sortedWallMs.Count,
        ["median_wall_ms"] = Math.Round(medianMs, 1), ["min_wall_ms"] = Math.Round(sortedWallMs[0], 1), ["max_wall_ms"] = Math.Round(sortedWallMs[^1], 1),
        ["seed_script_s"] = SeedScriptSeconds, ["speedup_vs_seed_script"] = Math.Round(speedup, 2),
    }).ToJsonString();

    /// <summary>What a child hhf did: exit code, its two streams, and its wall time from start to exit, ms.</summary>
    internal sealed record ChildRun(int ExitCode, string Stdout, string Stderr, double WallMs);

    /// <summary>Runs this build of hhf with <paramref name="args"/> in a new process in <paramref name="folder"/>, timed from start to exit.</summary>
    internal static ChildRun RunTimed(string folder, params string[] args)
    {
        var (file, prefix) = Self();
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var a in prefix.Concat(args)) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        // Read both pipes to the end so the child never blocks on a full pipe.
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        child.WaitForExit();
        clock.Stop();
        return new ChildRun(child.ExitCode, output.Result, errors.Result, clock.Elapsed.TotalMilliseconds);
    }

    // The apphost beside this assembly (what a user runs), else `dotnet hhf.dll` as the Slurm script starts it; a native
    // build times itself.
    private static (string File, string[] Prefix) Self()
    {
        if (ThisProgram.AssemblyFile is not { } assembly) return (ThisProgram.Executable, Array.Empty<string>());
        string apphost = Path.Combine(Path.GetDirectoryName(assembly)!, OperatingSystem.IsWindows() ? "hhf.exe" : "hhf");
        return File.Exists(apphost) ? (apphost, Array.Empty<string>()) : (Sweep.SlurmScript.DotnetHost(), new[] { assembly });
    }
}
