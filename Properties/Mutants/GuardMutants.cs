using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Integrators;
using HHFunctional.Properties.Validation;

namespace HHFunctional.Properties.Mutants;

/// <summary>The public surface with one guard taken away, as it was before issue 18.</summary>
public class GuardMutantTests
{
    [Fact]
    public void ShouldFail_OnlyArgumentExceptionsEscape_WithoutTheSelectionGuardOfRunRecorded() =>
        // The run's own engine entry, unguarded: a compartment or neuron outside the group reads out of range (and, before
        // RowsFor checked Every, Every = 0 divided by zero: the DivideByZeroException).
        PropertyAssert.Falsified(Prop.ForAll(FsCheck.Fluent.Arb.From(InvalidArgumentProperties.RunRecordedAttempts),
            a => InvalidArgumentProperties.Law(a, PublicSurface.Public with
            {
                RunRecorded = (spec, selection) => RecordedRun.Record(spec, selection, RunSettings.Default, KernelPath.Scalar),
            })), maxTest: 400);

    [Fact]
    public void ShouldFail_OnlyArgumentExceptionsEscape_WithoutTheStateGuardOfStep() =>
        // The integrator's step with no shape check (what Simulation.Step was): a short array reads out of range.
        PropertyAssert.Falsified(Prop.ForAll(FsCheck.Fluent.Arb.From(InvalidArgumentProperties.StepAttempts),
            a => InvalidArgumentProperties.Law(a, PublicSurface.Public with { Step = UncheckedStep })), maxTest: 200);

    // The engine's forward-Euler step without SingleStep's shape check.
    private static HHFunctional.Core.Model.State UncheckedStep(HHFunctional.Core.SimulationSpec spec, HHFunctional.Core.Model.State state)
    {
        var group = new HHFunctional.Core.Engine.GroupRun<HHFunctional.Core.Engine.Kernel<HHFunctional.Core.Engine.PointSweep<ForwardEuler.Scheme,
            HHFunctional.Core.Engine.ForwardEulerMode>, HHFunctional.Core.Engine.ScalarLane>>(spec, state, 0, state.Neurons);
        group.Step();
        return group.Buffers.ToState(state.DtMs);
    }
}
