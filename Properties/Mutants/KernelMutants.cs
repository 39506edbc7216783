using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Integrators.Kernels;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Integrators;

namespace HHFunctional.Properties.Mutants;

/// <summary>The scalar forward-Euler kernel with the last compartment's new v one ulp off: a change no eye would see.</summary>
internal readonly struct NudgedScalarKernel : IGroupKernel
{
    public static bool Advance(in KernelConstants k, GroupBuffers b)
    {
        bool bad = ForwardEulerKernel.Scalar.Advance(k, b);
        var v1 = b.Data(b.V1);
        v1[^1] = Math.BitIncrement(v1[^1]);
        return bad;
    }
}

/// <summary>The vector forward-Euler lanes with the stimulus forgotten.</summary>
internal readonly struct StimulusBlindLanes : ILaneMath<StimulusBlindLanes>
{
    private readonly ForwardEulerKernel.Lanes _inner;
    private StimulusBlindLanes(ForwardEulerKernel.Lanes inner) => _inner = inner;
    public static StimulusBlindLanes Create(in KernelConstants k) => new(ForwardEulerKernel.Lanes.Create(k));

    public (Vector512<double> V, Vector512<double> M, Vector512<double> H, Vector512<double> N) Compute(
        Vector512<double> v, Vector512<double> vPrevious, Vector512<double> vNext, Vector512<double> hasPrevious, Vector512<double> hasNext,
        Vector512<double> m, Vector512<double> h, Vector512<double> n, Vector512<double> stim) =>
        _inner.Compute(v, vPrevious, vNext, hasPrevious, hasNext, m, h, n, Vector512<double>.Zero);
}

/// <summary>A vector sweep whose result depends on where a value sits: the first lane of every vector is nudged by an ulp.</summary>
internal readonly struct LanePositionDependentSweep : IGroupKernel
{
    public static bool Advance(in KernelConstants k, GroupBuffers b)
    {
        bool bad = VectorSweep<ForwardEulerKernel.Lanes>.Advance(k, b);
        var v1 = b.Data(b.V1);
        for (int i = 0; i < v1.Length; i += 8) v1[i] = Math.BitIncrement(v1[i]);
        return bad;
    }
}

/// <summary>The twisted solve with the meeting row 1e-9 off (relative): far below what a plot shows.</summary>
internal static class NudgedTwistedThomas
{
    public static void Solve(Span<double> diagonal, Span<double> rhs, int stride, int compartments, int neuron, double offDiagonal)
    {
        TwistedThomas.Solve(diagonal, rhs, stride, compartments, neuron, offDiagonal);
        rhs[neuron + compartments / 2 * stride] *= 1 + 1e-9;
    }
}

/// <summary>Each kernel law must fail on a deliberately broken kernel; otherwise it proves nothing.</summary>
public class KernelMutantTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(100);

    // The law itself must be falsified (its label is printed), not merely throw for some other reason.
    private static void FailsWithLabel(Action check) =>
        Assert.Contains("Label of failing property", Assert.ThrowsAny<Exception>(check).Message);

    [Fact]
    public void ShouldFail_ScalarEqualsStepFold_OnNudgedScalarKernel() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.ScalarEqualsStepFold(c, (spec, selection) =>
                RecordedRun.Record<NudgedScalarKernel>(spec, selection, RunSettings.Default)))));

    [Fact]
    public void ShouldFail_VectorCloseToStepFold_OnStimulusBlindLanes() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.VectorCloseToStepFold(c, (spec, selection) =>
                RecordedRun.Record<VectorSweep<StimulusBlindLanes>>(spec, selection, RunSettings.Default)))));

    [Fact]
    public void ShouldFail_TwistedEqualsThomas_OnNudgedSolve() =>
        FailsWithLabel(() => Check.One(Quick, TwistedThomasTests.Law(NudgedTwistedThomas.Solve)));

    // Keeps one state too many: the first state after the last multiple of K as well.
    [Fact]
    public void ShouldFail_EveryKEqualsStepFold_OnOffByOneRun() =>
        FailsWithLabel(() => Check.One(Quick, Prop.ForAll(KernelCaseGen.Arbitrary(IntegratorKind.ForwardEuler),
            c => KernelLaws.EveryKEqualsStepFold(c, (spec, every) => Simulation.Run(spec).Where(s => s.Iteration % every == 0 || s.Iteration == 1)))));

    // Splits evenly without rounding blocks to whole vectors.
    [Fact]
    public void ShouldFail_BlocksLaw_OnUnalignedBlocks() =>
        FailsWithLabel(() => Check.One(Quick, ThreadSplitTests.BlocksLaw((neurons, threads) =>
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
