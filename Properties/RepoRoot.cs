namespace HHFunctional.Properties;

/// <summary>The repository's top folder (the one holding HHFunctional.sln), found from the test binaries upward.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HHFunctional.sln"))) return dir.FullName;
        throw new InvalidOperationException($"HHFunctional.sln not found above {AppContext.BaseDirectory}");
    }
}
