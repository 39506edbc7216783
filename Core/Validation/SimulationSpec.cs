using System.Collections.Immutable;
using HHFunctional.Core.Model;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace HHFunctional.Core;

/// <summary>
/// Validated parameters: the only way to build one is <see cref="Validate"/>, so invalid parameters never reach a state.
/// </summary>
public sealed record SimulationSpec
{
    private SimulationSpec(SimulationParameters parameters) => Parameters = parameters;

    /// <summary>The validated parameters.</summary>
    public SimulationParameters Parameters { get; }

    /// <summary>Shorthand for Parameters.Membrane.</summary>
    public Membrane Membrane => Parameters.Membrane;

    /// <summary>The membrane's channels in order: the seed's hh (sodium "na", potassium "k", leak "leak") from
    /// <see cref="Membrane"/>, each replaced in place by a channel of <see cref="SimulationParameters.Channels"/> with its
    /// name, then the other added channels.</summary>
    public IReadOnlyList<Channel> Channels => MembraneChannels(Parameters.Membrane, Parameters.Channels);

    private static Channel[] MembraneChannels(Membrane membrane, IReadOnlyList<Channel> added)
    {
        var builtIn = Model.Channels.Hh(membrane);
        return builtIn.Select(b => added.FirstOrDefault(c => c.Name == b.Name) ?? b)
            .Concat(added.Where(c => builtIn.All(b => b.Name != c.Name))).ToArray();
    }

    /// <summary>Shorthand for Parameters.Compartments.</summary>
    public int Compartments => Parameters.Compartments;

    /// <summary>Shorthand for Parameters.Neurons.</summary>
    public int Neurons => Parameters.Neurons;

    /// <summary>Shorthand for Parameters.DtMs.</summary>
    public double DtMs => Parameters.DtMs;

    /// <summary>
    /// Warnings about a valid spec, as values: rules it keeps but that make a run likely to blow up, such as an explicit
    /// scheme on a stiff physical cable (see <see cref="StabilityHints.Problems"/>); empty when there is nothing to say.
    /// Each names the field and a fix in the API's terms ("DtMs: … lower DtMs below … or set Integrator to …").
    /// </summary>
    /// <remarks>Computed on each call (a scan of the gate rates over 160 voltages), not stored: the spec is a value.</remarks>
    public IReadOnlyList<FieldProblem> Warnings => StabilityHints.Problems(this).ToArray();

    /// <summary>Largest group a spec accepts: neurons × compartments (the state holds 4 doubles per compartment).</summary>
    public const long MaxCompartmentsInGroup = 50_000_000;

    /// <summary>
    /// Checks every field and returns either the spec or every problem found, each naming the field, the rule and
    /// the value received (e.g. "DtMs: expected a finite number &gt; 0, got -1").
    /// </summary>
    public static Validation<Error, SimulationSpec> Validate(SimulationParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problems = FieldProblems(p).ToList();
        return problems.Count == 0
            ? Success<Error, SimulationSpec>(new SimulationSpec(p))
            : Fail<Error, SimulationSpec>(Seq(problems.Select(x => (Error)new FieldError(x))));
    }

    /// <summary>
    /// <see cref="Validate"/> in the try-pattern: true with the spec, or false with every problem (each with its field).
    /// F# matches it without annotations: <c>match SimulationSpec.TryValidate p with | true, spec, _ -> … | false, _, problems -> …</c>.
    /// </summary>
    /// <param name="p">The parameters to check.</param>
    /// <param name="spec">The validated spec when valid, else null.</param>
    /// <param name="problems">Every broken rule when invalid, else empty.</param>
    public static bool TryValidate(SimulationParameters p, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SimulationSpec? spec, out IReadOnlyList<FieldProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(p);
        problems = FieldProblems(p).ToArray();
        spec = problems.Count == 0 ? new SimulationSpec(p) : null;
        return spec is not null;
    }

    /// <summary>Every rule <paramref name="p"/> breaks, one message each ("Field: rule"); empty when valid.</summary>
    public static IEnumerable<string> Problems(SimulationParameters p) => FieldProblems(p).Select(x => x.Message);

