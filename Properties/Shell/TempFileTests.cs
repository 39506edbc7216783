using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Issue 16, defect 9: temporary names were <c>.NAME.PID.N.tmp</c> with N counting from 1 in each process, so a temp
/// left by a killed run with the same PID (PID 1 in every container) made the next run fail, and that run's cleanup
/// deleted the file it had not created. Now names carry 64 random bits, files are created exclusively, and only files
/// this process created are removed.
/// </summary>
public class TempFileTests
{
    [Fact]
    public void LeftoverTempFilesWithThisProcesssNamesNeitherStopTheRunNorAreDeleted()
    {
        using var sandbox = new Sandbox();
        // The names the old scheme would give next: this PID and the next few hundred counter values (other tests running
        // at the same time draw some of them too).
        string probe = Path.GetFileName(AtomicFile.TempNameFor(sandbox["r.html"]));
        var parts = probe.Split('.');
        long next = long.TryParse(parts[^2], out long n) ? n : 0;
        var leftovers = Enumerable.Range(1, 400)
            .Select(k => sandbox[$".r.html.{Environment.ProcessId}.{next + k}.tmp"]).ToList();
        foreach (var path in leftovers) File.WriteAllText(path, "left by a killed run\n");

        var result = sandbox.Run(sandbox.Tiny());

        Assert.True(result.Code == 0, result.ToString());
        Assert.All(leftovers, path => Assert.Equal("left by a killed run\n", File.ReadAllText(path)));
        Assert.Equal(leftovers.Select(Path.GetFileName).Order(), sandbox.TempFiles().Order());
    }

    [Fact]
    public void TempNamesHaveARandomPart()
    {
        string a = AtomicFile.TempNameFor("/tmp/x/r.html"), b = AtomicFile.TempNameFor("/tmp/x/r.html");
        Assert.NotEqual(a, b);
        Assert.Matches(@"^\.r\.html\.[0-9]+\.[0-9a-f]{16}\.tmp$", Path.GetFileName(a));
        Assert.True(AtomicFile.IsTempName(Path.GetFileName(a)));
    }
}
