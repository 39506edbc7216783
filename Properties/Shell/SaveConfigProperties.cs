using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Mutants;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>Generators of run options with arbitrary doubles (any bit pattern but NaN payloads) in every numeric field.</summary>
public static class RunOptionsGenerators
{
    // Any finite double (subnormals, −0, extremes), a few special values, and ordinary magnitudes.
    private static Gen<double> AnyDouble => Gen.Frequency(
        (6, from hi in Gen.Choose(int.MinValue, int.MaxValue) from lo in Gen.Choose(int.MinValue, int.MaxValue) select FromBits(hi, lo)),
        (4, from n in Gen.Choose(-1_000_000_000, 1_000_000_000) from d in Gen.Choose(1, 1_000_000) select n / (double)d),
        (1, Gen.Elements(-0.0, 0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue)));

    // NaN payloads are not data: every NaN is written and read as "NaN".
    private static double FromBits(int hi, int lo)
    {
        double x = BitConverter.Int64BitsToDouble(((long)hi << 32) | (uint)lo);
        return double.IsNaN(x) ? double.NaN : x;
    }

    private static Gen<int> AnyInt => Gen.Choose(int.MinValue, int.MaxValue);

    private static Gen<Cable> Cables => Gen.Frequency(
        (1, AnyDouble.Select(x => (Cable)new SeedCoupling(x))),
        (1, from d in AnyDouble from l in AnyDouble from r in AnyDouble select (Cable)new PhysicalCable(d, l, r)));

    private static Gen<InitialConditions> Starts => Gen.Frequency(
        (1, Gen.Elements(InitialConditions.Seed, InitialConditions.Zero, InitialConditions.Rest)),
        (3, from v in AnyDouble from m in AnyDouble from h in AnyDouble from n in AnyDouble select (InitialConditions)new ExplicitStart(v, m, h, n)));

    private static Gen<StimulusSegment> Segments =>
        from s in AnyDouble from e in AnyDouble from a in AnyDouble from c in AnyInt select new StimulusSegment(s, e, a, c);

    private static Gen<Membrane> Membranes =>
        from cm in AnyDouble from gna in AnyDouble from gk in AnyDouble from gl in AnyDouble
        from ena in AnyDouble from ek in AnyDouble from el in AnyDouble from t in AnyDouble
        select new Membrane(cm, gna, gk, gl, ena, ek, el, t);