    /// <summary>Every rule <paramref name="p"/> breaks, each with the field it concerns; empty when valid.</summary>
    public static IEnumerable<FieldProblem> FieldProblems(SimulationParameters p)
    {
        var m = p.Membrane;
        var membraneProblems = m is null ? new[] { new FieldProblem("Membrane", "expected a value, got null") } : MembraneProblems(m).ToArray();
        foreach (var e in membraneProblems) yield return e;

        switch (p.Cable)
        {
            case SeedCoupling s:
                foreach (var e in Positive("BR", s.BR)) yield return e;
                break;
            case PhysicalCable c:
                foreach (var e in Positive("DiameterUm", c.DiameterUm)) yield return e;
                foreach (var e in Positive("LengthUm", c.LengthUm)) yield return e;
                foreach (var e in Positive("RaOhmCm", c.RaOhmCm)) yield return e;
                break;
            case TreeCable { Tree: null }:
                yield return new FieldProblem("Cable.Tree", "expected a discretised morphology, got null");
                break;
            case TreeCable t:
                if (p.Compartments != t.Tree.Count)
                    yield return new FieldProblem("Compartments", $"expected {t.Tree.Count} (one per node of the tree: TreeCable.Compartments), got {p.Compartments}");
                break;
            default:
                yield return new FieldProblem("Cable", "expected seed, physical or tree, got null");
                break;
        }

        if (p.LocalValues is not null) foreach (var e in LocalValueProblems(p)) yield return e;

        if (p.Channels is null) yield return new FieldProblem("Channels", "expected a list (empty for none), got null");
        else
        {
            var names = new System.Collections.Generic.HashSet<string>();
            var builtInGates = new Dictionary<string, int> { ["na"] = 2, ["k"] = 1, ["leak"] = 0 };
            for (int i = 0; i < p.Channels.Count; i++)
            {
                var c = p.Channels[i];
                string f = $"Channels[{i}]";
                if (c is null) { yield return new FieldProblem($"{f}", "expected a channel, got null"); continue; }
                if (string.IsNullOrWhiteSpace(c.Name)) yield return new FieldProblem($"{f}.Name", $"expected a name, got '{c.Name}'");
                else if (!names.Add(c.Name)) yield return new FieldProblem($"{f}.Name", $"expected a name not used by another added channel, got '{c.Name}'");
                else if (builtInGates.TryGetValue(c.Name, out int gates) && c.Gates.Count != gates)
                    yield return new FieldProblem($"{f}.Gates", $"a channel named '{c.Name}' replaces the seed's and must have its {gates} gate(s) (the state keeps them as m, h, n), got {c.Gates.Count}");
                foreach (var e in NonNegative($"{f}.GMaxMSPerCm2", c.GMaxMSPerCm2)) yield return e;
                foreach (var e in Finite($"{f}.EMv", c.EMv)) yield return e;
                foreach (var e in Positive($"{f}.RateScale", c.RateScale)) yield return e;
                foreach (var g in c.Gates.Where(g => g.Exponent < 1 || g.Exponent > 8))
                    yield return new FieldProblem($"{f}.Gates[{g.Name}].Exponent", $"expected an integer in [1, 8], got {g.Exponent}");
            }
        }

        if (p.Compartments < 1) yield return new FieldProblem("Compartments", $"expected an integer ≥ 1, got {p.Compartments}");
        if (p.Neurons < 1) yield return new FieldProblem("Neurons", $"expected an integer ≥ 1, got {p.Neurons}");
        if (p.Compartments >= 1 && p.Neurons >= 1 && (long)p.Compartments * p.Neurons > MaxCompartmentsInGroup)
            yield return new FieldProblem("Neurons × Compartments", $"expected at most {MaxCompartmentsInGroup:N0}, got {(long)p.Compartments * p.Neurons:N0} " +
                         $"(the state alone would need {(double)p.Compartments * p.Neurons * 4 * 8 * 2 / (1 << 20):N0} MiB)");
        foreach (var e in Positive("DtMs", p.DtMs)) yield return e;
        if (p.Iterations < 1) yield return new FieldProblem("Iterations", $"expected an integer ≥ 1, got {p.Iterations}");

        if (p.Stimulus is null) yield return new FieldProblem("Stimulus", "expected a value, got null");
        else
        {
            for (int i = 0; i < p.Stimulus.Segments.Count; i++)
            {
                var s = p.Stimulus.Segments[i];
                string f = $"Stimulus[{i}]";
                foreach (var e in Finite($"{f}.StartMs", s.StartMs)) yield return e;
                foreach (var e in Finite($"{f}.EndMs", s.EndMs)) yield return e;
                foreach (var e in Finite($"{f}.AmplitudeUAPerCm2", s.AmplitudeUAPerCm2)) yield return e;
                if (s.EndAmplitudeUAPerCm2 is { } endAmplitude)
                    foreach (var e in Finite($"{f}.EndAmplitudeUAPerCm2", endAmplitude)) yield return e;
                if (double.IsFinite(s.StartMs) && double.IsFinite(s.EndMs) && s.EndMs < s.StartMs)
                    yield return new FieldProblem($"{f}.EndMs", $"expected ≥ StartMs ({s.StartMs}), got {s.EndMs}");
                if (s.Neuron is int neuron && (neuron < 0 || neuron >= Math.Max(p.Neurons, 1)))
                    yield return new FieldProblem($"{f}.Neuron", $"expected a neuron in [0, {p.Neurons - 1}] or null for every neuron, got {neuron}");
                if (s.Compartment < 0 || s.Compartment >= Math.Max(p.Compartments, 1))
                    yield return new FieldProblem($"{f}.Compartment", $"expected an index in [0, {p.Compartments - 1}], got {s.Compartment}");
            }
        }

        switch (p.Initial)
        {
            case ExplicitStart x:
                foreach (var e in Finite("Initial.VMv", x.VMv)) yield return e;
                foreach (var e in Gate("Initial.M", x.M)) yield return e;
                foreach (var e in Gate("Initial.H", x.H)) yield return e;
                foreach (var e in Gate("Initial.N", x.N)) yield return e;
                break;
            case RestingStart when membraneProblems.Length == 0 && p.Channels is not null && p.Channels.All(c => c is not null):
                // Simulation.Initial needs the root; report its absence here instead of throwing later.
                string? noRest = RestingState.FindPotentialMv(MembraneChannels(m!, p.Channels))
                    .Match(Succ: _ => (string?)null, Fail: e => e.Message);
                if (noRest is not null) yield return FieldProblem.Parse(noRest);
                break;
            case RestingStart:
                break;
            case SteadyStart st:
                foreach (var e in Finite("Initial.VMv", st.VMv)) yield return e;
                break;
            case StateStart { State: null }:
                yield return new FieldProblem("Initial.State", "expected a state, got null");
                break;
            case StateStart { State: var st }:
                foreach (var e in StartStateProblems(p, st)) yield return e;
                break;
            default:
                yield return new FieldProblem("Initial", "expected seed, zero, rest or explicit values, got null");
                break;
        }

        if (p.RateTable is { } table)
        {
            foreach (var e in Finite("RateTable.MinMv", table.MinMv)) yield return e;
            foreach (var e in Finite("RateTable.MaxMv", table.MaxMv)) yield return e;
            if (double.IsFinite(table.MinMv) && double.IsFinite(table.MaxMv) && (!(table.MaxMv > table.MinMv) || !double.IsFinite(table.MaxMv - table.MinMv)))
                yield return new FieldProblem("RateTable.MaxMv", $"expected > MinMv ({table.MinMv}) by a finite span, got {table.MaxMv}");
            if (table.Intervals < 1 || table.Intervals > RateTable.MaxIntervals)
                yield return new FieldProblem("RateTable.Intervals", $"expected an integer in [1, {RateTable.MaxIntervals}], got {table.Intervals}");
        }

        if (!Enum.IsDefined(p.Integrator)) yield return new FieldProblem("Integrator", $"expected one of {string.Join(", ", Enum.GetNames<IntegratorKind>())}, got {(int)p.Integrator}");
    }

