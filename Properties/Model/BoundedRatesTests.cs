using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Mutants;

namespace HHFunctional.Properties.Model;

/// <summary>hh's sodium channel with α_m written as the seed's bare formula, 0/0 at −40 mV (no Vtrap), yet declaring bounded rates.</summary>
public readonly struct UnguardedSodium : IChannelKinetics<UnguardedSodium>
{
    public static IReadOnlyList<ChannelGate> Gates => HhSodium.Gates;

    public static bool RatesFiniteWithinBlowUpBound => true;

    public static GateRates<T> Rates<T>(int gate, T v) where T : struct, ILane<T>
    {
        if (gate != 0) return HhSodium.Rates(gate, v);
        var x = v + T.Broadcast(40.0);
        return new(T.Broadcast(0.1) * x / (T.Broadcast(1.0) - T.Exp(T.DivideBy(-x, 10.0))), Kinetics.BetaM(v));
    }
}

/// <summary>
/// Law: kinetics that declare <see cref="IChannelKinetics{TSelf}.RatesFiniteWithinBlowUpBound"/> keep it: at every voltage
/// within the blow-up bound (|V| ≤ 1000 mV) each gate's rates are finite, ≥ 0 and not both 0, and a Rush–Larsen update
/// with those rates scaled by any φ the engine then trusts (1e-300 … 1e300), over any dt, takes a gate in [0, 1] to a
/// gate in [0, 1], on the scalar lane and in vector lanes. This is what lets the engine skip its blow-up check on such
/// gates in the Rush–Larsen schemes (ChannelLanes.RushLarsenCheckedGates). Voltages: uniform over the bound, and the
/// points where a careless rate breaks (the removable singularities −40 and −55 mV, the bound's ends, 0, the rest).
/// </summary>
public class BoundedRatesTests
{
    private static readonly Gen<double> Voltages = Gen.Frequency(
        (5, Gen.Choose(-1_000_000, 1_000_000).Select(k => k / 1000.0)),
        (3, Gen.Elements(-40.0, -55.0, -35.0, -65.0, -1000.0, 1000.0, 0.0, -0.0, Math.BitIncrement(-40.0), Math.BitDecrement(-55.0))));

    private static readonly Gen<double> RateScales = Gen.Choose(-300_000, 300_000).Select(k => Math.Pow(10.0, k / 1000.0));
    private static readonly Gen<double> Steps = Gen.Choose(-6000, 3000).Select(k => Math.Pow(10.0, k / 1000.0));

    private static bool Bounded(double alpha, double beta) =>
        double.IsFinite(alpha) && double.IsFinite(beta) && alpha >= 0 && beta >= 0 && alpha + beta > 0;

    private static bool InUnitInterval(double x) => x >= 0 && x <= 1;

    internal static Property Law<TKinetics>() where TKinetics : struct, IChannelKinetics<TKinetics> => Prop.ForAll(Arb.From(
            from voltages in Gen.ArrayOf(Voltages, 8)
            from gate in Gen.Choose(0, TKinetics.Gates.Count - 1)
            from gates in Gen.ArrayOf(Gen.Choose(0, 1000).Select(k => k / 1000.0), 8)
            from phi in RateScales
            from dt in Steps
            select (voltages, gate, gates, phi, dt)), c =>
        {
            var vector = TKinetics.Rates(c.gate, new VectorLane(Vector512.Create(c.voltages)));
            var phiLanes = new VectorLane(Vector512.Create(c.phi));
            var vectorNext = RushLarsen.Gate(new VectorLane(Vector512.Create(c.gates)), phiLanes * vector.Alpha, phiLanes * vector.Beta,
                new VectorLane(Vector512.Create(c.dt))).Value;
            for (int lane = 0; lane < 8; lane++)
            {
                var scalar = TKinetics.Rates(c.gate, (ScalarLane)c.voltages[lane]);
                double next = RushLarsen.Gate(c.gates[lane], c.phi * scalar.Alpha, c.phi * scalar.Beta, c.dt);
                bool holds = Bounded(scalar.Alpha, scalar.Beta) && Bounded(vector.Alpha.Value[lane], vector.Beta.Value[lane])
                    && InUnitInterval(next) && InUnitInterval(vectorNext[lane]);
                if (!holds)
                    return false.Label($"gate {c.gate} at {c.voltages[lane]:R} mV, φ {c.phi:E2}, dt {c.dt:E2} ms: rates ({(double)scalar.Alpha}, " +
                        $"{(double)scalar.Beta}), gate {c.gates[lane]} -> {next} (vector lane {vectorNext[lane]})");
            }
            return true.ToProperty();
        });

    [Fact]
    public void HhSodiumKeepsItsDeclaration()
    {
        Assert.True(Declared<HhSodium>());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Law<HhSodium>());
    }

    [Fact]
    public void HhPotassiumKeepsItsDeclaration()
    {
        Assert.True(Declared<HhPotassium>());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Law<HhPotassium>());
    }

    /// <summary>A user channel declares nothing by default, so its gates stay checked.</summary>
    [Fact]
    public void KineticsDeclareNothingByDefault() => Assert.False(Declared<UserPotassium>());

    private static bool Declared<TKinetics>() where TKinetics : struct, IChannelKinetics<TKinetics> => TKinetics.RatesFiniteWithinBlowUpBound;

    /// <summary>
    /// The engine trusts the declaration only where the law holds: hh's gates unchecked in the Rush–Larsen modes at the
    /// seed's φ; a user channel's gates, and hh's at a φ so small that both its rates could round to 0, checked; with a
    /// rate table, gates unchecked when every table value is finite (what the table update then keeps in [0, 1]).
    /// </summary>
    [Fact]
    public void TheEngineSkipsTheGateCheckOnlyWhereItCannotFire()
    {
        int[] Checked(IReadOnlyList<Channel> channels, RateTable? table = null)
        {
            var spec = Generators.Valid(Presets.Seed with { Compartments = 1, Iterations = 10, Channels = channels, RateTable = table });
            return new KernelConstants(spec, 1).Lanes<ScalarLane>().RushLarsenCheckedGates;
        }
        var hh = Channels.Hh(Membrane.Seed);
        Assert.Equal(new[] { 0, 0, 0 }, Checked(hh));
        var user = hh.Select(c => c.Name == "k" ? Channel.Create<UserPotassium>("k", c.GMaxMSPerCm2, c.EMv) : c).ToArray();
        Assert.Equal(new[] { 0, 3, 0 }, Checked(user));
        var tinyPhi = hh.Select(c => c.Name == "na" ? c with { RateScale = 1e-301 } : c).ToArray();
        Assert.Equal(new[] { 3, 0, 0 }, Checked(tinyPhi));
        Assert.Equal(new[] { 0, 0, 0 }, Checked(user, RateTable.Neuron));
    }

    // Mutant: α_m without its limit at −40 mV, declared bounded: NaN there, which the law must find.
    [Fact]
    public void RatesThatAreNaNAtTheSingularityAreCaught() => Mutation.AssertFails(Law<UnguardedSodium>(), 2000);
}
