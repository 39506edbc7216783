using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Integrators;
using HHFunctional.Properties.Engine;
using HHFunctional.Core.Integrators;

namespace HHFunctional.Properties.Mutants;

/// <summary>The scalar forward-Euler kernel with the last compartment's new v one ulp off: a change no eye would see.</summary>
internal readonly struct NudgedScalarKernel : IGroupKernel
{
    public static bool Advance(KernelConstants k, GroupBuffers b)
    {
        bool bad = Kernel<PointSweep<ForwardEuler.Scheme, ForwardEulerMode>, ScalarLane>.Advance(k, b);
        var v1 = b.Data(b.V1);
        v1[^1] = Math.BitIncrement(v1[^1]);
        return bad;
    }
}

/// <summary>Forward Euler with the stimulus forgotten.</summary>
internal readonly struct StimulusBlindScheme : IPointScheme
{
    public static T Voltage<T, TSeed>(in StepLanes<T> c, in ChunkChannels<T> channels, nuint j, T v, T vPrevious, T vNext,
        T hasPrevious, T hasNext, T stimulus, T cm, in TreeTerms<T> tree) where T : struct, ILane<T> where TSeed : IFlag =>
        ForwardEuler.Scheme.Voltage<T, TSeed>(c, channels, j, v, vPrevious, vNext, hasPrevious, hasNext, T.Broadcast(0.0), cm, tree);
}

/// <summary>Forward Euler that forgets C_m (divides the net current by 1 µF/cm²): invisible while every membrane has C_m = 1.</summary>
internal readonly struct IgnoresCmScheme : IPointScheme
{
    public static T Voltage<T, TSeed>(in StepLanes<T> c, in ChunkChannels<T> channels, nuint j, T v, T vPrevious, T vNext,
        T hasPrevious, T hasNext, T stimulus, T cm, in TreeTerms<T> tree) where T : struct, ILane<T> where TSeed : IFlag
    {
        var current = stimulus;
        current = T.Select(hasPrevious, current + c.Coupling.From<TSeed>(vPrevious, v), current);
        current = T.Select(hasNext, current + c.Coupling.From<TSeed>(vNext, v), current);
        return v + channels.SubtractCurrents(current, v, j) * c.DtMs;
    }
}

/// <summary>The scalar forward-Euler kernel with each neuron's new v taken from the next neuron's lane: invisible while all
/// neurons start alike.</summary>
internal readonly struct LaneRotatingKernel : IGroupKernel
{
    public static bool Advance(KernelConstants k, GroupBuffers b)
    {
        bool bad = Kernel<PointSweep<ForwardEuler.Scheme, ForwardEulerMode>, ScalarLane>.Advance(k, b);
        var v1 = b.Data(b.V1);
        int neurons = b.Neurons;
        for (int c = 0; c < b.Compartments; c++)
        {
            var row = v1.Slice(c * neurons, neurons);
            double first = row[0];
            for (int j = 0; j < neurons - 1; j++) row[j] = row[j + 1];
            row[neurons - 1] = first;
        }
        return bad;
    }
}

/// <summary>A vector sweep whose result depends on where a value sits: the first lane of every vector is nudged by an ulp.</summary>
internal readonly struct LanePositionDependentSweep : IGroupKernel
{
    public static bool Advance(KernelConstants k, GroupBuffers b)
    {
        bool bad = Kernel<PointSweep<ForwardEuler.Scheme, ForwardEulerMode>, VectorLane>.Advance(k, b);
        var v1 = b.Data(b.V1);
        for (int i = 0; i < v1.Length; i += 8) v1[i] = Math.BitIncrement(v1[i]);
        return bad;
    }
}

/// <summary>The cable solve with the root row 1e-9 off (relative): far below what a plot shows.</summary>
internal static class NudgedCableSolve
{
    public static void Solve(Span<double> diagonal, Span<double> rhs, int stride, int compartments, int neuron, double offDiagonal)
    {
        HinesTests.CableSolve(diagonal, rhs, stride, compartments, neuron, offDiagonal);
        rhs[neuron + compartments / 2 * stride] *= 1 + 1e-9;
    }
}

/// <summary>Each kernel law must fail on a deliberately broken kernel; otherwise it proves nothing.</summary>
public class KernelMutantTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(100);

    // The law itself must be falsified (its label is printed), not merely throw for some other reason.
    private static void FailsWithLabel(Action check)
    {
        var message = Assert.ThrowsAny<Exception>(check).Message;
        Assert.Contains("Label of failing property", message);
        PropertyAssert.AssertLawFailed(message);
    }

    [Fact]
    public void ShouldFail_ScalarEqualsStepFold_OnNudgedScalarKernel() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.ScalarEqualsStepFold(c, (spec, selection) =>
                RecordedRun.Record<NudgedScalarKernel>(spec, selection, RunSettings.Default)))));

    [Fact]
    public void ShouldFail_VectorCloseToStepFold_OnStimulusBlindLanes() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.VectorCloseToStepFold(c, (spec, selection) =>
                RecordedRun.Record<Kernel<PointSweep<StimulusBlindScheme, ForwardEulerMode>, VectorLane>>(spec, selection, RunSettings.Default)))));

    [Fact]
    public void ShouldFail_VectorCloseToStepFold_OnAKernelIgnoringCm() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.VectorCloseToStepFold(c, (spec, selection) =>
                RecordedRun.Record<Kernel<PointSweep<IgnoresCmScheme, ForwardEulerMode>, VectorLane>>(spec, selection, RunSettings.Default)))));

    [Fact]
    public void ShouldFail_ScalarEqualsStepFold_OnAKernelReadingAnotherNeuronsLane() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.ScalarEqualsStepFold(c, (spec, selection) =>
                RecordedRun.Record<LaneRotatingKernel>(spec, selection, RunSettings.Default)))));

    [Fact]
    public void ShouldFail_MiddleRootedCableEqualsTheChain_OnNudgedSolve() =>
        FailsWithLabel(() => Check.One(Quick, HinesTests.Law(NudgedCableSolve.Solve)));

    // Keeps one state too many: the first state after the last multiple of K as well.
    [Fact]
    public void ShouldFail_EveryKEqualsStepFold_OnOffByOneRun() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.EveryKEqualsStepFold(c, (spec, every) => Simulation.Run(spec).Where(s => s.Iteration % every == 0 || s.Iteration == 1)))));

    // Splits evenly without rounding blocks to whole vectors.
    [Fact]
    public void ShouldFail_BlocksLaw_OnUnalignedBlocks() =>
        FailsWithLabel(() => Check.One(Quick, ThreadSplitTests.BlocksLaw((neurons, threads, _) =>
        {
            int usable = Math.Max(1, Math.Min(threads, neurons / RunSettings.MinNeuronsPerThread));
            return Enumerable.Range(0, usable).Select(b => (b * neurons / usable, (b + 1) * neurons / usable - b * neurons / usable)).ToArray();
        })));

    [Fact]
    public void ShouldFail_SplitInvariant_OnLanePositionDependentSweep() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(ThreadSplitTests.Splits(),
            s => ThreadSplitTests.SplitInvariant(s with { Case = s.Case with { Parameters = s.Case.Parameters with { Integrator = IntegratorKind.ForwardEuler } } },
                (spec, selection, blocks) => RecordedRun.Record<LanePositionDependentSweep>(spec, selection, RunSettings.Default, blocks)))));
}
