using System.Text.RegularExpressions;
using HHFunctional.Core;

namespace HHFunctional.Shell;

/// <summary>
/// Core names fields by their model names (a <see cref="FieldProblem"/>: DtMs, "expected a finite number &gt; 0, got -1");
/// users know options. This
/// adds the option that sets each field, and where its value came from when a config file gave it:
/// "DtMs (--dt): …", "DtMs (--dt, from run.json: $.dt): …", "Stimulus[1].EndMs (--stim, from run.json: $.stim[1]): …".
/// </summary>
internal static partial class FieldNames
{
    /// <summary>Model field → the option(s) that set it. Fields not listed keep Core's message unchanged.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Options = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["CmUFPerCm2"] = new[] { "cm" },
        ["GNaMSPerCm2"] = new[] { "gna" },
        ["GKMSPerCm2"] = new[] { "gk" },
        ["GLMSPerCm2"] = new[] { "gl" },
        ["ENaMv"] = new[] { "ena" },
        ["EKMv"] = new[] { "ek" },
        ["ELMv"] = new[] { "el" },
        ["TemperatureC"] = new[] { "temperature-c" },
        ["BR"] = new[] { "b-r" },
        ["DiameterUm"] = new[] { "diameter-um" },
        ["LengthUm"] = new[] { "length-um" },
        ["RaOhmCm"] = new[] { "ra-ohm-cm" },
        ["Compartments"] = new[] { "compartments" },
        ["Neurons"] = new[] { "neurons" },
        ["Neurons × Compartments"] = new[] { "neurons", "compartments" },
        ["DtMs"] = new[] { "dt" },
        ["Iterations"] = new[] { "iterations" },
        ["Stimulus"] = new[] { "stim" },
        ["Initial.VMv"] = new[] { "v0" },
        ["Initial.M"] = new[] { "m0" },
        ["Initial.H"] = new[] { "h0" },
        ["Initial.N"] = new[] { "n0" },
        ["Initial"] = new[] { "init" },
        ["Integrator"] = new[] { "integrator" },
        ["RateTable.MinMv"] = new[] { "rate-table" },
        ["RateTable.MaxMv"] = new[] { "rate-table" },
        ["RateTable.Intervals"] = new[] { "rate-table" },
        ["Cable"] = new[] { "cable" },
    };

    /// <summary><see cref="RecordingSelection"/>'s members → the options that set them (its Compartments is not the model's).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SelectionOptions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Variables"] = new[] { "record-vars" },
        ["Compartments"] = new[] { "record-compartments" },
        ["Neuron"] = new[] { "neuron" },
        ["Every"] = new[] { "record-every" },
    };

    /// <summary>Core's hints name API members ("lower DtMs below …", "set Integrator to IntegratorKind.CrankNicolson");
    /// these are the words a user of the tool types instead.</summary>
    public static string InOptionTerms(string text)
    {
        text = IntegratorAdvice().Replace(text, m => Enum.TryParse<Core.Model.IntegratorKind>(m.Groups["kind"].Value, out var kind)
            ? $"use --integrator {Core.Model.IntegratorNames.Name(kind)}" : m.Value);
        // Any other integrator the rule names, by its option value (IntegratorKind.CrankNicolson → crank-nicolson).
        text = IntegratorKindName().Replace(text, m => Enum.TryParse<Core.Model.IntegratorKind>(m.Groups["kind"].Value, out var kind)
            ? Core.Model.IntegratorNames.Name(kind) : m.Value);
        return ApiMember().Replace(text, m => Options.TryGetValue(m.Groups["member"].Value, out var names) && names.Length == 1
            ? $"--{names[0]}" : m.Value);
    }

    /// <summary>A problem of a <see cref="RecordingSelection"/>, explained with the recording options.</summary>
    public static string ExplainSelection(FieldProblem problem, IReadOnlyList<RawOption> raw) => Explain(problem, raw, SelectionOptions);

    /// <summary>Core's problem with the option (and the config path, if any) that sets the field put after the field name.</summary>
    public static string Explain(FieldProblem problem, IReadOnlyList<RawOption> raw) => Explain(problem, raw, Options);

    private static string Explain(FieldProblem problem, IReadOnlyList<RawOption> raw, IReadOnlyDictionary<string, string[]> options)
    {
        problem = problem with { Rule = InOptionTerms(problem.Rule) };
        string message = problem.Message;
        // The field names its record member, and an element of a list by its index: "Stimulus[1].EndMs".
        var path = FieldPath().Match(problem.Field);
        if (!path.Success) return message;
        string field = problem.Field;
        string lookup = path.Groups["index"].Success ? path.Groups["base"].Value : field;
        if (!options.TryGetValue(lookup, out var names)) return message;

        var parts = new List<string> { string.Join(" × ", names.Select(n => $"--{n}")) };
        // Say where the value came from when it was not the command line (a config file's JSON path).
        var sources = names.SelectMany(n => raw.Where(r => r.Name == n)).ToList();
        if (path.Groups["index"].Success && int.TryParse(path.Groups["index"].Value, out int index))
        {
            var segments = sources.Where(r => r.Value != "none").ToList();
            sources = index < segments.Count ? new() { segments[index] } : new();
            if (segments.Count == 0) parts.Add("from the preset's protocol");
        }
        var fromFiles = sources.Where(r => !r.Source.StartsWith("--", StringComparison.Ordinal)).Select(r => r.Source).Distinct().ToList();
        if (fromFiles.Count > 0) parts.Add($"from {string.Join(", ", fromFiles)}");
        return $"{field} ({string.Join(", ", parts)}){message[field.Length..]}";
    }

    [GeneratedRegex(@"\bIntegratorKind\.(?<kind>[A-Za-z]+)")]
    private static partial Regex IntegratorKindName();

    [GeneratedRegex(@"^(?<base>[A-Za-z0-9 ×.]+?)(\[(?<index>\d+)\](\.[A-Za-z0-9\[\]]+)?)?$")]
    private static partial Regex FieldPath();

    [GeneratedRegex(@"set Integrator to IntegratorKind\.(?<kind>[A-Za-z]+)")]
    private static partial Regex IntegratorAdvice();

    // A member a rule mentions, with its record's name if given ("lower DtMs", "check Membrane.TemperatureC").
    [GeneratedRegex(@"\b(?:Membrane\.)?(?<member>[A-Z][A-Za-z0-9]*)\b")]
    private static partial Regex ApiMember();
}
