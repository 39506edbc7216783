using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Core.Network;
using HHFunctional.Properties.Morphology;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Network;

/// <summary>
/// The exchange law: cells that advance alone for the minimum delay and then swap spikes (in blocks, on any number of
/// threads) give the serial run, in which every cell sees every spike after each step (NEURON on one thread), bit for bit:
/// the same spikes and the same traces. Generated networks cover 1–3 populations (1–10 cells, or 20–80, so that a group
/// spans several of the engine's 512-value chunks) of random importable morphologies (hh
/// everywhere, so they fire), ExpSyn and Exp2Syn synapses on any node, detectors on any node, delays anywhere from dt
/// to 1.5 ms (multiples of dt or not), spike sources, both implicit integrators and blocks of any size.
/// </summary>
public class NetworkExchangeLaws
{
    private const double DtMs = 0.025;

    public sealed record Case(NetworkSpec Network, IReadOnlyList<NetworkProbe> Probes, int Threads, int BlockCells)
    {
        public override string ToString() =>
            $"{Network.Populations.Count} populations ({string.Join(", ", Network.Populations.Select(p => $"{p.Cells.Neurons}×{p.Cells.Compartments} nodes"))}), " +
            $"{Network.Synapses.Count} synapses, {Network.Connections.Count} connections, exchange every {Network.ExchangeSteps} steps, " +
            $"{Threads} threads, blocks of {BlockCells}";
    }

    private static Gen<double> Between(double lo, double hi) => Gen.Choose(0, 1000).Select(i => lo + (hi - lo) * i / 1000.0);

