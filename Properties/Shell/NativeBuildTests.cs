using System.Diagnostics;
using System.Runtime.InteropServices;
using HHFunctional.Shell;
using static HHFunctional.Properties.Sweep.SweepHarness;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// hhf published as a native executable (NativeAOT, as the README's fast sweeps use it), once for the whole class: a
/// copy of Core and Shell in a temporary folder, <c>dotnet publish Shell -c Release -r linux-x64 -p:PublishAot=true</c>
/// with the project's own settings (warnings are errors, so the publish also shows the build is AOT-clean). About a
/// minute; everything the tests then run is small. The copy keeps the publish's restore and intermediate files out of
/// the solution's own obj folders.
/// </summary>
public sealed class NativeBuildFixture : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hhf-native-").FullName;
    private readonly string? _binary;
    private readonly string? _failure;

    public NativeBuildFixture()
    {
        try { (_binary, _failure) = Publish(); }
        catch (Exception e) { _failure = $"the native publish could not run: {e.GetType().Name}: {e.Message}"; }
    }

    /// <summary>The published native hhf; fails the calling test (never skips it) with the reason when there is none.</summary>
    public string Binary
    {
        get
        {
            Assert.True(_binary is not null, _failure);
            return _binary!;
        }
    }

    /// <summary>How long the publish took, for the failure messages.</summary>
    public TimeSpan PublishTime { get; private set; }

    private (string? Binary, string? Failure) Publish()
    {
        const string fix = "Run 'bash .ci/setup-aot.sh' as root (.ci/run does): it installs clang and zlib1g-dev; the ILCompiler package comes from NuGet with the publish.";
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            return (null, $"the native build is published for linux-x64 only; this is {RuntimeInformation.RuntimeIdentifier}");
        if (!OnPath("clang"))
            return (null, $"clang (the native linker driver NativeAOT calls) is not on PATH. {fix}");

        // The sources the publish needs, without any bin/ or obj/ folder.
        string source = Directory.CreateDirectory(Path.Combine(_work, "src")).FullName;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "README.md", "LICENSE" })
            File.Copy(Path.Combine(RepoRoot.Path, file), Path.Combine(source, file));
        foreach (var project in new[] { "Core", "Shell" }) CopySources(Path.Combine(RepoRoot.Path, project), Path.Combine(source, project));

        string output = Path.Combine(_work, "native");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = source, RedirectStandardOutput = true, RedirectStandardError = true };
        // The sources are copied without .git: give the native build the version (and commit) of the build under test.
        string version = typeof(Cli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        foreach (var a in new[] { "publish", "Shell", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", $"-p:InformationalVersion={version}", "-o", output, "--disable-build-servers", "-nodeReuse:false" })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            return (null, "dotnet publish -p:PublishAot=true did not finish within 8 minutes");
        }
        PublishTime = clock.Elapsed;
        string binary = Path.Combine(output, "hhf");
        if (process.ExitCode != 0 || !File.Exists(binary))
        {
            // The lines that say why (restore, warnings as errors, the linker), not the whole log.
            var why = (stdout.Result + stderr.Result).Split('\n')
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("warning", StringComparison.OrdinalIgnoreCase))
                .Distinct().Take(30);
            return (null, $"dotnet publish -p:PublishAot=true failed (exit {process.ExitCode}) after {clock.Elapsed.TotalSeconds:F0} s. {fix}\n{string.Join('\n', why)}");
        }
        return (binary, null);
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
            if (Path.GetFileName(dir) is not ("bin" or "obj")) CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>Runs the native hhf in a folder; its exit code and output.</summary>
    public (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args) => Run(workingDirectory, Binary, args);

    /// <summary>Runs a program in a folder, with a generous time limit; its exit code and output.</summary>
    public static (int Exit, string Out, string Err) Run(string workingDirectory, string program, string[] args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish within 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Oracle: the JIT build, run in-process (<see cref="Cli.Run"/>). The native hhf gives the same results, byte for byte:
/// sweeps (results.csv but for wall_ms, run ids, results.parquet read back, sweep.html), a run's CSVs, report and saved
/// configuration, bad-input messages and exit codes; its Slurm script starts the native binary itself; and its kernels
/// take the same Vector512 path. What we use of LanguageExt (validation collecting every error) and Parquet.Net (the
/// column writer), whose summary warnings the native publish leaves out, is covered by these comparisons.
/// </summary>
public sealed class NativeBuildTests : IClassFixture<NativeBuildFixture>
{
    private readonly NativeBuildFixture _native;

    public NativeBuildTests(NativeBuildFixture native) => _native = native;

    /// <summary>12 point-neuron runs of 5,000 steps, below and above the rheobase.</summary>
    internal const string PointGrid = """
        {"base": {"compartments": 1, "init": "rest", "iterations": 5000, "stim": ["0,50,0,0"]},
         "vary": {"stim-amplitude": [0, 2, 4, 6, 6.5, 7, 8, 10, 12, 15, 18, 20]}}
        """;

    /// <summary>A physical cable, two options (so the report has a heatmap); forward Euler blows up on the thick one.</summary>
    internal const string CableGrid = """
        {"base": {"preset": "hh1952", "compartments": 100, "iterations": 1000},
         "vary": {"diameter-um": [238, 476], "integrator": ["crank-nicolson", "forward-euler"]}}
        """;

    [Theory]
    [InlineData("point", 12)]
    [InlineData("cable", 4)]
    public void SweepGivesTheJitBuildsResults(string name, int runs)
    {
        string grid = GridFile(name == "point" ? PointGrid : CableGrid);
        string jit = RunSweep(grid, "--jobs", "2");
        string native = Path.Combine(TempDir(), "native");
        var (exit, stdout, stderr) = _native.Run(TempDir(), "sweep", "--grid", grid, "--out", native, "--jobs", "2");
        Assert.True(exit == 0, $"native sweep exited {exit}\n{stdout}\n{stderr}");

        var ids = ReadCsv(Path.Combine(native, "results.csv")).Select(r => r["run_id"]).ToList();
        Assert.Equal(runs, ids.Count);
        Assert.Equal(runs, ids.Distinct().Count()); // every configuration its own id (the trimmed model once gave one id to all)
        Assert.Equal(ReadCsv(Path.Combine(jit, "results.csv")).Select(r => r["run_id"]), ids);
        Assert.Equal(CsvWithoutWall(jit), CsvWithoutWall(native));
        Assert.Equal(ParquetWithoutWall(jit), ParquetWithoutWall(native));
        Assert.Equal(File.ReadAllBytes(Path.Combine(jit, "sweep.html")), File.ReadAllBytes(Path.Combine(native, "sweep.html")));
        if (name == "cable") Assert.Contains(",failed,blow-up: ", CsvWithoutWall(native)); // a failed row, with its reason
    }

    [Theory]
    [InlineData("seed cable", new[] { "--iterations", "3000", "--compartments", "4", "--stim", "5,15,10,0" })]
    [InlineData("physical cable", new[] { "--preset", "hh1952", "--compartments", "50", "--iterations", "800" })]
    public void RunWritesTheSameCsvsReportAndConfig(string name, string[] run)
    {
        string jit = TempDir(), native = TempDir();
        string[] Args(string dir) => new[] { "run" }.Concat(run)
            .Concat(new[] { "--csv", Path.Combine(dir, "csv"), "--parquet", Path.Combine(dir, "pq"), "--out", Path.Combine(dir, "report.html"), "--reproducible", "--save-config", Path.Combine(dir, "run.json") })
            .ToArray();
        var inProcess = Hhf(Args(jit));
        Assert.True(inProcess.Exit == 0, $"{name}: {inProcess.Err}");
        var (exit, _, stderr) = _native.Run(native, Args(native));
        Assert.True(exit == 0, $"{name}: native run exited {exit}: {stderr}");

        // Hidden files left out (a lock file of a concurrent-writer guard may stay in an output folder).
        List<string> Listed(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.')).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToList();
        var files = Listed(jit);
        Assert.Equal(new[] { "csv/h.csv", "csv/m.csv", "csv/n.csv", "csv/spikes.csv", "csv/v.csv", "pq/h.parquet", "pq/m.parquet", "pq/n.parquet",
            "pq/spikes.parquet", "pq/v.parquet", "report.html", "run.json" }, files);
        Assert.Equal(files, Listed(native));
        foreach (var file in files.Where(f => f != "run.json" && !f.EndsWith(".parquet", StringComparison.Ordinal)))
            Assert.True(File.ReadAllBytes(Path.Combine(jit, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(native, file))), $"{name}: {file} differs");
        // The Parquet files' metadata holds the configuration, whose paths differ by folder: their values are compared.
        foreach (var file in files.Where(f => f.EndsWith(".parquet", StringComparison.Ordinal)))
        {
            var (a, b) = (ParquetText(Path.Combine(jit, file)), ParquetText(Path.Combine(native, file)));
            for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                int at = Enumerable.Range(0, Math.Min(a[i].Length, b[i].Length)).FirstOrDefault(k => a[i][k] != b[i][k], -1);
                Assert.True(a[i] == b[i], $"{name}: {file} column {i} differs at {at}: {a[i][Math.Max(0, at - 40)..Math.Min(a[i].Length, at + 40)]} vs {b[i][Math.Max(0, at - 40)..Math.Min(b[i].Length, at + 40)]} (lengths {a[i].Length}, {b[i].Length})");
            }
            Assert.Equal(a.Count, b.Count);
        }
        // The saved configuration names the output paths, which differ by folder only.
        Assert.Equal(File.ReadAllText(Path.Combine(jit, "run.json")), File.ReadAllText(Path.Combine(native, "run.json")).Replace(native, jit));
    }

    private static List<string> ParquetText(string file) =>
        ReadParquet(file).Select(c => c.Key + ": " + string.Join(",", c.Value.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).ToList();

    /// <summary>hhf network natively: the ring's spikes, traces, connections, report (--reproducible) and spikes.parquet equal
    /// the in-process build's, and a bad network file gets the same messages (JSON reading, run's parsers, regexes).</summary>
    [Fact]
    public void NetworkWritesTheSameOutputsAndRefusesTheSameFiles()
    {
        string jit = TempDir(), native = TempDir();
        string[] Args(string dir) => ["network", HHFunctional.Properties.Network.NetworkCommandTests.RingFile, "--out", Path.Combine(dir, "out"),
            "--t-stop-ms", "40", "--parquet", "--reproducible"];
        var inProcess = Hhf(Args(jit));
        Assert.True(inProcess.Exit == 0, inProcess.Err);
        var (exit, _, stderr) = _native.Run(native, Args(native));
        Assert.True(exit == 0, $"native network exited {exit}: {stderr}");
        foreach (var file in new[] { "spikes.csv", "traces.csv", "connections.csv", "report.html" })
            Assert.True(File.ReadAllBytes(Path.Combine(jit, "out", file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(native, "out", file))), $"{file} differs");
        Assert.Equal(ParquetText(Path.Combine(jit, "out", "spikes.parquet")), ParquetText(Path.Combine(native, "out", "spikes.parquet")));

        string bad = Path.Combine(TempDir(), "bad.net.json");
        File.WriteAllText(bad, """
            {"simulation": {"t-stop-ms": 10, "dt": 1}, "cell-types": {"c": {"morphology": "none.json", "param": ["x"]}},
             "populations": [{"name": "a b", "cell-type": "d", "count": 0}], "record": ["a[0]"]}
            """);
        string outDir = Path.Combine(TempDir(), "out");
        var jitBad = Hhf(["network", bad, "--out", outDir]);
        var (badExit, badOut, badErr) = _native.Run(TempDir(), "network", bad, "--out", outDir);
        Assert.Equal(ExitCode.BadInput, jitBad.Exit);
        Assert.Equal(ExitCode.BadInput, badExit);
        Assert.Equal(jitBad.Err, badErr);
        Assert.Equal(jitBad.Out, badOut);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void BadInputExitsTwoWithTheSameMessages()
    {
        string dir = TempDir();
        string grid = GridFile("""{"base": {"iterations": 100}, "vary": {"dt": [0.01, -1], "stim-amplitude": {"from": 1, "to": 0, "step": 1}, "gate": [1]}}""");
        var cases = new[]
        {
            // Every problem at once, from the command line and from validation (LanguageExt's Validation).
            new[] { "run", "--dt", "-1", "--compartments", "0", "--iterations", "ten", "--out", Path.Combine(dir, "r.html") },
            new[] { "run", "--no-such-option", "--out", Path.Combine(dir, "r.html") },
            new[] { "sweep", "--grid", grid, "--out", Path.Combine(dir, "sweep") },
        };
        foreach (var args in cases)
        {
            var jit = Hhf(args);
            var (exit, stdout, stderr) = _native.Run(dir, args);
            Assert.Equal(ExitCode.BadInput, jit.Exit);
            Assert.Equal(ExitCode.BadInput, exit);
            Assert.Equal(jit.Err, stderr);
            Assert.Equal(jit.Out, stdout);
        }
        Assert.Equal(new[] { "grid.json" }, Directory.GetFileSystemEntries(Path.GetDirectoryName(grid)!).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(dir)); // nothing written
    }

    [Fact]
    public void SlurmScriptRunsTheNativeBinaryItselfAndMergesToTheLocalResults()
    {
        string grid = GridFile(CableGrid);
        string dir = Path.Combine(TempDir(), "slurm");
        var (exit, stdout, stderr) = _native.Run(TempDir(), "sweep", "--slurm", "--grid", grid, "--out", dir, "--shards", "2");
        Assert.True(exit == 0, stdout + stderr);
        string script = File.ReadAllText(Path.Combine(dir, "sweep.sbatch"));
        string exec = script.Split('\n').Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        Assert.StartsWith($"exec {_native.Binary} sweep --grid ", exec); // the native binary, no dotnet before it
        Assert.Contains($"# Then:    {_native.Binary} sweep merge ", script);
        Assert.DoesNotContain("dotnet", script);

        // Each array task as Slurm would start it (its task id in the environment), then the merge.
        for (int task = 0; task < 2; task++)
        {
            var ran = NativeBuildFixture.Run(dir, "bash", new[] { Path.Combine(dir, "sweep.sbatch") },
                new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = task.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.True(ran.Exit == 0, $"task {task}: {ran.Out}{ran.Err}");
        }
        var merged = _native.Run(dir, "sweep", "merge", dir);
        Assert.True(merged.Exit == 0, merged.Out + merged.Err);
        string local = RunSweep(grid, "--jobs", "1");
        Assert.Equal(CsvWithoutWall(local), CsvWithoutWall(dir));
        Assert.Equal(ParquetWithoutWall(local), ParquetWithoutWall(dir));
        Assert.Equal(File.ReadAllBytes(Path.Combine(local, "sweep.html")), File.ReadAllBytes(Path.Combine(dir, "sweep.html")));
    }

    [Fact]
    public void KernelsTakeTheVectorPathWhereTheJitDoes()
    {
        // Without IlcInstructionSet the native code targets plain x86-64 and Vector512 is emulated: the scalar path.
        var (exit, stdout, stderr) = _native.Run(TempDir(), "bench", "--neurons", "8", "--compartments", "1", "--iterations", "100", "--runs", "1", "--warmup", "0", "--no-c");
        Assert.True(exit == 0, stdout + stderr);
        string expected = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512 accelerated" : "Vector512 emulated";
        Assert.Contains(expected, stdout);
    }
}
