using System.Text;
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
    // 24 runs of ~0.2 s: long enough that the first sweep still holds the folder when the second starts.
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

        public bool Join() => _thread.Join(TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts a sweep on another thread and returns once it has stored a result (so it holds its lock).</summary>
    private static Background StartFirst(string grid, string dir, params string[] extra)
    {
        var first = new Background(new[] { "sweep", "--grid", grid, "--out", dir, "--jobs", "1" }.Concat(extra).ToArray());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (first.IsAlive && DateTime.UtcNow < deadline && StoredLines(dir).Count == 0) Thread.Sleep(20);
        Assert.True(first.IsAlive, $"the first sweep ended before the second started: {first.Result}");
        return first;
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

    [Theory]
    [InlineData(null)]
    [InlineData("0/2")]
    public void ASecondWriterOnTheSameFolderOrShardExits2NamingTheHolder(string? shard)
    {
        string grid = GridFile(Grid);
        string dir = Path.Combine(TempDir(), "out");
        var extra = shard is null ? Array.Empty<string>() : new[] { "--shard", shard };
        var first = StartFirst(grid, dir, extra);
        try
        {
            var second = Hhf(new[] { "sweep", "--grid", grid, "--out", dir, "--jobs", "1" }.Concat(extra).ToArray());
            Assert.True(second.Exit == 2, $"exit {second.Exit}\n{second.Out}\n{second.Err}");
            Assert.Contains($"is in use by process {Environment.ProcessId}", second.Err);
            Assert.Contains("--wait-lock", second.Err);
        }
        finally
        {
            first.Cancel.Cancel();
            first.Join();
        }
        var lines = StoredLines(dir);
        Assert.All(lines, l => Assert.NotNull(ShardStore.Deserialise(l)));
        Assert.Equal(lines.Count, lines.Select(l => ShardStore.Deserialise(l)!.Id).Distinct().Count());
    }

    [Fact]
    public void WithWaitLockTheSecondSweepWaitsAndEveryRunIsStoredOnceInWholeLines()
    {
        string grid = GridFile(Grid);
        string dir = Path.Combine(TempDir(), "out");
        var first = StartFirst(grid, dir, "--wait-lock");
        var second = Hhf("sweep", "--grid", grid, "--out", dir, "--jobs", "1", "--wait-lock");
        Assert.True(first.Join(), "the first sweep did not end");
        Assert.True(first.Result.Exit == 0, first.Result.ToString());
        Assert.True(second.Exit == 0, second.Out + second.Err);
        Assert.Contains("0 runs done (0 failed), 24 already done", second.Out);
        var lines = StoredLines(dir);
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
