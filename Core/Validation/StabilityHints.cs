using HHFunctional.Core.Integrators;
using HHFunctional.Core.Model;

namespace HHFunctional.Core;

/// <summary>
/// Cheap warnings for a valid spec whose forward-Euler step is likely to blow up or push gates out of [0, 1]. They are
/// hints, not errors: the seed's scheme is kept as it is, and a run that does blow up is reported as such.
/// </summary>
public static class StabilityHints
{
    /// <summary>The voltage range (mV) over which gate rates are checked: the physiological range of these axons.</summary>
    public const double LowestMv = -100.0, HighestMv = 60.0;

    /// <summary>
    /// Warnings for forward Euler (empty for the other integrators, which are stable in v and keep gates in [0, 1]):
    /// <list type="bullet">
    /// <item>v: the passive cable alone is unstable under forward Euler when dt·λ_max &gt; 2, where
    /// λ_max = (g_L + 2·g_axial·(1 + cos(π/B)))/C_m is the largest decay rate of the leak plus the sealed-end
    /// coupling (the largest eigenvalue of its tridiagonal matrix);</item>
    /// <item>gates: the forward-Euler gate update x + (α(1 − x) − βx)·dt leaves [0, 1] once dt·φ·(α + β) &gt; 1, checked
    /// every 1 mV from <see cref="LowestMv"/> to <see cref="HighestMv"/>.</item>
    /// </list>
    /// Each problem names the field (DtMs), the value and a fix in the API's terms (DtMs, Integrator); the same as
    /// <see cref="SimulationSpec.Warnings"/>.
    /// </summary>
    public static IEnumerable<FieldProblem> Problems(SimulationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Parameters.Integrator != IntegratorKind.ForwardEuler) yield break;
        var p = spec.Membrane;
        double dt = spec.DtMs;
        if (spec.Parameters.Cable is TreeCable tree)
        {
            // Gershgorin on a tree's rows (section ends eliminated, which only lowers the sums): λ ≤ max 2·Σg_axial/C + g_L/C.
            var t = tree.Tree;
            var sum = tree.AxialSumsMSPerCm2();
            double treeLambda = Enumerable.Range(0, t.Count).Where(k => t.AreaUm2[k] > 0)
                .Select(k => (p.GLMSPerCm2 + 2.0 * sum[k]) / p.CmUFPerCm2).DefaultIfEmpty(0.0).Max();
            if (dt * treeLambda > 2.0)
                yield return new FieldProblem("DtMs", $"forward Euler is unstable for this cell at dt = {dt} ms (dt·(g_L + 2·Σg_axial)/C_m reaches {dt * treeLambda:G3} > 2 " +
                             $"at its most strongly coupled node); {LowerDt(2.0 / treeLambda, "the morphology, Ra and Membrane.CmUFPerCm2")} or set Integrator to IntegratorKind.CrankNicolson");
            yield break;
        }
        double gAxial = new Coupling(spec).GMSPerCm2;
        double lambda = (p.GLMSPerCm2 + 2.0 * gAxial * (1.0 + Math.Cos(Math.PI / spec.Compartments))) / p.CmUFPerCm2;
        if (dt * lambda > 2.0)
            yield return new FieldProblem("DtMs", $"forward Euler is unstable for this cable at dt = {dt} ms (dt·(g_L + 4·g_axial)/C_m ≈ {dt * lambda:G3} > 2, " +
                         $"g_axial = {gAxial:G4} mS/cm²); {LowerDt(2.0 / lambda, "Membrane.CmUFPerCm2, Membrane.GLMSPerCm2 and Cable")} or set Integrator to IntegratorKind.CrankNicolson");

        double phi = p.RateScale, worst = 0.0, worstV = 0.0;
        for (double v = LowestMv; v <= HighestMv; v += 1.0)
        {
            double fastest = phi * Math.Max(Kinetics.AlphaM(v) + Kinetics.BetaM(v),
                Math.Max(Kinetics.AlphaH(v) + Kinetics.BetaH(v), Kinetics.AlphaN(v) + Kinetics.BetaN(v)));
            if (fastest > worst) { worst = fastest; worstV = v; }
        }
        if (dt * worst > 1.0)
            yield return new FieldProblem("DtMs", $"forward-Euler gates can leave [0, 1] at dt = {dt} ms (dt·φ·(α + β) reaches {dt * worst:G3} > 1 near " +
                         $"{worstV} mV at {p.TemperatureC} °C); {LowerDt(1.0 / worst, "Membrane.TemperatureC")} or set Integrator to IntegratorKind.ExponentialEuler");
    }

    /// <summary>The messages ("DtMs: rule") of <see cref="Problems"/>.</summary>
    public static IEnumerable<string> For(SimulationSpec spec) => Problems(spec).Select(x => x.Message);

    /// <summary>"lower DtMs below X ms", or, when X is far below any dt anyone would use, which parameters are extreme.</summary>
    private static string LowerDt(double boundMs, string check) => boundMs >= 1e-6
        ? $"lower DtMs below {boundMs:G3} ms"
        : $"no practical DtMs is small enough (it would need dt < {boundMs:G3} ms): check {check} for extreme values";
}
