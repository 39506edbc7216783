using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// The public properties of the model's records (the types of HHFunctional.Core), read by reflection so that a field
/// added to the model later appears in run ids (<see cref="Sweep.RunId"/>) and the report's parameter table without
/// anyone remembering to add it there.
/// </summary>
internal static class ModelProperties
{
    private static readonly Assembly Model = typeof(SimulationParameters).Assembly;

    /// <summary>Whether a type is one of the model's (declared in HHFunctional.Core).</summary>
    public static bool IsModelType(Type type) => type.Assembly == Model;

    /// <summary>
    /// Every public instance property of a model type that takes no index, in the order reflection gives them.
    /// Throws <see cref="ArgumentException"/> for a type from another assembly: only the model's are kept whole in a
    /// native build.
    /// </summary>
    // A native build trims what it cannot see used, and reflection is invisible to it: HHFunctional.Shell.csproj roots
    // the whole of HHFunctional.Core for it (<TrimmerRootAssembly Include="HHFunctional.Core" />), so every property
    // of every model type is kept, and types from elsewhere are refused here.
    [UnconditionalSuppressMessage("Trimming", "IL2070:'this' argument does not satisfy 'DynamicallyAccessedMembersAttribute'",
        Justification = "Only types of HHFunctional.Core get here (checked first), and the native build roots that whole assembly (TrimmerRootAssembly in HHFunctional.Shell.csproj).")]
    public static PropertyInfo[] Of(Type type)
    {
        if (!IsModelType(type)) throw new ArgumentException($"{type.FullName} is not a type of the model (HHFunctional.Core)", nameof(type));
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
    }
}
