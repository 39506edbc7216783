using HHFunctional.Shell.Sweep;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Law: a sweep's results do not depend on how it was executed. --jobs 1, --jobs 2 and 3 shards merged give the same
/// results.csv and results.parquet (every column but wall_ms, bit for bit, same row order) and the same sweep.html byte
/// for byte; a resumed sweep gives them too.
/// </summary>
public class DeterminismTests
{
    // 12 short runs of small seed cables: spikes, propagation, and blow-ups (forward Euler at dt 0.2 ms).
    internal const string Grid = """
        {
          "base": {"iterations": 1500, "stim": ["2,8,0,0", "10,14,0,0"]},
          "vary": {"stim-amplitude": [0, 10, 30], "b-r": [0.1, 0.3], "dt": [0.01, 0.2], "compartments": [2, 4]},
          "zip": [["b-r", "dt"]]
        }
        """;

    [Fact]
    public void JobsAndShardsGiveIdenticalResults()
    {
        string grid = GridFile(Grid);
        string one = RunSweep(grid, "--jobs", "1");
        string two = RunSweep(grid, "--jobs", "2");
        string sharded = Path.Combine(TempDir(), "sharded");
        for (int i = 0; i < 3; i++)
        {
            var (exit, stdout, stderr) = Hhf("sweep", "--grid", grid, "--out", sharded, "--shard", $"{i}/3", "--jobs", "2");
            Assert.True(exit == 0, stdout + stderr);
            Assert.False(File.Exists(Path.Combine(sharded, "results.csv")), "a shard writes only its shard file");
        }
        Assert.Equal(3, Directory.GetFiles(Path.Combine(sharded, "shards"), "shard-*-of-3.jsonl").Length);
        var merge = Hhf("sweep", "merge", sharded);
        Assert.True(merge.Exit == 0, merge.Out + merge.Err);

        string expected = CsvWithoutWall(one);
        Assert.Equal(12, expected.Split('\n').Length - 1);
        Assert.Contains(",failed,blow-up: ", expected); // dt 0.2 blows up and is a row, not the end of the sweep
        Assert.Contains(",ok,", expected);
        foreach (var other in new[] { two, sharded })
        {
            Assert.Equal(expected, CsvWithoutWall(other));
            Assert.Equal(ParquetWithoutWall(one), ParquetWithoutWall(other));
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, "sweep.html")), File.ReadAllBytes(Path.Combine(other, "sweep.html")));
        }
    }

    [Fact]
    public void ParquetHoldsTheCsvValues()
    {
        string dir = RunSweep(GridFile(Grid), "--jobs", "2");
        var csv = ReadCsv(Path.Combine(dir, "results.csv"));
        var parquet = ReadParquet(Path.Combine(dir, "results.parquet"));
        Assert.Equal(csv[0].Keys, parquet.Select(c => c.Key));
        foreach (var (name, values) in parquet)
            for (int r = 0; r < csv.Count; r++)
            {
                string text = csv[r][name];
                object? v = values[r];
                if (v is double d) Assert.Equal(BitConverter.DoubleToInt64Bits(Number(text)!.Value), BitConverter.DoubleToInt64Bits(d));
                else Assert.Equal(text, v is null ? "" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
            }
        Assert.Equal("b-r", parquet[3].Key);
        Assert.IsType<double>(parquet[3].Value[0]); // numeric varied options are number columns
    }

    [Fact]
    public void RerunSkipsFinishedRunsAndRedoesMissingOrDamagedOnes()
    {
        string grid = GridFile(Grid);
        string dir = RunSweep(grid, "--jobs", "2");
        string expected = CsvWithoutWall(dir);
        string store = Path.Combine(dir, "shards", "local.jsonl");
        var lines = File.ReadAllLines(store);
        Assert.Equal(12, lines.Length);

        // As if the sweep had been killed: three runs missing, the last one cut off mid-line.
        File.WriteAllText(store, string.Join('\n', lines.Take(8)) + "\n" + lines[8][..(lines[8].Length / 2)]);
        var (exit, stdout, stderr) = Hhf("sweep", "--grid", grid, "--out", dir, "--jobs", "2");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("4 runs done (", stdout);
        Assert.Contains("8 already done", stdout);
        Assert.Contains("1 damaged result lines", stderr);
        Assert.Equal(expected, CsvWithoutWall(dir));

        // Nothing missing: nothing runs.
        var again = Hhf("sweep", "--grid", grid, "--out", dir);
        Assert.Contains("0 runs done (0 failed), 12 already done", again.Out);
        Assert.Equal(expected, CsvWithoutWall(dir));
    }

    [Fact]
    public void SameConfigurationWrittenTwiceIsOneRunInTwoRows()
    {
        // 120 and 1.2e2 are the same model: one id, one simulation, two rows with identical metrics.
        string dir = Path.Combine(TempDir(), "duplicates");
        var (exit, stdout, stderr) = Hhf("sweep", "--grid", GridFile("""{"base": {"iterations": 300, "compartments": 2}, "vary": {"gna": [120, 1.2e2, 100]}}"""), "--out", dir);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("2 runs done", stdout);
        var rows = ReadCsv(Path.Combine(dir, "results.csv"));
        Assert.Equal(3, rows.Count);
        Assert.Equal(rows[0]["run_id"], rows[1]["run_id"]);
        Assert.NotEqual(rows[0]["run_id"], rows[2]["run_id"]);
        Assert.Equal("120", rows[1]["gna"]); // a number column: 1.2e2 is written as the number it is
        Assert.Equal(rows[0]["w0_spikes_first"], rows[1]["w0_spikes_first"]);
    }

    [Fact]
    public void InterruptedSweepWritesNoResultsAndContinuesLater()
    {
        string grid = GridFile(Grid);
        string dir = Path.Combine(TempDir(), "interrupted");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel(); // Ctrl-C before the first run starts
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(130, HHFunctional.Shell.Cli.Run(new[] { "sweep", "--grid", grid, "--out", dir }, stdout, stderr, cancelled.Token));
        // Stopped while planning (issue 16: nothing is created after the signal).
        Assert.Contains("interrupted", stderr.ToString());
        Assert.False(Directory.Exists(dir));
        var (exit, output, _) = Hhf("sweep", "--grid", grid, "--out", dir);
        Assert.Equal(0, exit);
        Assert.Contains("12 runs done", output);
    }

    [Fact]
    public void MergeRefusesMissingShardsAndNamesThem()
    {
        string grid = GridFile(Grid);
        string dir = Path.Combine(TempDir(), "partial");
        Assert.Equal(0, Hhf("sweep", "--grid", grid, "--out", dir, "--shard", "0/3").Exit);
        Assert.Equal(0, Hhf("sweep", "--grid", grid, "--out", dir, "--shard", "2/3").Exit);
        var (exit, _, stderr) = Hhf("sweep", "merge", dir);
        Assert.Equal(1, exit);
        Assert.Contains("incomplete shards (of 3): 1;", stderr);
        Assert.Contains("--array=1", stderr);
        Assert.False(File.Exists(Path.Combine(dir, "results.csv")));
    }

    [Fact]
    public void ShardsSplitTheSortedIdsInBalancedBlocks()
    {
        var (g, problems) = HHFunctional.Shell.Sweep.Grid.Parse(Grid);
        Assert.Empty(problems);
        var (plan, planProblems) = SweepPlan.Build(g!);
        Assert.Empty(planProblems);
        var ids = plan!.SortedIds;
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        var shards = Enumerable.Range(0, 5).Select(i => plan.ShardIds(i, 5)).ToList();
        Assert.Equal(ids.Count, shards.Sum(s => s.Count));
        Assert.Equal(ids.ToHashSet(), shards.SelectMany(s => s).ToHashSet());
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= 1);
        foreach (var id in ids) Assert.Contains(id, shards[plan.ShardOf(id, 5)]);
    }
}
