using System.Diagnostics;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Oracle: the local sweep. The job-array script, submitted to a real Slurm cluster (.ci/setup-slurm.sh starts a
/// single-node one; .ci/teardown-slurm.sh stops it after the tests), then merged, gives the local sweep's results.
/// Where Slurm is not running this test fails with the reason: it is never skipped.
/// </summary>
public class SlurmTests
{
    [Fact]
    public void JobArrayOnRealSlurmMergesToTheLocalResults()
    {
        Assert.True(SlurmIsUp(out string why), why);
        string grid = GridFile(DeterminismTests.Grid);
        string local = RunSweep(grid, "--jobs", "2");

        string dir = Path.Combine(TempDir(), "slurm");
        var (exit, stdout, stderr) = Hhf("sweep", "--slurm", "--grid", grid, "--out", dir, "--shards", "3", "--time", "00:05:00", "--mem-mb", "400");
        Assert.True(exit == 0, stdout + stderr);
        string script = Path.Combine(dir, "sweep.sbatch");
        string text = File.ReadAllText(script);
        Assert.Contains("#SBATCH --array=0-2\n", text);

        var (code, output) = Run("sbatch", $"--wait {script}", TimeSpan.FromMinutes(4));
        string logs = string.Join("\n", Directory.GetFiles(Path.Combine(dir, "shards"), "slurm-*.out").Order().Select(f => $"{Path.GetFileName(f)}:\n{File.ReadAllText(f)}"));
        Assert.True(code == 0, $"sbatch --wait exited {code}: {output}\n{logs}");
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "shards"), "shard-*-of-3.jsonl").Length);

        var merge = Hhf("sweep", "merge", dir);
        Assert.True(merge.Exit == 0, merge.Out + merge.Err);
        Assert.Equal(CsvWithoutWall(local), CsvWithoutWall(dir));
        Assert.Equal(ParquetWithoutWall(local), ParquetWithoutWall(dir));
        Assert.Equal(File.ReadAllBytes(Path.Combine(local, "sweep.html")), File.ReadAllBytes(Path.Combine(dir, "sweep.html")));
    }

    /// <summary>A branched cell's sweep (region keys, a morphology path relative to the grid) on Slurm: the shards run from
    /// the grid stored in DIR, so the cell must still be found there; merged, the local results.</summary>
    [Fact]
    public void CellSweepOnRealSlurmMergesToTheLocalResults()
    {
        Assert.True(SlurmIsUp(out string why), why);
        string folder = TempDir();
        File.WriteAllText(Path.Combine(folder, "cell.json"), """
            {"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20},
                          {"name": "d1", "type": "dend", "parent": "soma", "length-um": 300, "diameter-um": 1}]}
            """);
        string grid = Path.Combine(folder, "grid.json");
        File.WriteAllText(grid, """
            {"base": {"morphology": "cell.json", "insert": ["soma:hh", "dend:pas"], "param": ["dend:pas.g=0.05"],
                      "iterations": 2000, "dt": 0.025, "stim": ["5,45,0.3,soma(0.5)"]},
             "vary": {"soma:hh.gna": [0, 60, 120], "dend:pas.g": [0.01, 0.1]}}
            """);
        string local = RunSweep(grid, "--jobs", "2");
        string dir = Path.Combine(TempDir(), "slurm");
        var (exit, stdout, stderr) = Hhf("sweep", "--slurm", "--grid", grid, "--out", dir, "--shards", "3", "--time", "00:05:00", "--mem-mb", "400");
        Assert.True(exit == 0, stdout + stderr);
        var (code, output) = Run("sbatch", $"--wait {Path.Combine(dir, "sweep.sbatch")}", TimeSpan.FromMinutes(4));
        string logs = string.Join("\n", Directory.GetFiles(Path.Combine(dir, "shards"), "slurm-*.out").Order().Select(f => $"{Path.GetFileName(f)}:\n{File.ReadAllText(f)}"));
        Assert.True(code == 0, $"sbatch --wait exited {code}: {output}\n{logs}");
        var merge = Hhf("sweep", "merge", dir);
        Assert.True(merge.Exit == 0, merge.Out + merge.Err);
        Assert.Equal(CsvWithoutWall(local), CsvWithoutWall(dir));
        Assert.Equal(6, ReadCsv(Path.Combine(dir, "results.csv")).Count(r => r["status"] == "ok"));
    }

    [Fact]
    public void ScriptCallsThisHhfByAbsolutePathWithTheRequestedResources()
    {
        string grid = GridFile(DeterminismTests.Grid);
        string dir = Path.Combine(TempDir(), "script");
        var (exit, stdout, stderr) = Hhf("sweep", "--slurm", "--grid", grid, "--out", dir, "--shards", "4", "--time", "1-02:03:04",
            "--mem-mb", "777", "--cpus-per-task", "3", "--partition", "short");
        Assert.True(exit == 0, stdout + stderr);
        string text = File.ReadAllText(Path.Combine(dir, "sweep.sbatch"));
        Assert.StartsWith("#!/bin/bash\n", text);
        foreach (var line in new[] { "#SBATCH --array=0-3", "#SBATCH --time=1-02:03:04", "#SBATCH --mem=777M", "#SBATCH --cpus-per-task=3",
                     "#SBATCH --partition=short", $"#SBATCH --output={Path.GetFullPath(dir)}/shards/slurm-%A_%a.out" })
            Assert.Contains(line + "\n", text);
        // The task line: dotnet and hhf.dll by absolute path, the grid copied into DIR, its shard of 4, jobs = its CPUs.
        var exec = text.Split('\n').Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        var words = exec.Split(' ');
        Assert.True(Path.IsPathRooted(words[1].Trim('\'')) && File.Exists(words[1].Trim('\'')), exec);
        Assert.EndsWith("hhf.dll", words[2].Trim('\''));
        Assert.True(Path.IsPathRooted(words[2].Trim('\'')) && File.Exists(words[2].Trim('\'')), exec);
        Assert.Contains($"sweep --grid {Path.GetFullPath(dir)}/grid.json --out {Path.GetFullPath(dir)} --shard \"${{SLURM_ARRAY_TASK_ID}}/4\" --jobs \"${{SLURM_CPUS_PER_TASK:-3}}\"", exec);
        // The grid as stored: its normalised form (issue 16), which plans the same runs.
        Assert.Equal(HHFunctional.Shell.Sweep.Grid.Parse(File.ReadAllText(grid)).Grid!.ToJson(), File.ReadAllText(Path.Combine(dir, "grid.json")));
        // More shards than runs is refused, and nothing is written.
        string other = Path.Combine(TempDir(), "too-many");
        var refused = Hhf("sweep", "--slurm", "--grid", grid, "--out", other, "--shards", "13");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--shards: expected at most the number of distinct runs (12), got 13", refused.Err);
        Assert.False(Directory.Exists(other));
    }

    /// <summary>Whether sinfo shows an idle (or busy) node; otherwise why not, with setup's own failure if it left one.</summary>
    private static bool SlurmIsUp(out string why)
    {
        const string failure = "/run/hhf-ci-slurm/failure";
        string setup = File.Exists(failure) ? $" .ci/setup-slurm.sh reported: {File.ReadAllText(failure).Trim()}." : "";
        try
        {
            var (code, output) = Run("sinfo", "-h -N -o %t", TimeSpan.FromSeconds(30));
            why = $"Slurm is not usable here: sinfo exited {code} ({output.Trim()}).{setup} Start it with 'bash .ci/setup-slurm.sh' as root (.ci/run does).";
            return code == 0 && output.Split('\n').Any(s => s.StartsWith("idle", StringComparison.Ordinal) || s.StartsWith("mix", StringComparison.Ordinal) || s.StartsWith("alloc", StringComparison.Ordinal));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"Slurm is not installed here (sinfo: {e.Message}).{setup} Install and start it with 'bash .ci/setup-slurm.sh' as root (.ci/run does).";
            return false;
        }
    }

    private static (int Code, string Output) Run(string file, string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} {arguments} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
