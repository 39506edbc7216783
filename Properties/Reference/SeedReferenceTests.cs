using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Reference;

/// <summary>Oracle: the seed example run by the real PymoNNto (shared/reference/seed_*_init).</summary>
public class SeedReferenceTests
{
    // numpy's SIMD exp/pow differ from glibc's in the last bit; over 50,000 chaotic-free steps that grows to ~2e-10 mV
    // (shared/reference/README.md). 1e-8 mV leaves 50× margin yet catches any change of formula or operation order.
    private const double ToleranceMv = 1e-8;

    /// <summary>Both starts, through the lazy run (the Step's arithmetic) and through the path the run command takes.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "pymonnto", "run" }, { "nominal", "run" }, { "pymonnto", "run-recorded" }, { "nominal", "run-recorded" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SeedRunMatchesPymonntoReference(string start, string path)
    {
        var spec = SeedSpec(start == "pymonnto" ? InitialConditions.Zero : InitialConditions.Seed);
        var recording = path == "run"
            ? Recording.Record(Simulation.Run(spec), RecordingSelection.All(20), 50_000)
            : Simulation.RunRecorded(spec, RecordingSelection.All(20));
        var reference = start == "pymonnto" ? Fixtures.SeedPymonntoV : Fixtures.SeedNominalV;
        double v0 = start == "pymonnto" ? -0.0 : -65.0;

        Assert.Null(recording.BlowUp);
        Assert.Equal(50_000, recording.Rows);
        var (worst, worstRow) = MaxDifference((r, c) => recording[StateVariable.V, r, c], (r, c) => reference[r][c]);
        Assert.True(worst <= ToleranceMv, $"max |Δv| = {worst:E3} mV at row {worstRow}");

        var ours = Fixtures.SpikeIterations((r, c) => recording[StateVariable.V, r, c], recording.Rows, 20, v0);
        var theirs = Fixtures.SpikeIterations((r, c) => reference[r][c], reference.Length, 20, v0);
        Assert.True(theirs.Sum(s => s.Count) >= 60, "the reference must actually spike");
        for (int c = 0; c < 20; c++) Assert.Equal(theirs[c], ours[c]);
    }

    /// <summary>
    /// The fast-path check: on the seed run the vectorised kernel and the scalar one (the Step's arithmetic) agree
    /// to 1e-8 mV at every row and spike at the same updates in every compartment. Same tolerance and reason as above:
    /// both differ only in the last bits of exp and pow.
    /// </summary>
    [Fact]
    public void VectorAndScalarPathsAgreeOnTheSeedRun()
    {
        var spec = SeedSpec(InitialConditions.Zero);
        var scalar = Simulation.RunRecorded(spec, RecordingSelection.All(20), RunSettings.Default, KernelPath.Scalar);
        var vector = Simulation.RunRecorded(spec, RecordingSelection.All(20), RunSettings.Default, KernelPath.Vector);

        Assert.Equal(scalar.Rows, vector.Rows);
        var (worst, worstRow) = MaxDifference((r, c) => vector[StateVariable.V, r, c], (r, c) => scalar[StateVariable.V, r, c]);
        Assert.True(worst <= ToleranceMv, $"max |Δv| = {worst:E3} mV at row {worstRow}");
        var spikesVector = Fixtures.SpikeIterations((r, c) => vector[StateVariable.V, r, c], vector.Rows, 20, -0.0);
        var spikesScalar = Fixtures.SpikeIterations((r, c) => scalar[StateVariable.V, r, c], scalar.Rows, 20, -0.0);
        Assert.True(spikesScalar.Sum(s => s.Count) >= 60, "the seed run must actually spike");
        for (int c = 0; c < 20; c++) Assert.Equal(spikesScalar[c], spikesVector[c]);
    }

    private static SimulationSpec SeedSpec(InitialConditions initial) =>
        SimulationSpec.Validate(new SimulationParameters { Initial = initial })
            .Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    private static (double Worst, int Row) MaxDifference(Func<int, int, double> a, Func<int, int, double> b)
    {
        double worst = 0; int worstRow = -1;
        for (int r = 0; r < 50_000; r++)
            for (int c = 0; c < 20; c++)
            {
                double d = Math.Abs(a(r, c) - b(r, c));
                if (!(d <= worst)) { worst = double.IsNaN(d) ? double.PositiveInfinity : d; worstRow = r; }
            }
        return (worst, worstRow);
    }
}
