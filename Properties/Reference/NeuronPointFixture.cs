using System.Globalization;

namespace HHFunctional.Properties.Reference;

/// <summary>
/// NEURON 8.2's spike times for the seed's membrane as a point neuron (Fixtures/neuron_point, copied from
/// shared/reference/neuron_point; its README describes the runs). Loaded once and checked before use.
/// </summary>
public static class NeuronPointFixture
{
    /// <summary>Crank–Nicolson at dt 0.0005 ms: the truth (CVODE at atol 1e-6 agrees within 0.0001 ms).</summary>
    public const string Truth = "CN_dt0.0005_truth";
    /// <summary>NEURON's own Crank–Nicolson at dt 0.01 ms.</summary>
    public const string NeuronCrankNicolson = "CN_dt0.01";
    /// <summary>NEURON's own backward Euler (implicit v, exponential gates) at dt 0.01 ms.</summary>
    public const string NeuronBackwardEuler = "BE_dt0.01";
    /// <summary>NEURON's variable-step CVODE at atol 1e-6.</summary>
    public const string Cvode = "CVODE_atol1e-6";

    /// <summary>The resting potential NEURON started from (README: −64.996379331 mV).</summary>
    public const double RestMv = -64.996379331;

    private static readonly Lazy<IReadOnlyDictionary<string, double[]>> Spikes = new(Load);

    /// <summary>Spike times (ms) of one method, in order.</summary>
    public static double[] SpikeTimesMs(string method) => Spikes.Value[method];

    private static IReadOnlyDictionary<string, double[]> Load()
    {
        var lines = File.ReadAllLines(Path.Combine(Fixtures.Dir, "neuron_point", "point_seed_stimulus_spikes.csv"));
        if (lines.Length == 0 || lines[0] != "method,spike_index,t_ms")
            throw new InvalidDataException($"unexpected header in point_seed_stimulus_spikes.csv: '{lines.FirstOrDefault()}'");
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(f => (Method: f[0], Index: int.Parse(f[1], CultureInfo.InvariantCulture), TMs: double.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        var byMethod = rows.GroupBy(r => r.Method).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Index).ToList());
        // What the README says the file holds: these four methods, 8 spikes each (indices 0..7), increasing finite times,
        // 1 spike in 100–200 ms and 7 in 300–400 ms.
        foreach (var method in new[] { Truth, NeuronCrankNicolson, NeuronBackwardEuler, Cvode })
        {
            if (!byMethod.TryGetValue(method, out var spikes)) throw new InvalidDataException($"fixture lacks method {method}");
            if (!spikes.Select(s => s.Index).SequenceEqual(Enumerable.Range(0, 8))) throw new InvalidDataException($"{method}: expected spike indices 0..7");
            var t = spikes.Select(s => s.TMs).ToArray();
            if (t.Any(x => !double.IsFinite(x)) || t.Zip(t.Skip(1), (a, b) => b > a).Any(ok => !ok))
                throw new InvalidDataException($"{method}: spike times are not finite and increasing");
            if (t.Count(x => x > 100 && x < 200) != 1 || t.Count(x => x > 300 && x < 400) != 7)
                throw new InvalidDataException($"{method}: expected 1 spike in 100–200 ms and 7 in 300–400 ms");
        }
        return byMethod.ToDictionary(kv => kv.Key, kv => kv.Value.Select(s => s.TMs).ToArray());
    }
}
