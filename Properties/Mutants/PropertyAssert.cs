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
        Assert.Contains("Falsifiable", error!.Message);
    }
}
