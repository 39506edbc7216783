using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Reference;

/// <summary>Oracle: the seed example run by the real PymoNNto (shared/reference/seed_*_init).</summary>
public class SeedReferenceTests
{
    // numpy's SIMD exp/pow differ from glibc's in the last bit; over 50,000 chaotic-free steps that grows to ~2e-10 mV
    // (shared/reference/README.md). 1e-8 mV leaves 50× margin yet catches any change of formula or operation order.
    private const double ToleranceMv = 1e-8;

    public static TheoryData<string> Starts => new() { "pymonnto", "nominal" };

    [Theory]
    [MemberData(nameof(Starts))]
    public void SeedRunMatchesPymonntoReference(string start)
    {
        var (initial, reference) = start == "pymonnto"
            ? (InitialConditions.Zero, Fixtures.SeedPymonntoV)
            : (InitialConditions.Seed, Fixtures.SeedNominalV);
        var spec = SimulationSpec.Validate(new SimulationParameters { Initial = initial })
            .Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

        var recording = Recording.Record(Simulation.Run(spec), RecordingSelection.All(20), 50_000);

        Assert.Null(recording.BlowUp);
        Assert.Equal(50_000, recording.Rows);
        double worst = 0; int worstRow = -1;
        for (int r = 0; r < recording.Rows; r++)
            for (int c = 0; c < 20; c++)
            {
                double d = Math.Abs(recording[StateVariable.V, r, c] - reference[r][c]);
                if (d > worst) { worst = d; worstRow = r; }
            }
        Assert.True(worst <= ToleranceMv, $"max |Δv| = {worst:E3} mV at row {worstRow}");

        double v0 = start == "pymonnto" ? -0.0 : -65.0;
        var ours = Fixtures.SpikeIterations((r, c) => recording[StateVariable.V, r, c], recording.Rows, 20, v0);
        var theirs = Fixtures.SpikeIterations((r, c) => reference[r][c], reference.Length, 20, v0);
        Assert.True(theirs.Sum(s => s.Count) >= 60, "the reference must actually spike");
        for (int c = 0; c < 20; c++) Assert.Equal(theirs[c], ours[c]);
    }
}
