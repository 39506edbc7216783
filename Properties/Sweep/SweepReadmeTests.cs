using System.Text.Json.Nodes;
using HHFunctional.Shell.Sweep;

namespace HHFunctional.Properties.Sweep;

/// <summary>The README's sweep section shows what the code does: its grid is the example file, its sbatch is the script.</summary>
public class SweepReadmeTests
{
    private static string Section()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md")).Replace("\r\n", "\n");
        int start = readme.IndexOf("## Sweeps", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Sweeps section");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    private static string Block(string section, string language)
    {
        int start = section.IndexOf($"```{language}\n", StringComparison.Ordinal) + language.Length + 4;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void ReadmeGridIsTheFiExample()
    {
        var shown = JsonNode.Parse(Block(Section(), "json"));
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "Shell", "Sweep", "examples", "fi-curve.json")));
        Assert.True(JsonNode.DeepEquals(shown, file), "README's f–I grid differs from Shell/Sweep/examples/fi-curve.json");
    }

    [Fact]
    public void ReadmeScriptIsWhatSlurmModeWrites()
    {
        // The README's sample: 8 shards of the f–I grid in /scratch/fi (default memory for it: 514 MB), hhf built in /home/me.
        string command = "/usr/share/dotnet/dotnet /home/me/HHFunctional/Shell/bin/Release/net10.0/hhf.dll";
        string script = SlurmScript.Build(new SlurmRequest(8, "00:10:00", 514, 1, null), "/scratch/fi", command);
        Assert.Equal(script, Block(Section(), "bash"));
    }
}
