using System.Globalization;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Network;

/// <summary>
/// Oracle: NEURON 8.2.2's run of a 300-cell network built from the same network file (Fixtures/ei300/README.md): every
/// one of its 917 spikes must fall on the same step of the same cell in ours, read through the network file (connection
/// rules, Poisson sources, shared synapses, two populations).
/// </summary>
public class NeuronNetworkFileTests
{
    private static readonly string Dir = Path.Combine(RepoRoot.Path, "Properties", "Network", "Fixtures", "ei300");

    [Fact]
    public void ThreeHundredCellsSpikeOnNeuronsSteps()
    {
        var (model, problems) = NetworkFile.Load(Path.Combine(Dir, "network_ei.net.json"));
        Assert.True(model is not null, string.Join("\n", problems));
        var result = Core.Network.NetworkRun.Run(model!.Spec, new Core.Network.NetworkRunSettings { Threads = 2 });
        Assert.Null(result.BlowUp);
        double dt = model.Spec.DtMs;
        var names = model.Spec.Populations.Select(p => p.Name).ToArray();
        var ours = result.Spikes.Select(s => (names[s.Population], s.Neuron, (long)Math.Round(s.TimeMs / dt))).ToHashSet();
        var neuron = File.ReadAllLines(Path.Combine(Dir, "neuron_spikes.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (f[0], int.Parse(f[1], CultureInfo.InvariantCulture), (long)Math.Round(double.Parse(f[2], CultureInfo.InvariantCulture) / dt)))
            .ToArray();
        Assert.Equal(917, neuron.Length);
        Assert.Equal(neuron.Length, result.Spikes.Count);
        var missing = neuron.Where(s => !ours.Contains(s)).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} of NEURON's spikes not on our step, first {missing.FirstOrDefault()}");
    }
}
