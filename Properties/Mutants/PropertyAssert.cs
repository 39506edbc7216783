using FsCheck;
using FsCheck.Fluent;

namespace HHFunctional.Properties.Mutants;

/// <summary>
/// Asserts that a property is falsified (a counterexample found), not merely that something threw: stricter than
/// <see cref="Mutation.AssertFails"/>, for mutants that could also crash (a crash must not count as the law failing).
/// </summary>
public static class PropertyAssert
{
    /// <summary>Runs the property with FsCheck's defaults (100 tests unless <paramref name="maxTest"/>) and requires it to fail.</summary>
    public static void Falsified(Property property, int maxTest = 100)
    {
        var error = Record.Exception(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(maxTest)));
        Assert.NotNull(error);
        AssertLawFailed(error!.Message);
    }

    /// <summary>
    /// Requires FsCheck's failure message to be a falsified law: a false result ("Expected true, got false"), a labelled
    /// property, or a failed xunit assertion. A property that crashed (any other exception inside it) is reported as
    /// falsifiable too, and ran-out arguments as exhausted: neither proves the law can fail, so neither counts as a kill.
    /// </summary>
    public static void AssertLawFailed(string message)
    {
        Assert.Contains("Falsifiable", message);
        int at = message.IndexOf("with exception:", StringComparison.Ordinal);
        if (at < 0 || message.Contains("Label of failing property", StringComparison.Ordinal)) return;
        string thrown = message[(at + "with exception:".Length)..].TrimStart();
        Assert.True(thrown.StartsWith("System.Exception: Expected true, got false.", StringComparison.Ordinal) || thrown.StartsWith("Xunit.Sdk.", StringComparison.Ordinal),
            $"the property crashed instead of failing its law: {thrown.Split('\n')[0]}");
    }
}
