using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Model;

/// <summary>The step laws hold for the real step, and each fails on a mutant (so none of them is vacuous).</summary>
public class StepProperties
{
    [Property(MaxTest = 300)]
    public Property GatesStayInUnitIntervalUnderForwardEulerCondition() => StepLaws.GatesStayInUnitInterval(StepMutants.Real);

    /// <summary>
    /// The precondition is documented, not hidden: drop dt·(α+β) ≤ 1 and FsCheck finds a state whose gate leaves [0,1]
    /// (large dt with V far from rest, where α+β is large).
    /// </summary>
    [Fact]
    public void ShouldFail_GatesLeaveUnitIntervalWithoutThePrecondition() =>
        Mutation.AssertFails(StepLaws.GatesStayInUnitInterval(StepMutants.Real, withPrecondition: false));

    [Property(MaxTest = 200)]
    public Property StepIsPure() => StepLaws.IsPure(StepMutants.Real);

    [Fact]
    public void ShouldFail_PurityOnAStepThatMutatesItsInput() => Mutation.AssertFails(StepLaws.IsPure(StepMutants.MutatesInput));

    [Fact]
    public void ShouldFail_PurityOnAStepWithHiddenState() => Mutation.AssertFails(StepLaws.IsPure(StepMutants.Stateful()));

    [Property(MaxTest = 300)]
    public Property CouplingConservesCharge() => StepLaws.CouplingConservesCharge(StepMutants.Real);

    [Fact]
    public void ShouldFail_ConservationOnAsymmetricCoupling() => Mutation.AssertFails(StepLaws.CouplingConservesCharge(StepMutants.AsymmetricCoupling));

    [Property(MaxTest = 100)]
    public Property IdenticalCompartmentsStayIdentical() => StepLaws.IdenticalCompartmentsStayIdentical(StepMutants.Real);

    [Fact]
    public void ShouldFail_SymmetryOnPositionDependentDrift() => Mutation.AssertFails(StepLaws.IdenticalCompartmentsStayIdentical(StepMutants.PositionDrift));

    [Property(MaxTest = 100)]
    public Property GroupEqualsSingleNeurons() => StepLaws.GroupEqualsSingles(StepMutants.Real);

    [Fact]
    public void ShouldFail_GroupEqualsSinglesWithCrossTalk() => Mutation.AssertFails(StepLaws.GroupEqualsSingles(StepMutants.CrossTalk));
}
