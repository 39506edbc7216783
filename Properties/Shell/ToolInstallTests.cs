using System.Diagnostics;
using System.Reflection;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// hhf as a .NET tool, as a user gets it (README "Install"): pack Shell into a local folder feed, install the package into
/// a temporary tool path with that feed as the only source, and run the installed <c>hhf</c> from an unrelated folder.
/// </summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hhf-tool-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public void PackedToolInstallsAndRunsFromAnyFolder()
    {
        string feed = Path.Combine(_work, "feed"), tools = Path.Combine(_work, "tools"), elsewhere = Path.Combine(_work, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        // The Shell the tests were built with (no second build): the package holds exactly the hhf under test.
        ChildProcess.Succeed("dotnet", RepoRoot.Path, "pack", "Shell", "-c", Configuration, "--no-build", "-o", feed);
        var package = Assert.Single(Directory.GetFiles(feed, "HHFunctional.Tool.*.nupkg"));
        // Only the local feed: installing needs nothing from outside (the tool package carries its dependencies).
        string config = Path.Combine(_work, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_work, "packages")}" /></config>
              <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
            </configuration>
            """);
        ChildProcess.Succeed("dotnet", elsewhere, "tool", "install", "HHFunctional.Tool", "--tool-path", tools, "--configfile", config);
        string hhf = Path.Combine(tools, OperatingSystem.IsWindows() ? "hhf.exe" : "hhf");
        Assert.True(File.Exists(hhf), $"no {hhf} after install of {Path.GetFileName(package)}");

        string expected = typeof(HHFunctional.Shell.Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal($"hhf {expected}", ChildProcess.Succeed(hhf, elsewhere, "--version").Trim());

        Assert.StartsWith("usage: hhf run", ChildProcess.Succeed(hhf, elsewhere, "help", "run"));
        Assert.Contains("complete -o default -F _hhf hhf", ChildProcess.Succeed(hhf, elsewhere, "completion", "bash"));

        // The README's first command, from a folder that is not the clone: relative outputs land there.
        ChildProcess.Succeed(hhf, elsewhere, "run", "--csv", "csv");
        Assert.True(File.Exists(Path.Combine(elsewhere, "report.html")));
        foreach (var v in new[] { "v", "m", "h", "n" }) Assert.True(File.Exists(Path.Combine(elsewhere, "csv", v + ".csv")), v);
    }
}
