using System.Diagnostics;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Shell.Report;

namespace HHFunctional.Shell;

/// <summary><c>run</c>: parse, validate everything up front, simulate, then write the CSVs and the report atomically.</summary>
internal static class RunCommand
{
    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (options, problems) = CommandLine.ParseRun(args);
        if (options.Help)
        {
            stdout.WriteLine(CommandLine.Help("run", CommandLine.RunOptionsTable));
            return ExitCode.Ok;
        }

        // Parse problems and validation problems are reported together, all at once.
        var validation = SimulationSpec.Validate(options.Parameters);
        SimulationSpec? spec = validation.IsSuccess ? validation.SuccessToSeq().Head() : null;
        problems.AddRange(validation.FailToSeq().Map(e => e.Message));
        RecordingSelection? selection = null;
        if (spec is not null)
        {
            selection = new RecordingSelection(options.RecordVars,
                options.RecordCompartments ?? Enumerable.Range(0, spec.Compartments).ToArray(), options.Neuron, options.RecordEvery);
            problems.AddRange(selection.Problems(spec));
        }
        problems.AddRange(OutputProblems(options));
        if (problems.Count > 0) return BadInput(stderr, problems);

        var clock = Stopwatch.StartNew();
        var recording = Recording.Record(Simulation.Run(spec!), selection!, spec!.Parameters.Iterations);
        clock.Stop();
        stdout.WriteLine($"simulated {spec.Parameters.Iterations} iterations × {spec.Compartments} compartments × {spec.Neurons} neurons " +
                         $"in {clock.Elapsed.TotalMilliseconds:F1} ms ({spec.Parameters.Integrator.Name()})");

        if (recording.BlowUp is { } b)
        {
            stderr.WriteLine($"error: numerical blow-up at iteration {b.Iteration} (t = {b.TimeMs} ms): {b.Variable.Name()} = {b.Value} " +
                             $"in compartment {b.Compartment} of neuron {b.Neuron}. {LikelyCause(spec)}");
            stderr.WriteLine("nothing was written.");
            return ExitCode.RunFailed;
        }

        if (options.CsvDir is { } csvDir)
        {
            Csv.WriteAll(csvDir, recording);
            stdout.WriteLine($"wrote {string.Join(", ", recording.Selection.Variables.Select(v => Path.Combine(csvDir, Csv.FileName(v))))}");
        }
        AtomicFile.WriteText(options.OutPath, RunReport.Build(
            new ReportInput(spec, recording, options.Reproducible ? null : clock.Elapsed, options.Title, options.Preset)));
        stdout.WriteLine($"wrote {options.OutPath}");
        return ExitCode.Ok;
    }

    private static string LikelyCause(SimulationSpec spec) => spec.Parameters.Integrator == IntegratorKind.ForwardEuler
        ? $"Likely cause: dt = {spec.DtMs} ms is too large for forward Euler with these parameters; lower --dt or use --integrator exponential-euler (or backward-euler)."
        : $"Likely cause: dt = {spec.DtMs} ms is too large or a parameter is extreme; lower --dt.";

    /// <summary>Output folders that cannot be written are reported before any simulation starts.</summary>
    private static IEnumerable<string> OutputProblems(RunOptions options)
    {
        string outDir = Path.GetDirectoryName(Path.GetFullPath(options.OutPath))!;
        if (!Directory.Exists(outDir)) yield return $"--out: folder '{outDir}' does not exist";
        else if (Directory.Exists(Path.GetFullPath(options.OutPath))) yield return $"--out: '{options.OutPath}' is a folder, expected a file name";
        if (options.CsvDir is { } csv)
        {
            string? error = null;
            try { Directory.CreateDirectory(csv); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            { error = $"--csv: cannot create folder '{csv}': {e.Message}"; }
            if (error is not null) yield return error;
        }
    }

    private static int BadInput(TextWriter stderr, IEnumerable<string> errors)
    {
        foreach (var e in errors) stderr.WriteLine($"error: {e}");
        stderr.WriteLine("see 'hhf run --help'.");
        return ExitCode.BadInput;
    }
}
