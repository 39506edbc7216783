using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell.Report;

/// <summary>The unit the report shows injected current in: the one the user gave it in.</summary>
internal enum CurrentUnit
{
    /// <summary>Current density, µA/cm² of the compartment's membrane (the seed's unit, and --stim's default).</summary>
    UAPerCm2,

    /// <summary>Total current, nA (--stim-unit na on a physical cable; a site's current on a tree, as NEURON's IClamp).</summary>
    Nanoamps,
}

/// <summary>Converting the stored current densities back to the unit the user gave.</summary>
internal static class CurrentUnits
{
    /// <summary>
    /// The unit to show: nA on a tree (a site's --stim amplitude is always nA); on a physical cable <paramref name="given"/>
    /// when the user chose one, else nA (the hh1952 preset's pulse is defined in nA); µA/cm² on the seed's coupling, which
    /// has no membrane area to convert with.
    /// </summary>
    public static CurrentUnit Shown(SimulationSpec spec, CurrentUnit? given) => spec.Parameters.Cable switch
    {
        SeedCoupling => CurrentUnit.UAPerCm2,
        TreeCable => CurrentUnit.Nanoamps,
        _ => given ?? CurrentUnit.Nanoamps,
    };

    /// <summary>"nA" or "µA/cm²".</summary>
    public static string Symbol(CurrentUnit unit) => unit == CurrentUnit.Nanoamps ? "nA" : "µA/cm²";

    /// <summary>
    /// The factor from µA/cm² into compartment <paramref name="compartment"/> to <paramref name="unit"/>: 1 for µA/cm²;
    /// for nA the compartment's area: π·d·Δx (cm²) × 1e3 on a physical cable, its equation area (µm²) × 1e-5 on a tree
    /// (the inverses of the conversions the command line and <see cref="TreeCable.CurrentDensityUAPerCm2"/> make).
    /// </summary>
    public static double Factor(SimulationSpec spec, int compartment, CurrentUnit unit) => unit == CurrentUnit.UAPerCm2 ? 1.0 : spec.Parameters.Cable switch
    {
        PhysicalCable c => c.CompartmentAreaCm2(spec.Compartments) * 1e3,
        TreeCable t => t.EquationAreaUm2(compartment) * 1e-5,
        _ => 1.0,
    };
}