    private static Gen<SimulationParameters> ParameterSets =>
        from membrane in Membranes
        from cable in Cables
        from compartments in AnyInt
        from neurons in AnyInt
        from dt in AnyDouble
        from iterations in Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i * 4099)
        from segments in Gen.ListOf(Segments, 3)
        from initial in Starts
        from integrator in Gen.Elements(IntegratorNames.All.Select(x => x.Kind).ToArray())
        select new SimulationParameters
        {
            Membrane = membrane, Cable = cable, Compartments = compartments, Neurons = neurons, DtMs = dt, Iterations = iterations,
            Stimulus = new Stimulus(segments.ToArray()), Initial = initial, Integrator = integrator,
        };

    /// <summary>Options as Apply can produce them: record-every ≥ 1, neuron ≥ 0, distinct recorded compartments, a budget in range, non-empty names.</summary>
    public static Arbitrary<GeneratedOptions> Options() => Arb.From(
        from parameters in ParameterSets
        from preset in Gen.Elements(Presets.All.Select(p => p.Name).ToArray())
        from outPath in Gen.Elements("report.html", "out/ä b,c.html", "/tmp/x \"quoted\".html")
        from csv in Gen.Elements<string?>(null, "csv", "dir with space")
        from neuron in Gen.Choose(0, int.MaxValue)
        from every in Gen.Choose(1, int.MaxValue)
        from compartments in Gen.Frequency((1, Gen.Constant<int[]?>(null)), (2, Gen.ArrayOf(Gen.Choose(0, 50), 6).Select(a => a.Distinct().ToArray()).Where(a => a.Length > 0).Select(a => (int[]?)a)))
        from vars in Gen.Shuffle(StateVariables.All.ToArray()).SelectMany(all => Gen.Choose(1, 4).Select(k => all.Take(k).ToArray()))
        from budget in Gen.Choose(1, (int)Math.Min(Limits.MaxMemoryBudgetMb, int.MaxValue))
        from keep in Gen.Elements(true, false)
        select new RunOptions
        {
            Parameters = parameters, Preset = preset, OutPath = outPath, CsvDir = csv, Neuron = neuron, RecordEvery = every,
            RecordCompartments = compartments, RecordVars = vars, MemoryBudgetMb = budget, KeepPartial = keep,
        } into options
        select new GeneratedOptions(options));

    // ---- a branched cell's options (--morphology …), as Apply produces them: finite values, x in [0, 1], START ≤ END ----

    private static Gen<double> FiniteDouble => AnyDouble.Where(double.IsFinite);

    private static Gen<double> PositiveDouble => FiniteDouble.Select(Math.Abs).Where(x => x > 0);

    private static Gen<string> Regions => Gen.Elements("all", "soma", "dend", "apic", "dend[12]", "soma[0]", "my_type");

    private static Gen<Site> Sites => from section in Gen.Elements("soma", "dend[12]", "apic[3]", "d1")
                                      from x in Gen.Frequency((2, Gen.Elements(0.0, 0.5, 1.0)), (3, Gen.Choose(0, int.MaxValue).Select(i => i / (double)int.MaxValue)),
                                          (1, Gen.Elements(double.Epsilon, 1e-300, 1 - 1e-16)))
                                      select new Site(section, x);

    private static Gen<HHFunctional.Core.Morphology.NsegRule> Rules => Gen.OneOf(
        Gen.Choose(1, HHFunctional.Core.Morphology.Discretisation.MaxNseg).Select(n => (HHFunctional.Core.Morphology.NsegRule)new HHFunctional.Core.Morphology.NsegRule.Fixed(n)),
        PositiveDouble.Select(x => (HHFunctional.Core.Morphology.NsegRule)new HHFunctional.Core.Morphology.NsegRule.DLambda(x)),
        PositiveDouble.Select(x => (HHFunctional.Core.Morphology.NsegRule)new HHFunctional.Core.Morphology.NsegRule.SegmentLength(x)));

    private static Gen<SiteStimulus> SiteStimuli => from a in FiniteDouble from b in FiniteDouble from amp in FiniteDouble from site in Sites
                                                    select new SiteStimulus(Math.Min(a, b), Math.Max(a, b), amp, site);

    /// <summary>Options of a cell run: a preset, then the morphology's defaults and any cell options.</summary>
    public static Arbitrary<GeneratedCellOptions> CellOptions() => Arb.From(
        from options in Options().Generator
        from file in Gen.Elements("cell.swc", "dir with space/ä.json", "/abs/pyramid.swc")
        from rule in Rules
        from inserts in Gen.ListOf(from r in Regions from m in Gen.Elements("hh", "pas", "kdr") select new Insertion(r, m), 4)
        from parameters in Gen.ListOf(from r in Regions from n in Gen.Elements("cm", "ra", "hh.gna", "hh.el", "pas.g", "pas.e", "x.y") from v in FiniteDouble
                                      from j in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 7).Select(x => (int?)x)))
                                      select new RegionParameter(r, n, v) { Neuron = j }, 5)
        from stims in Gen.ListOf(SiteStimuli, 3)
        from sites in Gen.Frequency((1, Gen.Constant<Site[]?>(null)), (3, Gen.ListOf(Sites, 4).Select(l => l.DistinctBy(s => s.ToString()).ToArray()).Where(a => a.Length > 0).Select(a => (Site[]?)a)))
        from start in Gen.Frequency((3, FiniteDouble.Select(v => (InitialConditions)InitialConditions.Steady(v))), (1, Gen.Constant(InitialConditions.Rest)))
        let preset = Presets.All.First(p => p.Name == options.Options.Preset).Parameters
        select new GeneratedCellOptions(options.Options with
        {
            MorphologyFile = file, NsegRule = rule, Inserts = inserts.ToArray(), RegionParameters = parameters.ToArray(),
            SiteStimuli = stims.ToArray(), StimGiven = true, RecordSites = sites, RecordCompartments = null,
            // What a morphology leaves of the cable: the preset's, unsaved (the cable's options are refused with a cell).
            Parameters = options.Options.Parameters with
            {
                Cable = preset.Cable, Compartments = preset.Compartments, Stimulus = Stimulus.None, Initial = start,
            },
        }));
}

