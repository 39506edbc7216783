using System.Diagnostics;
using HHFunctional.Core;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// <c>sweep</c>: many runs of one grid on every core (<c>--jobs</c>), one shard of it (<c>--shard I/N</c>), a Slurm job
/// array for it (<c>--slurm</c>), or the merge of its shards (<c>sweep merge DIR</c>). Everything is checked before
/// anything is written; results are identical whatever the jobs and shards.
/// </summary>
internal static class SweepCommand
{
    private static readonly string[] UsageLines =
    {
        "usage: hhf sweep --grid FILE.json --out DIR [--jobs K] [--shard I/N] [--wait-lock]",
        "       hhf sweep --slurm --grid FILE.json --out DIR --shards N [--time HH:MM:SS] [--mem-mb M] [--cpus-per-task C] [--partition P]",
        "       hhf sweep merge DIR [--wait-lock]",
        "",
        "Runs every combination of the grid's varied options on the base run (see docs/sweeps.md) and writes",
        "DIR/results.csv, DIR/results.parquet and DIR/sweep.html; per-run results are kept in DIR/shards/*.jsonl, so a",
        "rerun skips runs already done.",
    };

    /// <summary>What <c>hhf help sweep</c> prints: the usage, then the options from <see cref="Table"/>.</summary>
    public static string Usage => CommandLine.Help(UsageLines, Table);

    internal sealed record Args
    {
        public string? Grid { get; init; }
        public string? Out { get; init; }
        public int Jobs { get; init; } = Environment.ProcessorCount;
        public (int Index, int Count)? Shard { get; init; }
        public bool Slurm { get; init; }
        public int? Shards { get; init; }
        public string Time { get; init; } = "01:00:00";
        public int? MemMb { get; init; }
        public int CpusPerTask { get; init; } = 1;
        public string? Partition { get; init; }
        public bool Help { get; init; }
        public bool WaitLock { get; init; }
    }

    /// <summary>sweep's options: one table for parsing, help and shell completion (the same parser as run and bench).</summary>
    internal static readonly IReadOnlyList<OptionSpec<Args>> Table = new[]
    {
        OptionKinds.Text<Args>("grid", "FILE.json", "the grid: {\"base\": {run options}, \"vary\": {option: [values] | {\"from\",\"to\",\"step\"}}, \"zip\"?, \"invalid\"?}",
            (o, x) => o with { Grid = x }),
        OptionKinds.Text<Args>("out", "DIR", "output folder (created)", (o, x) => o with { Out = x }),
        OptionKinds.Positive<Args>("jobs", "K", "runs at a time, on K threads, each run single-threaded (default: the core count)", (o, x) => o with { Jobs = x }),
        new OptionSpec<Args>("shard", "I/N", "run only shard I (0-based) of N; merge the shards with 'hhf sweep merge DIR'", (o, text) =>
        {
            var parts = text.Split('/');
            return parts.Length == 2 && Parse.Int(parts[0], out int i) && Parse.Int(parts[1], out int n) && n >= 1 && i >= 0 && i < n
                ? o with { Shard = (i, n) }
                : ParseOutcome<Args>.Fail($"expected I/N with 0 ≤ I < N (e.g. 0/4), got '{CommandLine.Shorten(text)}'");
        }),
        OptionKinds.Flag<Args>("slurm", "write DIR/sweep.sbatch, a job array of --shards tasks, instead of running", (o, x) => o with { Slurm = x }),
        OptionKinds.Positive<Args>("shards", "N", "array tasks for --slurm", (o, x) => o with { Shards = x }),
        OptionKinds.Text<Args>("time", "HH:MM:SS", "time limit per task (default 01:00:00)", (o, x) => o with { Time = x },
            check: t => SlurmScript.IsTime(t) ? null : $"expected HH:MM:SS or D-HH:MM:SS, got '{CommandLine.Shorten(t)}'"),
        OptionKinds.Positive<Args>("mem-mb", "M", "memory per task in MB (default: from the grid's largest run)", (o, x) => o with { MemMb = x }),
        OptionKinds.Positive<Args>("cpus-per-task", "C", "CPUs per task, used as --jobs (default 1)", (o, x) => o with { CpusPerTask = x }),
        OptionKinds.Text<Args>("partition", "P", "Slurm partition (default: the cluster's default)", (o, x) => o with { Partition = x },
            check: p => System.Text.RegularExpressions.Regex.IsMatch(p, "^[A-Za-z0-9_.-]+$") ? null
                : $"expected a partition name (letters, digits, _ . -), got '{CommandLine.Shorten(p)}'"),
        OptionKinds.Flag<Args>("wait-lock", "when another hhf writes to DIR (or to this shard), wait for it instead of exit 2", (o, x) => o with { WaitLock = x }),
        OptionKinds.Flag<Args>("help", "show this help", (o, x) => o with { Help = x }),
    };