    private static Population PopulationOf(int seed, int nseg, int cells, IntegratorKind integrator, int index)
    {
        var morphology = MorphologyArbitraries.RandomImportable(seed).Morphology;
        var cell = CellModel.Build(morphology, new NsegRule.Fixed(nseg), [new Insertion("all", "hh")], [], cells)
            .Match(Succ: c => c, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var spec = SimulationSpec.Validate(cell.ApplyTo(new SimulationParameters
        {
            DtMs = DtMs,
            Iterations = 400,
            Integrator = integrator,
            Initial = InitialConditions.Steady(-65),
            Stimulus = Stimulus.None,
        })).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        return new Population($"p{index}", spec);
    }

    private static Gen<SynapseKind> Kinds =>
        Gen.OneOf(
            Between(0.5, 5).Select(tau => (SynapseKind)new ExpSyn(tau, 0)),
            from tau1 in Between(0.1, 1) from tau2 in Between(1.5, 6) select (SynapseKind)new Exp2Syn(tau1, tau2, 0));

    private static Gen<Case> Cases =>
        from integrator in Gen.Elements(IntegratorKind.CrankNicolson, IntegratorKind.BackwardEuler)
        from shapes in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(
            from seed in Gen.Choose(0, int.MaxValue) from nseg in Gen.Choose(1, 2)
            from cells in Gen.Frequency((4, Gen.Choose(1, 10)), (1, Gen.Choose(20, 80))) select (seed, nseg, cells), n))
        let populations = shapes.Select((s, i) => PopulationOf(s.seed, s.nseg, s.cells, integrator, i)).ToArray()
        let places = populations.SelectMany((p, i) => Enumerable.Range(0, p.Cells.Neurons).Select(j => (Population: i, Neuron: j, Nodes: p.Cells.Compartments))).ToArray()
        from synapses in Gen.ArrayOf(
            from place in Gen.Elements(places) from node in Gen.Choose(0, place.Nodes - 1) from kind in Kinds
            select new SynapseSite(place.Neuron, node, kind) { Population = place.Population }, places.Length + 2)
        from detectors in Gen.ArrayOf(
            from place in Gen.Elements(places) from node in Gen.Choose(0, place.Nodes - 1) from threshold in Between(-30, 10)
            select new Detector(place.Neuron, node, threshold) { Population = place.Population }, places.Length)
        from connections in Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(
            from d in Gen.Choose(0, detectors.Length - 1) from s in Gen.Choose(0, synapses.Length - 1)
            from weight in Between(0, 0.5)
            from delay in Gen.OneOf(Gen.Choose(1, 60).Select(k => k * DtMs), Between(DtMs, 1.5))
            select new Connection(d, s, weight, delay), n))
        from sources in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(
            from times in Gen.ArrayOf(Between(0, 6), 3) from s in Gen.Choose(0, synapses.Length - 1)
            from weight in Between(0.1, 1) from delay in Between(0, 1)
            select new SpikeSource(times, s, weight, delay), n))
        from probes in Gen.ArrayOf(
            from place in Gen.Elements(places) from node in Gen.Choose(0, place.Nodes - 1)
            select new NetworkProbe(place.Population, place.Neuron, node), 3)
        from threads in Gen.Choose(1, 3)
        from blockCells in Gen.Choose(1, 9)
        select new Case(NetworkSpec.Validate(populations, synapses, detectors, connections, sources)
            .Match(Succ: n => n, Fail: e => throw new InvalidOperationException(string.Join("; ", e))), probes, threads, blockCells);

    /// <summary>NEURON on one thread: every population one block, spikes exchanged after every step.</summary>
    private static NetworkResult Serial(Case c) =>
        NetworkRun.Run(c.Network, new NetworkRunSettings { Record = c.Probes, ExchangeStepsOverride = 1 });

    internal static Property ExchangeLaw(Func<Case, NetworkRunSettings> exchanged) => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var serial = Serial(c);
        var ours = NetworkRun.Run(c.Network, exchanged(c));
        bool same = serial.Spikes.SequenceEqual(ours.Spikes)
            && serial.Traces.Zip(ours.Traces, (a, b) => a.AsSpan().SequenceEqual(b)).All(x => x)
            && Equals(serial.BlowUp?.Detail.Iteration, ours.BlowUp?.Detail.Iteration);
        return same.Label($"serial {serial.Spikes.Count} spikes, exchanged {ours.Spikes.Count}")
            .Classify(serial.Spikes.Count > c.Network.Sources.Count, "spikes beyond the sources' kicks")
            .Classify(c.Network.ExchangeSteps > 1, "exchange interval > 1 step")
            .Classify(c.Network.Populations.Any(p => p.Cells.Neurons * p.Cells.Compartments > 512), "a population of several 512-value chunks");
    });

    [Fact]
    public void CellsThatAdvanceAloneUntilTheMinimumDelayGiveTheSerialRun() =>
        ExchangeLaw(c => new NetworkRunSettings { Record = c.Probes, Threads = c.Threads, BlockCellsOverride = c.BlockCells })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(30));

    /// <summary>Mutant: exchanging one step later than the minimum delay allows delivers some events late.</summary>
    [Fact]
    public void ExchangingLaterThanTheMinimumDelayFailsTheLaw() =>
        PropertyAssert.Falsified(ExchangeLaw(c => new NetworkRunSettings
        {
            Record = c.Probes, Threads = c.Threads, BlockCellsOverride = c.BlockCells, ExchangeStepsOverride = c.Network.ExchangeSteps + 1,
        }), maxTest: 400);

    /// <summary>The interval is the delivery rule's: a delay d is delivered ⌈d/dt − ½⌉ steps after the spike.</summary>
    [Theory]
    [InlineData(0.025, 1)]
    [InlineData(0.03, 1)]
    [InlineData(0.0374, 1)]
    [InlineData(0.038, 2)]
    [InlineData(5.0, 200)]
    [InlineData(5.0124, 200)]
    [InlineData(5.0126, 201)]
    public void TheExchangeIntervalIsTheMinimumDelayInSteps(double minDelayMs, long steps)
    {
        var population = PopulationOf(1, 1, 2, IntegratorKind.CrankNicolson, 0);
        var network = NetworkSpec.Validate([population], [new SynapseSite(1, 0, new ExpSyn(2, 0))], [new Detector(0, 0, 0)],
            [new Connection(0, 0, 0.1, minDelayMs), new Connection(0, 0, 0.1, minDelayMs + 3)], [])
            .Match(Succ: n => n, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        Assert.Equal(steps, network.ExchangeSteps);
    }
}
