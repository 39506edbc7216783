using System.Globalization;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Library;

/// <summary>
/// docs/fsharp.md's script runs under <c>dotnet fsi</c> against the built assemblies (issue 18: With… methods,
/// TryValidate matched without annotations, the dependencies found) and prints what the C# API computes.
/// </summary>
public class FSharpScriptTests
{
    private static string ScriptPath => Path.Combine(RepoRoot.Path, "samples", "FSharp.fsx");

    [Fact]
    public void TheDocsShowTheScriptTheTestRuns()
    {
        string doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "fsharp.md")).Replace("\r\n", "\n");
        Assert.Contains("```fsharp\n" + File.ReadAllText(ScriptPath).Replace("\r\n", "\n") + "```", doc);
    }

    [Fact]
    public void TheScriptRunsUnderFsiAndPrintsWhatTheLibraryComputes()
    {
        // The script #r's Core's build output, which this test project's build has just made.
        Assert.True(File.Exists(Path.Combine(RepoRoot.Path, "Core", "bin", "Release", "net10.0", "LanguageExt.Core.dll")),
            "build the solution in Release first: the script references Core/bin/Release/net10.0");
        string output = ChildProcess.Succeed("dotnet", RepoRoot.Path, "fsi", "--quiet", "--exec", ScriptPath).Replace("\r\n", "\n");

        var spec = Generators.Valid(Presets.Seed with { Iterations = 30_000 });
        var trains = Simulation.RunSpikes(spec, new[] { 0, 19 });
        static string Show(IEnumerable<double> ts) => string.Join(" ", ts.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)));
        Assert.Contains($"seed spikes in compartment 0: {Show(trains.Of(0))}\n", output);
        Assert.Contains($"seed spikes in compartment 19: {Show(trains.Of(19))}\n", output);
        Assert.NotEmpty(trains.Of(0));
        Assert.Contains("invalid: Compartments -> expected an integer ≥ 1, got 0\n", output);
        Assert.Contains("invalid: DtMs -> expected a finite number > 0, got -0.01\n", output);
        // HH 1952: 18.8 m/s computed; this grid gives 18.72 (Hh1952Tests).
        Assert.Contains("HH 1952 speed: 18.7", output);
    }
}
