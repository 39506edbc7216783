using System.Diagnostics;

namespace HHFunctional.Properties.Library;

/// <summary>
/// The package works outside the solution: pack Core into a local folder feed, build the consumer sample (the README's
/// code, Properties/Library/Consumer) in a temporary folder against that package only, run it, and check what it prints.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hhf-consumer-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    private static string ConsumerDir => Path.Combine(RepoRoot.Path, "Properties", "Library", "Consumer");

    [Fact]
    public void PackedPackageRunsTheReadmeSampleThroughThePublicApiOnly()
    {
        string feed = Path.Combine(_work, "feed"), app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        ChildProcess.Succeed("dotnet", RepoRoot.Path, "pack", "Core", "-c", "Release", "-o", feed);
        Assert.Single(Directory.GetFiles(feed, "HHFunctional.Core.*.nupkg"));

        foreach (var file in new[] { "Program.cs", "Consumer.csproj" }) File.Copy(Path.Combine(ConsumerDir, file), Path.Combine(app, file));
        // A private packages folder, so a stale HHFunctional.Core from an earlier run is never reused; the machine's
        // global folder serves the dependencies (LanguageExt, MathNet) as a fallback.
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_work, "packages")}" /></config>
              <fallbackPackageFolders><add key="machine" value="{globalPackages}" /></fallbackPackageFolders>
              <packageSources><add key="local" value="{feed}" /></packageSources>
            </configuration>
            """);
        string output = ChildProcess.Succeed("dotnet", app, "run", "-c", "Release");

        Assert.Contains("spikes: compartment 0:", output);
        Assert.Contains("invalid: Compartments: expected an integer ≥ 1, got 0; DtMs: expected a finite number > 0, got -0.01", output);
        // The step into compartment 0 makes it fire in 100–200 ms, and the spike reaches compartment 19 later.
        var firstLine = output.Split('\n').Single(l => l.StartsWith("first spike at", StringComparison.Ordinal));
        Assert.Matches(@"first spike at 1\d\d\.\d\d ms in compartment 0, 1\d\d\.\d\d ms in compartment 19", firstLine);
        // The user function's 10 µA/cm² from 250 ms on makes compartment 0 fire again (it was dropped on the fast path once).
        var after250 = output.Split('\n').Single(l => l.StartsWith("spikes after 250 ms in compartment 0:", StringComparison.Ordinal));
        Assert.True(int.Parse(after250.Split(':')[1].Trim()) > 0, after250);
        // The A-current spaces the spikes: fewer in 500 ms than with hh alone (Brian2: 10.2 against 13.3 ms intervals).
        var channel = System.Text.RegularExpressions.Regex.Match(output, @"spikes in 500 ms: (\d+) with hh alone, (\d+) with the A-current");
        Assert.True(channel.Success, output);
        Assert.True(int.Parse(channel.Groups[2].Value) < int.Parse(channel.Groups[1].Value), channel.Value);
    }

    [Fact]
    public void ReadmeSampleIsTheTestedConsumerProgram()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md")).Replace("\r\n", "\n");
        string sample = File.ReadAllText(Path.Combine(ConsumerDir, "Program.cs")).Replace("\r\n", "\n");
        Assert.Contains("```csharp\n" + sample + "```", readme);
    }
}
