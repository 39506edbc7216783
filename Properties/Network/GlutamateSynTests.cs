using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;
using HHFunctional.Core.Network;
using HHFunctional.Properties.Mutants;
using Xunit.Abstractions;

namespace HHFunctional.Properties.Network;

/// <summary>
/// Oracle: Brian2 2.5.1 (Debian's python3-brian) integrating the same equations independently (Fixtures/glutamate: RK4 at
/// dt 1 µs, events placed so that the conductances jump at the event times): one passive soma cylinder (L = d = 20 µm,
/// cm 1 µF/cm², pas g 0.1 mS/cm², e −65 mV) receiving seven events (weight 1 nS) through one <see cref="GlutamateSyn"/>
/// with its defaults, [Mg²⁺] 1 mM and 0 mM. Our network run (Crank–Nicolson) must match v(t) within 0.01 mV RMS.
/// </summary>
public class GlutamateSynTests(ITestOutputHelper output)
{
    // The run the fixture's script makes (README.md there).
    private static readonly double[] EventTimesMs = [10.0, 60.0, 110.0, 115.0, 120.0, 125.0, 130.0];
    private const double WeightUS = 0.001, TStopMs = 300.0, RestMv = -65.0, FixtureDtMs = 0.025;

    /// <summary>Our step: Crank–Nicolson at dt/2 of NEURON's usual 0.025 ms (see <see cref="MatchesBrian2WithinAHundredthOfAMillivoltRms"/>).</summary>
    private const double DtMs = 0.0125;

