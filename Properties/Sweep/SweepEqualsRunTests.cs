using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;
using HHFunctional.Shell;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Sweep;

/// <summary>
/// Oracle: the single <c>run</c>. Each row of a sweep equals the metrics of the same run built from <c>run</c>'s command
/// line (CommandLine.ParseRun, SimulationSpec.Validate, Simulation.RunRecorded as RunCommand calls it) and measured here with
/// Core.Analysis under the README's definitions, compared bit for bit, in results.csv and in results.parquet.
/// </summary>
public class SweepEqualsRunTests
{
    /// <summary>A grid, its base as run arguments, and how a varied value becomes run arguments.</summary>
    private sealed record Case(string Name, string Grid, string[] BaseArgs, Func<Dictionary<string, string>, string[]> VariedArgs);

    private static readonly Case[] All =
    {
        // The seed cable: two stimulus windows, propagation along 5 compartments, speed in compartments per ms.
        new Case("seed cable, stim-amplitude × b-r",
            """{"base": {"compartments": 5, "iterations": 4000, "stim": ["5,15,0,0", "20,30,0,0"]}, "vary": {"stim-amplitude": [8, 20], "b-r": [0.15, 0.05]}}""",
            new[] { "--compartments", "5", "--iterations", "4000" },
            row => new[] { "--stim", $"5,15,{row["stim-amplitude"]},0", "--stim", $"20,30,{row["stim-amplitude"]},0", "--b-r", row["b-r"] }),
        // A physical cable: conduction speed in m/s.
        new Case("physical cable, diameter-um",
            """{"base": {"preset": "hh1952", "compartments": 100, "iterations": 1000}, "vary": {"diameter-um": [238, 476]}}""",
            new[] { "--preset", "hh1952", "--compartments", "100", "--iterations", "1000" },
            row => new[] { "--diameter-um", row["diameter-um"] }),
        // A point neuron long enough for a steady rate.
        new Case("point neuron, steady rate",
            """{"base": {"compartments": 1, "init": "rest", "iterations": 20000, "stim": ["0,200,0,0"]}, "vary": {"stim-amplitude": [7, 12]}}""",
            new[] { "--compartments", "1", "--init", "rest", "--iterations", "20000" },
            row => new[] { "--stim", $"0,200,{row["stim-amplitude"]},0" }),
    };

    public static TheoryData<string> Cases => new(All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachRowEqualsTheSingleRun(string name)
    {
        var c = All.Single(x => x.Name == name);
        string dir = RunSweep(GridFile(c.Grid), "--jobs", "2");
        var rows = ReadCsv(Path.Combine(dir, "results.csv"));
        var parquet = ReadParquet(Path.Combine(dir, "results.parquet")).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.NotEmpty(rows);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            Assert.Equal("ok", row["status"]);
            var expected = SingleRun(c.BaseArgs.Concat(c.VariedArgs(row)).ToArray());
            Assert.True(expected.Count > 3, "the case must produce metrics");
            foreach (var (column, value) in expected)
            {
                Assert.True(row.ContainsKey(column), $"results.csv lacks {column}");
                Assert.True(Same(value, Number(row[column])), $"{c.Name}, row {r}, {column}: csv {row[column]}, run {value:R}");
                Assert.True(Same(value, parquet[column][r] is { } p ? Convert.ToDouble(p) : null), $"{c.Name}, row {r}, {column}: parquet differs");
            }
        }
        Assert.Contains(rows, row => row["spikes_last"] != "0"); // something happened: spikes reached the far end
        if (name.StartsWith("physical", StringComparison.Ordinal))
        {
            // Cable theory: speed grows with the square root of the diameter (θ ∝ √d), so halving d divides it by ~√2.
            double thin = Number(rows[0]["conduction_m_per_s"])!.Value, thick = Number(rows[1]["conduction_m_per_s"])!.Value;
            Assert.InRange(thick / thin, 1.3, 1.5);
        }
    }

    private static bool Same(double? a, double? b) =>
        a is null ? b is null : b is not null && BitConverter.DoubleToInt64Bits(a.Value) == BitConverter.DoubleToInt64Bits(b.Value);

    /// <summary>The metrics of one run started from run's own command line, by the README's definitions.</summary>
    private static Dictionary<string, double?> SingleRun(string[] args)
    {
        var (options, errors) = CommandLine.ParseRun(args);
        Assert.Empty(errors);
        var spec = SimulationSpec.Validate(options.Parameters).Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        int b = spec.Compartments;
        // As run simulates (RunCommand: Simulation.RunRecorded, on every core; the result does not depend on the thread count).
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, Enumerable.Range(0, b).ToArray()),
            new RunSettings { Threads = Environment.ProcessorCount });
        Assert.Null(recording.BlowUp);
        var spikes = Enumerable.Range(0, b).Select(col => Spikes.TimesMs(recording.TimesMs, recording.Column(StateVariable.V, col))).ToArray();
        var first = spikes[0];
        var last = spikes[b - 1];
        var m = new Dictionary<string, double?> { ["spikes_first"] = first.Length, ["spikes_last"] = last.Length };

        // Windows: from each distinct onset to the next (the last one to the end of the run).
        var segments = spec.Parameters.Stimulus.Segments;
        var onsets = segments.Select(s => s.StartMs).Distinct().Order().ToArray();
        double runEnd = spec.Parameters.Iterations * spec.DtMs;
        for (int w = 0; w < onsets.Length; w++)
        {
            double lo = onsets[w], hi = w + 1 < onsets.Length ? onsets[w + 1] : double.PositiveInfinity;
            m[$"w{w}_spikes_first"] = first.Count(t => t >= lo && t < hi);
            m[$"w{w}_spikes_last"] = last.Count(t => t >= lo && t < hi);
            var inWindow = first.Where(t => t >= lo && t < hi).ToArray();
            m[$"w{w}_latency_ms"] = inWindow.Length > 0 ? inWindow[0] - lo : null;
            // Steady rate: spikes in [onset + 100 ms, stimulus end], (n − 1)/(t_n − t_1).
            double steadyFrom = lo + 100.0, steadyTo = Math.Min(Math.Min(segments.Where(s => s.StartMs == lo).Max(s => s.EndMs), hi), runEnd);
            var steady = first.Where(t => t >= steadyFrom && t <= steadyTo).ToArray();
            m[$"w{w}_rate_hz"] = !(steadyTo > steadyFrom) ? null : steady.Length >= 2 ? 1000.0 * (steady.Length - 1) / (steady[^1] - steady[0]) : 0.0;
        }
        var arrivals = Propagation.FirstArrivalsMs(spikes, onsets.Length > 0 ? onsets[0] : 0.0);
        double? perMs = Propagation.CompartmentsPerMs(arrivals);
        m["compartments_per_ms"] = perMs;
        m["conduction_m_per_s"] = spec.Parameters.Cable is PhysicalCable cable ? Propagation.AlongCable(cable, b, recording)?.MPerS : null;
        return m;
    }
}
