using System.Text.Json;
using HHFunctional.Properties.Sweep;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// docs/config.schema.json and docs/grid.schema.json are generated from the option tables (HHF_UPDATE_DOCS=1 rewrites
/// them), name every key hhf accepts, and a file that names its schema with "$schema" is accepted by hhf.
/// </summary>
public sealed class SchemaTests
{
    private static string PathOf(string name) => Path.Combine(RepoRoot.Path, "docs", name);

    [Theory]
    [InlineData("config.schema.json")]
    [InlineData("grid.schema.json")]
    [InlineData("network.schema.json")]
    public void SchemaFilesAreWhatTheOptionTablesGenerate(string name)
    {
        string expected = name.StartsWith("config", StringComparison.Ordinal) ? Schemas.Config()
            : name.StartsWith("network", StringComparison.Ordinal) ? Schemas.Network() : Schemas.Grid();
        if (Environment.GetEnvironmentVariable("HHF_UPDATE_DOCS") == "1") File.WriteAllText(PathOf(name), expected);
        Assert.Equal(expected, File.ReadAllText(PathOf(name)).ReplaceLineEndings("\n"));
    }

    /// <summary>Every key --save-config writes (seed and physical cable, every option set) is a property of the config schema.</summary>
    [Fact]
    public void ConfigSchemaNamesEveryKeySaveConfigWrites()
    {
        using var schema = JsonDocument.Parse(Schemas.Config());
        var properties = schema.RootElement.GetProperty("properties");
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
        foreach (var options in new[]
                 {
                     new RunOptions { CsvDir = "c", ParquetDir = "p", RecordCompartments = new[] { 0, 1 } },
                     new RunOptions { Parameters = HHFunctional.Core.Model.Presets.Hh1952 with { Initial = HHFunctional.Core.Model.InitialConditions.Seed } },
                 })
        {
            using var saved = JsonDocument.Parse(RunConfig.Save(options));
            foreach (var key in saved.RootElement.EnumerateObject())
            {
                Assert.True(properties.TryGetProperty(key.Name, out var property), $"config schema lacks {key.Name}");
                // The saved value has the type the schema allows.
                string kind = key.Value.ValueKind switch
                {
                    JsonValueKind.Number => "number", JsonValueKind.String => "string", JsonValueKind.True or JsonValueKind.False => "boolean",
                    JsonValueKind.Array => "array", _ => "other",
                };
                if (property.TryGetProperty("enum", out var choices))
                    Assert.Contains(key.Value.GetString(), choices.EnumerateArray().Select(c => c.GetString()));
                else
                {
                    var type = property.GetProperty("type");
                    var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : new List<string?> { type.GetString() };
                    Assert.True(types.Contains(kind) || (kind == "number" && types.Contains("integer")), $"{key.Name}: {kind} not in {string.Join(",", types)}");
                }
            }
        }
    }

    [Fact]
    public void GridSchemaVaryNamesAreTheOptionsAGridMayVary()
    {
        using var schema = JsonDocument.Parse(Schemas.Grid());
        var vary = schema.RootElement.GetProperty("properties").GetProperty("vary").GetProperty("properties");
        Assert.Equal(HHFunctional.Shell.Sweep.SweepOptions.Table.Select(o => o.Name).Order(StringComparer.Ordinal),
            vary.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(vary.TryGetProperty("stim-amplitude", out _));
        Assert.False(vary.TryGetProperty("csv", out _));
        // The example grids use only names the schema knows.
        foreach (var example in Directory.GetFiles(Path.Combine(RepoRoot.Path, "Shell", "Sweep", "examples"), "*.json"))
        {
            using var grid = JsonDocument.Parse(File.ReadAllText(example));
            foreach (var p in grid.RootElement.GetProperty("vary").EnumerateObject()) Assert.True(vary.TryGetProperty(p.Name, out _), $"{example}: {p.Name}");
        }
    }

    [Fact]
    public void ConfigWithSchemaKeyRuns()
    {
        using var box = new Sandbox();
        string config = box.Write("c.json", """{"$schema": "../docs/config.schema.json", "compartments": 2, "iterations": 10}""");
        var result = box.Run("run", "--config", config, "--out", box["r.html"]);
        Assert.True(result.Code == 0, result.ToString());
        var bad = box.Run("run", "--config", box.Write("d.json", """{"$schema": 3}"""), "--out", box["r.html"]);
        Assert.Equal(ExitCode.BadInput, bad.Code);
        Assert.Contains("$['$schema']: expected a string, got the number 3", bad.Stderr);
    }

    [Fact]
    public void GridWithSchemaKeyRuns()
    {
        string grid = SweepHarness.GridFile("""{"$schema": "grid.schema.json", "base": {"compartments": 1, "iterations": 100}, "vary": {"dt": [0.01, 0.02]}}""");
        string dir = SweepHarness.RunSweep(grid);
        Assert.Equal(2, SweepHarness.ReadCsv(Path.Combine(dir, "results.csv")).Count);
    }
}
