using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

// The seed's neuron, 300 ms, with a composed stimulus: a step plus a user-defined current (any pure function of t, compartment).
var parameters = Presets.Seed with
{
    Iterations = 30_000,
    Stimulus = Stimulus.Step(100, 200, 5.0) + Stimulus.FromFunction((tMs, compartment) => compartment == 0 && tMs > 250 ? 10.0 : 0.0),
};

// Errors are values: Validate returns every problem at once, or a spec that can be run.
SimulationSpec.Validate(parameters).Match(
    Succ: spec =>
    {
        // Simulation.Run is lazy; the recorder keeps v of compartments 0 and 19, every 10th update.
        var selection = new RecordingSelection(new[] { StateVariable.V }, new[] { 0, 19 }, Every: 10);
        var recording = Recording.Record(Simulation.Run(spec), selection);
        // A recording is read by the compartment recorded (Trace), spike trains are plain lists (Spikes.Trains).
        var first = Spikes.TimesMs(recording.TimesMs, recording.Trace(StateVariable.V, 0));
        var last = Spikes.Trains(recording).Of(19);
        Console.WriteLine($"spikes: compartment 0: {first.Length}, compartment 19: {last.Count}");
        Console.WriteLine($"first spike at {first[0]:F2} ms in compartment 0, {last[0]:F2} ms in compartment 19");
        Console.WriteLine($"spikes after 250 ms in compartment 0: {first.Count(t => t > 250)}");
    },
    Fail: errors => Console.WriteLine(string.Join("\n", errors)));

// A channel of your own runs on the fast path, vectorised: the Connor–Stevens A-current added to a point neuron.
var point = Presets.Seed with { Compartments = 1, Iterations = 50_000, Stimulus = Stimulus.Step(10, 490, 30.0) };
int SpikeCount(SimulationParameters p) =>
    SimulationSpec.Validate(p).Match(spec => Simulation.RunSpikes(spec, new[] { 0 })[0].Count, errors => throw new ArgumentException(errors.Head.Message));
int withA = SpikeCount(point with { Channels = new[] { Channel.Create<ConnorStevensA>("ka", gMaxMSPerCm2: 20.0, eMv: -75.0) } });
Console.WriteLine($"spikes in 500 ms: {SpikeCount(point)} with hh alone, {withA} with the A-current");

// Bad parameters never reach a state:
SimulationSpec.Validate(Presets.Seed with { DtMs = -0.01, Compartments = 0 }).Match(
    Succ: _ => Console.WriteLine("unexpectedly valid"),
    Fail: errors => Console.WriteLine($"invalid: {string.Join("; ", errors)}"));

// I_A = g·a³·b·(V − E_A), x' = (x∞ − x)/τ (Dayan & Abbott, ch. 6), written with the lane's arithmetic.
readonly struct ConnorStevensA : IChannelKinetics<ConnorStevensA>
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
