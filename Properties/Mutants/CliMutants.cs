using HHFunctional.Core.Model;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Mutants;

/// <summary>
/// Deliberately broken run option tables: each is a bug the Shell properties must catch. Built from the real table by
/// replacing one option, so everything else behaves as shipped.
/// </summary>
internal static class CliMutants
{
    private static IReadOnlyList<OptionSpec> Replace(string name, Func<OptionSpec, OptionSpec> change) =>
        CommandLine.RunOptionsTable.Select(o => o.Name == name ? change(o) : o).ToList();

    /// <summary>A --stim parser that indexes the comma-separated parts without counting them: "1,2,3" throws IndexOutOfRangeException.</summary>
    public static IReadOnlyList<OptionSpec> UncountedStimParts => Replace("stim", o => o with
    {
        Apply = (options, text) =>
        {
            var parts = text.Split(',');
            var segment = new StimulusSegment(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
            return options with { StimGiven = true, Parameters = options.Parameters with { Stimulus = new Stimulus(new[] { segment }) } };
        },
    });

    /// <summary>A --csv that creates its folder while parsing, before anything is validated (bad input then leaves a folder behind).</summary>
    public static IReadOnlyList<OptionSpec> EagerCsvFolder => Replace("csv", o => o with
    {
        Apply = (options, text) =>
        {
            try { Directory.CreateDirectory(text); } catch (IOException) { } catch (UnauthorizedAccessException) { } catch (ArgumentException) { }
            return o.Apply(options, text);
        },
    });

    /// <summary>--save-config writing dt with 6 significant digits ("G6"): the saved run is no longer the same run.</summary>
    public static IReadOnlyList<OptionSpec> RoundedDtSaved => Replace("dt", o => o with
    {
        Save = options => options.Parameters.DtMs.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>--save-config leaving out the stimulus: the preset's protocol comes back instead of the run's.</summary>
    public static IReadOnlyList<OptionSpec> StimulusNotSaved => Replace("stim", o => o with { Save = _ => null });

    /// <summary>--save-config writing a --param value with 6 significant digits: the saved cell is no longer the same cell.</summary>
    public static IReadOnlyList<OptionSpec> RoundedParamSaved => Replace("param", o => o with
    {
        Save = options => options.MorphologyFile is null ? null
            : options.RegionParameters.Select(p => $"{p.Region}:{p.Name}={p.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}").ToArray(),
    });
}
