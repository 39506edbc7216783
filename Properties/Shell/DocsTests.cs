using System.Text.RegularExpressions;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// The README is a front page (≤ 12 KB) and the manual lives in docs/; the generated parts of docs/cli.md (the run
/// option table, sweep's and bench's help) are what the code holds. After an intended change run
/// <c>HHF_UPDATE_DOCS=1 dotnet test HHFunctional.sln -c Release --filter DocsTests</c> and review the diff.
/// </summary>
public sealed class DocsTests
{
    private static string Read(string relative) => File.ReadAllText(Path.Combine(RepoRoot.Path, relative)).Replace("\r\n", "\n");

    [Fact]
    public void CliPageGeneratedBlocksAreTheOptionTablesAndHelp()
    {
        string path = Path.Combine(RepoRoot.Path, "docs", "cli.md");
        string page = Read("docs/cli.md");
        string expected = Docs.Regenerate(page);
        if (Environment.GetEnvironmentVariable("HHF_UPDATE_DOCS") == "1" && expected != page) File.WriteAllText(path, expected);
        else Assert.Equal(expected, page);
    }

    [Fact]
    public void EveryRunOptionHasARowInTheCliPage()
    {
        string page = Read("docs/cli.md");
        foreach (var o in CommandLine.RunOptionsTable) Assert.Contains($"\n| `--{o.Name}` |", page);
    }

    [Fact]
    public void ReadmeIsAFrontPageOfAtMostTwelveKilobytes()
    {
        long bytes = new FileInfo(Path.Combine(RepoRoot.Path, "README.md")).Length;
        Assert.True(bytes <= 12 * 1024, $"README.md has {bytes} bytes, expected at most {12 * 1024}");
    }

    /// <summary>The front page and the docs pages the link and wording checks read.</summary>
    public static TheoryData<string> Pages => new() { "README.md", "docs/cli.md", "docs/sweeps.md", "docs/numerics.md", "docs/performance.md" };

    /// <summary>Every relative link of the README and the docs pages points at a file of the repository (an escaped
    /// bracket, as in the option table's <c>dend\[12\](1)</c>, closes no link).</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public void RelativeLinksPointAtFiles(string page)
    {
        string folder = Path.GetDirectoryName(Path.Combine(RepoRoot.Path, page))!;
        // Code is no link: fenced and indented blocks and inline code (`dend[29](1)`) are left out first.
        string text = Regex.Replace(Read(page), "```.*?```", "", RegexOptions.Singleline);
        text = Regex.Replace(text, @"^    .*$", "", RegexOptions.Multiline);
        text = Regex.Replace(text, "`[^`\n]*`", "``");
        foreach (Match link in Regex.Matches(text, @"(?<!\\)\]\(([^)#:]+)(#[^)]*)?\)"))
            Assert.True(Path.Exists(Path.Combine(folder, link.Groups[1].Value)), $"{page} links to {link.Groups[1].Value}, which does not exist");
    }

    /// <summary>Figures carry a date and a commit, not a story of who measured them when.</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public void NoDiaryWording(string page)
    {
        var diary = Regex.Matches(Read(page), @"\b(this|last|that|same|later|earlier|previous|next) session\b|\bquiet moment\b", RegexOptions.IgnoreCase);
        Assert.True(diary.Count == 0, $"{page}: {string.Join(", ", diary.Select(m => m.Value))}");
    }
}
