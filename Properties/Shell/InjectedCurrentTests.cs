using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Shell.Report;

namespace HHFunctional.Properties.Shell;

/// <summary>Figure 4 draws the current the model injects: checked against the seed's own formula and a ramp's two ends.</summary>
public sealed class InjectedCurrentTests
{
    [Fact]
    public void SeedCurrentIsTheSeedsFormulaAtEveryCorner()
    {
        // The seed (HH_main.I_inj): 5·(t > 100) − 5·(t > 200) + 10·(t > 300) − 10·(t > 400) µA/cm², written out here.
        static double Seed(double t) => 5.0 * (t > 100 ? 1 : 0) - 5.0 * (t > 200 ? 1 : 0) + 10.0 * (t > 300 ? 1 : 0) - 10.0 * (t > 400 ? 1 : 0);
        var (x, y) = Trace(Figures.InjectedCurrent(Spec(new SimulationParameters()), new[] { 0 }));
        Assert.Equal(new[] { 0.0, 100, 100, 200, 200, 300, 300, 400, 400, 500 }, x);
        // Each stretch (lo, hi] is drawn from its value just after lo to its value at hi.
        for (int i = 0; i < x.Length; i += 2)
        {
            Assert.Equal(Seed(x[i] + 1e-6), y[i]);
            Assert.Equal(Seed(x[i + 1]), y[i + 1]);
        }
    }

    [Fact]
    public void RampIsDrawnFromItsStartValueToItsEndValue()
    {
        var spec = Spec(new SimulationParameters { Iterations = 3000, Stimulus = Stimulus.Ramp(10, 20, 2, 12, 1) });
        var (x, y) = Trace(Figures.InjectedCurrent(spec, new[] { 0, 1 }));
        Assert.Equal(new[] { 0.0, 10, 10, 20, 20, 30 }, x);
        Assert.Equal(new[] { 0.0, 0, 2, 12, 0, 0 }, y.Select(v => Math.Round(v, 6)));
    }

    private static SimulationSpec Spec(SimulationParameters p) =>
        SimulationSpec.Validate(p).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));

    private static (double[] X, double[] Y) Trace(PlotlyFigure plot)
    {
        using var figure = System.Text.Json.JsonDocument.Parse(plot.ToJson());
        var trace = Assert.Single(figure.RootElement.GetProperty("data").EnumerateArray());
        return (ReportTests.Float32(trace.GetProperty("x")).Select(v => (double)v).ToArray(),
                ReportTests.Float32(trace.GetProperty("y")).Select(v => (double)v).ToArray());
    }
}
