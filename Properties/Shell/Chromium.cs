using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Debian's headless Chromium, run on a file with the network unreachable: inside <c>unshare --net</c> (a network
/// namespace with no interface but a down loopback) when running as root, and always with the flags that stop its own
/// background traffic. .ci/setup-chromium.sh installs it.
/// </summary>
public static class Chromium
{
    /// <summary>The chromium binary on PATH, or null.</summary>
    public static string? Find() =>
        new[] { "chromium", "chromium-browser" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => System.IO.Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>The chromium binary; never skips: a machine without the browser fails with what to do.</summary>
    public static string Require() => Find()
        ?? throw new Xunit.Sdk.XunitException("chromium is not installed: run .ci/setup-chromium.sh (apt-get install -y chromium) or .ci/run");

    /// <summary>
    /// Fails unless the page in <paramref name="dom"/> (a <see cref="DumpDom"/>) recorded no script error (the page's trap writes
    /// data-script-errors on the root element) and plotly drew every figure of <paramref name="figureIds"/> (hhfPlot marks
    /// its div data-rendered once Plotly.newPlot has resolved).
    /// </summary>
    public static void AssertEveryFigureDrawn(string dom, IEnumerable<string> figureIds)
    {
        var root = Regex.Match(dom, "<html[^>]*>").Value;
        Assert.False(root.Contains("data-script-errors", StringComparison.Ordinal), $"script error in the page: {root}");
        foreach (string id in figureIds)
        {
            var div = Regex.Match(dom, $"<div id=\"{id}\"[^>]*>");
            Assert.True(div.Success, $"figure {id} is missing");
            Assert.Contains("data-rendered=\"true\"", div.Value);
        }
    }

    /// <summary>Whether the page is loaded with no network at all (unshare --net worked), for the test's message.</summary>
    public sealed record DomDump(string Dom, bool NetworkNamespace, TimeSpan Elapsed, string Stderr);

    /// <summary>Loads <paramref name="htmlPath"/> headless and returns the DOM after scripts ran (--dump-dom).</summary>
    public static DomDump DumpDom(string chromium, string htmlPath, TimeSpan timeout)
    {
        string profile = Directory.CreateTempSubdirectory("hhf-chromium-").FullName;
        try
        {
            var flags = new List<string>
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                $"--user-data-dir={profile}", "--virtual-time-budget=10000", "--run-all-compositor-stages-before-draw",
                "--dump-dom", new Uri(System.IO.Path.GetFullPath(htmlPath)).AbsoluteUri,
            };
            if (CanUnshare())
            {
                var isolated = Run("unshare", new[] { "--net", chromium }.Concat(flags).ToList(), timeout);
                if (isolated.ExitCode == 0 && isolated.Stdout.Length > 0) return new DomDump(isolated.Stdout, true, isolated.Elapsed, isolated.Stderr);
            }
            var plain = Run(chromium, flags, timeout);
            if (plain.ExitCode != 0 || plain.Stdout.Length == 0)
                throw new InvalidOperationException($"chromium exited with {plain.ExitCode} and printed no DOM; stderr:\n{plain.Stderr}");
            return new DomDump(plain.Stdout, false, plain.Elapsed, plain.Stderr);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // unshare --net needs root (CAP_SYS_ADMIN) and may still be refused inside a container: try a no-op first.
    private static bool CanUnshare()
    {
        if (!Environment.IsPrivilegedProcess) return false;
        try { return Run("unshare", new List<string> { "--net", "true" }, TimeSpan.FromSeconds(10)).ExitCode == 0; }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

    private static Result Run(string file, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }
}
