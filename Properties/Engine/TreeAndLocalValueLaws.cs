using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Properties.Morphology;
using HHFunctional.Properties.Mutants;
using static HHFunctional.Properties.Generators;

namespace HHFunctional.Properties.Engine;

/// <summary>
/// Laws of the branched-cell engine and of values that differ between neurons or compartments (<see cref="LocalValues"/>).
/// </summary>
public class TreeAndLocalValueLaws(Xunit.Abstractions.ITestOutputHelper output)
{
    // ------------------------------------------------------------------ neurons that differ

    /// <summary>A group whose neurons differ: neuron j has membrane j (cm and every channel's g and E per neuron, one φ).</summary>
    public sealed record DifferCase(Membrane[] Membranes, int Compartments, IntegratorKind Integrator, Cable Cable, double StimUAPerCm2)
    {
        public override string ToString() =>
            $"{Integrator.Name()} N={Membranes.Length} B={Compartments} cable={Cable} stim={StimUAPerCm2:G4} membranes=[{string.Join("; ", Membranes.Select(m => m.ToString()))}]";
    }

    private static Gen<DifferCase> DifferCases =>
        from n in Gen.Choose(1, 11)
        from b in Gen.Choose(1, 5)
        from temperature in Gen.Elements(6.3, 18.5)
        from membranes in Gen.ArrayOf(Membranes.Select(m => m with { TemperatureC = temperature }), n)
        from integrator in Gen.Elements(IntegratorKind.ForwardEuler, IntegratorKind.ExponentialEuler, IntegratorKind.BackwardEuler, IntegratorKind.CrankNicolson)
        from cable in Gen.Elements<Cable>(Cable.Seed, new PhysicalCable(20.0, 2000.0, 100.0))
        from stim in Between(0.0, 20.0)
        select new DifferCase(membranes, b, integrator, cable, stim);

    /// <summary>The mutant layout: the values of <see cref="LocalValues.FromMembranes"/> laid out neuron-major (the easy
    /// slip of a transposed index), so neuron j reads other neurons' values where the group has several compartments.</summary>
    internal static LocalValues NeuronMajor(Membrane[] membranes, int compartments)
    {
        int n = membranes.Length;
        ImmutableArray<double> Transposed(ImmutableArray<double> a) =>
            ImmutableArray.CreateRange(Enumerable.Range(0, a.Length).Select(i => a[i % compartments * n + i / compartments]));
        var right = LocalValues.FromMembranes(membranes, compartments);
        return new LocalValues
        {
            CmUFPerCm2 = Transposed(right.CmUFPerCm2),
            GMaxMSPerCm2 = right.GMaxMSPerCm2.ToImmutableDictionary(kv => kv.Key, kv => Transposed(kv.Value)),
            EMv = right.EMv.ToImmutableDictionary(kv => kv.Key, kv => Transposed(kv.Value)),
        };
    }

    private static SimulationParameters Base(DifferCase x) => new()
    {
        Compartments = x.Compartments, Neurons = x.Membranes.Length, Integrator = x.Integrator, Cable = x.Cable,
        DtMs = 0.01, Iterations = 300, Stimulus = Stimulus.Step(0.5, 1e9, x.StimUAPerCm2, 0),
    };

