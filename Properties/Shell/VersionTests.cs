using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using HHFunctional.Properties.Sweep;
using HHFunctional.Shell;
using Parquet;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// One version string, the assembly's informational version, shown by <c>hhf --version</c> and written into every
/// output that records how it was made: the report's run table, results.csv and results.parquet, --save-config, bench --json.
/// </summary>
public sealed class VersionTests
{
    // Oracle: the attribute the SDK writes into hhf.dll, read here without our code.
    private static readonly string Expected =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public void VersionPrintsTheInformationalVersionAndExitsZero(string arg)
    {
        using var box = new Sandbox();
        var result = box.Run(arg);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal($"hhf {Expected}\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stderr);
    }

    /// <summary>Built from a git clone: the version carries a commit that exists in this repository (git says so).</summary>
    [Fact]
    public void VersionNamesACommitOfThisRepository()
    {
        if (!Path.Exists(Path.Combine(RepoRoot.Path, ".git"))) return; // a source archive: no commit to name
        var match = System.Text.RegularExpressions.Regex.Match(Expected, @"^\d+\.\d+\.\d+\+([0-9a-f]{40})$");
        Assert.True(match.Success, Expected);
        var git = Process.Start(new ProcessStartInfo("git", $"-C {RepoRoot.Path} cat-file -t {match.Groups[1].Value}")
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string type = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        Assert.Equal("commit", type);
    }

    [Fact]
    public void ReportRunTableAndSavedConfigCarryTheVersion()
    {
        using var box = new Sandbox();
        var result = box.Run(box.Tiny("--save-config", box["c.json"]));
        Assert.True(result.Code == 0, result.ToString());
        string html = File.ReadAllText(box["r.html"]);
        int table = html.IndexOf("<table id=\"tbl-run\"", StringComparison.Ordinal);
        Assert.True(table >= 0);
        Assert.Contains($"<tr><th>hhf version</th><td>{Expected}</td></tr>", html[table..]);
        using var saved = JsonDocument.Parse(File.ReadAllText(box["c.json"]));
        Assert.Equal(Expected, saved.RootElement.GetProperty("hhf-version").GetString());
        // A saved config still loads: the version key is about the file, not the run.
        var again = box.Run("run", "--config", box["c.json"], "--out", box["r2.html"]);
        Assert.True(again.Code == 0, again.ToString());
    }

    [Fact]
    public async Task ResultsCsvColumnAndParquetMetadataCarryTheVersion()
    {
        string grid = SweepHarness.GridFile("""{"base": {"compartments": 1, "iterations": 100}, "vary": {"dt": [0.01, 0.02]}}""");
        string dir = SweepHarness.RunSweep(grid);
        var rows = SweepHarness.ReadCsv(Path.Combine(dir, "results.csv"));
        Assert.All(rows, r => Assert.Equal(Expected, r["hhf_version"]));
        await using var stream = File.OpenRead(Path.Combine(dir, "results.parquet"));
        await using var reader = await ParquetReader.CreateAsync(stream);
        Assert.Equal(Expected, reader.CustomMetadata["hhf_version"]);
    }

    [Fact]
    public void BenchJsonCarriesTheVersion()
    {
        var stdout = new StringWriter();
        int code = Cli.Run(new[] { "bench", "--neurons", "1", "--compartments", "2", "--iterations", "10", "--runs", "1", "--warmup", "0", "--json", "--no-c" },
            stdout, new StringWriter());
        Assert.Equal(0, code);
        var row = Assert.Single(JsonDocument.Parse(stdout.ToString()).RootElement.EnumerateArray());
        Assert.Equal(Expected, row.GetProperty("hhf_version").GetString());
    }
}
