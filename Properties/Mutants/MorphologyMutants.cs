using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Mutants;

/// <summary>Deliberately broken morphology readers and geometry: each must make a law in Properties/Morphology fail.</summary>
public static class MorphologyMutants
{
    /// <summary>Forgets to sort the samples by id: sections built in the file's line order (a crash counts as a wrong
    /// answer, null, not as an exception).</summary>
    public static HHFunctional.Core.Morphology.Morphology? ReadInLineOrder(string text)
    {
        try
        {
            var samples = Swc.Samples(text, "mutant.swc").Match(s => s, _ => null!);
            if (samples is null) return null;
            var inLineOrder = samples.OrderBy(s => s.Line).ToArray();
            return HHFunctional.Core.Morphology.Morphology.Validate(Import3d.Sections(inLineOrder)).Match(m => (HHFunctional.Core.Morphology.Morphology?)m, _ => null);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException or NullReferenceException)
        {
            return null;
        }
    }
}