/// <summary>Generated options of a cell run (a public wrapper: the options type is internal to the Shell).</summary>
public sealed class GeneratedCellOptions
{
    internal GeneratedCellOptions(RunOptions options) => Options = options;

    internal RunOptions Options { get; }

    public override string ToString() => SaveConfigProperties.Fingerprint(Options);
}

/// <summary>Generated run options (a public wrapper: the options type is internal to the Shell).</summary>
public sealed class GeneratedOptions
{
    internal GeneratedOptions(RunOptions options) => Options = options;

    internal RunOptions Options { get; }

    public override string ToString() => SaveConfigProperties.Fingerprint(Options);
}

/// <summary>--save-config writes the options in effect so exactly that a run of the file is the same run.</summary>
public class SaveConfigProperties
{
    /// <summary>Every saved field of the options, doubles by their bits (so −0 ≠ 0 and 0.1 ≠ 0.1000000000000001).</summary>
    internal static string Fingerprint(RunOptions o)
    {
        static string B(double x) => BitConverter.DoubleToInt64Bits(x).ToString("x16");
        var p = o.Parameters;
        var m = p.Membrane;
        var text = new StringBuilder()
            .Append($"membrane {B(m.CmUFPerCm2)} {B(m.GNaMSPerCm2)} {B(m.GKMSPerCm2)} {B(m.GLMSPerCm2)} {B(m.ENaMv)} {B(m.EKMv)} {B(m.ELMv)} {B(m.TemperatureC)}\n")
            .Append(p.Cable switch
            {
                SeedCoupling s => $"seed {B(s.BR)}\n",
                PhysicalCable c => $"physical {B(c.DiameterUm)} {B(c.LengthUm)} {B(c.RaOhmCm)}\n",
                _ => "cable?\n",
            })
            .Append($"size {p.Compartments} {p.Neurons} {p.Iterations} {B(p.DtMs)} {p.Integrator}\n")
            .Append(p.Initial switch
            {
                ExplicitStart x => $"start {B(x.VMv)} {B(x.M)} {B(x.H)} {B(x.N)}\n",
                SteadyStart x => $"steady {B(x.VMv)}\n",
                RestingStart => "rest\n",
                _ => "start?\n",
            });
        foreach (var s in p.Stimulus.Segments) text.Append($"stim {B(s.StartMs)} {B(s.EndMs)} {B(s.AmplitudeUAPerCm2)} {s.Compartment}\n");
        text.Append($"out {o.OutPath} csv {o.CsvDir} neuron {o.Neuron} every {o.RecordEvery} ")
            .Append($"compartments {(o.RecordCompartments is null ? "all" : string.Join(',', o.RecordCompartments))} vars {string.Join(',', o.RecordVars)} ")
            .Append($"budget {o.MemoryBudgetMb} keep {o.KeepPartial} preset {o.Preset}");
        if (o.MorphologyFile is not null)
        {
            text.Append($"\nmorphology {o.MorphologyFile} rule {o.NsegRule switch
            {
                HHFunctional.Core.Morphology.NsegRule.Fixed f => $"nseg {f.Nseg}",
                HHFunctional.Core.Morphology.NsegRule.DLambda d => $"d-lambda {B(d.Fraction)} {B(d.FrequencyHz)}",
                HHFunctional.Core.Morphology.NsegRule.SegmentLength l => $"segment-length {B(l.MaxLengthUm)}",
                _ => "?",
            }}\n");
            foreach (var i in o.Inserts) text.Append($"insert {i.Region}:{i.Mechanism}\n");
            foreach (var p2 in o.RegionParameters) text.Append($"param {p2.Region}:{p2.Name}={B(p2.Value)} {p2.Neuron}\n");
            foreach (var st in o.SiteStimuli) text.Append($"site stim {B(st.StartMs)} {B(st.EndMs)} {B(st.AmplitudeNA)} {st.Site.Section} {B(st.Site.X)}\n");
            text.Append($"record sites {(o.RecordSites is null ? "default" : string.Join(" ", o.RecordSites.Select(x => $"{x.Section}@{B(x.X)}")))}");
        }
        return text.ToString();
    }

