using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Core.Network;

namespace HHFunctional.Properties.Network;

/// <summary>docs/network.md's "Library" sample, verbatim between the markers (NetworkBuilderTests checks the page holds
/// exactly these lines, and runs them).</summary>
internal static class NetworkBuilderSample
{
    public static (BuiltNetwork Network, NetworkResult Result) Run()
    {
        // sample:begin
        var morphology = new MorphologyBuilder().Cylinder("soma", "soma", parent: null, lengthUm: 20, diameterUm: 20)
            .Cylinder("dend", "dend", parent: "soma", lengthUm: 200, diameterUm: 1).Build().IfFail(e => throw new ArgumentException(string.Join("; ", e)));
        var cell = CellModel.Build(morphology, new NsegRule.Fixed(5), [new("soma", "hh"), new("dend", "pas")], [])
            .IfFail(e => throw new ArgumentException(string.Join("; ", e)));
        var exc = new ExpSyn(TauMs: 2, ReversalMv: 0);                 // weights in µS, delays in ms
        var network = new NetworkBuilder(tStopMs: 100)                  // dt 0.025 ms, Crank–Nicolson, v0 −65 mV
            .Population("ring", cell, count: 4)                         // cell g excites cell g + 1 (mod 4):
            .Projection("ring", "soma(0.5)", 10, "ring", "dend(0.5)", exc, Enumerable.Range(0, 4).Select(g => (g, (g + 1) % 4, 0.05, 5.0)))
            .Source("ring", "dend(0.5)", exc, weightUS: 0.05, delayMs: 1, new SpikeTrain.Explicit([0.0]), cells: [0])
            .Record("ring", 0, "soma(0.5)")
            .Build().IfFail(problems => throw new ArgumentException(string.Join("\n", problems)));  // every problem, with its field
        var result = NetworkRun.Run(network, threads: 2);               // the same spikes on any number of threads
        foreach (var s in network.Spikes(result)) Console.WriteLine($"{s.Population}[{s.Cell}] fired at {s.TimeMs:F3} ms");
        // sample:end
        return (network, result);
    }
}
