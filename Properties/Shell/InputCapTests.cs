using HHFunctional.Shell;
using HHFunctional.Shell.Sweep;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Issue 16, defect 3 and the invalid-UTF-8 item of 10: config and grid files are read with a 16 MiB cap counted while
/// reading (a device's or FIFO's stated length is 0, so a check of the length let /dev/zero through, 4 GB in 10 s), bad
/// bytes are bad input (exit 2), and the grid is stored in the output folder only in its normalised form.
/// </summary>
public class InputCapTests
{
    [Fact]
    public void ConfigFromDevZeroIsRefusedAtTheCap()
    {
        using var sandbox = new Sandbox();
        var result = sandbox.Run(sandbox.Tiny("--config", "/dev/zero"));
        Assert.True(result.Code == ExitCode.BadInput, result.ToString());
        Assert.Contains("--config: '/dev/zero' has more than 16,777,216 bytes", result.Stderr);
    }

    [Fact]
    public void GridFromDevZeroIsRefusedAtTheCapAndNothingIsWritten()
    {
        string dir = Path.Combine(TempDir(), "out");
        var (exit, _, err) = Hhf("sweep", "--grid", "/dev/zero", "--out", dir);
        Assert.True(exit == ExitCode.BadInput, err);
        Assert.Contains("--grid: '/dev/zero' has more than 16,777,216 bytes", err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AGridFileOverTheCapIsRefused()
    {
        // A valid grid padded with spaces to one byte over 16 MiB.
        string grid = GridFile("""{"base": {"iterations": 10, "compartments": 2}, "vary": {"dt": [0.01]}}""");
        using (var f = new FileStream(grid, FileMode.Append)) f.Write(new byte[(16 << 20) + 1 - (int)f.Length].Select(_ => (byte)' ').ToArray());
        var (exit, _, err) = Hhf("sweep", "--grid", grid, "--out", Path.Combine(TempDir(), "out"));
        Assert.True(exit == ExitCode.BadInput, err);
        Assert.Contains("has more than 16,777,216 bytes", err);
    }

    [Fact]
    public void InvalidUtf8InAConfigOrGridIsBadInput()
    {
        using var sandbox = new Sandbox();
        string config = sandbox["bad.json"];
        // {"title":"<C3 28>"}: a lead byte followed by a byte that cannot continue it.
        File.WriteAllBytes(config, new byte[] { (byte)'{', (byte)'"', (byte)'t', (byte)'i', (byte)'t', (byte)'l', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' });
        var result = sandbox.Run(sandbox.Tiny("--config", config));
        Assert.True(result.Code == ExitCode.BadInput, result.ToString());
        Assert.Contains("not valid UTF-8 at byte 11", result.Stderr);

        var (exit, _, err) = Hhf("sweep", "--grid", config, "--out", sandbox["out"]);
        Assert.True(exit == ExitCode.BadInput, err);
        Assert.Contains("not valid UTF-8 at byte 11", err);
    }

    [Fact]
    public void TheGridIsStoredNormalisedAndAReformattedGridIsTheSameGrid()
    {
        const string compact = """{"base": {"iterations": 200, "compartments": 2, "stim": ["1,2,5,0"]}, "vary": {"gna": [100, 120], "dt": {"from": 0.01, "to": 0.02, "step": 0.010}}}""";
        // The same grid with a comment and a megabyte of spacing: stored as the same few hundred bytes.
        string padded = "// an f-I curve\n" + compact.Replace(", ", "," + new string(' ', 1 << 19) + "\n");
        string dir = Path.Combine(TempDir(), "out");
        var first = Hhf("sweep", "--grid", GridFile(padded), "--out", dir, "--shard", "0/2");
        Assert.True(first.Exit == 0, first.Out + first.Err);
        string stored = File.ReadAllText(Path.Combine(dir, "grid.json"));
        Assert.True(stored.Length < 1000, $"{stored.Length} bytes stored");
        Assert.DoesNotContain("f-I curve", stored);
        Assert.Equal(stored, Grid.Parse(stored).Grid!.ToJson());
        Assert.Contains("\"step\": 0.01", stored);

        // The other shard, from the compact text, is the same grid; merging the stored grid plans the same runs.
        var second = Hhf("sweep", "--grid", GridFile(compact), "--out", dir, "--shard", "1/2");
        Assert.True(second.Exit == 0, second.Out + second.Err);
        var merge = Hhf("sweep", "merge", dir);
        Assert.True(merge.Exit == 0, merge.Out + merge.Err);
        Assert.Equal(4, ReadCsv(Path.Combine(dir, "results.csv")).Count);
    }
}
