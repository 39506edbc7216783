using System.Globalization;
using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Reference;

/// <summary>
/// Oracle: Brian2 2.5.1 (rk4, converged to 1e-6 ms; Reference/Fixtures/acurrent/README.md) on the seed's hh plus the
/// Connor–Stevens A-current written as a user channel (<see cref="ConnorStevensA"/>), point neuron, 30 µA/cm² for
/// 10 &lt; t ≤ 210 ms, from V = −65 mV with every gate at its steady state there.
/// </summary>
public class ACurrentTests
{
    private static double[] ReferenceSpikesMs(string file) =>
        File.ReadAllLines(Path.Combine(Fixtures.Dir, "acurrent", file)).Skip(1).Where(l => l.Length > 0)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    public static SimulationParameters Parameters(double gAMSPerCm2, IntegratorKind integrator, double dtMs)
    {
        var (m, h, n) = Kinetics.SteadyGates(-65.0);
        return new SimulationParameters
        {
            Compartments = 1,
            DtMs = dtMs,
            Iterations = (long)Math.Round(250.0 / dtMs),
            Integrator = integrator,
            Initial = new ExplicitStart(-65.0, m, h, n),
            Stimulus = Stimulus.Step(10.0, 210.0, 30.0),
            Channels = gAMSPerCm2 > 0 ? new[] { Channel.Create<ConnorStevensA>("ka", gAMSPerCm2, -75.0) } : Array.Empty<Channel>(),
        };
    }

    // Crank–Nicolson at dt 0.005 ms is second order: the reference README estimates its spike-time error at 0.0015 ms
    // (0.006 ms at dt 0.01), so 0.01 ms (the bound) has a 7× margin; a wrong constant moves spikes by > 0.0175 ms.
    [Theory]
    [InlineData(20.0, "hh_plus_a_spikes.csv", 16)]
    [InlineData(0.0, "hh_only_spikes.csv", 20)]
    public void SpikeTimesMatchBrian2(double gA, string file, int count)
    {
        var reference = ReferenceSpikesMs(file);
        Assert.Equal(count, reference.Length);  // the fixture is what its README says
        var spec = Generators.Valid(Parameters(gA, IntegratorKind.CrankNicolson, 0.005));
        var spikes = Simulation.RunSpikes(spec, new[] { 0 })[0];
        Assert.Equal(count, spikes.Count);
        double worst = spikes.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 0.01, $"worst spike-time difference {worst:F5} ms");
    }

    /// <summary>The A-current must matter: without it the second spike comes more than 1 ms earlier (3.7 ms in the reference).</summary>
    [Fact]
    public void TheACurrentDelaysTheSecondSpike()
    {
        var with = Simulation.RunSpikes(Generators.Valid(Parameters(20.0, IntegratorKind.CrankNicolson, 0.01)), new[] { 0 })[0];
        var without = Simulation.RunSpikes(Generators.Valid(Parameters(0.0, IntegratorKind.CrankNicolson, 0.01)), new[] { 0 })[0];
        Assert.True(with[1] - without[1] > 1.0, $"second spike {with[1]:F3} ms with the A-current, {without[1]:F3} ms without");
    }

    /// <summary>A slip in the channel (a's rates read 0.05 mV off: a half-volt shift rounded badly) must fail the bound.</summary>
    [Fact]
    public void ShouldFail_SpikeTimes_WithAMistypedConstant()
    {
        var reference = ReferenceSpikesMs("hh_plus_a_spikes.csv");
        var p = Parameters(20.0, IntegratorKind.CrankNicolson, 0.005) with
        {
            Channels = new[] { Channel.Create<MistypedA>("ka", 20.0, -75.0) },
        };
        var spikes = Simulation.RunSpikes(Generators.Valid(p), new[] { 0 })[0];
        Assert.False(spikes.Count == reference.Length && spikes.Zip(reference, (a, b) => Math.Abs(a - b)).Max() <= 0.01);
    }

    private readonly struct MistypedA : IChannelKinetics<MistypedA>
    {
        public static IReadOnlyList<ChannelGate> Gates => ConnorStevensA.Gates;

        public static GateRates<T> Rates<T>(int gate, T v) where T : struct, Core.Engine.ILane<T> =>
            ConnorStevensA.Rates(gate, v + T.Broadcast(gate == 0 ? 0.05 : 0.0));
    }
}