    private static IEnumerable<FieldProblem> LocalValueProblems(SimulationParameters p)
    {
        var local = p.LocalValues!;
        long size = (long)Math.Max(p.Neurons, 0) * Math.Max(p.Compartments, 0);
        var channelNames = p.Membrane is null || p.Channels is null ? null
            : MembraneChannels(p.Membrane, p.Channels.Where(c => c is not null).ToArray()).Select(c => c.Name).ToHashSet();
        IEnumerable<FieldProblem> Check(string field, ImmutableArray<double> values, Func<double, bool> ok, string rule)
        {
            if (values.IsDefault || values.Length != size)
            {
                yield return new FieldProblem(field, $"expected {size} values (neurons × compartments, laid out as State), got {(values.IsDefault ? 0 : values.Length)}");
                yield break;
            }
            for (int i = 0; i < values.Length; i++)
                if (!ok(values[i]))
                {
                    yield return new FieldProblem($"{field}[{i}]", $"expected {rule}, got {Show(values[i])}");
                    yield break;
                }
        }
        if (!local.CmUFPerCm2.IsDefaultOrEmpty)
            foreach (var e in Check("LocalValues.CmUFPerCm2", local.CmUFPerCm2, x => double.IsFinite(x) && x > 0, "a finite number > 0")) yield return e;
        foreach (var (kind, map, ok, rule) in new[]
        {
            ("GMaxMSPerCm2", local.GMaxMSPerCm2, (Func<double, bool>)(x => double.IsFinite(x) && x >= 0), "a finite number ≥ 0"),
            ("EMv", local.EMv, double.IsFinite, "a finite number"),
        })
        {
            if (map is null) { yield return new FieldProblem($"LocalValues.{kind}", "expected a dictionary (empty for none), got null"); continue; }
            foreach (var (name, values) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                string field = $"LocalValues.{kind}[{name}]";
                if (channelNames is not null && !channelNames.Contains(name))
                    yield return new FieldProblem(field, $"expected the name of a channel of the membrane ({string.Join(", ", channelNames)}), got '{name}'");
                else foreach (var e in Check(field, values, ok, rule)) yield return e;
            }
        }
    }

