using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Engine;

namespace HHFunctional.Properties.Mutants;

/// <summary>
/// The engine's stimulus as it was before the fix: each segment's constant amplitude only, so ramps keep their start
/// value and user functions are dropped.
/// </summary>
internal sealed class ConstantOnlySchedule(Stimulus stimulus, int compartments) : StimulusSchedule(stimulus, compartments)
{
    private readonly IReadOnlyList<StimulusSegment> _segments = stimulus.Segments;

    public override double AmplitudeAt(double tMs, int compartment)
    {
        double total = 0.0;
        foreach (var s in _segments)
            if (s.Compartment == compartment && s.IsOnAt(tMs)) total += s.AmplitudeUAPerCm2;
        return total;
    }
}

public class StimulusMutantTests
{
    [Fact]
    public void ShouldFail_RunPathsEqualStepFold_OnTheConstantOnlyStimulusTable()
    {
        var broken = RunPathsEqualStepFold.Public with
        {
            RunRecordedScalar = (spec, selection, settings) => RecordedRun.Record(spec, selection, settings, KernelPath.Scalar,
                new ConstantOnlySchedule(spec.Parameters.Stimulus, spec.Compartments)),
            RunRecorded = (spec, selection, settings) => RecordedRun.Record(spec, selection, settings, KernelPath.Vector,
                new ConstantOnlySchedule(spec.Parameters.Stimulus, spec.Compartments)),
        };
        PropertyAssert.Falsified(Prop.ForAll(Arb.From(RunPathsEqualStepFold.Cases), c => RunPathsEqualStepFold.Law(c, broken)), maxTest: 100);
    }
}
