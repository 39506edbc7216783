using System.Text.Json;
using HHFunctional.Core.Model;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>--rate-table as run, bench and network read it (and a network file's simulation.rate-table): one text form,
/// bad values refused with the option (or JSON path) and rule, exit 2, nothing written.</summary>
public class RateTableCliTests
{
    [Theory]
    [InlineData("off", null)]
    [InlineData("neuron", "neuron")]
    [InlineData("-120:80.5:400", "-120:80.5:400")]
    public void TheTextFormsParseAndSaveAsGiven(string text, string? saved)
    {
        var (options, errors) = CommandLine.ParseRun(["--rate-table", text]);
        Assert.Empty(errors);
        Assert.Equal(text == "off" ? null : RateTableOption.Parse(text).Table, options.Parameters.RateTable);
        using var doc = JsonDocument.Parse(RunConfig.Save(options));
        if (saved is null) Assert.False(doc.RootElement.TryGetProperty("rate-table", out _));
        else Assert.Equal(saved, doc.RootElement.GetProperty("rate-table").GetString());
        if (saved is not null) Assert.Equal(options.Parameters.RateTable, RateTableOption.Parse(saved).Table);
    }

    [Theory]
    [InlineData("fast", "expected off, neuron or MIN:MAX:N")]
    [InlineData("5:1:10", "expected MIN < MAX")]
    [InlineData("-100:100:0", "expected N (intervals) in [1, 100000], got 0")]
    [InlineData("-100:100:x", "expected off, neuron or MIN:MAX:N")]
    [InlineData("nan:100:10", "expected off, neuron or MIN:MAX:N")]
    public void BadValuesAreRefusedWithTheRuleAndNothingIsWritten(string text, string rule)
    {
        using var box = new Sandbox();
        var r = box.Run(box.Tiny("--rate-table", text));
        Assert.Equal(ExitCode.BadInput, r.Code);
        Assert.Contains($"--rate-table: {rule}", r.Stderr);
        Assert.False(File.Exists(box["r.html"]));
        var bench = box.Run("bench", "--neurons", "8", "--iterations", "1", "--rate-table", text, "--no-c");
        Assert.Equal(ExitCode.BadInput, bench.Code);
        Assert.Contains($"--rate-table: {rule}", bench.Stderr);
    }

    [Fact]
    public void ARunWithATableSaysSoInItsReport()
    {
        using var box = new Sandbox();
        var r = box.Run(box.Tiny("--rate-table", "neuron"));
        Assert.True(r.Code == ExitCode.Ok, r.ToString());
        Assert.Contains("gate kinetics from a rate table (neuron)", File.ReadAllText(box["r.html"]));
        using var other = new Sandbox();
        Assert.Equal(ExitCode.Ok, other.Run(other.Tiny()).Code);
        Assert.DoesNotContain("rate table", File.ReadAllText(other["r.html"]));
    }

    [Fact]
    public void ANetworkFileTakesATableAndTheOptionOverridesIt()
    {
        using var box = new Sandbox();
        var ring = File.ReadAllText(Network.NetworkCommandTests.RingFile);
        string Write(string name, string table)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(ring, documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
            })!;
            json["simulation"]!["rate-table"] = table;
            json.AsObject().Remove("$schema");
            // In the sandbox, with the files it names beside it (paths in a network file are relative to the file).
            string path = box[$"{name}.net.json"];
            File.WriteAllText(path, json.ToJsonString());
            return path;
        }
        foreach (var file in new[] { "ring_cell.json", "ring4.csv" })
            File.Copy(Path.Combine(Path.GetDirectoryName(Network.NetworkCommandTests.RingFile)!, file), box[file], overwrite: true);
        string bad = Write("bad", "1:1:1"), good = Write("good", "neuron");
        var refused = box.Run("network", bad, "--out", box["bad"]);
        Assert.Equal(ExitCode.BadInput, refused.Code);
        Assert.Contains("$.simulation.rate-table: expected MIN < MAX", refused.Stderr);
        Assert.False(Directory.Exists(box["bad"]));
        // The option replaces the file's value, but a bad value in the file is still a bad file (as for its integrator).
        Assert.Equal(ExitCode.BadInput, box.Run("network", bad, "--rate-table", "off", "--out", box["off"], "--no-report").Code);
        var overridden = box.Run("network", good, "--rate-table", "5:1:10", "--out", box["off"], "--no-report");
        Assert.Equal(ExitCode.BadInput, overridden.Code);
        Assert.Contains("--rate-table: expected MIN < MAX", overridden.Stderr);
        var tabulated = box.Run("network", good, "--out", box["tab"]);
        Assert.True(tabulated.Code == ExitCode.Ok, tabulated.ToString());
        Assert.Contains("neuron", File.ReadAllText(box["tab/report.html"]));
    }
}
