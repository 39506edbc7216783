using System.Globalization;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Sweeps of a branched cell with region parameters as grid keys (<c>"soma:hh.gna"</c>, <c>"dend:pas.g"</c>). Oracle: the
/// single <c>hhf run --morphology</c> of each row's options with <c>--param REGION:NAME=VALUE</c>: the row's spike count
/// and latency at the watched site (soma(0.5)) equal the spikes of the run's spikes.csv.
/// </summary>
public class CellSweepTests
{
    private const string Cell = """
        {"sections": [{"name": "soma", "type": "soma", "length-um": 20, "diameter-um": 20},
                      {"name": "d1", "type": "dend", "parent": "soma", "length-um": 300, "diameter-um": 1}]}
        """;

    private static string CellFile()
    {
        string path = Path.Combine(TempDir(), "cell.json");
        File.WriteAllText(path, Cell);
        return path;
    }

    private static string Grid(string cell, string vary) => $$"""
        {"base": {"morphology": "{{cell}}", "insert": ["soma:hh", "dend:pas"], "param": ["dend:pas.g=0.05", "soma:hh.gna=60"],
                  "iterations": 2000, "dt": 0.025, "stim": ["5,45,0.3,soma(0.5)"]},
         "vary": {{vary}}}
        """;

    [Fact]
    public void EachRowEqualsTheSingleCellRun()
    {
        string cell = CellFile();
        string dir = RunSweep(GridFile(Grid(cell, """{"soma:hh.gna": [0, 120], "dend:pas.g": [0.01, 0.1]}""")), "--jobs", "2");
        var rows = ReadCsv(Path.Combine(dir, "results.csv"));
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal("ok", row["status"]);
            string runDir = TempDir();
            var (exit, stdout, stderr) = Hhf("run", "--morphology", cell, "--insert", "soma:hh", "--insert", "dend:pas",
                "--param", "dend:pas.g=0.05", "--param", "soma:hh.gna=60", "--iterations", "2000", "--dt", "0.025",
                "--stim", "5,45,0.3,soma(0.5)", "--param", $"soma:hh.gna={row["soma:hh.gna"]}", "--param", $"dend:pas.g={row["dend:pas.g"]}",
                "--record-vars", "v", "--csv", runDir, "--out", "-");
            Assert.True(exit == 0, stdout + stderr);
            var spikes = File.ReadAllLines(Path.Combine(runDir, "spikes.csv")).Skip(1)
                .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(spikes.Length, int.Parse(row["spikes_first"], CultureInfo.InvariantCulture));
            Assert.Equal(spikes.Length, int.Parse(row["w0_spikes_first"], CultureInfo.InvariantCulture));
            if (spikes.Length > 0)
                Assert.Equal(spikes[0] - 5.0, double.Parse(row["w0_latency_ms"], CultureInfo.InvariantCulture), 1e-12);
            else Assert.Equal("", row["w0_latency_ms"]);
        }
        // hh without sodium does not fire; with it, it does: the key reached the cell.
        Assert.Equal("0", rows.First(r => r["soma:hh.gna"] == "0")["spikes_first"]);
        Assert.NotEqual("0", rows.First(r => r["soma:hh.gna"] == "120")["spikes_first"]);
    }

    [Theory]
    [InlineData("""{"foo:pas.g": [0.01, 0.1]}""", "Param[2].Region: expected all, a region or a section name of the cell")]
    [InlineData("""{"dend:pas.g": ["x", 0.1]}""", "expected a finite number after '=', got 'x'")]
    [InlineData("""{"dend:kdr.g": [1]}""", "Param[2].Name: expected cm, ra")]
    public void BadRegionKeysAreRefusedBeforeAnyRun(string vary, string expected)
    {
        string grid = GridFile(Grid(CellFile(), vary));
        string outDir = Path.Combine(TempDir(), "out");
        var (exit, _, stderr) = Hhf("sweep", "--grid", grid, "--out", outDir);
        Assert.True(exit == 2, stderr);
        Assert.Contains(expected, stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void RegionKeysNeedAMorphology()
    {
        string grid = GridFile("""{"base": {"iterations": 10}, "vary": {"dend:pas.g": [0.01, 0.1]}}""");
        var (exit, _, stderr) = Hhf("sweep", "--grid", grid, "--out", Path.Combine(TempDir(), "out"));
        Assert.Equal(2, exit);
        Assert.Contains("vary.dend:pas.g[0] = 0.01 (and 1 other values): --dend:pas.g: applies with --morphology only", stderr);
    }
}