    /// <summary>
    /// Law: neuron j of a group whose neurons differ equals, bit for bit, neuron j of a uniform group of the same size with
    /// neuron j's values, on the readable path (scalar lane) and the fast path (vector lanes): a lane never sees another
    /// lane's values, and a value read from an array computes exactly as the same value broadcast. Precondition: one
    /// temperature (φ is per channel, not per value).
    /// </summary>
    public static Property NeuronsThatDifferLaw(Func<Membrane[], int, LocalValues> layout) => Prop.ForAll(DifferCases.ToArbitrary(), x =>
    {
        var mixed = Valid(Base(x) with { Membrane = x.Membranes[0], LocalValues = layout(x.Membranes, x.Compartments) });
        var mixedFinal = Simulation.Run(mixed, (int)mixed.Parameters.Iterations).Last();
        var all = Enumerable.Range(0, x.Compartments).ToArray();
        int n = x.Membranes.Length;
        for (int j = 0; j < n; j++)
        {
            var uniform = Valid(Base(x) with { Membrane = x.Membranes[j] });
            var uniformFinal = Simulation.Run(uniform, (int)uniform.Parameters.Iterations).Last();
            for (int c = 0; c < x.Compartments; c++)
                if (BitConverter.DoubleToInt64Bits(mixedFinal.VMv[mixedFinal.IndexOf(c, j)]) != BitConverter.DoubleToInt64Bits(uniformFinal.VMv[uniformFinal.IndexOf(c, j)]))
                    return false.Label($"scalar path: neuron {j} compartment {c}: {mixedFinal.VMv[mixedFinal.IndexOf(c, j)]:R} vs {uniformFinal.VMv[uniformFinal.IndexOf(c, j)]:R}");
            var a = Simulation.RunRecorded(mixed, new RecordingSelection([StateVariable.V], all, j, 1));
            var b = Simulation.RunRecorded(uniform, new RecordingSelection([StateVariable.V], all, j, 1));
            // A run stops at the first blow-up of any of its neurons, so the two are compared up to the earlier stop.
            int rows = Math.Min(a.Rows, b.Rows);
            for (int c = 0; c < x.Compartments; c++)
                if (!a.Column(StateVariable.V, c).Take(rows).Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Column(StateVariable.V, c).Take(rows).Select(BitConverter.DoubleToInt64Bits)))
                    return false.Label($"fast path: neuron {j} compartment {c} differs");
        }
        return true.ToProperty();
    });

    [Fact]
    public void NeuronsThatDifferEqualUniformGroupsBitForBit() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), NeuronsThatDifferLaw(LocalValues.FromMembranes));

    // Mutant: the values laid out neuron-major (a transposed index, the easy slip when building them by hand).
    [Fact]
    public void NeuronMajorLayoutIsCaught() => Mutation.AssertFails(NeuronsThatDifferLaw(NeuronMajor), 200);

    // ------------------------------------------------------------------ trees

    /// <summary>
    /// Copies of a branched cell that differ (each neuron its own soma g_Na) split across threads (blocks of whole vectors)
    /// give the recording of one thread bit for bit, for every neuron.
    /// </summary>
    [Fact]
    public void CellCopiesOnThreadsEqualOneThread()
    {
        const int neurons = 24;
        var differ = Enumerable.Range(0, neurons).Select(j => new RegionParameter("soma", "hh.gna", 80.0 + 5 * j) { Neuron = j }).ToList();
        var cell = CellModel.Build(MorphologyData.ReadSwc("pyramid.swc"), new NsegRule.SegmentLength(40),
            [new Insertion("soma", "hh"), new Insertion("dend", "pas")], [new RegionParameter("dend", "pas.e", -65.0), .. differ], neurons)
            .Match(Succ: c => c, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var spec = Valid(cell.ApplyTo(new SimulationParameters
        {
            DtMs = 0.025, Iterations = 800, Integrator = IntegratorKind.CrankNicolson, Initial = InitialConditions.Steady(-65.0),
            Stimulus = (Stimulus)cell.Step(2.0, 15.0, 1.0, new Site("soma", 0.5)),
        }));
        Assert.Equal(3, RecordedRun.Blocks(neurons, 3, spec.Compartments).Count);
        var nodes = new[] { (int)cell.NodeOf(new Site("soma", 0.5)), (int)cell.NodeOf(new Site("dend[29]", 1.0)) };
        var peaks = new HashSet<double>();
        for (int j = 0; j < neurons; j += 5)
        {
            var selection = new RecordingSelection([StateVariable.V, StateVariable.M], nodes, j, 1);
            var one = Simulation.RunRecorded(spec, selection, new RunSettings { Threads = 1 });
            var three = Simulation.RunRecorded(spec, selection, new RunSettings { Threads = 3 });
            Assert.Equal("", HHFunctional.Properties.Integrators.KernelLaws.FirstBitDifference(one, three));
            peaks.Add(one.Column(StateVariable.V, 0).Max());
        }
        Assert.True(peaks.Count == 5, "each neuron's own g_Na should give it its own soma peak");
    }

    /// <summary>
    /// Forward and exponential Euler on a branched cell (section ends set from their neighbours after each update) converge
    /// to the implicit schemes' solution: a small branched cell (hh soma and one hh dendrite, passive others, nseg 1 and 3)
    /// spiking under a 0.3 nA step, against Crank–Nicolson at dt 0.001 ms: the same spikes, first-order convergence (the gap
    /// halves from dt 0.002 to 0.001), forward Euler within 0.01 ms and exponential Euler within 0.5 ms at dt 0.001.
    /// </summary>
    [Theory]
    [InlineData(IntegratorKind.ForwardEuler)]
    [InlineData(IntegratorKind.ExponentialEuler)]
    public void ExplicitSchemesOnATreeConvergeToCrankNicolson(IntegratorKind integrator)
    {
        var m = new MorphologyBuilder().Cylinder("soma", "soma", null, 30, 10).Cylinder("d1", "dend", "soma", 200, 2)
            .Cylinder("d2", "dend", "soma", 150, 1.5, parentX: 0).Cylinder("d3", "dend", "d1", 100, 1).Cylinder("d4", "dend", "d1", 120, 1)
            .Build().Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        // Forward Euler is stable below dt·2Σg/C ≈ 2 (the soma's end: g ≈ 185 mS/cm² each side): dt ≤ 0.002 ms here.
        var cell = CellModel.Build(m, new NsegRule.PerSection([1, 3, 3, 3, 3]), [new Insertion("soma", "hh"), new Insertion("dend", "pas"), new Insertion("d3", "hh")],
            [new RegionParameter("all", "ra", 300), new RegionParameter("dend", "pas.g", 0.05), new RegionParameter("dend", "pas.e", -65)])
            .Match(Succ: c => c, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var sites = new[] { new Site("soma", 0.5), new Site("d3", 1.0), new Site("d2", 1.0), new Site("d1", 1.0) };
        var nodes = sites.Select(s => (int)cell.NodeOf(s)).ToArray();
        (double[][] V, double[] Spikes) Run(IntegratorKind kind, double dt)
        {
            var spec = Valid(cell.ApplyTo(new SimulationParameters
            {
                DtMs = dt, Iterations = (long)Math.Round(30 / dt), Integrator = kind, Initial = InitialConditions.Steady(-65),
                Stimulus = (Stimulus)cell.Step(2, 25, 0.3, new Site("soma", 0.5)),
            }));
            int every = (int)Math.Round(0.1 / dt);
            var r = Simulation.RunRecorded(spec, new RecordingSelection([StateVariable.V], nodes, 0, every));
            Assert.Null(r.BlowUp);
            var full = Simulation.RunSpikes(spec, [nodes[0]]);
            return (Enumerable.Range(0, nodes.Length).Select(c => r.Column(StateVariable.V, c).ToArray()).ToArray(), full[0].ToArray());
        }
        var reference = Run(IntegratorKind.CrankNicolson, 0.001);
        Assert.True(reference.Spikes.Length >= 2, $"the cell should fire repeatedly, got {reference.Spikes.Length} spikes");
        double Gap(double dt)
        {
            var run = Run(integrator, dt);
            Assert.Equal(reference.Spikes.Length, run.Spikes.Length);
            return reference.Spikes.Zip(run.Spikes, (a, b) => Math.Abs(a - b)).Max();
        }
        double coarse = Gap(0.002), fine = Gap(0.001);
        output.WriteLine($"{integrator}: spikes within {coarse:E2} ms of Crank–Nicolson at dt 0.002, {fine:E2} ms at dt 0.001");
        // First order: halving dt halves the gap. Exponential Euler freezes the neighbours, which on this soma's strong
        // coupling costs accuracy (as on a fine cable, docs/numerics.md), so its bound is looser.
        Assert.InRange(coarse / fine, 1.6, 2.5);
        Assert.True(fine <= (integrator == IntegratorKind.ForwardEuler ? 0.01 : 0.5), $"spikes {fine} ms apart at dt 0.001");
    }

    /// <summary>A random tree (Import3d-style sections), discretised with nseg 1–3 and Ra 50–200 Ω·cm.</summary>
    private static Gen<TreeCable> Trees =>
        from seed in Gen.Choose(0, int.MaxValue)
        from nseg in Gen.Choose(1, 3)
        from ra in Between(50.0, 200.0)
        select new TreeCable(Discretisation.Of(MorphologyArbitraries.RandomImportable(seed).Morphology, new NsegRule.Fixed(nseg), ra)
            .Match(Succ: t => t, Fail: e => throw new InvalidOperationException(e.Message)));

    /// <summary>A random order of the nodes with node 0 first and every parent before its children.</summary>
    private static int[] RandomOrder(DiscreteTree tree, int seed)
    {
        var r = new Random(seed);
        var children = Enumerable.Range(0, tree.Count).ToLookup(k => k == 0 ? -1 : tree.Parent[k]);
        var ready = new List<int> { 0 };
        var order = new List<int>();
        while (ready.Count > 0)
        {
            int i = r.Next(ready.Count), node = ready[i];
            ready.RemoveAt(i);
            order.Add(node);
            ready.AddRange(children[node]);
        }
        return [.. order];
    }

    /// <summary>
    /// Law: Hines elimination on any valid numbering of a tree's nodes (root first, parents before children) gives the
    /// same solution to round-off (1e-12 relative to its size) on the implicit step's systems (diagonal C/h + G + Σg_axial,
    /// here with G and C/h drawn at random).
    /// </summary>
    internal static Property RenumberingLaw(Func<TreeCable, int[], CableTree> renumbered) => Prop.ForAll(Arb.From(
            from cable in Trees
            from seed in Gen.Choose(0, int.MaxValue)
            from margins in Gen.ArrayOf(Between(0.0, 100.0), cable.Tree.Count)
            from rhs in Gen.ArrayOf(Between(-1000.0, 1000.0), cable.Tree.Count)
            select (cable, seed, margins, rhs)), x =>
        {
            var tree = x.cable.Tree;
            var diagonal = new double[tree.Count];
            for (int k = 1; k < tree.Count; k++)
            {
                diagonal[k] += x.cable.AxialMSPerCm2(k, k);
                diagonal[tree.Parent[k]] += x.cable.AxialMSPerCm2(k, tree.Parent[k]);
            }
            for (int k = 0; k < tree.Count; k++) diagonal[k] += x.margins[k] + (tree.AreaUm2[k] > 0 ? 1.0 : 0.0);
            var (d1, r1) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
            var (d2, r2) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
            Hines.Solve<ScalarLane>(CableTree.Of(x.cable), d1, r1, 0, 1, 0, 1);
            Hines.Solve<ScalarLane>(renumbered(x.cable, RandomOrder(tree, x.seed)), d2, r2, 0, 1, 0, 1);
            double scale = Math.Max(1.0, r1.Max(Math.Abs)), worst = r1.Zip(r2, (a, b) => Math.Abs(a - b)).Max();
            return (worst <= 1e-12 * scale).Label($"nodes {tree.Count}: largest difference {worst:E2} (scale {scale:E2})");
        });

    [Fact]
    public void AnyValidRenumberingGivesTheSameSolution() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), RenumberingLaw((cable, order) => CableTree.Of(cable, order)));

    // Mutant: the order applied to the rows but the parents and entries left in the old numbering (a slipped index).
    [Fact]
    public void RenumberingThatForgetsTheParentsIsCaught() => Mutation.AssertFails(RenumberingLaw((cable, order) =>
    {
        var right = CableTree.Of(cable);
        return new CableTree(order, right.Parent, right.ParentRowEntry, right.OwnRowEntry);
    }), 200);

    /// <summary>An implicit step's system on a generated tree: each row's margin over its axial sum (C/h + G, at least 1),
    /// its right-hand side, and the voltages its axial currents are taken at.</summary>
    private static Gen<(TreeCable cable, double[] margins, double[] rhs, double[] v)> Systems =>
        from cable in Trees
        from margins in Gen.ArrayOf(Between(0.0, 100.0), cable.Tree.Count)
        from rhs in Gen.ArrayOf(Between(-1000.0, 1000.0), cable.Tree.Count)
        from v in Gen.ArrayOf(Between(-90.0, 50.0), cable.Tree.Count)
        select (cable, margins, rhs, v);

    /// <summary>The diagonal of <see cref="Systems"/>: margin + 1 plus each node's axial conductances.</summary>
    private static double[] Diagonal(TreeCable cable, double[] margins)
    {
        var tree = cable.Tree;
        var diagonal = margins.Select(m => m + 1.0).ToArray();
        for (int k = 1; k < tree.Count; k++)
        {
            diagonal[k] += cable.AxialMSPerCm2(k, k);
            diagonal[tree.Parent[k]] += cable.AxialMSPerCm2(k, tree.Parent[k]);
        }
        return diagonal;
    }

    /// <summary>
    /// Law: the level order the engine eliminates in (<see cref="CableTree.LevelOrder"/>, for speed) gives the solution and
    /// the axial currents of the tree's own numbering bit for bit, on the implicit step's systems: each node still meets
    /// its children in the same sequence. Precondition: a valid order (node 0 first, parents before children).
    /// </summary>
    internal static Property LevelOrderLaw(Func<IReadOnlyList<int>, int[]> levelOrder) => Prop.ForAll(Arb.From(Systems), x =>
        {
            var tree = x.cable.Tree;
            var order = levelOrder(tree.Parent);
            var position = new int[tree.Count];
            for (int k = 0; k < tree.Count; k++) position[order[k]] = k;
            bool valid = order[0] == 0 && order.Order().SequenceEqual(Enumerable.Range(0, tree.Count))
                && Enumerable.Range(1, tree.Count - 1).All(k => position[tree.Parent[k]] < position[k]);
            if (!valid) return false.Label("not a valid order");
            var diagonal = Diagonal(x.cable, x.margins);
            var own = CableTree.Of(x.cable, Enumerable.Range(0, tree.Count).ToArray());
            var level = CableTree.Of(x.cable, order);
            var (d1, r1) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
            var (d2, r2) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
            Hines.Solve<ScalarLane>(own, d1, r1, 0, 1, 0, 1);
            Hines.Solve<ScalarLane>(level, d2, r2, 0, 1, 0, 1);
            var (a1, a2) = (new double[tree.Count], new double[tree.Count]);
            TreeAxial.Currents<ScalarLane>(own, x.v, a1, 0, 1, 0, 1);
            TreeAxial.Currents<ScalarLane>(level, x.v, a2, 0, 1, 0, 1);
            // The implicit step's solve, with the axial currents added as the elimination meets each edge.
            var (d3, r3) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
            var (d4, r4) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
            Hines.SolveWithAxialCurrents<ScalarLane>(own, d3, r3, x.v, 0, 1, 0, 1);
            Hines.SolveWithAxialCurrents<ScalarLane>(level, d4, r4, x.v, 0, 1, 0, 1);
            static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
            return (Bits(r1).SequenceEqual(Bits(r2)) && Bits(a1).SequenceEqual(Bits(a2)) && Bits(r3).SequenceEqual(Bits(r4)))
                .Label($"nodes {tree.Count}");
        });

    [Fact]
    public void LevelOrderGivesTheOwnNumberingsSolutionBitForBit() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), LevelOrderLaw(CableTree.LevelOrder));

    // Mutant: levels with each node's children taken in descending order (a valid order that sums in another sequence).
    [Fact]
    public void LevelOrderWithChildrenReversedIsCaught() => Mutation.AssertFails(LevelOrderLaw(parent =>
    {
        var children = Enumerable.Range(1, parent.Count - 1).ToLookup(k => parent[k]);
        var order = new List<int> { 0 };
        for (int read = 0; read < order.Count; read++) order.AddRange(children[order[read]].Reverse());
        return [.. order];
    }), 200);

    /// <summary>
    /// Law: the solve that adds the axial currents edge by edge during the elimination (what the implicit step runs on a
    /// tree) solves the system whose right-hand side already holds them (<see cref="TreeAxial"/>, then the plain solve), to
    /// round-off (1e-12 relative to the solution's size), on the implicit step's systems at generated voltages.
    /// </summary>
    internal static Property FusedAxialLaw(Func<TreeCable, double[], double[]> axialCurrents) => Prop.ForAll(Arb.From(Systems), x =>
        {
            var tree = x.cable.Tree;
            var matrix = CableTree.Of(x.cable);
            var diagonal = Diagonal(x.cable, x.margins);
            var (d1, r1) = ((double[])diagonal.Clone(), (double[])x.rhs.Clone());
            var axial = axialCurrents(x.cable, x.v);
            var (d2, r2) = ((double[])diagonal.Clone(), x.rhs.Zip(axial, (r, a) => r + a).ToArray());
            Hines.SolveWithAxialCurrents<ScalarLane>(matrix, d1, r1, x.v, 0, 1, 0, 1);
            Hines.Solve<ScalarLane>(matrix, d2, r2, 0, 1, 0, 1);
            double scale = Math.Max(1.0, r2.Max(Math.Abs)), worst = r1.Zip(r2, (a, b) => Math.Abs(a - b)).Max();
            return (worst <= 1e-12 * scale).Label($"nodes {tree.Count}: largest difference {worst:E2} (scale {scale:E2})");
        });

    private static double[] AxialCurrents(TreeCable cable, double[] v)
    {
        var axial = new double[v.Length];
        TreeAxial.Currents<ScalarLane>(CableTree.Of(cable), v, axial, 0, 1, 0, 1);
        return axial;
    }

    [Fact]
    public void AxialCurrentsAddedDuringTheEliminationSolveTheSameSystem() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), FusedAxialLaw(AxialCurrents));

    // Mutant: the reference right-hand side with the currents into each parent left out (only each node's own edge term):
    // the fused solve, which adds both, no longer matches it.
    [Fact]
    public void AxialCurrentsIntoTheParentsLeftOutAreCaught() => Mutation.AssertFails(FusedAxialLaw((cable, v) =>
    {
        var axial = new double[v.Length];
        for (int k = 1; k < v.Length; k++) axial[k] = cable.AxialMSPerCm2(k, k) * (v[cable.Tree.Parent[k]] - v[k]);
        return axial;
    }), 200);

    /// <summary>
    /// Law: a run's traces do not depend on the numbering either: the same passive tree (pas everywhere, a current into the
    /// root) run with its sections listed in another valid order gives the same v at every site to 1e-10 mV (round-off: sums in another order; 1.3e-12 mV seen over 400 updates).
    /// </summary>
    [Fact]
    public void ReorderedSectionsGiveTheSameRun() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(
        Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var m = MorphologyArbitraries.RandomImportable(seed).Morphology;
            var reordered = Reorder(m, seed);
            double worst = 0;
            var a = PassiveRun(m);
            var b = PassiveRun(reordered);
            foreach (var (site, trace) in a)
                worst = Math.Max(worst, trace.Zip(b[site], (p, q) => Math.Abs(p - q)).Max());
            return (worst <= 1e-10).Label($"seed {seed}: {worst:E2} mV");
        }));

    private static Dictionary<string, double[]> PassiveRun(HHFunctional.Core.Morphology.Morphology m)
    {
        var cell = CellModel.Build(m, new NsegRule.Fixed(3), [new Insertion("all", "pas")], [new RegionParameter("all", "pas.e", -65.0)])
            .Match(Succ: c => c, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var spec = Valid(cell.ApplyTo(new SimulationParameters
        {
            DtMs = 0.025, Iterations = 400, Integrator = IntegratorKind.CrankNicolson, Initial = InitialConditions.Steady(-65.0),
            Stimulus = (Stimulus)cell.Step(1.0, 5.0, 0.5, new Site(m.Sections[0].Name, 0.5)),
        }));
        var sites = m.Sections.SelectMany(s => new[] { new Site(s.Name, 0.5), new Site(s.Name, 1.0) }).ToArray();
        var nodes = sites.Select(s => (int)cell.NodeOf(s)).ToArray();
        var rec = Simulation.RunRecorded(spec, new RecordingSelection([StateVariable.V], nodes, 0, 1));
        return sites.Select((s, i) => (s.ToString(), rec.Column(StateVariable.V, i).ToArray())).ToDictionary(p => p.Item1, p => p.Item2);
    }

    /// <summary>The sections in another valid order (root first, parents before children), parents renumbered.</summary>
    private static HHFunctional.Core.Morphology.Morphology Reorder(HHFunctional.Core.Morphology.Morphology m, int seed)
    {
        var r = new Random(seed ^ 0x5eed);
        var s = m.Sections;
        var ready = new List<int> { 0 };
        var order = new List<int>();
        while (ready.Count > 0)
        {
            int i = r.Next(ready.Count), k = ready[i];
            ready.RemoveAt(i);
            order.Add(k);
            ready.AddRange(Enumerable.Range(0, s.Length).Where(c => s[c].Parent == k));
        }
        var newIndex = new int[s.Length];
        for (int i = 0; i < order.Count; i++) newIndex[order[i]] = i;
        var list = order.Select(k => s[k] with { Parent = s[k].Parent is int p ? newIndex[p] : null }).ToList();
        return HHFunctional.Core.Morphology.Morphology.Validate(list).Match(x => x, e => throw new InvalidOperationException(string.Join("; ", e)));
    }
}
