using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using Xunit.Abstractions;
using MorphologyTree = HHFunctional.Core.Morphology.Morphology;

namespace HHFunctional.Properties.Reference;

/// <summary>
/// Oracle: Rallpack 2 (Bhalla, Bilitch &amp; Bower 1992), a binary tree of 1023 passive branches obeying Rall's 3/2 power
/// law, against its analytic solution (Fixtures/rallpack) at the root and at a terminal. Built from the public API only:
/// <see cref="MorphologyBuilder"/>, <see cref="CellModel.Build"/> (pas everywhere), a 0.1 nA step at the root's middle,
/// Crank–Nicolson as NEURON's run in the shared README.
/// </summary>
public class Rallpack2Tests(ITestOutputHelper output)
{
    private const int Levels = 10;
    private const double DurationMs = 250.0;

    /// <summary>The tree: level 1 (the root) 16 µm × 32 µm; each level further out diameter / 2^(2/3), length / 2^(1/3),
    /// or with <paramref name="swapped"/> the two scalings exchanged (the mutant geometry). Breadth first, so that the
    /// terminals are the last 512 sections.</summary>
    internal static MorphologyTree Tree(bool swapped = false)
    {
        double dScale = Math.Pow(2, swapped ? 1.0 / 3 : 2.0 / 3), lScale = Math.Pow(2, swapped ? 2.0 / 3 : 1.0 / 3);
        var b = new MorphologyBuilder().Cylinder("b0", "dend", null, 32.0, 16.0);
        int next = 1;
        for (int level = 2; level <= Levels; level++)
        {
            int first = (1 << (level - 2)) - 1, count = 1 << (level - 2);
            double d = 16.0 / Math.Pow(dScale, level - 1), l = 32.0 / Math.Pow(lScale, level - 1);
            for (int p = first; p < first + count; p++)
                for (int child = 0; child < 2; child++)
                    b = b.Cylinder($"b{next++}", "dend", $"b{p}", l, d);
        }
        return b.Build().Match(Succ: m => m, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
    }

    internal static Cell Cell(MorphologyTree tree, int nseg) =>
        CellModel.Build(tree, new NsegRule.Fixed(nseg), [new Insertion("all", "pas")],
        [
            new RegionParameter("all", "pas.g", 0.025), new RegionParameter("all", "pas.e", -65.0),
            new RegionParameter("all", "ra", 100.0), new RegionParameter("all", "cm", 1.0),
        ]).Match(Succ: c => c, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    /// <summary>v at the root's <paramref name="rootX"/> (where the current goes in), then at <paramref name="terminalX"/> of
    /// every terminal, on the reference's grid (t = 0 included).</summary>
    private static double[][] Run(MorphologyTree tree, int nseg, double dtMs, double rootX = 0.5, double terminalX = 0.5)
    {
        var cell = Cell(tree, nseg);
        var root = new Site("b0", rootX);
        var stimulus = cell.Step(0.0, DurationMs + dtMs / 2, 0.1, root).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(e.Message));
        var spec = SimulationSpec.Validate(cell.ApplyTo(new SimulationParameters
        {
            DtMs = dtMs, Iterations = (long)Math.Round(DurationMs / dtMs), Stimulus = stimulus,
            Initial = InitialConditions.Steady(-65.0), Integrator = IntegratorKind.CrankNicolson,
        })).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        int terminals = 1 << (Levels - 1);
        var sites = new[] { root }.Concat(Enumerable.Range(tree.Sections.Length - terminals, terminals).Select(s => new Site($"b{s}", terminalX)));
        var nodes = sites.Select(s => (int)cell.NodeOf(s)).ToArray();
        int every = (int)Math.Round(RallpackFixture.SampleMs / dtMs);
        var recording = Simulation.RunRecorded(spec, new RecordingSelection([StateVariable.V], nodes, 0, every));
        Assert.Null(recording.BlowUp);
        Assert.Equal(RallpackFixture.Samples - 1, recording.Rows);
        return Enumerable.Range(0, nodes.Length).Select(c => recording.Column(StateVariable.V, c).Prepend(-65.0).ToArray()).ToArray();
    }

    // The bounds: one compartment per branch, CN dt 0.05: RMS ≤ 0.1% and max ≤ 0.15% at root and terminal
    // (NEURON 8.2.2: 0.031%/0.056% and 0.001%/0.007%); every terminal equal to 1e-9 mV.
    [Fact]
    public void OneCompartmentPerBranchIsWithinNeuronsErrorOfTheAnalyticSolution()
    {
        var traces = Run(Tree(), nseg: 1, dtMs: 0.05);
        double rms0 = RallpackTests.RelativeRmsPercent(traces[0], RallpackFixture.Branch0), max0 = RallpackTests.RelativeMaxPercent(traces[0], RallpackFixture.Branch0);
        double rmsX = RallpackTests.RelativeRmsPercent(traces[1], RallpackFixture.BranchX), maxX = RallpackTests.RelativeMaxPercent(traces[1], RallpackFixture.BranchX);
        output.WriteLine($"nseg 1, CN dt 0.05: root RMS {rms0:F4}% max {max0:F4}%; terminal RMS {rmsX:F4}% max {maxX:F4}%");
        Assert.True(rms0 <= 0.1 && max0 <= 0.15, $"root: RMS {rms0:F4}%, max {max0:F4}%");
        Assert.True(rmsX <= 0.1 && maxX <= 0.15, $"terminal: RMS {rmsX:F4}%, max {maxX:F4}%");
        double spread = 0;
        for (int t = 2; t < traces.Length; t++)
            for (int i = 0; i < traces[t].Length; i++) spread = Math.Max(spread, Math.Abs(traces[t][i] - traces[1][i]));
        output.WriteLine($"largest difference between the 512 terminals: {spread:E2} mV");
        Assert.True(spread <= 1e-9, $"terminals differ by {spread:E2} mV");
    }

    // The analytic solution is the root's 0-end (current in and v there) and a terminal's 1-end. NEURON's one-segment run
    // above has no node there and uses the middles: its 0.03% at the root is that offset, the root's half-length axial
    // resistance (0.08 MΩ of 248.7 MΩ input resistance), which stays when nseg and dt are refined (measured: nseg 5 or 15,
    // dt 0.01 or 0.001, middle of the root: 0.030% every time). With nodes at the ends, nseg 5 CN dt 0.01 is within
    // 0.0064% at the root; the bound is 0.02%.
    [Fact]
    public void FiveSegmentsPerBranchAtDtPointZeroOneIsWithinPointZeroTwoPercent()
    {
        var traces = Run(Tree(), nseg: 5, dtMs: 0.01, rootX: 0.0, terminalX: 1.0);
        double rms0 = RallpackTests.RelativeRmsPercent(traces[0], RallpackFixture.Branch0), rmsX = RallpackTests.RelativeRmsPercent(traces[1], RallpackFixture.BranchX);
        output.WriteLine($"nseg 5, CN dt 0.01: root RMS {rms0:F4}%, terminal RMS {rmsX:F4}%");
        Assert.True(rms0 <= 0.02 && rmsX <= 0.02, $"root {rms0:F4}%, terminal {rmsX:F4}%");
    }

    // Mutant: the diameter and length scalings swapped. The shared README: about 0.2% RMS, so the 0.1% bound must see it.
    [Fact]
    public void SwappedScalingsFailTheBound()
    {
        var traces = Run(Tree(swapped: true), nseg: 1, dtMs: 0.05);
        double rms0 = RallpackTests.RelativeRmsPercent(traces[0], RallpackFixture.Branch0), rmsX = RallpackTests.RelativeRmsPercent(traces[1], RallpackFixture.BranchX);
        output.WriteLine($"swapped scalings: root RMS {rms0:F4}%, terminal RMS {rmsX:F4}%");
        Assert.True(rms0 > 0.1 || rmsX > 0.1, $"the wrong geometry passes: root {rms0:F4}%, terminal {rmsX:F4}%");
    }
}
