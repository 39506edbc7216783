using System.Reflection;

namespace HHFunctional.Shell;

/// <summary>
/// The version of this hhf: the assembly's informational version, <c>0.8.0+COMMIT</c> when it was built from a git
/// clone (the SDK appends the commit), plain <c>0.8.0</c> otherwise. One string, shown by <c>hhf --version</c> and
/// written into every output that records how it was made (report, results, Parquet metadata, saved configs, bench JSON).
/// </summary>
internal static class ToolVersion
{
    /// <summary>The informational version, e.g. <c>0.8.0+2b399908a847269c73964f9ec97f88d3f4cb8b80</c>.</summary>
    public static string Informational { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>What <c>hhf --version</c> prints.</summary>
    public static string Line => $"hhf {Informational}";
}
