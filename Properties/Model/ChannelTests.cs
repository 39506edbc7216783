using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Integrators;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Model;

/// <summary>HH's delayed rectifier written from scratch as a user channel (HH 1952 eqs. 12–13, the seed's expressions).</summary>
public readonly struct UserPotassium : IChannelKinetics<UserPotassium>
{
    private static readonly ChannelGate[] GateList = { new("n", 4) };

    public static IReadOnlyList<ChannelGate> Gates => GateList;

    // α_n = 0.01(V+55)/(1 − e^{−(V+55)/10}) (limit at −55 mV by Kinetics.ScaledVtrap), β_n = 0.125·e^{−(V+65)/80}.
    public static GateRates<T> Rates<T>(int gate, T v) where T : struct, ILane<T> =>
        new(Kinetics.ScaledVtrap(0.01, v + T.Broadcast(55.0), 10.0),
            T.Broadcast(0.125) * T.Exp(T.DivideBy(-(v + T.Broadcast(65.0)), 80.0)));
}

/// <summary><see cref="UserPotassium"/> with β_n's 0.125 written 0.1251: a slip a reader would miss.</summary>
public readonly struct SlippedPotassium : IChannelKinetics<SlippedPotassium>
{
    public static IReadOnlyList<ChannelGate> Gates => UserPotassium.Gates;

    public static GateRates<T> Rates<T>(int gate, T v) where T : struct, ILane<T>
    {
        var r = UserPotassium.Rates(gate, v);
        return new(r.Alpha, r.Beta * T.Broadcast(0.1251 / 0.125));
    }
}

public class ChannelTests
{
    /// <summary>The spec with the seed's potassium replaced in place by a user channel of the same conductance, reversal and φ.</summary>
    public static SimulationSpec WithUserPotassium<TKinetics>(SimulationParameters p) where TKinetics : struct, IChannelKinetics<TKinetics> =>
        Generators.Valid(p with
        {
            Channels = new[] { Channel.Create<TKinetics>("k", p.Membrane.GKMSPerCm2, p.Membrane.EKMv) with { RateScale = p.Membrane.RateScale } },
        });

    /// <summary>
    /// Law: a user channel with HH's potassium kinetics, put where the seed's potassium is, gives the built-in hh's run bit for
    /// bit, on the scalar path (the Step fold) and on the vector path, for any run the kernel generator makes (every
    /// integrator, membrane temperature, cable, stimulus, start; blow-ups included). Precondition: none.
    /// </summary>
    public static Property UserChannelEqualsBuiltIn(KernelCase c, Func<SimulationParameters, SimulationSpec> user)
    {
        var builtIn = c.Spec;
        var mine = user(c.Parameters);
        var scalar = KernelLaws.FirstBitDifference(Recording.Record(KernelLaws.StepFold(builtIn), c.Selection),
            Recording.Record(KernelLaws.StepFold(mine), c.Selection));
        var vector = KernelLaws.FirstBitDifference(Simulation.RunRecorded(builtIn, c.Selection, RunSettings.Default, KernelPath.Vector),
            Simulation.RunRecorded(mine, c.Selection, RunSettings.Default, KernelPath.Vector));
        return (scalar.Length == 0).Label($"scalar: {scalar}").And((vector.Length == 0).Label($"vector: {vector}")).Label(c.ToString());
    }

    private static readonly IntegratorKind[] All =
        { IntegratorKind.ForwardEuler, IntegratorKind.ExponentialEuler, IntegratorKind.BackwardEuler, IntegratorKind.CrankNicolson };

    [Fact]
    public void HhPotassiumAsAUserChannelEqualsTheBuiltInBitForBit() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100),
            Prop.ForAll(KernelCaseGen.Arbitrary(All), c => UserChannelEqualsBuiltIn(c, WithUserPotassium<UserPotassium>)));

    [Fact]
    public void ShouldFail_UserChannelEqualsBuiltIn_WithASlippedConstant() =>
        PropertyAssert.Falsified(Prop.ForAll(KernelCaseGen.Arbitrary(All), c => UserChannelEqualsBuiltIn(c, WithUserPotassium<SlippedPotassium>)));

    /// <summary>The seed's 50,000 updates with the user potassium: the same spikes, bit for bit, through the public run.</summary>
    [Fact]
    public void SeedRunWithUserPotassiumIsTheSeedRun()
    {
        var seed = Generators.Valid(Presets.Seed);
        var mine = WithUserPotassium<UserPotassium>(Presets.Seed);
        var all = Enumerable.Range(0, 20).ToArray();
        var a = Simulation.RunSpikes(seed, all);
        var b = Simulation.RunSpikes(mine, all);
        for (int col = 0; col < 20; col++) Assert.Equal(a[col], b[col]);
        Assert.True(a[19].Count > 0);
    }

    [Fact]
    public void ChannelsAreValidated()
    {
        var p = Presets.Seed with
        {
            Channels = new[]
            {
                Channels.Passive(-1.0, double.NaN, "x"),
                Channels.Passive(0.1, -65.0, "x"),
                Channel.Create<UserPotassium>("na", 1.0, 50.0),
            },
        };
        var problems = SimulationSpec.Problems(p).ToList();
        Assert.Contains(problems, e => e.StartsWith("Channels[0].GMaxMSPerCm2:"));
        Assert.Contains(problems, e => e.StartsWith("Channels[0].EMv:"));
        Assert.Contains(problems, e => e.StartsWith("Channels[1].Name:"));
        Assert.Contains(problems, e => e.StartsWith("Channels[2].Gates:"));
    }

    /// <summary>Oracle: cable theory's passive limit. A pas channel alone (hh switched off) relaxes to its reversal potential
    /// with τ = C_m/g exactly as exp(−t/τ) (a point neuron, Crank–Nicolson at a fine step).</summary>
    [Fact]
    public void PassiveChannelRelaxesWithItsTimeConstant()
    {
        var p = new SimulationParameters
        {
            Membrane = Membrane.Seed with { GNaMSPerCm2 = 0, GKMSPerCm2 = 0, GLMSPerCm2 = 0 },
            Channels = new[] { Channels.Passive(0.5, -70.0) },
            Compartments = 1, DtMs = 0.001, Iterations = 4000, Integrator = IntegratorKind.CrankNicolson,
            Initial = new ExplicitStart(-50.0, 0, 0, 0), Stimulus = Stimulus.None,
        };
        var recording = Simulation.RunRecorded(Generators.Valid(p), RecordingSelection.All(1));
        double tau = 1.0 / 0.5;
        for (int row = 0; row < recording.Rows; row += 500)
        {
            double t = recording.TimesMs[row];
            double expected = -70.0 + 20.0 * Math.Exp(-t / tau);
            Assert.True(Math.Abs(recording[StateVariable.V, row, 0] - expected) < 1e-6, $"t = {t} ms: {recording[StateVariable.V, row, 0]} vs {expected}");
        }
    }
}
