using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core.Model;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// One generated invocation: a command word, arguments and maybe a config file. Paths starting with '@' are inside the
/// sandbox ("@r.html" → SANDBOX/r.html, "@" → SANDBOX itself). The config may be cut short (invalid JSON).
/// </summary>
public sealed record CliCase(string? Command, IReadOnlyList<string> Args, IReadOnlyList<(string Key, object? Value)>? Config, int? CutConfigAt)
{
    /// <summary>The arguments as run in <paramref name="sandbox"/> (its config written first), with the tiny run's size and output added when not given.</summary>
    internal string[] Materialise(Sandbox sandbox)
    {
        var args = new List<string>();
        if (Command is not null) args.Add(Command);
        args.AddRange(Args.Select(a => Resolve(a, sandbox)));
        var keys = Config?.Select(c => c.Key).ToHashSet() ?? new System.Collections.Generic.HashSet<string>();
        if (Config is not null)
        {
            string json = RenderConfig(sandbox);
            if (CutConfigAt is { } cut) json = json[..Math.Min(cut, json.Length)];
            sandbox.Write("run.json", json);
            args.AddRange(new[] { "--config", sandbox["run.json"] });
        }
        // Keep every valid run tiny: 10 updates of 2 compartments unless the case says otherwise (with tiny values).
        bool Given(string name) => keys.Contains(name) || Args.Any(a => a == $"--{name}" || a.StartsWith($"--{name}=", StringComparison.Ordinal));
        if (!Given("iterations")) args.AddRange(new[] { "--iterations", "10" });
        if (!Given("compartments")) args.AddRange(new[] { "--compartments", "2" });
        if (!Given("out")) args.AddRange(new[] { "--out", sandbox["r.html"] });
        return args.ToArray();
    }

    private string RenderConfig(Sandbox sandbox)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (key, value) in Config!)
            {
                w.WritePropertyName(key);
                Write(w, value, sandbox);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter w, object? value, Sandbox sandbox)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case JsonNumberText n: w.WriteRawValue(n.Text); break;
            case string s: w.WriteStringValue(Resolve(s, sandbox)); break;
            case IReadOnlyList<string> list:
                w.WriteStartArray();
                foreach (var s in list) w.WriteStringValue(Resolve(s, sandbox));
                w.WriteEndArray();
                break;
            case EmptyObject: w.WriteStartObject(); w.WriteEndObject(); break;
            default: throw new ArgumentException($"cannot render {value.GetType().Name}");
        }
    }

    private static string Resolve(string text, Sandbox sandbox)
    {
        int at = text.IndexOf('@');
        if (at < 0) return text;
        string rest = text[(at + 1)..];
        return text[..at] + (rest.Length == 0 ? sandbox.Dir : sandbox[rest]);
    }

    public override string ToString() =>
        $"{Command} {string.Join(' ', Args.Select(a => $"'{a}'"))}" +
        (Config is null ? "" : $" config {{{string.Join(", ", Config.Select(c => $"{c.Key}: {Show(c.Value)}"))}}}{(CutConfigAt is { } cut ? $" cut at {cut}" : "")}");

    private static string Show(object? v) => v switch
    {
        null => "null",
        JsonNumberText n => n.Text,
        string s => $"\"{s}\"",
        IReadOnlyList<string> l => $"[{string.Join(", ", l.Select(s => $"\"{s}\""))}]",
        _ => v.ToString() ?? "",
    };
}

/// <summary>A JSON number written as given.</summary>
public sealed record JsonNumberText(string Text);

/// <summary>The JSON value {}.</summary>
public sealed record EmptyObject;

/// <summary>
/// Generators of mostly invalid command lines and configs, drawn from explicit pools of values: every valid value in
/// a pool keeps a run tiny (≤ 25 updates, ≤ 3 compartments, ≤ 2 neurons), every size beyond that is one the limits
/// must refuse, so a generated case never starts a long run.
/// </summary>
public static class CliGenerators
{
    private static readonly string[] GenericNumbers = { "-1", "0", "1", "0.5", "1.5", "NaN", "-Infinity", "abc", "1e309", "", "120", "-65", "0.3", "1,5" };

