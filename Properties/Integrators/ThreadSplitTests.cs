using HHFunctional.Core.Integrators;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Integrators;

/// <summary>Multi-threaded runs: neurons split into blocks that advance on their own must give the one-block result.</summary>
public class ThreadSplitTests
{
    /// <summary>A case and a partition of its neurons into consecutive blocks.</summary>
    public sealed record SplitCase(KernelCase Case, (int First, int Count)[] Blocks)
    {
        public override string ToString() => $"{Case} blocks=[{string.Join(", ", Blocks.Select(b => $"{b.First}+{b.Count}"))}]";
    }

    /// <summary>Cases with N in [1, 12] and a random partition of the neurons (1 to N blocks).</summary>
    public static Arbitrary<SplitCase> Splits() => Arb.From(
        from c in KernelCaseGen.Cases(IntegratorKind.ForwardEuler, IntegratorKind.ExponentialEuler, IntegratorKind.BackwardEuler,
            IntegratorKind.CrankNicolson)
        from cuts in Gen.SubListOf(Enumerable.Range(1, Math.Max(0, c.Parameters.Neurons - 1)).ToArray())
        select new SplitCase(c, ToBlocks(cuts.Order().ToArray(), c.Parameters.Neurons)));

    private static (int, int)[] ToBlocks(int[] cuts, int neurons)
    {
        var edges = new[] { 0 }.Concat(cuts).Concat(new[] { neurons }).ToArray();
        return edges.Zip(edges.Skip(1), (a, b) => (a, b - a)).ToArray();
    }

    public delegate Recording SplitRun(SimulationSpec spec, RecordingSelection selection, IReadOnlyList<(int First, int Count)> blocks);

    /// <summary>The vector kernels as the run command uses them, on explicit blocks.</summary>
    public static Recording VectorRun(SimulationSpec spec, RecordingSelection selection, IReadOnlyList<(int First, int Count)> blocks) =>
        spec.Parameters.Integrator switch
        {
            IntegratorKind.ForwardEuler => RecordedRun.Record<Kernel<PointSweep<ForwardEuler.Scheme, ForwardEulerMode>, VectorLane>>(spec, selection, RunSettings.Default, blocks),
            IntegratorKind.ExponentialEuler => RecordedRun.Record<Kernel<PointSweep<ExponentialEuler.Scheme, ExponentialEulerMode>, VectorLane>>(spec, selection, RunSettings.Default, blocks),
            IntegratorKind.BackwardEuler => RecordedRun.Record<Kernel<ThetaMethod.Scheme<ThetaMethod.BackwardEulerTheta>, VectorLane>>(spec, selection, RunSettings.Default, blocks),
            _ => RecordedRun.Record<Kernel<ThetaMethod.Scheme<ThetaMethod.CrankNicolsonTheta>, VectorLane>>(spec, selection, RunSettings.Default, blocks),
        };

    /// <summary>
    /// Law: neurons do not interact, and a lane's arithmetic does not depend on where it sits in a vector, so running any
    /// partition of the neurons as independent blocks (one per thread) records bit for bit what one block records,
    /// blow-up report included. Precondition: none.
    /// </summary>
    public static Property SplitInvariant(SplitCase s, SplitRun run)
    {
        var spec = s.Case.Spec;
        var whole = run(spec, s.Case.Selection, new[] { (0, spec.Neurons) });
        var split = run(spec, s.Case.Selection, s.Blocks);
        string difference = KernelLaws.FirstBitDifference(whole, split);
        return (difference.Length == 0).Label($"{s}: {difference}")
            .Classify(s.Blocks.Length > 1, "split")
            .Classify(whole.BlowUp is not null, "blows up");
    }

    [Fact]
    public void AnySplitOfTheNeuronsGivesTheOneBlockRecording() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Splits(), s => SplitInvariant(s, VectorRun)));

    /// <summary>The public path with real threads: a group large enough to split, 1 thread vs 3.</summary>
    [Theory]
    [InlineData(IntegratorKind.ForwardEuler, 0.01, 150)]
    [InlineData(IntegratorKind.ExponentialEuler, 0.05, 199)]
    [InlineData(IntegratorKind.CrankNicolson, 0.05, 64)]
    [InlineData(IntegratorKind.BackwardEuler, 0.05, 130)]
    [InlineData(IntegratorKind.ForwardEuler, 0.2, 7)] // blows up: the report must not depend on the split either
    public void ThreadsDoNotChangeTheRecording(IntegratorKind integrator, double dtMs, int neuron)
    {
        var spec = SimulationSpec.Validate(new SimulationParameters
        {
            Integrator = integrator, Neurons = 200, Compartments = 6, Iterations = 400, DtMs = dtMs,
            Stimulus = new Stimulus(new[] { new StimulusSegment(0.5, 3.0, 20.0, 2) }),
        }).Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var selection = new RecordingSelection(StateVariables.All, Enumerable.Range(0, 6).ToArray(), neuron, 2);
        Assert.Equal(3, RecordedRun.Blocks(200, 3).Count);

        var one = Simulation.RunRecorded(spec, selection, new RunSettings { Threads = 1 });
        var three = Simulation.RunRecorded(spec, selection, new RunSettings { Threads = 3 });

        Assert.Equal("", KernelLaws.FirstBitDifference(one, three));
        if (dtMs >= 0.2) Assert.NotNull(one.BlowUp);
    }

    /// <summary>Law: the blocks partition [0, N) in order, all but the last a whole number of vectors, at most one per
    /// thread, and none smaller than <see cref="RunSettings.MinNeuronsPerThread"/> unless there is only one.</summary>
    [Fact]
    public void BlocksPartitionTheNeurons() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), BlocksLaw(RecordedRun.Blocks));

    [Fact]
    public void CopiesOfABranchedCellSplitAcrossThreads() => Assert.Equal(2, RecordedRun.Blocks(64, 2, 235).Count);

    /// <summary>Law: the blocks partition [0, N) in order, all but the last a whole number of vectors, at most one per
    /// thread, and none smaller than half of <see cref="RunSettings.MinNeuronsPerThread"/> neurons unless there is only one
    /// or the neurons have many compartments (then none smaller than a vector and half the values a thread needs).
    /// Precondition: none (N in [1, 100,000], threads in [1, 64], compartments in [1, 2,000]).</summary>
    public static Property BlocksLaw(Func<int, int, int, IReadOnlyList<(int First, int Count)>> blocksFor) => Prop.ForAll(
        Arb.From(Gen.Choose(1, 100_000)), Arb.From(Gen.Choose(1, 64)), Arb.From(Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Choose(1, 2000)))), (neurons, threads, compartments) =>
        {
            var blocks = blocksFor(neurons, threads, compartments);
            bool contiguous = blocks[0].First == 0 && blocks.Zip(blocks.Skip(1)).All(p => p.Item1.First + p.Item1.Count == p.Item2.First)
                              && blocks[^1].First + blocks[^1].Count == neurons;
            bool whole = blocks.Take(blocks.Count - 1).All(b => b.Count % 8 == 0);
            bool fewEnough = blocks.Count <= threads;
            bool bigEnough = blocks.Count == 1 || blocks.All(b => b.Count >= RunSettings.MinNeuronsPerThread / 2
                || (b.Count >= 8 && (long)b.Count * compartments >= RecordedRun.MinValuesPerThread / 2));
            return (contiguous && whole && fewEnough && bigEnough).Label($"N={neurons} T={threads} B={compartments}: {string.Join(", ", blocks)}");
        });
}
