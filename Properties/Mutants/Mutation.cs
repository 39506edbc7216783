using FsCheck;
using FsCheck.Fluent;

namespace HHFunctional.Properties.Mutants;

public static class Mutation
{
    /// <summary>Runs FsCheck on a property expected to fail and asserts that it finds a counterexample.</summary>
    public static void AssertFails(Property property, int maxTest = 1000)
    {
        var failure = Record.Exception(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true), property));
        Assert.True(failure is not null, "FsCheck found no counterexample: the property cannot fail on this mutant");
        // Only a falsified law is a kill: a property that threw, or ran out of arguments, proves nothing about the law.
        PropertyAssert.AssertLawFailed(failure!.Message);
    }
}
