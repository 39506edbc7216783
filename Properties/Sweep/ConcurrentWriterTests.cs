using System.Text;
using HHFunctional.Shell;
using HHFunctional.Shell.Sweep;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Issue 16, defect 1: one writer per sweep folder and per shard file. Two sweeps on one --out (or a requeued Slurm
/// task beside its old copy) used to append at their own offsets over each other's lines and both exit 0. Now the
/// second gets exit 2 naming the holder's PID (flock is per open file, so two writers in one process conflict as two
/// processes do), or waits with --wait-lock; and every stored line is whole.
/// </summary>
public class ConcurrentWriterTests
{
    // 24 short runs (a few seconds in all on one job).
    private const string Grid = """
        {"base": {"iterations": 40000, "compartments": 2, "stim": ["2,30,10,0"]}, "vary": {"stim-amplitude": {"from": 1, "to": 24, "step": 1}}}
        """;

    /// <summary>A sweep on its own thread (in this process, so a test can cancel it).</summary>
    private sealed class Background
    {
        private readonly Thread _thread;
        public readonly CancellationTokenSource Cancel = new();
        public (int Exit, string Out, string Err) Result;

        public Background(string[] args)
        {
            _thread = new Thread(() =>
            {
                var stdout = new StringWriter();
                var stderr = new StringWriter();
                int exit = HHFunctional.Shell.Cli.Run(args, stdout, stderr, Cancel.Token);
                Result = (exit, stdout.ToString(), stderr.ToString());
            }) { IsBackground = true };
            _thread.Start();
        }

        public bool IsAlive => _thread.IsAlive;

        public bool Join() => _thread.Join(TimeSpan.FromSeconds(120));
    }

    private static List<string> StoredLines(string dir)
    {
        string folder = Path.Combine(dir, "shards");
        if (!Directory.Exists(folder)) return new();
        return Directory.GetFiles(folder, "*.jsonl").SelectMany(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }).ToList();
    }

    /// <summary>Takes the lock a sweep of <paramref name="dir"/> (or of its shard) takes, as another writer would.</summary>
    private static FileStream HoldLock(string dir, (int, int)? shard)
    {
        Directory.CreateDirectory(Path.Combine(dir, "shards"));
        var (held, holder) = FileLock.Acquire(SweepCommand.LockPath(dir, shard), wait: false, CancellationToken.None);
        Assert.True(held is not null, holder);
        return held!;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0/2")]
    public void ASecondWriterOnTheSameFolderOrShardExits2NamingTheHolder(string? shard)
    {
        string grid = GridFile(Grid);
        string dir = Path.Combine(TempDir(), "out");
        var extra = shard is null ? Array.Empty<string>() : new[] { "--shard", shard };
        using (HoldLock(dir, shard is null ? null : (0, 2)))
        {
            var second = Hhf(new[] { "sweep", "--grid", grid, "--out", dir, "--jobs", "1" }.Concat(extra).ToArray());
            Assert.True(second.Exit == 2, $"exit {second.Exit}\n{second.Out}\n{second.Err}");
            Assert.Contains($"is in use by process {Environment.ProcessId}", second.Err);
            Assert.Contains("--wait-lock", second.Err);
        }
        Assert.Empty(StoredLines(dir));
        Assert.False(File.Exists(Path.Combine(dir, "grid.json")), "the second writer wrote into the folder");
    }

    [Fact]
    public void WithWaitLockASweepWaitsForTheHolderThenRuns()
    {
        string grid = GridFile(Grid);
        string dir = Path.Combine(TempDir(), "out");
        Background waiting;
        using (HoldLock(dir, null))
        {
            waiting = new Background(new[] { "sweep", "--grid", grid, "--out", dir, "--jobs", "2", "--wait-lock" });
            Thread.Sleep(1000);
            Assert.True(waiting.IsAlive, waiting.Result.ToString());
            Assert.Empty(StoredLines(dir));
        }
        Assert.True(waiting.Join(), "the sweep did not end");
        Assert.True(waiting.Result.Exit == 0, waiting.Result.ToString());
        Assert.Equal(24, StoredLines(dir).Count);
    }

    [Fact]
    public void TwoSweepsStartedTogetherStoreEveryRunOnceInWholeLines()
    {
        // Whichever takes the folder first runs the grid; the other waits, then finds every run done.
        string grid = GridFile(Grid);
        string dir = Path.Combine(TempDir(), "out");
        var sweeps = Enumerable.Range(0, 2)
            .Select(_ => new Background(new[] { "sweep", "--grid", grid, "--out", dir, "--jobs", "1", "--wait-lock" })).ToList();
        foreach (var s in sweeps) Assert.True(s.Join(), "a sweep did not end");
        Assert.All(sweeps, s => Assert.True(s.Result.Exit == 0, s.Result.ToString()));
        Assert.Single(sweeps, s => s.Result.Out.Contains("0 runs done (0 failed), 24 already done", StringComparison.Ordinal));
        var lines = StoredLines(dir);
        Assert.All(lines, l => Assert.NotNull(ShardStore.Deserialise(l)));
        Assert.Equal(24, lines.Count);
        Assert.Equal(24, lines.Select(l => ShardStore.Deserialise(l)!.Id).Distinct().Count());
    }

    /// <summary>A file system that takes half of a write, then reports a full disk.</summary>
    private sealed class FullAfter(int bytesLeft) : MemoryStream
    {
        private int _left = bytesLeft;

        // MemoryStream's span overload of a derived class comes here too.
        public override void Write(byte[] buffer, int offset, int count)
        {
            int take = Math.Min(_left, count);
            base.Write(buffer, offset, take);
            _left -= take;
            if (take < count) throw new IOException("No space left on device");
        }
    }

    [Fact]
    public void AnAppendCutShortByAFullDiskLeavesNoPartOfItsLine()
    {
        var result = new RunResult("abc", RunResult.Failed, "blow-up", null, 1.5);
        int lineBytes = Encoding.UTF8.GetByteCount(ShardStore.Serialise(result) + "\n");
        using var disk = new FullAfter(lineBytes + lineBytes / 2);
        using var appender = new ShardStore.Appender(disk);
        appender.Append(result);
        Assert.Throws<IOException>(() => appender.Append(result with { Id = "def" }));
        Assert.Equal(lineBytes, disk.Length);
        Assert.EndsWith("\n", Encoding.UTF8.GetString(disk.ToArray()));
    }
}

/// <summary>Issue 16, defect 3 for the result store: its lines are read with a cap, and only regular files are read.</summary>
public class ShardStoreReadTests
{
    [Fact]
    public void AnEndlessLineOrASpecialFileInTheStoreIsDamageNotAHang()
    {
        string dir = Path.Combine(TempDir(), "out");
        string folder = Path.Combine(dir, "shards");
        Directory.CreateDirectory(folder);
        var good = new RunResult("abc", RunResult.Failed, "blow-up", null, 1.5);
        // A 3 MiB line without a newline between two good lines, and /dev/zero posing as a shard file.
        File.WriteAllText(Path.Combine(folder, "local.jsonl"),
            ShardStore.Serialise(good) + "\n" + new string('x', 3 << 20) + "\n" + ShardStore.Serialise(good with { Id = "def" }) + "\n");
        if (OperatingSystem.IsLinux()) File.CreateSymbolicLink(Path.Combine(folder, "shard-0-of-1.jsonl"), "/dev/zero");
        var (results, damaged) = ShardStore.ReadAll(dir);
        Assert.Equal(new[] { "abc", "def" }, results.Keys.Order());
        Assert.Equal(OperatingSystem.IsLinux() ? 2 : 1, damaged);
    }

    [Fact]
    public void LinesAreSplitExactlyAcrossBufferBoundaries()
    {
        var text = string.Join("\n", Enumerable.Range(0, 5000).Select(i => new string((char)('a' + i % 26), i % 97))) + "\nlast";
        var lines = ShardStore.Lines(new MemoryStream(Encoding.UTF8.GetBytes(text))).ToList();
        Assert.Equal(text.Split('\n'), lines);
    }
}
