using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Properties.Shell;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Validation;

/// <summary>
/// Issue 18: Core speaks the API's names (DtMs, Integrator, Initial.M, Every), the tool translates them to its options;
/// a valid spec carries its stability warnings as values, which the CLI prints.
/// </summary>
public class LibraryTermsTests
{
    private static SimulationSpec Valid(SimulationParameters p) => Generators.Valid(p);

    [Fact]
    public void AStiffPhysicalCableUnderForwardEulerWarnsAsAValueInApiTerms()
    {
        // HH 1952's axon (g_axial ≈ 3,361 mS/cm² at Δx = 100 µm): dt·4·g_axial/C_m ≈ 67 > 2 at dt = 0.005 ms.
        var warnings = Valid(Presets.Hh1952 with { Integrator = IntegratorKind.ForwardEuler }).Warnings;
        var unstable = Assert.Single(warnings, w => w.Rule.StartsWith("forward Euler is unstable", StringComparison.Ordinal));
        Assert.Equal("DtMs", unstable.Field);
        Assert.Contains("lower DtMs below", unstable.Rule);
        Assert.Contains("set Integrator to IntegratorKind.CrankNicolson", unstable.Rule);
        Assert.Empty(Valid(Presets.Hh1952).Warnings);
        Assert.Empty(Valid(Presets.Seed).Warnings);
        // No option of the tool in a library message.
        Assert.All(warnings, w => Assert.DoesNotContain("--", w.Message));
    }

    [Fact]
    public void ErrorsNameTheApiMembers()
    {
        var fields = SimulationSpec.FieldProblems(Presets.Seed with { Initial = new ExplicitStart(double.NaN, 2, -1, 0.3), Integrator = (IntegratorKind)9 })
            .Select(x => x.Field).ToArray();
        Assert.Equal(new[] { "Initial.VMv", "Initial.M", "Initial.H", "Integrator" }, fields);
        var integrator = SimulationSpec.FieldProblems(Presets.Seed with { Integrator = (IntegratorKind)9 }).Single();
        Assert.Contains("ForwardEuler, ExponentialEuler, BackwardEuler, CrankNicolson", integrator.Rule);
        var selection = new RecordingSelection(new[] { StateVariable.V }, new[] { 0 }, Every: 0).FieldProblems(Valid(Presets.Seed)).Single();
        Assert.Equal("Every", selection.Field);
    }

    [Fact]
    public void TheToolTranslatesHintsToItsOptions()
    {
        var hint = new FieldProblem("DtMs", "forward Euler is unstable …; lower DtMs below 0.01 ms or set Integrator to IntegratorKind.CrankNicolson");
        Assert.Equal("DtMs (--dt): forward Euler is unstable …; lower --dt below 0.01 ms or use --integrator crank-nicolson",
            FieldNames.Explain(hint, Array.Empty<RawOption>()));
        Assert.Equal("check --cm, --gl and --cable", FieldNames.InOptionTerms("check Membrane.CmUFPerCm2, Membrane.GLMSPerCm2 and Cable"));
        Assert.Equal("Every (--record-every): expected an integer ≥ 1, got 0",
            FieldNames.ExplainSelection(new FieldProblem("Every", "expected an integer ≥ 1, got 0"), Array.Empty<RawOption>()));
    }

    [Fact]
    public void TheCliPrintsTheSpecsWarnings()
    {
        using var sandbox = new Sandbox();
        var result = sandbox.Run("run", "--preset", "hh1952", "--integrator", "forward-euler", "--iterations", "5", "--out", sandbox["r.html"]);
        Assert.Contains("warning: DtMs (--dt): forward Euler is unstable for this cable", result.Stderr);
        Assert.Contains("or use --integrator crank-nicolson", result.Stderr);
        Assert.DoesNotContain("IntegratorKind", result.Stderr);
    }
}