    private static (double[] Mg1, double[] Mg0) Reference()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Path, "Properties", "Network", "Fixtures", "glutamate", "glutamate_v.csv"));
        Assert.Equal("t_ms,v_mv,v_no_mg_mv", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        // Checked before use: t = k·0.025 ms up to t_stop, at rest before the first event, depolarised by the burst.
        Assert.Equal((int)Math.Round(TStopMs / FixtureDtMs) + 1, rows.Length);
        Assert.All(rows.Select((r, k) => (r, k)), x => Assert.Equal(x.k * FixtureDtMs, x.r[0], 9));
        Assert.All(rows.TakeWhile(r => r[0] <= EventTimesMs[0]), r => Assert.Equal(RestMv, r[1], 6));
        Assert.InRange(rows.Max(r => r[1]), -30.0, -15.0);
        return (rows.Select(r => r[1]).ToArray(), rows.Select(r => r[2]).ToArray());
    }

    /// <summary>The fixture's cell and events, one synapse of <paramref name="kind"/> at soma(0.5).</summary>
    private static NetworkSpec Network(SynapseKind kind, double dtMs = DtMs)
    {
        var morphology = new MorphologyBuilder().Cylinder("soma", "soma", null, lengthUm: 20, diameterUm: 20).Build()
            .Match(Succ: m => m, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
        var cell = CellModel.Build(morphology, new NsegRule.Fixed(1), [new Insertion("soma", "pas")],
                [new RegionParameter("soma", "cm", 1.0), new RegionParameter("soma", "pas.g", 0.1), new RegionParameter("soma", "pas.e", RestMv)])
            .Match(Succ: c => c, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
        var spec = SimulationSpec.Validate(cell.ApplyTo(new SimulationParameters
        {
            DtMs = dtMs,
            Iterations = (long)Math.Round(TStopMs / dtMs),
            Integrator = IntegratorKind.CrankNicolson,
            Initial = InitialConditions.Steady(RestMv),
            Stimulus = Stimulus.None,
        })).Match(Succ: s => s, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
        int soma = (int)cell.NodeOf(new Site("soma", 0.5));
        return NetworkSpec.Validate(spec, [new SynapseSite(0, soma, kind)], [], [], [new SpikeSource(EventTimesMs, 0, WeightUS, 0.0)])
            .Match(Succ: n => n, Fail: e => throw new InvalidDataException(string.Join("; ", e)));
    }

    /// <summary>Our soma v at the fixture's times t = k·0.025 ms.</summary>
    private static double[] Soma(SynapseKind kind, double dtMs = DtMs)
    {
        var network = Network(kind, dtMs);
        int soma = network.Synapses[0].Node;
        var result = NetworkRun.Run(network, new NetworkRunSettings { Record = [new NetworkProbe(0, 0, soma)] });
        Assert.Null(result.BlowUp);
        int every = (int)Math.Round(FixtureDtMs / dtMs);
        return result.Traces[0].Where((_, i) => i % every == 0).ToArray();
    }

    private static double Rms(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Average());
    }

    // 0.01 mV RMS is the issue's bound. The engine freezes each synapse's conductance at its value at t over the step
    // (NEURON's fixed step), a lag of the conductance's time course that is first order in dt: measured 0.0097 mV at
    // dt 0.025 ms (within the bound by 3 %), 0.0047 mV at 0.0125 ms, so the bound is asserted at 0.0125 ms with a margin
    // of 2 (Brian2's own error is below 1e-6 mV: its dt 5 µs and 1 µs runs agree to the fixture's last digit).
    [Fact]
    public void MatchesBrian2WithinAHundredthOfAMillivoltRms()
    {
        var (mg1, mg0) = Reference();
        double[] ours1 = Soma(new GlutamateSyn()), ours0 = Soma(new GlutamateSyn { MgMM = 0 });
        double rms1 = Rms(ours1, mg1), rms0 = Rms(ours0, mg0);
        output.WriteLine($"RMS vs Brian2 at dt {DtMs} ms: {rms1:G4} mV ([Mg] 1 mM), {rms0:G4} mV ([Mg] 0); largest |Δv| "
            + $"{ours1.Zip(mg1, (a, b) => Math.Abs(a - b)).Max():G4} and {ours0.Zip(mg0, (a, b) => Math.Abs(a - b)).Max():G4} mV");
        Assert.True(rms1 < 0.01, $"[Mg] 1 mM: RMS {rms1} mV");
        Assert.True(rms0 < 0.01, $"[Mg] 0: RMS {rms0} mV");
    }

    // What is left is the step's error, not the model's: it halves with dt (first order, the frozen conductance) down to
    // 0.0009 mV at dt 0.0025 ms. A model error (a wrong τ, factor or block) would stay as dt shrinks.
    [Fact]
    public void TheDifferenceFromBrian2ShrinksAtFirstOrderInDt()
    {
        var (mg1, _) = Reference();
        var rms = new[] { 0.025, 0.0125, 0.005, 0.0025 }.Select(dt => Rms(Soma(new GlutamateSyn(), dt), mg1)).ToArray();
        output.WriteLine($"RMS vs Brian2 at dt 0.025, 0.0125, 0.005, 0.0025 ms: {string.Join(", ", rms.Select(r => r.ToString("G4", CultureInfo.InvariantCulture)))} mV");
        Assert.InRange(rms[0] / rms[1], 1.8, 2.2);
        Assert.InRange(rms[1] / rms[2], 2.5 * 0.9, 2.5 * 1.1);
        Assert.InRange(rms[2] / rms[3], 1.8, 2.2);
        Assert.True(rms[3] < 0.001 * 1.1, $"dt 0.0025 ms: RMS {rms[3]} mV");
    }

    // The block is what the reference tests: without it (or with its sign flipped) v misses Brian2's by far more than 0.01 mV.
    [Fact]
    public void TheMagnesiumBlockMatters()
    {
        var (mg1, _) = Reference();
        double unblocked = Rms(Soma(new GlutamateSyn { MgMM = 0 }), mg1);
        double flipped = Rms(Soma(MutantGlutamateSyn.BlockSignFlipped(new GlutamateSyn())), mg1);
        output.WriteLine($"RMS vs Brian2 ([Mg] 1 mM): block removed {unblocked:G4} mV, block's sign flipped {flipped:G4} mV");
        Assert.True(unblocked > 1.0, $"block removed: RMS {unblocked} mV");
        Assert.True(flipped > 1.0, $"block's sign flipped: RMS {flipped} mV");
    }

    /// <summary>Synapses with any valid [Mg²⁺], e and states (conductances ≥ 0, or a state mix that makes one negative), at v
    /// in [−150, 100] mV.</summary>
    public static Arbitrary<(GlutamateSyn Synapse, double[] State, double VMv)> Cases() =>
        (from mg in Generators.Between(0.0, 3.0)
         from e in Generators.Between(-20.0, 20.0)
         from state in Generators.Between(0.0, 0.01).ArrayOf(4)
         from v in Generators.VoltageMv
         select (new GlutamateSyn { MgMM = mg, ReversalMv = e }, state, v)).ToArbitrary();

    /// <summary>
    /// Law: the linearisation is NEURON's dI/dv at v: G·v − GE is the current i(v) = (g_AMPA + g_NMDA·B(v))·(v − e) (B from
    /// Jahr &amp; Stevens, written here again), and G its slope by central differences (h = 1e-3 mV: truncation
    /// h²/6·|i'''| ≲ 1e-9·g, round-off ≈ 1e-13·|i|/h, so 1e-7·g is far above both and far below the block's slope term).
    /// </summary>
    internal static Property LinearizationLaw((GlutamateSyn Synapse, double[] State, double VMv) c, SynapseKind kind)
    {
        var (syn, s, v) = c;
        double gAmpa = s[1] - s[0], gNmda = s[3] - s[2];
        double I(double x) => (gAmpa + gNmda / (1 + Math.Exp(-0.062 * x) * syn.MgMM / 3.57)) * (x - syn.ReversalMv);
        var (g, ge) = kind.Linearize(s, v);
        const double h = 1e-3;
        double slope = (I(v + h) - I(v - h)) / (2 * h);
        double scale = Math.Abs(gAmpa) + Math.Abs(gNmda);
        return Prop.Label(Math.Abs(g * v - ge - I(v)) <= 1e-12 * (1 + Math.Abs(g * v) + Math.Abs(ge)), "G·v − GE = i(v)")
            .And(Prop.Label(Math.Abs(g - slope) <= 1e-7 * scale + 1e-15, "G = di/dv"))
            .Classify(syn.Unblocked(v) < 0.5, "mostly blocked");
    }

    [Property(Arbitrary = [typeof(GlutamateSynTests)], MaxTest = 500)]
    public Property LinearizationIsTheCurrentAndItsSlope((GlutamateSyn Synapse, double[] State, double VMv) c) =>
        LinearizationLaw(c, c.Synapse);

    [Fact]
    public void ShouldFail_LinearizationIsTheCurrentAndItsSlope_WithoutTheBlocksSlope() =>
        PropertyAssert.Falsified(Prop.ForAll(Cases(), c => LinearizationLaw(c, MutantGlutamateSyn.BlockSlopeIgnored(c.Synapse))));

    [Fact]
    public void ProblemsNameTheirParameters()
    {
        var bad = new GlutamateSyn
        {
            AmpaTau1Ms = 0, AmpaTau2Ms = double.NaN, NmdaTau1Ms = 5, NmdaTau2Ms = 5, NmdaRatio = -1, MgMM = double.PositiveInfinity,
            ReversalMv = double.NaN,
        };
        var problems = NetworkSpec.Validate(Network(new GlutamateSyn()).Populations[0].Cells, [new SynapseSite(0, 0, bad)], [], [], [])
            .Match(Succ: _ => [], Fail: e => e.ToArray());
        output.WriteLine(string.Join("\n", problems.Select(p => p.Message)));
        string[] fields = ["AmpaTau1Ms", "AmpaTau2Ms", "NmdaTau2Ms", "NmdaRatio", "MgMM", "ReversalMv"];
        Assert.Equal(fields.Length, problems.Length);
        for (int i = 0; i < fields.Length; i++)
        {
            Assert.Equal("Synapses[0].Kind", problems[i].Field);
            Assert.StartsWith($"GlutamateSyn.{fields[i]}: expected", problems[i].Rule);
        }
        Assert.Empty(new GlutamateSyn().Problems());
        Assert.Empty(new GlutamateSyn { NmdaRatio = 0, MgMM = 0 }.Problems());
    }

    // One event alone peaks at w (AMPA) and w·NmdaRatio (NMDA): NEURON's Exp2Syn normalisation, per part, checked on the
    // analytic peak time tp = τ1τ2/(τ2 − τ1)·ln(τ2/τ1) of each difference of exponentials.
    [Fact]
    public void OneEventPeaksAtItsWeight()
    {
        var syn = new GlutamateSyn { NmdaRatio = 0.5, MgMM = 0 };
        foreach (var (tau1, tau2, peak, first) in new[] { (syn.AmpaTau1Ms, syn.AmpaTau2Ms, 1.0, 0), (syn.NmdaTau1Ms, syn.NmdaTau2Ms, 0.5, 2) })
        {
            double tp = tau1 * tau2 / (tau2 - tau1) * Math.Log(tau2 / tau1);
            var state = new double[4];
            syn.Receive(state, 1.0);
            var decay = syn.DecayFactors(tp);
            Assert.Equal(peak, state[first + 1] * decay[first + 1] - state[first] * decay[first], 12);
        }
    }
}
