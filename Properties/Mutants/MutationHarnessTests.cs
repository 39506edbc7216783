using FsCheck;
using FsCheck.Fluent;

namespace HHFunctional.Properties.Mutants;

/// <summary>The harness itself: only a falsified law counts as a mutant killed.</summary>
public class MutationHarnessTests
{
    private static readonly Arbitrary<int> Numbers = Arb.From(Gen.Choose(0, 10));

    [Fact]
    public void AFalseResultIsAKill() => Mutation.AssertFails(Prop.ForAll(Numbers, x => x < 0), 20);

    [Fact]
    public void ACrashInsideThePropertyIsNotAKill() =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Mutation.AssertFails(
            Prop.ForAll(Numbers, x => x >= 0 ? throw new InvalidOperationException("crash") : true), 20));

    [Fact]
    public void ExhaustedArgumentsAreNotAKill() =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Mutation.AssertFails(
            Prop.ForAll(Numbers, x => Prop.When(x > 100, () => false)), 20));
}