    private static IEnumerable<FieldProblem> StartStateProblems(SimulationParameters p, State st)
    {
        int size = p.Neurons * p.Compartments;
        if (st.Neurons != p.Neurons || st.Compartments != p.Compartments)
        {
            yield return new FieldProblem("Initial.State", $"expected {p.Neurons} neurons × {p.Compartments} compartments (the spec's), got {st.Neurons} × {st.Compartments}");
            yield break;
        }
        int extra = p.Channels is null || p.Membrane is null ? 0 : MembraneChannels(p.Membrane, p.Channels.Where(c => c is not null).ToArray()).Skip(3).Sum(c => c.Gates.Count);
        if (st.ExtraGates.Length != extra)
            yield return new FieldProblem("Initial.State.ExtraGates", $"expected {extra} arrays (the added channels' gates), got {st.ExtraGates.Length}");
        var arrays = new[] { ("VMv", st.VMv), ("M", st.M), ("H", st.H), ("N", st.N) }.Concat(st.ExtraGates.Select((g, i) => ($"ExtraGates[{i}]", g)));
        foreach (var (name, values) in arrays)
        {
            if (values.IsDefault || values.Length != size)
            {
                yield return new FieldProblem($"Initial.State.{name}", $"expected {size} values (neurons × compartments), got {(values.IsDefault ? 0 : values.Length)}");
                continue;
            }
            for (int i = 0; i < values.Length; i++)
            {
                double x = values[i];
                bool wrong = name == "VMv" ? !double.IsFinite(x) : !(x >= 0 && x <= 1);
                if (!wrong) continue;
                yield return new FieldProblem($"Initial.State.{name}[{i}]", name == "VMv"
                    ? $"expected a finite potential in mV, got {Show(x)}" : $"expected a gate value in [0, 1], got {Show(x)}");
                break;
            }
        }
    }

    private static IEnumerable<FieldProblem> MembraneProblems(Membrane m)
    {
        foreach (var e in Positive("CmUFPerCm2", m.CmUFPerCm2)) yield return e;
        foreach (var e in NonNegative("GNaMSPerCm2", m.GNaMSPerCm2)) yield return e;
        foreach (var e in NonNegative("GKMSPerCm2", m.GKMSPerCm2)) yield return e;
        foreach (var e in NonNegative("GLMSPerCm2", m.GLMSPerCm2)) yield return e;
        foreach (var e in Finite("ENaMv", m.ENaMv)) yield return e;
        foreach (var e in Finite("EKMv", m.EKMv)) yield return e;
        foreach (var e in Finite("ELMv", m.ELMv)) yield return e;
        foreach (var e in InRange("TemperatureC", m.TemperatureC, -50.0, 100.0)) yield return e;
    }

    private static IEnumerable<FieldProblem> Finite(string field, double x)
    {
        if (!double.IsFinite(x)) yield return new FieldProblem($"{field}", $"expected a finite number, got {Show(x)}");
    }

    private static IEnumerable<FieldProblem> Positive(string field, double x)
    {
        if (!double.IsFinite(x) || x <= 0) yield return new FieldProblem($"{field}", $"expected a finite number > 0, got {Show(x)}");
    }

    private static IEnumerable<FieldProblem> NonNegative(string field, double x)
    {
        if (!double.IsFinite(x) || x < 0) yield return new FieldProblem($"{field}", $"expected a finite number ≥ 0, got {Show(x)}");
    }

    private static IEnumerable<FieldProblem> Gate(string field, double x)
    {
        if (!double.IsFinite(x) || x < 0 || x > 1) yield return new FieldProblem($"{field}", $"expected a gate value in [0, 1], got {Show(x)}");
    }

    private static IEnumerable<FieldProblem> InRange(string field, double x, double lo, double hi)
    {
        if (!double.IsFinite(x) || x < lo || x > hi) yield return new FieldProblem($"{field}", $"expected a finite number in [{Show(lo)}, {Show(hi)}], got {Show(x)}");
    }

    private static string Show(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
