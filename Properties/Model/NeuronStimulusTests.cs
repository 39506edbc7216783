using HHFunctional.Core;
using HHFunctional.Core.Model;
using static HHFunctional.Properties.Generators;

namespace HHFunctional.Properties.Model;

/// <summary>
/// Issue 18: a stimulus function may depend on the neuron, <c>(t, compartment, neuron) =&gt; …</c>, and every run path
/// gives each neuron its own current. Oracle: a neuron of the group behaves exactly as a group of one given that
/// neuron's current by a function that ignores the neuron (neurons do not interact).
/// </summary>
public class NeuronStimulusTests
{
    private static SimulationParameters Point(int neurons, Stimulus stimulus, IntegratorKind integrator = IntegratorKind.ForwardEuler) =>
        Presets.Seed with { Compartments = 1, Neurons = neurons, Iterations = 10_000, Stimulus = stimulus, Integrator = integrator };

    // Neuron j gets 3·j µA/cm² from 10 ms on: neuron 0 none (silent), neuron 1 3 µA/cm² (one spike), neuron 2+ 6+ (repetitive).
    private static double CurrentOf(double tMs, int neuron) => tMs > 10 ? 3.0 * neuron : 0.0;

    [Theory]
    [InlineData(IntegratorKind.ForwardEuler)]
    [InlineData(IntegratorKind.CrankNicolson)]
    public void TwoNeuronsGivenDifferentCurrentsSpikeAsEachAloneWould(IntegratorKind integrator)
    {
        var group = Valid(Point(4, Stimulus.FromFunction((t, c, neuron) => CurrentOf(t, neuron)), integrator));
        for (int j = 0; j < 4; j++)
        {
            int neuron = j;
            var alone = Valid(Point(1, Stimulus.FromFunction((t, c) => CurrentOf(t, neuron)), integrator));
            Assert.Equal(Simulation.RunSpikes(alone, new[] { 0 }).Of(0), Simulation.RunSpikes(group, new[] { 0 }, neuron: j).Of(0));
        }
        var silent = Simulation.RunSpikes(group, new[] { 0 }, neuron: 0).Of(0);
        var driven = Simulation.RunSpikes(group, new[] { 0 }, neuron: 3).Of(0);
        Assert.Empty(silent);
        Assert.True(driven.Count >= 5, $"neuron 3 (9 µA/cm²) fired {driven.Count} times in 100 ms");
    }

    [Fact]
    public void RunEqualsTheStepFoldNeuronByNeuron()
    {
        // 3 neurons × 3 compartments, a sine whose amplitude and phase depend on the neuron, plus a step for all.
        var stimulus = Stimulus.Step(5, 40, 4.0) +
            Stimulus.FromFunction((t, c, n) => c == 1 ? (2.0 + 3.0 * n) * Math.Sin(2 * Math.PI * t / (15.0 + n)) : 0.0);
        var spec = Valid(Presets.Seed with { Compartments = 3, Neurons = 3, Iterations = 4_000, Stimulus = stimulus });
        var fold = Simulation.Unfold(spec, Simulation.Initial(spec)).Skip(1).Take(4_000).ToArray();
        // The scalar kernels: the same arithmetic as Step, bit for bit.
        Assert.Equal(fold, Simulation.Run(spec).ToArray());
        // The vector kernels, threads and all: Math.Exp against the vectorised exp, 1e-8 mV (Simulation.RunRecorded's docs).
        for (int neuron = 0; neuron < 3; neuron++)
        {
            var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, new[] { 0, 1, 2 }, neuron));
            for (int c = 0; c < 3; c++)
            {
                var trace = recording.Trace(StateVariable.V, c);
                for (int r = 0; r < trace.Length; r++) Assert.Equal(fold[r].VMv[fold[r].IndexOf(c, neuron)], trace[r], 1e-8);
            }
        }
        // The neurons do differ.
        Assert.NotEqual(fold[^1].VMv[fold[^1].IndexOf(1, 0)], fold[^1].VMv[fold[^1].IndexOf(1, 2)]);
    }

    [Fact]
    public void BlocksOnOtherThreadsSeeTheirNeuronsOwnIndex()
    {
        // 200 neurons on 3 threads: blocks start at neurons 0, 64 and 128 (whole vectors of 8), so a block's row is
        // filled with the group's indices, not its own.
        var stimulus = Stimulus.FromFunction((t, c, n) => t > 5 ? n / 20.0 : 0.0);
        var spec = Valid(Point(200, stimulus) with { Iterations = 3_000 });
        foreach (int neuron in new[] { 0, 63, 64, 128, 199 })
        {
            var threaded = Simulation.RunSpikes(spec, new[] { 0 }, neuron, settings: new RunSettings { Threads = 3 }).Of(0);
            var alone = Valid(Point(1, Stimulus.FromFunction((t, c) => t > 5 ? neuron / 20.0 : 0.0)) with { Iterations = 3_000 });
            Assert.Equal(Simulation.RunSpikes(alone, new[] { 0 }).Of(0), threaded);
        }
    }

    [Fact]
    public void NeuronFunctionsAddAfterTheOthersAndCompose()
    {
        var s = Stimulus.Step(0, 10, 1.0) + Stimulus.FromFunction((t, c) => 2.0) + Stimulus.FromFunction((t, c, n) => 10.0 * n);
        Assert.Single(s.NeuronFunctions);
        Assert.Empty((Stimulus.Step(0, 10, 1.0) + Stimulus.FromFunction((t, c) => 2.0)).NeuronFunctions);
        Assert.Equal(3.0, s.AmplitudeAt(5, 0));
        Assert.Equal(33.0, s.AmplitudeAt(5, 0, 3));
        Assert.Equal(32.0, s.AmplitudeAt(50, 1, 3)); // the step is off, the (t, c) function injects everywhere
    }
}
