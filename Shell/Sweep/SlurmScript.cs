using System.Text;
using System.Text.RegularExpressions;

namespace HHFunctional.Shell.Sweep;

/// <summary>What the job-array script asks Slurm for.</summary>
/// <param name="Shards">Array tasks N (task I runs shard I of N).</param>
/// <param name="Time">Time limit per task, [D-]HH:MM:SS.</param>
/// <param name="MemMb">Memory per task, MB.</param>
/// <param name="CpusPerTask">CPUs per task; the task runs that many jobs.</param>
/// <param name="Partition">Partition, or null for the cluster's default.</param>
internal sealed record SlurmRequest(int Shards, string Time, int MemMb, int CpusPerTask, string? Partition);

/// <summary>
/// <c>DIR/sweep.sbatch</c>: a Slurm job array whose task I runs <c>hhf sweep --shard I/N</c> on the grid copied to
/// <c>DIR/grid.json</c>, writing <c>DIR/shards/shard-I-of-N.jsonl</c>. It calls this very build of hhf by absolute path
/// (<c>dotnet /…/hhf.dll</c>, or <c>/…/hhf</c> for a native build), so the cluster's nodes must see the same file system (as home and project folders on a
/// cluster do). A failed or pre-empted task is simply resubmitted: the runs it finished are skipped.
/// </summary>
internal static partial class SlurmScript
{
    public static string Build(SlurmRequest request, string outDir, string command)
    {
        string dir = Path.GetFullPath(outDir);
        string grid = Path.Combine(dir, "grid.json");
        string log = Path.Combine(ShardStore.Folder(dir), "slurm-%A_%a.out");
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"#SBATCH --job-name=hhf-sweep\n");
        s.Append($"#SBATCH --array=0-{request.Shards - 1}\n");
        s.Append($"#SBATCH --time={request.Time}\n");
        s.Append($"#SBATCH --mem={request.MemMb}M\n");
        s.Append($"#SBATCH --cpus-per-task={request.CpusPerTask}\n");
        s.Append($"#SBATCH --output={log}\n");
        if (request.Partition is { } p) s.Append($"#SBATCH --partition={p}\n");
        s.Append($"# Written by `hhf sweep --slurm`: {request.Shards} shards of the grid {grid}.\n");
        s.Append($"# Submit:  sbatch {Quote(Path.Combine(dir, "sweep.sbatch"))}\n");
        s.Append($"# Then:    {command} sweep merge {Quote(dir)}\n");
        s.Append("# A task that failed or was pre-empted can be resubmitted alone (sbatch --array=I ...): finished runs are skipped.\n");
        s.Append("set -euo pipefail\n");
        s.Append($"exec {command} sweep --grid {Quote(grid)} --out {Quote(dir)} --shard \"${{SLURM_ARRAY_TASK_ID}}/{request.Shards}\" --jobs \"${{SLURM_CPUS_PER_TASK:-{request.CpusPerTask}}}\"\n");
        return s.ToString();
    }

    /// <summary>
    /// The command that runs this build of hhf: <c>dotnet</c> (the running host, or DOTNET_HOST_PATH, or the one on PATH)
    /// and the absolute path of hhf.dll, so the script works whether hhf was started by its apphost or by dotnet; in a
    /// native build, the absolute path of the hhf executable alone.
    /// </summary>
    public static string SelfCommand() => ThisProgram.AssemblyFile is { } dll ? $"{Quote(DotnetHost())} {Quote(dll)}" : Quote(ThisProgram.Executable);

    /// <summary>The dotnet host to start hhf.dll with: the running one, DOTNET_HOST_PATH, DOTNET_ROOT's, or the one on PATH.</summary>
    internal static string DotnetHost()
    {
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, "dotnet");
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return "dotnet";
    }

    /// <summary>A word for bash: bare when it is plainly safe, single-quoted otherwise.</summary>
    public static string Quote(string word) =>
        SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>Whether a Slurm time limit is [D-]HH:MM:SS.</summary>
    public static bool IsTime(string text) => TimePattern().IsMatch(text);

    [GeneratedRegex(@"^[A-Za-z0-9_./=:+-]+$")]
    private static partial Regex SafeWord();

    [GeneratedRegex(@"^(\d+-)?\d{1,3}:[0-5]\d:[0-5]\d$")]
    private static partial Regex TimePattern();
}
