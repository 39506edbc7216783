using HHFunctional.Core;
using HHFunctional.Core.Model;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace HHFunctional.Shell.Report;

/// <summary>The run report: the seed's two figures (stacked traces offset by −10·d mV, compartment × time heatmap).</summary>
internal static class RunReport
{
    private const int DisplayBuckets = 1500;

    /// <summary>The report page; <paramref name="banner"/> (e.g. the partial-run warning) is shown in red under the title.</summary>
    public static string Build(SimulationSpec spec, Recording recording, TimeSpan simulationWallTime, string? banner = null)
    {
        var sections = new List<Page.Section>();
        if (recording.Has(StateVariable.V))
        {
            sections.Add(new("Membrane potential, stacked", "Compartment d is drawn offset by −10·d mV, as in the seed's first figure; time in ms.",
                StackedTraces(recording)));
            sections.Add(new("Membrane potential, compartment × time", "The seed's imshow: V (mV) of every recorded compartment against time, grayscale.",
                Heatmap(recording)));
        }
        sections.Add(new("Run", $"{spec.Compartments} compartments × {spec.Neurons} neurons, {spec.Parameters.Iterations} updates of dt = {spec.DtMs} ms " +
            $"with {spec.Parameters.Integrator.Name()}; simulation wall time {simulationWallTime.TotalMilliseconds:F1} ms.", null));
        return Page.Build("HHFunctional run report", sections, banner);
    }

    private static GenericChart StackedTraces(Recording recording)
    {
        var charts = new List<GenericChart>();
        var compartments = recording.Selection.Compartments;
        for (int col = 0; col < compartments.Count; col++)
        {
            var v = recording.Column(StateVariable.V, col);
            var keep = Decimation.MinMaxIndices(v, DisplayBuckets);
            int d = compartments[col];
            double[] x = keep.Select(i => Math.Round(recording.TimesMs[i], 4)).ToArray();
            double[] y = keep.Select(i => Math.Round(v[i] - 10.0 * d, 3)).ToArray();
            charts.Add(CSharpChart.Line<double, double, string>(x: x, y: y, Name: $"c{d}"));
        }
        return CSharpChart.Combine(charts.ToArray())
            .WithXAxisStyle<double, double, string>(TitleText: "t (ms)")
            .WithYAxisStyle<double, double, string>(TitleText: "V − 10·d (mV)")
            .WithSize(1100, 700);
    }

    private static GenericChart Heatmap(Recording recording)
    {
        var compartments = recording.Selection.Compartments;
        int columns = Math.Min(recording.Rows, 2 * DisplayBuckets);
        // Each displayed time bin shows the maximum V in it, so no spike disappears between bins.
        var z = new double[compartments.Count][];
        for (int col = 0; col < compartments.Count; col++)
        {
            var v = recording.Column(StateVariable.V, col);
            z[col] = new double[columns];
            for (int b = 0; b < columns; b++)
            {
                int lo = (int)((long)b * v.Length / columns), hi = Math.Max(lo + 1, (int)((long)(b + 1) * v.Length / columns));
                double max = double.NegativeInfinity;
                for (int i = lo; i < hi; i++) max = Math.Max(max, v[i]);
                z[col][b] = Math.Round(max, 2);
            }
        }
        double[] x = Enumerable.Range(0, columns).Select(b => Math.Round(recording.TimesMs[(int)((long)b * recording.Rows / columns)], 4)).ToArray();
        return CSharpChart.Heatmap<double, double, int, string>(
                zData: z, X: x, Y: compartments.ToArray(), ColorScale: StyleParam.Colorscale.Greys, ReverseScale: true)
            .WithXAxisStyle<double, double, string>(TitleText: "t (ms)")
            .WithYAxisStyle<double, double, string>(TitleText: "compartment")
            .WithSize(1100, 500);
    }
}
