using System.Text.Json.Nodes;
using HHFunctional.Shell.Sweep;

namespace HHFunctional.Properties.Sweep;

/// <summary>The README's and docs/sweeps.md's samples show what the code does: the grid is the example file, the sbatch is the script.</summary>
public class SweepReadmeTests
{
    private static string Section(string page = "README.md")
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot.Path, page)).Replace("\r\n", "\n");
        int start = readme.IndexOf(page == "README.md" ? "## Sweeps" : "# Sweeps", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{page} has no Sweeps section");
        int end = page == "README.md" ? readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal) : -1;
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    private static string Block(string section, string language)
    {
        int start = section.IndexOf($"```{language}\n", StringComparison.Ordinal) + language.Length + 4;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/sweeps.md")]
    public void ReadmeGridIsTheFiExample(string page)
    {
        var shown = JsonNode.Parse(Block(Section(page), "json"));
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "Shell", "Sweep", "examples", "fi-curve.json")));
        Assert.True(JsonNode.DeepEquals(shown, file), $"{page}'s f–I grid differs from Shell/Sweep/examples/fi-curve.json");
    }

    [Fact]
    public void ReadmeScriptIsWhatSlurmModeWrites()
    {
        // The README's sample: 8 shards of the f–I grid in /scratch/fi (default memory for it: 514 MB), hhf built in /home/me.
        string command = "/usr/share/dotnet/dotnet /home/me/HHFunctional/Shell/bin/Release/net10.0/hhf.dll";
        string script = SlurmScript.Build(new SlurmRequest(8, "00:10:00", 514, 1, null), "/scratch/fi", command);
        Assert.Equal(script, Block(Section("docs/sweeps.md"), "bash"));
    }
}
