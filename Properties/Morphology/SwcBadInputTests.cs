using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Morphology;

/// <summary>Every malformed SWC is refused as values naming the file, the line and the rule.</summary>
public class SwcBadInputTests
{
    private static List<MorphologyError> Errors(string text) =>
        Swc.Read(text, "cell.swc").Match(_ => throw new Xunit.Sdk.XunitException("accepted"), e => e.ToList());

    [Theory]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 7\n", 2, "parent-missing")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 3\n3 3 0 20 0 1 1\n", 2, "parent-after-child")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 3\n3 3 0 20 0 1 2\n", 2, "cycle")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 2\n", 2, "cycle")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 1\n2 3 0 20 0 1 1\n", 3, "duplicate-id")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 0 1\n", 2, "radius-not-positive")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 -1 1\n", 2, "radius-not-positive")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 ten 0 1 1\n", 2, "not-a-number")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 NaN 0 1 1\n", 2, "not-a-number")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1\n", 2, "column-count")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 1 9\n", 2, "column-count")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 10 0 1 -1\n", 2, "several-roots")]
    [InlineData("1 1 0 0 0 5 -1\n2.5 3 0 10 0 1 1\n", 2, "not-an-integer")]
    [InlineData("1 1 0 0 0 5 -1\n16777217 3 0 10 0 1 1\n", 2, "not-an-integer")]
    [InlineData("# only a comment\n\n", 0, "empty")]
    [InlineData("", 0, "empty")]
    public void MalformedSwcIsRefusedWithLineAndRule(string text, int line, string rule)
    {
        var errors = Errors(text);
        Assert.Contains(errors, e => e.Rule == rule && e.Line == line && e.Source == "cell.swc");
        var e0 = errors.First(e => e.Rule == rule);
        Assert.StartsWith(line > 0 ? $"cell.swc:{line}: {rule}: " : $"cell.swc: {rule}: ", e0.ToString());
    }

    [Fact]
    public void EveryBadLineIsReportedNotOnlyTheFirst()
    {
        var errors = Errors("1 1 0 0 0 5 -1\n2 3 x 10 0 1 1\n3 3 0 10 0 0 2\n4 3 0 10\n");
        Assert.Equal([(2, "not-a-number"), (3, "radius-not-positive"), (4, "column-count")], errors.Select(e => (e.Line, e.Rule)));
    }

    [Fact]
    public void CycleMessageShowsThePath()
    {
        var e = Errors("1 1 0 0 0 5 -1\n5 3 0 10 0 1 7\n6 3 0 20 0 1 5\n7 3 0 20 0 1 6\n").Single();
        Assert.Equal("cell.swc:2: cycle: sample 5 is its own ancestor: 5 → 7 → 6 → 5 (child → parent)", e.ToString());
    }
}
