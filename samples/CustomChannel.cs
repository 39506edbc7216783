using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Samples;

/// <summary>
/// Task 6: a channel of your own, the Connor–Stevens A-current, added to the point neuron: it runs on the fast path,
/// vectorised, and spaces the spikes (fewer in 500 ms than with hh alone).
/// </summary>
public static class CustomChannel
{
    public static void Run()
    {
        var point = Presets.Seed.WithCompartments(1).WithIterations(50_000).WithStimulus(Stimulus.Step(10, 490, 30.0));
        IReadOnlyList<double> Spikes(SimulationParameters p) =>
            SimulationSpec.TryValidate(p, out var spec, out var problems)
                ? Simulation.RunSpikes(spec, new[] { 0 }).Of(0)
                : throw new ArgumentException(string.Join("; ", problems));
        var ka = Channel.Create<ConnorStevensA>("ka", gMaxMSPerCm2: 20.0, eMv: -75.0);
        var (hh, withA) = (Spikes(point), Spikes(point.WithChannels(new[] { ka })));
        Console.WriteLine($"spikes in 500 ms: {hh.Count} with hh alone, {withA.Count} with the A-current");
        Console.WriteLine($"mean interval: {Core.Analysis.Spikes.Isi(hh)!.MeanMs:F2} ms with hh alone, {Core.Analysis.Spikes.Isi(withA)!.MeanMs:F2} ms with the A-current");
    }

    // I_A = g·a³·b·(V − E_A), x' = (x∞ − x)/τ (Dayan & Abbott, ch. 6), written with the lane's arithmetic.
    private readonly struct ConnorStevensA : IChannelKinetics<ConnorStevensA>
    {
        public static IReadOnlyList<ChannelGate> Gates { get; } = new ChannelGate[] { new("a", 3), new("b", 1) };

        public static GateRates<T> Rates<T>(int gate, T v) where T : struct, ILane<T>
        {
            T C(double x) => T.Broadcast(x);
            if (gate == 0)
                return GateRates<T>.FromSteadyState(
                    T.Exp(T.DivideBy(T.Log(C(0.0761) * T.Exp(C(0.0314) * (v + C(94.22))) / (C(1) + T.Exp(C(0.0346) * (v + C(1.17))))), 3.0)),
                    C(0.3632) + C(1.158) / (C(1) + T.Exp(C(0.0497) * (v + C(55.96)))));
            return GateRates<T>.FromSteadyState(
                T.Fourth(C(1) / (C(1) + T.Exp(C(0.0688) * (v + C(53.3))))),
                C(1.24) + C(2.678) / (C(1) + T.Exp(C(0.0624) * (v + C(50)))));
        }
    }
}