    /// <summary>
    /// Law: load(save(o)) = o field by field, doubles bit for bit, for any options Apply can produce (valid or not:
    /// the file must repeat even a run that validation then refuses). Precondition: none (the generator only makes
    /// options the option parsers accept).
    /// </summary>
    internal static Property SaveThenLoadIsIdentity(RunOptions options, IReadOnlyList<OptionSpec> table)
    {
        string saved = RunConfig.Save(options, table);
        var (raw, readErrors) = RunConfig.FromText(Encoding.UTF8.GetBytes(saved), "saved.json", table);
        var (loaded, applyErrors) = CommandLine.Apply(raw, table);
        var errors = readErrors.Concat(applyErrors).ToList();
        return Prop.Label(errors.Count == 0, $"reads back without errors: {string.Join("; ", errors)}")
            .And(Prop.Label(Fingerprint(loaded) == Fingerprint(options), $"same options\n{Fingerprint(options)}\n{Fingerprint(loaded)}"))
            .Label(saved)
            .Classify(options.Parameters.Cable is PhysicalCable, "physical cable")
            .Classify(options.Parameters.Initial is RestingStart, "rest start");
    }

    [Property(Arbitrary = new[] { typeof(RunOptionsGenerators) }, MaxTest = 300)]
    public Property SavedConfigReadsBackToTheSameOptions(GeneratedOptions options) => SaveThenLoadIsIdentity(options.Options, CommandLine.RunOptionsTable);

    private static void AssertFailsOn(IReadOnlyList<OptionSpec> mutant)
    {
        var property = Prop.ForAll(RunOptionsGenerators.Options(), o => SaveThenLoadIsIdentity(o.Options, mutant));
        Assert.ThrowsAny<Exception>(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(200)));
    }

    /// <summary>The same law for a cell's options: morphology, rule, inserts, params, site stimuli, sites, steady start.</summary>
    [Property(Arbitrary = new[] { typeof(RunOptionsGenerators) }, MaxTest = 300)]
    public Property SavedCellConfigReadsBackToTheSameOptions(GeneratedCellOptions options) =>
        SaveThenLoadIsIdentity(options.Options, CommandLine.RunOptionsTable).Classify(options.Options.NsegRule is HHFunctional.Core.Morphology.NsegRule.DLambda, "d_lambda");

    [Fact]
    public void ShouldFail_OnParamSavedWithSixDigits()
    {
        var property = Prop.ForAll(RunOptionsGenerators.CellOptions(), o => SaveThenLoadIsIdentity(o.Options, CliMutants.RoundedParamSaved));
        Assert.ThrowsAny<Exception>(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(200)));
    }

    [Fact]
    public void ShouldFail_OnDtSavedWithSixDigits() => AssertFailsOn(CliMutants.RoundedDtSaved);

    [Fact]
    public void ShouldFail_OnStimulusNotSaved() => AssertFailsOn(CliMutants.StimulusNotSaved);
}
