using HHFunctional.Core.Model;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HHFunctional.Shell;

/// <summary>
/// JSON Schemas (draft 2020-12) of the run config file, the sweep grid file and the network file, generated from the option tables, so
/// editors validate and complete both files (a file names its schema with <c>"$schema"</c>). Written to
/// docs/config.schema.json, docs/grid.schema.json and docs/network.schema.json; a test keeps them equal to this (HHF_UPDATE_DOCS=1 rewrites them).
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
            // Words only (forward-euler|…) make an enum; a placeholder among them (off|neuron|MIN:MAX:N) leaves any string.
            : o.ValueHelp.Contains('|') && o.ValueHelp.Split('|').All(v => v == v.ToLowerInvariant()) ? new JsonObject { ["enum"] = new JsonArray(o.ValueHelp.Split('|').Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) }
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

    /// <summary>The network file (docs/network.md): every key <see cref="NetworkFile"/> accepts, from its key lists.</summary>
    public static string Network()
    {
        static JsonObject Num(string d) => new() { ["type"] = "number", ["description"] = d };
        JsonNode Key(string key) => key switch
        {
            "count" or "k" => new JsonObject { ["type"] = "integer", ["minimum"] = key == "count" ? 1 : 0 },
            "seed" => new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["description"] = "the generator's seed (SplitMix64; docs/network.md)" },
            "allow-self" => new JsonObject { ["type"] = "boolean", ["description"] = "whether a cell may connect to itself (default false)" },
            "p" => new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            "rate-table" => new JsonObject { ["type"] = "string", ["description"] = "off (default), neuron or MIN:MAX:N: gate kinetics from a table (docs/numerics.md)" },
            "integrator" => new JsonObject { ["enum"] = new JsonArray(NetworkFile.Integrators.Select(i => (JsonNode)JsonValue.Create(i.Name())!).ToArray()) },
            "nseg" => new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                    new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                        ["description"] = "nseg by section name, region or all" }),
            },
            "morphology" => new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string", ["description"] = "a .swc or .json file, relative to this file" },
                    new JsonObject { ["type"] = "object", ["description"] = "a JSON morphology inline (docs/morphology.md)", ["required"] = new JsonArray("sections") }),
            },
            "insert" => Strings("REGION:MECH, as run's --insert"),
            "param" => Strings("REGION:NAME=VALUE, as run's --param"),
            "stim" => Strings("START_MS,END_MS,AMPLITUDE_NA,SITE, as run's --stim"),
            "record" => Strings("POPULATION[CELL]:SITE, e.g. ring[0]:soma(0.5)"),
            "times-ms" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "number" } },
            "cells" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 } },
            "regular" => Object(NetworkFile.RegularKeys, ["interval-ms"]),
            "poisson" => Object(NetworkFile.PoissonKeys, ["rate-hz", "seed"]),
            _ when key.EndsWith("-ms", StringComparison.Ordinal) || key.EndsWith("-mv", StringComparison.Ordinal) || key.EndsWith("-us", StringComparison.Ordinal)
                   || key.EndsWith("-hz", StringComparison.Ordinal) || key.EndsWith("-um", StringComparison.Ordinal) || key.EndsWith("-c", StringComparison.Ordinal)
                   || key.EndsWith("-mm", StringComparison.Ordinal) || key is "d-lambda" or "nmda-ratio" => Num(key),
            _ => new JsonObject { ["type"] = "string" },
        };
        static JsonObject Strings(string d) => new() { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = d };
        JsonObject Object(IEnumerable<string> keys, string[] required)
        {
            var properties = new JsonObject();
            foreach (var k in keys) properties[k] = Key(k);
            var o = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
            if (required.Length > 0) o["required"] = new JsonArray(required.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray());
            return o;
        }
        JsonObject Kinds(IEnumerable<(string Kind, string[] Keys)> kinds, Func<string, string[]> required) => new()
        {
            ["oneOf"] = new JsonArray(kinds.Select(k =>
            {
                var o = Object(k.Keys, ["kind", .. required(k.Kind)]);
                o["properties"]!["kind"] = new JsonObject { ["const"] = k.Kind };
                return (JsonNode)o;
            }).ToArray()),
        };
        var projection = Object(NetworkFile.ProjectionKeys, ["source", "source-site", "target", "target-site", "synapse", "rule"]);
        projection["properties"]!["rule"] = Kinds(NetworkFile.RuleKinds, kind => NetworkFile.RuleKinds.First(r => r.Kind == kind).Keys.Where(x => x != "allow-self").ToArray());
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "hhf network file (hhf network FILE.json --out DIR)",
            ["description"] = "Cell types, synapse types, populations, projections, spike sources and recorded places; see docs/network.md.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject { ["type"] = "string", ["description"] = "the schema of this file (for editors)" },
                ["simulation"] = Object(NetworkFile.SimulationKeys, ["t-stop-ms"]),
                ["cell-types"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Object(NetworkFile.CellTypeKeys, ["morphology"]) },
                ["synapse-types"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = Kinds(NetworkFile.SynapseKinds.Select(k => (k.Kind, k.Keys)), kind => NetworkFile.SynapseKinds.First(k => k.Kind == kind).Required),
                },
                ["populations"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Object(NetworkFile.PopulationKeys, ["name", "cell-type", "count"]) },
                ["projections"] = new JsonObject { ["type"] = "array", ["items"] = projection },
                ["sources"] = new JsonObject { ["type"] = "array", ["items"] = Object(NetworkFile.SourceKeys, ["target", "site", "synapse", "weight-us", "delay-ms"]) },
                ["record"] = Key("record"),
            },
            ["required"] = new JsonArray("simulation", "cell-types", "populations"),
            ["additionalProperties"] = false,
        };
        return Text(schema);
    }

    /// <summary>What <see cref="Sweep.SweepOptions.IsRegionKey"/> accepts, as a JSON Schema pattern.</summary>
    private const string RegionKeyPattern = "^[^:=]+:[^:=]+$";

    private static string Text(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
}
