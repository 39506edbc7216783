using System.Text;
using System.Text.RegularExpressions;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// plotly.js is copied into the page in 64 KiB chunks with every "&lt;/script" (any case) written "&lt;\/script": checked
/// against the plain string replacement, with the match placed across every chunk boundary position.
/// </summary>
public sealed class ScriptSafeCopyTests
{
    private const int Chunk = 1 << 16;

    public static IEnumerable<object[]> Positions() =>
        Enumerable.Range(Chunk - 9, 11).Concat(new[] { 0, 1, 2 * Chunk - 3, 3 * Chunk - 1 }).Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Positions))]
    public void EveryClosingScriptTagIsEscapedWhereverItFalls(int position)
    {
        var text = new StringBuilder(new string('a', 3 * Chunk + 100));
        text.Insert(position, "</ScRiPt>");
        text.Insert(text.Length - 20, "x</script"); // also at the very end of the input
        text.Append("</scrip"); // a partial match at the end stays as it is
        string script = text.ToString();
        using var output = new MemoryStream();
        Page.CopyScriptSafe(new MemoryStream(Encoding.ASCII.GetBytes(script)), output);
        string expected = Regex.Replace(script, "<(/script)", "<\\$1", RegexOptions.IgnoreCase);
        Assert.Equal(expected, Encoding.ASCII.GetString(output.ToArray()));
        Assert.DoesNotMatch(new Regex("</script", RegexOptions.IgnoreCase), Encoding.ASCII.GetString(output.ToArray()));
    }
}