    /// <summary>
    /// Runs the command. Ctrl-C (<paramref name="token"/>) stops it after the runs in flight: they are stored, the outputs
    /// are not written, and the same command later continues where it stopped (exit 130).
    /// </summary>
    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken token = default)
    {
        if (args.Count > 0 && args[0] == "merge") return Merge(args.Skip(1).ToList(), stdout, stderr, token);
        var clock = Stopwatch.StartNew();

        var (a, problems) = ParseArgs(args);
        if (a.Help) { stdout.WriteLine(Usage); return ExitCode.Ok; }
        if (problems.Count > 0) return BadInput(stderr, problems);

        var (gridText, plan, planProblems) = LoadPlan(a.Grid!, "--grid", token);
        problems.AddRange(planProblems);
        problems.AddRange(OutProblems(a.Out!));
        if (plan is not null && a.Shard is { } sh && sh.Count > plan.SortedIds.Count)
            problems.Add($"--shard: {sh.Count} shards for {plan.SortedIds.Count} distinct runs; expected at most one shard per run");
        if (plan is not null && a.Slurm && a.Shards > plan.SortedIds.Count)
            problems.Add($"--shards: expected at most the number of distinct runs ({plan.SortedIds.Count}), got {a.Shards}");
        string gridCopy = Path.Combine(a.Out!, "grid.json");
        string? stored = File.Exists(gridCopy) ? StoredGrid(gridCopy) : null;
        if (a.Shard is not null && File.Exists(gridCopy) && gridText is not null && stored != gridText)
            problems.Add($"--out: {a.Out} already holds the shards of another grid ({gridCopy}); use another folder for this grid");
        if (problems.Count > 0) return BadInput(stderr, problems);
        foreach (var warning in plan!.Grid.Warnings) stderr.WriteLine($"warning: {warning}");
        var plannedAt = clock.Elapsed;

        token.ThrowIfCancellationRequested(); // a signal during planning: nothing is created
        Directory.CreateDirectory(ShardStore.Folder(a.Out!));
        // One writer per folder (a local sweep, a --slurm script, a merge) and per shard file (a shard task, which may run
        // beside its siblings, or beside a requeued copy of itself): taken before anything is written there.
        var (held, holder) = FileLock.Acquire(LockPath(a.Out!, a.Shard), a.WaitLock, token);
        if (held is null) return InUse(stderr, a.Out!, a.Shard, holder);
        using var folderLock = held;
        // Stored in its normalised form: never a copy of the file as given (which may be large, or hold comments).
        if (stored != gridText) AtomicFile.WriteText(gridCopy, gridText!);

        if (a.Slurm) return WriteSlurm(a, plan!, stdout);

        var (results, damaged) = ShardStore.ReadAll(a.Out!);
        if (damaged > 0) stderr.WriteLine($"warning: {damaged} damaged result lines in {ShardStore.Folder(a.Out!)} ignored; those runs are redone");
        var mine = a.Shard is { } s ? plan!.ShardIds(s.Index, s.Count) : null;
        var todo = plan!.Points
            .Where(p => mine is null || mine.Contains(p.RunId))
            .DistinctBy(p => p.RunId)
            .Where(p => !results.ContainsKey(p.RunId))
            .ToList();
        int already = plan.Points.Where(p => mine is null || mine.Contains(p.RunId)).Select(p => p.RunId).Distinct().Count() - todo.Count;

        var progress = new Progress(Progress.StderrIsTerminal(stderr) ? stderr : null, todo.Count);
        double runMs = 0;
        int failed = 0, runsDone = 0;
        string shardFile = Path.Combine(ShardStore.Folder(a.Out!), ShardStore.FileName(a.Shard));
        using (var appender = new ShardStore.Appender(shardFile))
        {
            void Done(RunResult result)
            {
                appender.Append(result);
                results[result.Id] = result;
                runMs += result.WallMs;
                runsDone++;
                if (result.Status != RunResult.Ok) failed++;
                progress.RunDone(result.Status != RunResult.Ok);
            }
            SweepRunner.RunAll(todo, a.Jobs, token, Done);
        }
        progress.Finish();
        var ranAt = clock.Elapsed;
        if (token.IsCancellationRequested)
        {
            stderr.WriteLine($"interrupted: kept the {runsDone} runs finished here (stored in {shardFile}, with {already} done before); " +
                             $"{todo.Count - runsDone} not run or stopped mid-run; results and report not written. " +
                             "Run the same command again to continue (finished runs are skipped).");
            return ExitCode.Interrupted;
        }

        string scope = a.Shard is { } t ? $"shard {t.Index}/{t.Count}: " : "";
        stdout.WriteLine($"{scope}{todo.Count} runs done ({failed} failed), {already} already done, into {shardFile}");
        if (a.Shard is not null)
        {
            Timing(stdout, clock, runMs, Math.Min(a.Jobs, Math.Max(todo.Count, 1)), plannedAt, ranAt);
            stdout.WriteLine($"when every shard is done: hhf sweep merge {a.Out}");
            return ExitCode.Ok;
        }
        WriteOutputs(plan, results, a.Out!, stdout);
        Timing(stdout, clock, runMs, Math.Min(a.Jobs, Math.Max(todo.Count, 1)), plannedAt, ranAt);
        return ExitCode.Ok;
    }

    /// <summary>
    /// The lock file of a sweep's writer: <c>DIR/.hhf.lock</c> for a local sweep, a script or a merge (they write the
    /// folder's outputs); <c>DIR/shards/shard-I-of-N.jsonl.lock</c> for a shard task (shards of one array run side by side).
    /// </summary>
    internal static string LockPath(string dir, (int Index, int Count)? shard) => shard is null
        ? Path.Combine(dir, ".hhf.lock")
        : Path.Combine(ShardStore.Folder(dir), ShardStore.FileName(shard) + ".lock");

    private static int InUse(TextWriter stderr, string dir, (int Index, int Count)? shard, string holder)
    {
        string what = shard is { } s ? $"shard {s.Index}/{s.Count} of {dir}" : dir;
        stderr.WriteLine($"error: --out: {what} is in use by {holder} (another hhf writing there; lock {LockPath(dir, shard)}); " +
                         "wait for it to end, or add --wait-lock to wait for it.");
        stderr.WriteLine("nothing was written.");
        return ExitCode.BadInput;
    }

    private sealed record MergeArgs(bool WaitLock, bool Help);

    /// <summary><c>sweep merge</c>'s options, read by the one parser (DIR comes first).</summary>
    private static readonly IReadOnlyList<OptionSpec<MergeArgs>> MergeTable = new[]
    {
        OptionKinds.Flag<MergeArgs>("wait-lock", "wait for another writer of DIR instead of exit 2", (o, x) => o with { WaitLock = x }),
        OptionKinds.Flag<MergeArgs>("help", "show this help", (o, x) => o with { Help = x }),
    };

    /// <summary><c>sweep merge DIR</c>: the shards' results into the same outputs a local sweep writes.</summary>
    private static int Merge(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        string? folder = args.Count > 0 && !(args[0] ?? "").StartsWith('-') ? args[0] : null;
        var (raw, errors) = CommandLine.Tokenise(folder is null ? args : args.Skip(1).ToList(), MergeTable);
        var (merge, applyErrors) = CommandLine.Apply(raw, MergeTable, new MergeArgs(false, false));
        if (merge.Help) { stdout.WriteLine(Usage); return ExitCode.Ok; }
        errors.AddRange(applyErrors.Select(e => $"merge: {e}"));
        if (folder is null) errors.Insert(0, "merge: expected one folder (hhf sweep merge DIR), got nothing");
        if (errors.Count > 0) return BadInput(stderr, errors);
        bool waitLock = merge.WaitLock;
        string dir = folder!;
        string gridPath = Path.Combine(dir, "grid.json");
        if (!File.Exists(gridPath))
            return BadInput(stderr, new[] { $"merge: {gridPath} not found; DIR must be the --out folder of 'hhf sweep --slurm' or 'hhf sweep --shard'" });
        var (_, plan, problems) = LoadPlan(gridPath, "merge", token);
        problems.AddRange(OutProblems(dir));
        if (plan is null || problems.Count > 0) return BadInput(stderr, problems);

        var (held, holder) = FileLock.Acquire(LockPath(dir, null), waitLock, token);
        if (held is null) return InUse(stderr, dir, null, holder);
        using var folderLock = held;
        var (results, damaged) = ShardStore.ReadAll(dir);
        if (damaged > 0) stderr.WriteLine($"warning: {damaged} damaged result lines in {ShardStore.Folder(dir)} ignored");
        var missing = plan.SortedIds.Where(id => !results.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            int shards = ShardCount(dir) ?? 1;
            var incomplete = missing.Select(id => plan.ShardOf(id, shards)).Distinct().Order().ToList();
            stderr.WriteLine($"error: {missing.Count} of {plan.SortedIds.Count} runs have no result yet; nothing was written.");
            stderr.WriteLine($"incomplete shards (of {shards}): {string.Join(",", incomplete)}; resubmit them, e.g. " +
                             $"sbatch --array={string.Join(",", incomplete)} {Path.Combine(dir, "sweep.sbatch")} (finished runs are skipped)");
            return ExitCode.RunFailed;
        }
        WriteOutputs(plan, results, dir, stdout);
        return ExitCode.Ok;
    }

    private static void WriteOutputs(SweepPlan plan, IReadOnlyDictionary<string, RunResult> results, string dir, TextWriter stdout)
    {
        var rows = plan.Points.Select(p => new SweepRow(p, results[p.RunId])).ToList();
        var columns = ResultsTable.Columns(plan);
        string csv = Path.Combine(dir, "results.csv"), parquet = Path.Combine(dir, "results.parquet"), html = Path.Combine(dir, "sweep.html");
        // The three files are staged side by side and renamed together only when all three are complete: one that fails
        // leaves all three as they were (an I/O error surfaces as itself, the batch removing the staged files).
        using (var batch = new AtomicBatch())
        {
            batch.AddInParallel(new (string, Action<Stream>)[]
            {
                (csv, s => ResultsTable.WriteCsv(s, columns, rows)),
                (parquet, s => ResultsTable.WriteParquetAsync(s, columns, rows).GetAwaiter().GetResult()),
                (html, s => SweepReport.Write(s, plan, rows)),
            }).GetAwaiter().GetResult();
            batch.Commit();
        }
        int ok = rows.Count(r => r.Result.Status == RunResult.Ok);
        stdout.WriteLine($"{rows.Count} rows ({ok} ok, {rows.Count - ok} failed); wrote {csv}, {parquet}, {html}");
    }

    private static int WriteSlurm(Args a, SweepPlan plan, TextWriter stdout)
    {
        // Default memory: the largest run's state on every CPU of the task (a run keeps only its spike trains besides),
        // plus the runtime, with headroom.
        long stateMb = plan.Points.Max(p => Simulation.StateBytesFor(p.Parameters.Neurons, p.Parameters.Compartments)) >> 20;
        int memMb = a.MemMb ?? (int)Math.Min(int.MaxValue, 512 + 2 * stateMb * a.CpusPerTask);
        var request = new SlurmRequest(a.Shards!.Value, a.Time, memMb, a.CpusPerTask, a.Partition);
        string script = Path.Combine(a.Out!, "sweep.sbatch");
        AtomicFile.WriteText(script, SlurmScript.Build(request, a.Out!, SlurmScript.SelfCommand()));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        stdout.WriteLine($"wrote {script}: {request.Shards} array tasks over {plan.SortedIds.Count} runs");
        stdout.WriteLine($"submit: sbatch {Path.GetFullPath(script)}");
        stdout.WriteLine($"then:   hhf sweep merge {Path.GetFullPath(a.Out!)}");
        return ExitCode.Ok;
    }

    /// <summary>
    /// The grid file read (at most 16 MiB, counted while reading), parsed and planned; its text is the grid's
    /// normalised form (<see cref="Grid.ToJson"/>), which is what is stored and compared, never the file as given.
    /// </summary>
    private static (string? Text, SweepPlan? Plan, List<string> Problems) LoadPlan(string path, string where, CancellationToken token = default)
    {
        var (text, problem) = ReadGrid(path);
        if (text is null) return (null, null, new List<string> { $"{where}: {problem}" });
        var (grid, problems) = Grid.Parse(text);
        if (grid is null) return (null, null, problems);
        grid = grid.WithFilesRelativeTo(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var (plan, planProblems) = SweepPlan.Build(grid, problems.Count, token);
        return (grid.ToJson(), plan, problems.Concat(planProblems).ToList());
    }

    /// <summary>A grid file's text, or why it cannot be read (missing, a folder, over 16 MiB, not UTF-8).</summary>
    private static (string? Text, string? Problem) ReadGrid(string path)
    {
        try
        {
            if (Directory.Exists(path)) return (null, $"'{path}' is a folder, expected a JSON file");
            var (bytes, tooLong) = BoundedRead.ReadAllBytes(path);
            if (bytes is null) return (null, $"'{path}' {tooLong}");
            var span = bytes.AsSpan();
            if (span.StartsWith(System.Text.Encoding.UTF8.Preamble)) span = span[3..];
            if (RunConfig.InvalidUtf8At(span) is { } at) return (null, $"'{path}' is not valid UTF-8 at byte {at + 1}; save the file as UTF-8");
            return (System.Text.Encoding.UTF8.GetString(span), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>The normalised form of the grid stored in an output folder; null when there is none (or it cannot be read).</summary>
    private static string? StoredGrid(string gridCopy)
    {
        if (!File.Exists(gridCopy)) return null;
        var (text, _) = ReadGrid(gridCopy);
        return text is not null && Grid.Parse(text) is ({ } grid, { Count: 0 }) ? grid.ToJson() : null;
    }

    /// <summary>The files a sweep writes in its folder (each replaced whole by a rename).</summary>
    private static readonly string[] OutputNames = { "results.csv", "results.parquet", "sweep.html", "grid.json", "sweep.sbatch" };

    /// <summary>
    /// --out checked before anything is planned or written: a folder (not a file), whose parent exists, that can be
    /// written in (a probe file, as run's folders), and whose output names are regular files or free. Each is bad input (exit 2).
    /// </summary>
    private static IEnumerable<string> OutProblems(string dir)
    {
        if (dir.IndexOf('\0') >= 0) { yield return "--out: invalid path: it contains a NUL character"; yield break; }
        if (File.Exists(dir)) { yield return $"--out: '{dir}' is a file, expected a folder"; yield break; }
        string full = Path.GetFullPath(dir);
        string? parent = Path.GetDirectoryName(full);
        string? existing = Directory.Exists(full) ? full : parent;
        if (existing is null) yield break;
        if (!Directory.Exists(existing))
        {
            // Name the part that is in the way: a file is not a missing folder.
            for (string? up = existing; up is not null; up = Path.GetDirectoryName(up))
                if (File.Exists(up)) { yield return $"--out: cannot create folder '{full}': '{up}' is a file"; yield break; }
            yield return $"--out: the parent folder '{parent}' does not exist";
            yield break;
        }
        if (OutputFolders.ProbeError(existing) is { } error)
        {
            yield return existing == full ? $"--out: cannot write in folder '{full}': {error}" : $"--out: cannot create folder '{full}': cannot write in '{existing}': {error}";
            yield break;
        }
        foreach (var name in OutputNames)
            if (FileKind.NotRegular(Path.Combine(full, name)) is { } kind)
                yield return $"--out: '{Path.Combine(full, name)}' is {kind}; hhf replaces only regular files";
    }

    /// <summary>N of the shard files shard-I-of-N.jsonl in DIR/shards (the most common, if several).</summary>
    private static int? ShardCount(string dir) =>
        Directory.Exists(ShardStore.Folder(dir))
            ? Directory.GetFiles(ShardStore.Folder(dir), "shard-*-of-*.jsonl")
                .Select(f => Path.GetFileNameWithoutExtension(f).Split("-of-"))
                .Select(p => p.Length == 2 && int.TryParse(p[1], out int n) ? n : (int?)null)
                .Where(n => n is > 0)
                .GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefault()
            : null;

    /// <summary>
    /// The sweep's timing: wall time from the process start (the runtime's start-up included) when hhf is the program
    /// that was started, else from the call; the summed wall time of the runs done here; and the sweep's overhead, the
    /// share of jobs × wall not spent in runs.
    /// </summary>
    private static void Timing(TextWriter stdout, Stopwatch clock, double runMs, int jobs, TimeSpan plannedAt, TimeSpan ranAt)
    {
        var now = clock.Elapsed;
        var startUp = StartUp(now);
        double wallMs = (startUp + now).TotalMilliseconds;
        double overhead = wallMs > 0 ? Math.Max(0, 1 - runMs / (jobs * wallMs)) : 0;
        stdout.WriteLine($"wall {wallMs / 1000:F2} s on {jobs} jobs; runs {runMs / 1000:F2} s in total; sweep overhead {overhead:P1} " +
                         "(1 − run time / (jobs × wall): start-up, planning, scheduling, storing, results, report, idle jobs)");
        stdout.WriteLine($"phases: start-up {startUp.TotalSeconds:F2} s, plan {plannedAt.TotalSeconds:F2} s, runs {(ranAt - plannedAt).TotalSeconds:F2} s, " +
                         $"results and report {(now - ranAt).TotalSeconds:F2} s");
    }

    /// <summary>
    /// Time from the process start to the start of the command (the runtime's start-up) when hhf is the program that was
    /// started; zero inside another program (tests), whose start says nothing about the sweep.
    /// </summary>
    private static TimeSpan StartUp(TimeSpan sinceCommandStart)
    {
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(SweepCommand).Assembly) return TimeSpan.Zero;
        var sinceProcessStart = SinceProcessStart();
        return sinceProcessStart > sinceCommandStart ? sinceProcessStart - sinceCommandStart : TimeSpan.Zero;
    }

    /// <summary>
    /// Time since this process started. On Linux from /proc/self/stat (start in clock ticks since boot) against the
    /// monotonic clock, within one tick (10 ms): Process.StartTime goes through the wall clock and the boot time, and
    /// read 15–20 ms early on our machine (strace's exec time against it), which is 1 % of a 2 s sweep's overhead.
    /// </summary>
    private static TimeSpan SinceProcessStart()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // Field 22, after the command name in parentheses (which may itself hold spaces or parentheses).
                string stat = File.ReadAllText("/proc/self/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (long.TryParse(fields[19], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ticks))
                {
                    // Stopwatch is CLOCK_MONOTONIC, which runs with the boot clock except while the machine sleeps.
                    double nowS = Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
                    double since = nowS - ticks / (double)ClockTicksPerSecond;
                    if (since >= 0) return TimeSpan.FromSeconds(since);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException) { }
        }
        return DateTime.UtcNow - Process.GetCurrentProcess().StartTime.ToUniversalTime();
    }

    /// <summary>USER_HZ, the unit of /proc's times: 100 on every Linux architecture .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    private static (Args Args, List<string> Problems) ParseArgs(IReadOnlyList<string> args)
    {
        var (raw, problems) = CommandLine.Tokenise(args, Table);
        var (a, applyProblems) = CommandLine.Apply(raw, Table, new Args());
        problems.AddRange(applyProblems);
        if (!a.Help)
        {
            // Rules between options (each option's own rule is in the table).
            if (a.Grid is null && !raw.Any(r => r.Name == "grid")) problems.Add("--grid: missing; expected the grid file, e.g. --grid fi.json");
            if (a.Out is null && !raw.Any(r => r.Name == "out")) problems.Add("--out: missing; expected the output folder, e.g. --out fi");
            if (a.Slurm && a.Shards is null && !raw.Any(r => r.Name == "shards")) problems.Add("--shards: missing; --slurm needs the number of array tasks, e.g. --shards 8");
            if (a.Slurm && a.Shard is not null) problems.Add("--shard: the job array's tasks choose their shard; give --shards N with --slurm");
            if (!a.Slurm && raw.Any(r => r.Name == "shards")) problems.Add("--shards: only with --slurm (use --shard I/N to run one shard here)");
            if (!a.Slurm && raw.Any(r => r.Name is "time" or "mem-mb" or "cpus-per-task" or "partition"))
                problems.Add("--time, --mem-mb, --cpus-per-task, --partition: only with --slurm");
            if (a.Slurm && a.Out is not null && Path.GetFullPath(a.Out).Any(char.IsWhiteSpace))
                problems.Add($"--out: Slurm's #SBATCH --output cannot hold a path with spaces; choose a folder without spaces, got '{Path.GetFullPath(a.Out)}'");
        }
        return (a, problems);
    }

    private static int BadInput(TextWriter stderr, IEnumerable<string> problems)
    {
        foreach (var p in problems) stderr.WriteLine($"error: {p}");
        stderr.WriteLine("nothing was written; see 'hhf sweep --help'.");
        return ExitCode.BadInput;
    }
}
