using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Morphology;

/// <summary>
/// A chain-shaped tree is the cable: one unbranched section of N segments, run by the tree path (NEURON's nodes, the
/// zero-area ends included, axial currents edge by edge, Hines over the tree's parent array), gives the physical cable
/// of N compartments run by the cable path (neighbour coupling d/(4·Ra·Δx²), sealed ends, the chain's elimination).
/// The two share no discretisation code: the ends' zero-area nodes carry no current, so the systems are the same in
/// exact arithmetic, and the runs agree to round-off (bit for bit is not possible: the tree eliminates two more rows).
/// </summary>
public class ChainTreeLaws
{
    public sealed record Case(double LengthUm, double DiameterUm, double RaOhmCm, int Segments, IntegratorKind Integrator,
        int StimulatedSegment, double AmplitudeUAPerCm2, double DtMs)
    {
        public override string ToString() =>
            $"L {LengthUm} µm, d {DiameterUm} µm, Ra {RaOhmCm} Ω·cm, {Segments} segments, {Integrator}, {AmplitudeUAPerCm2} µA/cm² into segment {StimulatedSegment}, dt {DtMs}";
    }

    private static Gen<double> Between(double lo, double hi) => Gen.Choose(0, 1000).Select(i => lo + (hi - lo) * i / 1000.0);

    private static Gen<Case> Cases =>
        from length in Between(20, 2000)
        from diameter in Between(0.5, 20)
        from ra in Between(30, 300)
        from segments in Gen.Choose(1, 40)
        from integrator in Gen.Elements(IntegratorKind.CrankNicolson, IntegratorKind.BackwardEuler)
        from stimulated in Gen.Choose(0, segments - 1)
        from amplitude in Between(0, 40)
        from dt in Gen.Elements(0.01, 0.025)
        select new Case(length, diameter, ra, segments, integrator, stimulated, amplitude, dt);

    private const long Iterations = 1200;

    /// <summary>v of every segment at every 100th update: the tree's segment nodes, or the cable's compartments.</summary>
    private static double[][] Run(SimulationParameters parameters, int[] nodes) =>
        SimulationSpec.Validate(parameters).Match(
            Succ: spec => Simulation.Run(spec).Where(s => s.Iteration % 100 == 0).Select(s => nodes.Select(n => s.VMv[n]).ToArray()).ToArray(),
            Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    internal static double LargestDifferenceMv(Case c, Func<Case, SimulationParameters, SimulationParameters>? breakCable = null)
    {
        var section = new MorphologyBuilder().Cylinder("axon", "axon", null, c.LengthUm, c.DiameterUm).Build()
            .Match(Succ: m => m, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var cell = CellModel.Build(section, new NsegRule.Fixed(c.Segments), [new Insertion("all", "hh")], [new RegionParameter("all", "ra", c.RaOhmCm)])
            .Match(Succ: x => x, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var nodes = Enumerable.Range(0, c.Segments).Select(i => (int)cell.NodeOf(new Site("axon", (i + 0.5) / c.Segments))).ToArray();
        var common = new SimulationParameters
        {
            DtMs = c.DtMs,
            Iterations = Iterations,
            Integrator = c.Integrator,
            Initial = InitialConditions.Steady(-65),
        };
        var tree = cell.ApplyTo(common with { Stimulus = Stimulus.Step(1, 8, c.AmplitudeUAPerCm2, nodes[c.StimulatedSegment]) });
        var cable = common with
        {
            Compartments = c.Segments,
            Cable = new PhysicalCable(c.DiameterUm, c.LengthUm, c.RaOhmCm),
            Stimulus = Stimulus.Step(1, 8, c.AmplitudeUAPerCm2, c.StimulatedSegment),
        };
        if (breakCable is not null) cable = breakCable(c, cable);
        var ours = Run(tree, nodes);
        var theirs = Run(cable, Enumerable.Range(0, c.Segments).ToArray());
        return ours.Zip(theirs, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
    }

    internal static Property ChainLaw(Func<Case, SimulationParameters, SimulationParameters>? breakCable = null) =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            double worst = LargestDifferenceMv(c, breakCable);
            return (worst < 1e-9).Label($"largest |Δv| {worst} mV");
        });

    [Fact]
    public void AnUnbranchedSectionRunsAsThePhysicalCable() => ChainLaw().Check(Config.QuickThrowOnFailure.WithMaxTest(40));

    /// <summary>Mutant: a cable whose Δx is measured between end points (L/(N − 1)) instead of segment centres (L/N).</summary>
    [Fact]
    public void ShouldFail_WhenTheCableSpacesItsCompartmentsByEndPoints() =>
        Mutants.PropertyAssert.Falsified(ChainLaw((c, p) => c.Segments < 2 ? p : p with
        {
            Cable = new PhysicalCable(c.DiameterUm, c.LengthUm * (c.Segments - 1) / c.Segments, c.RaOhmCm),
        }), maxTest: 40);
}
