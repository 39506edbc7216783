using System.Diagnostics.CodeAnalysis;

namespace HHFunctional.Shell;

/// <summary>
/// Where this build of hhf lives, to start it again in a new process (the Slurm script, <c>bench --seed-process</c>).
/// On the .NET runtime hhf is <c>hhf.dll</c>, started by <c>dotnet</c> or by its apphost; a native build (NativeAOT) is
/// one executable whose assemblies have no files of their own.
/// </summary>
internal static class ThisProgram
{
    /// <summary>The absolute path of hhf.dll on the .NET runtime; null in a native (or single-file) build.</summary>
    // Assembly.Location is empty exactly when the assembly has no file (native or single-file build): handled by null.
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "The empty Location of a native or single-file build is turned into null; callers then run the executable itself.")]
    public static string? AssemblyFile => typeof(ThisProgram).Assembly.Location is { Length: > 0 } path ? path : null;

    /// <summary>The running executable: in a native build, the program itself, started with no <c>dotnet</c> before it.</summary>
    public static string Executable => Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running hhf executable is unknown");
}
