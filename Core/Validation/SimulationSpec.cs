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

    /// <summary>Shorthand for Parameters.Compartments.</summary>
    public int Compartments => Parameters.Compartments;

    /// <summary>Shorthand for Parameters.Neurons.</summary>
    public int Neurons => Parameters.Neurons;

    /// <summary>Shorthand for Parameters.DtMs.</summary>
    public double DtMs => Parameters.DtMs;

    /// <summary>Largest group a spec accepts: neurons × compartments (the state holds 4 doubles per compartment).</summary>
    public const long MaxCompartmentsInGroup = 50_000_000;

    /// <summary>
    /// Checks every field and returns either the spec or every problem found, each naming the field, the rule and
    /// the value received (e.g. "DtMs: expected a finite number &gt; 0, got -1").
    /// </summary>
    public static Validation<Error, SimulationSpec> Validate(SimulationParameters p)
    {
        var problems = Problems(p).ToList();
        return problems.Count == 0
            ? Success<Error, SimulationSpec>(new SimulationSpec(p))
            : Fail<Error, SimulationSpec>(Seq(problems.Select(Error.New)));
    }

    /// <summary>Every rule <paramref name="p"/> breaks, one message each; empty when valid.</summary>
    public static IEnumerable<string> Problems(SimulationParameters p)
    {
        var m = p.Membrane;
        var membraneProblems = m is null ? new[] { "Membrane: expected a value, got null" } : MembraneProblems(m).ToArray();
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
            default:
                yield return "Cable: expected seed or physical, got null";
                break;
        }

        if (p.Compartments < 1) yield return $"Compartments: expected an integer ≥ 1, got {p.Compartments}";
        if (p.Neurons < 1) yield return $"Neurons: expected an integer ≥ 1, got {p.Neurons}";
        if (p.Compartments >= 1 && p.Neurons >= 1 && (long)p.Compartments * p.Neurons > MaxCompartmentsInGroup)
            yield return $"Neurons × Compartments: expected at most {MaxCompartmentsInGroup:N0}, got {(long)p.Compartments * p.Neurons:N0} " +
                         $"(the state alone would need {(double)p.Compartments * p.Neurons * 4 * 8 * 2 / (1 << 20):N0} MiB)";
        foreach (var e in Positive("DtMs", p.DtMs)) yield return e;
        if (p.Iterations < 1) yield return $"Iterations: expected an integer ≥ 1, got {p.Iterations}";

        if (p.Stimulus is null) yield return "Stimulus: expected a value, got null";
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
                    yield return $"{f}.EndMs: expected ≥ StartMs ({s.StartMs}), got {s.EndMs}";
                if (s.Compartment < 0 || s.Compartment >= Math.Max(p.Compartments, 1))
                    yield return $"{f}.Compartment: expected an index in [0, {p.Compartments - 1}], got {s.Compartment}";
            }
        }

        switch (p.Initial)
        {
            case ExplicitStart x:
                foreach (var e in Finite("V0Mv", x.VMv)) yield return e;
                foreach (var e in Gate("M0", x.M)) yield return e;
                foreach (var e in Gate("H0", x.H)) yield return e;
                foreach (var e in Gate("N0", x.N)) yield return e;
                break;
            case RestingStart when membraneProblems.Length == 0:
                // Simulation.Initial needs the root; report its absence here instead of throwing later.
                string? noRest = Simulation.FindRestingPotentialMv(m!).Match(Succ: _ => (string?)null, Fail: e => e.Message);
                if (noRest is not null) yield return noRest;
                break;
            case RestingStart:
                break;
            default:
                yield return "Initial: expected seed, zero, rest or explicit values, got null";
                break;
        }

        if (!Enum.IsDefined(p.Integrator)) yield return $"Integrator: expected one of {string.Join(", ", IntegratorNames.All.Select(x => x.Name))}, got {(int)p.Integrator}";
    }

    private static IEnumerable<string> MembraneProblems(Membrane m)
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

    private static IEnumerable<string> Finite(string field, double x)
    {
        if (!double.IsFinite(x)) yield return $"{field}: expected a finite number, got {Show(x)}";
    }

    private static IEnumerable<string> Positive(string field, double x)
    {
        if (!double.IsFinite(x) || x <= 0) yield return $"{field}: expected a finite number > 0, got {Show(x)}";
    }

    private static IEnumerable<string> NonNegative(string field, double x)
    {
        if (!double.IsFinite(x) || x < 0) yield return $"{field}: expected a finite number ≥ 0, got {Show(x)}";
    }

    private static IEnumerable<string> Gate(string field, double x)
    {
        if (!double.IsFinite(x) || x < 0 || x > 1) yield return $"{field}: expected a gate value in [0, 1], got {Show(x)}";
    }

    private static IEnumerable<string> InRange(string field, double x, double lo, double hi)
    {
        if (!double.IsFinite(x) || x < lo || x > hi) yield return $"{field}: expected a finite number in [{Show(lo)}, {Show(hi)}], got {Show(x)}";
    }

    private static string Show(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
