using System.Diagnostics;

namespace HHFunctional.Properties;

/// <summary>A child process the tests need to succeed (dotnet pack/run/tool, the installed hhf): its stdout, or a failed assertion with both outputs.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/> in <paramref name="folder"/> with the dotnet CLI's first-run noise off; fails after 4 minutes or on a non-zero exit.</summary>
    public static string Succeed(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(4)), $"{file} {string.Join(' ', args)} timed out");
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