    internal static readonly IReadOnlyDictionary<string, string[]> Pools = new Dictionary<string, string[]>
    {
        ["iterations"] = new[] { "-1", "0", "1", "10", "25", "ten", "1.5", "1e3", "99999999999", "2147483647", "" },
        ["compartments"] = new[] { "-1", "0", "1", "2", "3", "x", "50000001", "2147483648", "" },
        ["neurons"] = new[] { "-1", "0", "1", "2", "x", "99999999", "2.0" },
        ["dt"] = new[] { "-1", "0", "0.01", "0.025", "NaN", "Infinity", "1e309", "abc", "5", "" },
        ["record-every"] = new[] { "0", "1", "3", "-5", "x", "99999999999" },
        ["memory-budget-mb"] = new[] { "0", "1", "16", "x", "-1", "99999999999999" },
        ["neuron"] = new[] { "0", "1", "-1", "x" },
        ["record-compartments"] = new[] { "0", "0,1", "0-1", "5", "0-9999999", "x", "", "1-0", "0,,1", "-1" },
        ["record-vars"] = new[] { "v", "v,m", "v,v", "x", "", "n,h,m,v", "V" },
        ["preset"] = new[] { "seed", "pymonnto", "hh1952", "squid", "" },
        ["cable"] = new[] { "seed", "physical", "x" },
        ["integrator"] = IntegratorNames.All.Select(x => x.Name).Concat(new[] { "rk4", "" }).ToArray(),
        ["init"] = new[] { "seed", "zero", "rest", "x" },
        ["stim"] = new[] { "1,2,3,0", "0,0.1,50,1", "1,2,3", "200,100,5,0", "1,2,5,7", "none", "x", "1,2,3,0,5", "", "NaN,1,1,0", "1,2,3,0.5" },
        ["stim-unit"] = new[] { "ua-per-cm2", "na", "x" },
        ["out"] = new[] { "@r.html", "@sub/dir/r.html", "@somefile/x.html", "/proc/r.html", "", "@", "@run.json" },
        ["csv"] = new[] { "@csv", "@new/csv", "@somefile", "@somefile/c", "/proc/c", "", "@" },
        ["save-config"] = new[] { "@s.json", "@somefile/s.json", "/proc/s.json", "@r.html", "" },
        ["config"] = new[] { "@none.json", "@somefile", "@" },
        ["keep-partial"] = new[] { "true", "false", "maybe" },
        ["title"] = new[] { "run 1", "", "<script>alert(1)</script>", "a & b \"c\" 'd'", "é ✓ \u2028", "</SCRIPT><!--" },
        ["reproducible"] = new[] { "true", "false", "maybe" },
        ["help"] = new[] { "true" },
    };

    internal static string[] PoolFor(string option) => Pools.TryGetValue(option, out var pool) ? pool : GenericNumbers;

    private static readonly string[] Junk = { "stray", "-x", "--", "---", "--=", "--unknown-thing", "", "\0", "--dt=1=2", "--DT", "--gate", "é", "--stim=" };

    private static readonly string[] OptionNames = CommandLine.RunOptionsTable.Select(o => o.Name).ToArray();

    private static Gen<string[]> OptionTokens =>
        from name in Gen.Elements(OptionNames.Where(n => n != "help").ToArray())
        from value in Gen.Elements(PoolFor(name))
        from form in Gen.Choose(0, 3)
        select CommandLine.RunOptionsTable.First(o => o.Name == name).IsFlag
            ? (form == 0 ? new[] { $"--{name}={value}" } : new[] { $"--{name}" })
            : form == 0 ? new[] { $"--{name}={value}" } : new[] { $"--{name}", value };

    private static Gen<string[]> Tokens => Gen.Frequency(
        (12, OptionTokens),
        (2, Gen.Elements(Junk).Select(j => new[] { j })),
        (1, Gen.Constant(new[] { "--help" })));

    private static Gen<object?> ConfigValue(string key) => Gen.Frequency(
        (6, Gen.Elements(PoolFor(key)).Select(v => (object?)v)),
        (4, Gen.Elements(PoolFor(key)).Select(v => (object?)(double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
            ? new JsonNumberText(v) : v))),
        (2, Gen.Elements(true, false).Select(b => (object?)b)),
        (1, Gen.Constant<object?>(null)),
        (3, Gen.ListOf(Gen.Elements(PoolFor(key)), 3).Select(l => (object?)l.ToArray())),
        (1, Gen.Constant<object?>(new EmptyObject())));

    private static readonly string[] ConfigKeys = OptionNames.Concat(new[] { "gate", "Dt", "odd key", "" }).ToArray();

    private static Gen<IReadOnlyList<(string, object?)>> Configs =>
        from count in Gen.Choose(0, 5)
        from keys in Gen.ArrayOf(Gen.Elements(ConfigKeys), count)
        from values in Gen.CollectToArray(keys, ConfigValue)
        select (IReadOnlyList<(string, object?)>)keys.Zip(values).ToList();

    /// <summary>Argument lists of 1–7 tokens (most cases are bad input: a valid one costs a report, ~100× more), a third of them with a config file (one in eight of those cut short).</summary>
    public static Arbitrary<CliCase> Cases() => Arb.From(
        from command in Gen.Frequency((10, Gen.Constant<string?>("run")), (2, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("bogus", "help", "")))
        from count in Gen.Choose(1, 7)
        from tokens in Gen.ArrayOf(Tokens, count)
        from hasConfig in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from config in Configs
        from cut in Gen.Frequency((7, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 40).Select(c => (int?)c)))
        select new CliCase(command, tokens.SelectMany(t => t).ToArray(), hasConfig ? config : null, hasConfig ? cut : null));
}
