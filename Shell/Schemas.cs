using System.Text.Json;
using System.Text.Json.Nodes;

namespace HHFunctional.Shell;

/// <summary>
/// JSON Schemas (draft 2020-12) of the run config file and the sweep grid file, generated from the option tables, so
/// editors validate and complete both files (a file names its schema with <c>"$schema"</c>). Written to
/// docs/config.schema.json and docs/grid.schema.json; a test keeps them equal to this (HHF_UPDATE_DOCS=1 rewrites them).
/// </summary>
internal static class Schemas
{
    private const string Draft = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The schema of one option's value in a config file: what <see cref="RunConfig"/> accepts for it.</summary>
    private static JsonNode Value(OptionSpec o)
    {
        JsonObject one = o.IsFlag ? new JsonObject { ["type"] = "boolean" }
            : o.ValueHelp == "INTEGER" ? new JsonObject { ["type"] = new JsonArray("integer", "string") }
            : o.IsNumeric ? new JsonObject { ["type"] = new JsonArray("number", "string") }
            : o.ValueHelp.Contains('|') ? new JsonObject { ["enum"] = new JsonArray(o.ValueHelp.Split('|').Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) }
            : new JsonObject { ["type"] = "string" };
        var value = o.Repeatable ? new JsonObject { ["type"] = "array", ["items"] = one } : one;
        value["description"] = o.IsFlag || o.Repeatable ? o.Help : $"{o.ValueHelp}: {o.Help}";
        return value;
    }

    private static JsonObject RunOptions(IEnumerable<OptionSpec> options)
    {
        var properties = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string", ["description"] = "the schema of this file (for editors)" },
            [RunConfig.VersionKey] = new JsonObject { ["type"] = "string", ["description"] = "the hhf version that saved this file (ignored when read)" },
        };
        foreach (var o in options) properties[o.Name] = Value(o);
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
    }

    /// <summary>The run config file: every config key of <c>run</c>.</summary>
    public static string Config()
    {
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "hhf run configuration (hhf run --config FILE)",
            ["description"] = "Keys are run's long option names without the dashes; see docs/cli.md.",
        };
        foreach (var (key, value) in RunOptions(CommandLine.RunOptionsTable.Where(o => !o.CommandLineOnly))) schema[key] = value?.DeepClone();
        return Text(schema);
    }

    /// <summary>The sweep grid file: base (run options), vary, zip, invalid.</summary>
    public static string Grid()
    {
        var varied = Sweep.SweepOptions.Table;
        var range = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["from"] = new JsonObject { ["type"] = "number" }, ["to"] = new JsonObject { ["type"] = "number" }, ["step"] = new JsonObject { ["type"] = "number" } },
            ["required"] = new JsonArray("from", "to", "step"),
            ["additionalProperties"] = false,
        };
        var vary = new JsonObject();
        foreach (var o in varied)
            vary[o.Name] = new JsonObject
            {
                ["description"] = o.Help,
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "array", ["minItems"] = 1 }, range.DeepClone()),
            };
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "hhf sweep grid (hhf sweep --grid FILE)",
            ["description"] = "The base run, the options to vary and how to combine them; see docs/sweeps.md.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject { ["type"] = "string", ["description"] = "the schema of this file (for editors)" },
                ["base"] = RunOptions(Sweep.SweepOptions.ConfigTable.Where(o => !o.CommandLineOnly)),
                ["vary"] = new JsonObject
                {
                    ["type"] = "object", ["properties"] = vary, ["additionalProperties"] = false, ["minProperties"] = 1,
                    // A region parameter of a cell (Sweep.SweepOptions.IsRegionKey): dend:pas.g, soma:hh.gna.
                    ["patternProperties"] = new JsonObject
                    {
                        [RegionKeyPattern] = new JsonObject
                        {
                            ["description"] = "with morphology: a region parameter REGION:NAME (e.g. dend:pas.g), each value set as param REGION:NAME=VALUE",
                            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "array", ["minItems"] = 1 }, range.DeepClone()),
                        },
                    },
                },
                ["zip"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["items"] = new JsonObject
                        {
                            ["anyOf"] = new JsonArray(
                                new JsonObject { ["enum"] = new JsonArray(varied.Select(o => (JsonNode)JsonValue.Create(o.Name)!).ToArray()) },
                                new JsonObject { ["type"] = "string", ["pattern"] = RegionKeyPattern }),
                        },
                    },
                },
                ["invalid"] = new JsonObject { ["enum"] = new JsonArray("refuse", "record") },
            },
            ["required"] = new JsonArray("vary"),
            ["additionalProperties"] = false,
        };
        return Text(schema);
    }

    /// <summary>What <see cref="Sweep.SweepOptions.IsRegionKey"/> accepts, as a JSON Schema pattern.</summary>
    private const string RegionKeyPattern = "^[^:=]+:[^:=]+$";

    private static string Text(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
}
