using System.Diagnostics;
using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Shell.Report;

namespace HHFunctional.Shell;

/// <summary>
/// <c>run</c>: read the command line and config file, validate everything (values, sizes, output folders) before the
/// first step, simulate while watching for Ctrl-C, then stage the CSVs and the report under temporary names and rename
/// them all at the end. Bad input: exit 2, nothing written. Blow-up: exit 1, nothing written unless --keep-partial.
/// Interrupted: exit 130, nothing written.
/// </summary>
internal static class RunCommand
{
    /// <summary>Name of the marker file a partial (--keep-partial) run leaves in its CSV folder.</summary>
    public const string PartialMarker = "PARTIAL";

    /// <summary>Most problems listed; the rest are summarised (one bad range can make millions).</summary>
    private const int MaxProblemsShown = 40;

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken token = default) =>
        Execute(args, stdout, stderr, token, CommandLine.RunOptionsTable);

    /// <summary>The run with a given option table (tests substitute mutants).</summary>
    internal static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken token, IReadOnlyList<OptionSpec> table)
    {
        var (options, raw, problems) = Read(args, table);
        if (options.Help)
        {
            stdout.WriteLine(CommandLine.Help("run", table));
            return ExitCode.Ok;
        }

        // Parse, validation, size and output problems are reported together, all at once.
        // A morphology is read and its cell built first (its sites and regions are checked against the file).
        CellRun? cell = null;
        if (options.MorphologyFile is not null)
        {
            var (built, cellProblems) = CellRun.Build(options, raw);
            cell = built;
            problems.AddRange(cellProblems);
        }
        var validation = SimulationSpec.Validate(cell?.Parameters ?? options.Parameters);
        SimulationSpec? spec = validation.IsSuccess ? validation.SuccessToSeq().Head() : null;
        problems.AddRange(validation.FailToSeq().Map(e => e is FieldError f ? FieldNames.Explain(f.Problem, raw) : e.Message));
        RecordingSelection? selection = null;
        if (spec is not null)
        {
            selection = new RecordingSelection(options.RecordVars,
                cell?.Nodes ?? options.RecordCompartments ?? Enumerable.Range(0, spec.Compartments).ToArray(), options.Neuron, options.RecordEvery);
            var selectionProblems = selection.FieldProblems(spec).Take(MaxProblemsShown + 1).Select(e => FieldNames.ExplainSelection(e, raw)).ToList();
            problems.AddRange(selectionProblems);
            if (selectionProblems.Count == 0) problems.AddRange(Limits.Problems(spec, selection, options.MemoryBudgetMb));
        }
        problems.AddRange(OutputFolders.Problems(options));
        // A morphology whose cell could not be built validated the plain parameters above: nothing can run.
        if (options.MorphologyFile is not null && cell is null && problems.Count == 0) problems.Add("--morphology: the cell could not be built");
        if (problems.Count > 0) return BadInput(stderr, problems);

        token.ThrowIfCancellationRequested();
        var folderProblems = OutputFolders.Create(options).ToList();
        if (folderProblems.Count > 0) return BadInput(stderr, folderProblems);
        if (options.SaveConfigPath is { } savePath)
        {
            AtomicFile.WriteText(savePath, RunConfig.Save(options, table));
            stdout.WriteLine($"wrote {savePath}");
        }
        foreach (var warning in spec!.Warnings) stderr.WriteLine($"warning: {FieldNames.Explain(warning, raw)}");

        stdout.WriteLine($"simulating {spec!.Parameters.Iterations} iterations × {spec.Compartments} compartments × {spec.Neurons} neurons " +
                         $"({spec.Parameters.Integrator.Name()}); Ctrl-C stops cleanly");
        stdout.Flush();
        // While this thread simulates, the idle core compiles the report and CSV code on a tiny run (a short process
        // would otherwise compile it after the simulation, on the critical path).
        // Never awaited: it only warms code, and a run that ends first simply leaves it behind.
        if (spec.Neurons == 1 && Environment.ProcessorCount > 1) _ = Task.Run(WarmUpOutputs);
        var clock = Stopwatch.StartNew();
        Recording recording;
        using (var progress = ProgressLine.ForTerminal(stderr, spec.Parameters.Iterations))
        {
            // The fast path (vector kernels, neurons split across cores); the result does not depend on the thread count.
            var settings = new RunSettings { Threads = options.Threads ?? Environment.ProcessorCount, Progress = progress, Cancellation = token };
            recording = Simulation.RunRecorded(spec, selection!, settings);
        }
        clock.Stop();
        stdout.WriteLine($"simulated in {clock.Elapsed.TotalMilliseconds:F1} ms");

        string? banner = null;
        if (recording.BlowUp is { } b)
        {
            stderr.WriteLine($"error: {BlowUpMessage(b, spec)}");
            if (!options.KeepPartial)
            {
                stderr.WriteLine("nothing was written (--keep-partial writes the rows before the blow-up, marked partial).");
                return ExitCode.RunFailed;
            }
            banner = $"PARTIAL RUN: {BlowUpMessage(b, spec)} The {recording.Rows} rows shown end before the blow-up.";
        }

        if (spec.Parameters.Cable is PhysicalCable cable) stdout.WriteLine(VelocityLine(cable, spec.Compartments, recording));

        // Cancellation is checked after each staging step (and before the commit), so an interrupt here leaves only
        // temporary files, which disposing the batch removes.
        // Columns are named by site for a cell (soma(0.5)), by compartment (c5) for a cable.
        var columns = cell?.Sites.Select(s => s.ToString()).ToArray();
        using (var batch = new AtomicBatch())
        {
            var csvWrites = Task.CompletedTask;
            if (options.CsvDir is { } csvDir)
            {
                string marker = Path.Combine(csvDir, PartialMarker);
                // The marker comes first, so a commit cut short never leaves partial CSVs unmarked.
                if (banner is not null) batch.AddText(marker, banner + "\n");
                // The CSVs are written on other threads while this one builds the report (they only read the recording).
                csvWrites = batch.AddInParallel(recording.Selection.Variables
                    .Select(v => (Path.Combine(csvDir, Csv.FileName(v)), (Action<Stream>)(s => Csv.Write(s, recording, v, columns)))).ToList());
                if (banner is null) batch.DeleteOnCommit(marker);
            }
            var spikes = options.CsvDir is not null || options.ParquetDir is not null ? SpikeTable.Of(recording) : null;
            if (options.CsvDir is { } spikeDir && spikes is { } sc)
                batch.Add(Path.Combine(spikeDir, SpikeTable.CsvName), s => SpikeTable.WriteCsv(s, sc, columns));
            if (options.ParquetDir is { } parquetDir)
            {
                // The configuration in effect, without the version line: the same run gives the same hash in any version.
                string config = RunConfig.Save(options, table, withVersion: false);
                string parquetMarker = Path.Combine(parquetDir, PartialMarker);
                // One marker when both go to the same folder.
                bool sharedMarker = OutputFolders.SameFolder(options.CsvDir, parquetDir);
                if (banner is not null && !sharedMarker) batch.AddText(parquetMarker, banner + "\n");
                foreach (var v in recording.Selection.Variables)
                    batch.Add(Path.Combine(parquetDir, ParquetOutput.FileName(v)), s => ParquetOutput.WriteTrace(s, recording, v, config, columns));
                if (spikes is { } sp)
                    batch.Add(Path.Combine(parquetDir, ParquetOutput.SpikesName), s => ParquetOutput.WriteSpikes(s, sp, recording.Selection.Neuron, config, columns));
                if (banner is null && !sharedMarker) batch.DeleteOnCommit(parquetMarker);
            }
            try
            {
                // Streamed into its staged file: the page is never held whole in memory.
                // A cell's picture needs v at every node: the report gets a run of its own recording them all (every K-th
                // update within CellReport's budget); the CSVs keep the sites at every update.
                var shown = cell is not null && options.OutPath != OutputFolders.NoReport && recording.BlowUp is null
                    ? Simulation.RunRecorded(spec, CellReport.WholeCell(spec, options.Neuron),
                        new RunSettings { Threads = options.Threads ?? Environment.ProcessorCount, Cancellation = token })
                    : recording;
                var input = new ReportInput(spec, shown, options.Reproducible ? null : clock.Elapsed, options.Title, options.Preset, banner,
                    cell?.Cell, cell?.Sites,
                    CurrentUnit: options.StimGiven ? (raw.Any(r => r.Name == "stim-unit" && r.Value == "na") ? CurrentUnit.Nanoamps : CurrentUnit.UAPerCm2) : null);
                if (options.OutPath != OutputFolders.NoReport) batch.Add(options.OutPath, stream => RunReport.Write(stream, input));
            }
            catch
            {
                // Let the writers finish before the batch removes their files; the report's error is the one reported.
                try { csvWrites.Wait(); } catch (AggregateException) { }
                throw;
            }
            csvWrites.GetAwaiter().GetResult();
            token.ThrowIfCancellationRequested();
            batch.Commit();
        }
        bool hasSpikes = recording.Has(StateVariable.V);
        if (options.CsvDir is { } dir)
            stdout.WriteLine($"wrote {string.Join(", ", recording.Selection.Variables.Select(v => Path.Combine(dir, Csv.FileName(v))))}" +
                             (hasSpikes ? $", {Path.Combine(dir, SpikeTable.CsvName)}" : "") +
                             (banner is null ? "" : $" and {Path.Combine(dir, PartialMarker)}"));
        if (options.ParquetDir is { } pdir)
            stdout.WriteLine($"wrote {string.Join(", ", recording.Selection.Variables.Select(v => Path.Combine(pdir, ParquetOutput.FileName(v))))}" +
                             (hasSpikes ? $", {Path.Combine(pdir, ParquetOutput.SpikesName)}" : "") +
                             (banner is null ? "" : $" and {Path.Combine(pdir, PartialMarker)}"));
        if (options.OutPath != OutputFolders.NoReport) stdout.WriteLine($"wrote {options.OutPath}{(banner is null ? "" : " (marked partial)")}");
        return banner is null ? ExitCode.Ok : ExitCode.RunFailed;
    }

    private static void WarmUpOutputs()
    {
        try
        {
            var tiny = SimulationSpec.Validate(new SimulationParameters { Compartments = 2, Iterations = 20, Stimulus = Stimulus.Step(0, 0.05, 5, 0) })
                .Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
            var recording = Simulation.RunRecorded(tiny, RecordingSelection.All(2), new RunSettings { Threads = 1 });
            RunReport.Write(Stream.Null, new ReportInput(tiny, recording, null));
            foreach (var v in recording.Selection.Variables) Csv.Write(Stream.Null, recording, v);
        }
        catch (Exception) { /* only a warm-up: the real run reports its own errors */ }
    }

    /// <summary>The options from the command line over the config file (if --config is given), the raw values, and every problem.</summary>
    internal static (RunOptions Options, List<RawOption> Raw, List<string> Problems) Read(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> table)
    {
        var (commandLine, problems) = CommandLine.Tokenise(args, table);
        var raw = commandLine;
        var configs = commandLine.Where(r => r.Name == "config").ToList();
        if (configs.Count == 1)
        {
            var (file, fileProblems) = RunConfig.Load(configs[0].Value, table);
            problems.AddRange(fileProblems);
            raw = CommandLine.Override(file, commandLine);
        }
        var (options, applyProblems) = CommandLine.Apply(raw, table);
        problems.AddRange(applyProblems);
        return (options, raw, problems);
    }

    /// <summary>What blew up where, and what to change.</summary>
    public static string BlowUpMessage(BlowUp b, SimulationSpec spec) =>
        $"numerical blow-up at iteration {b.Iteration} of {spec.Parameters.Iterations} (t = {Parse.Show(b.TimeMs)} ms): " +
        $"{b.Variable.Name()} = {Parse.Show(b.Value)} in compartment {b.Compartment} of neuron {b.Neuron}. {LikelyCause(spec)}";

    private static string LikelyCause(SimulationSpec spec) => spec.Parameters.Integrator == IntegratorKind.ForwardEuler
        ? $"Likely cause: dt = {Parse.Show(spec.DtMs)} ms is too large for forward Euler with these parameters; lower --dt or use " +
          "--integrator crank-nicolson (accurate) or --integrator exponential-euler, which stay stable at this dt."
        : $"Likely cause: dt = {Parse.Show(spec.DtMs)} ms is too large for {spec.Parameters.Integrator.Name()} or a parameter is extreme; " +
          (spec.Parameters.Integrator == IntegratorKind.BackwardEuler
              ? "lower --dt, or check the conductances, reversal potentials, temperature and stimulus for extreme values."
              : "lower --dt, or try --integrator backward-euler.");

    /// <summary>The conduction velocity between 40% and 80% of a physical cable's length, or why there is none.</summary>
    private static string VelocityLine(PhysicalCable cable, int compartments, Recording recording) =>
        Core.Analysis.Propagation.AlongCable(cable, compartments, recording) is { } c
            ? $"conduction velocity (40% → 80% of the length: c{c.FromCompartment} at {c.FromUm:F1} µm → c{c.ToCompartment} at {c.ToUm:F1} µm): {c.MPerS:F3} m/s"
            : "conduction velocity (40% → 80% of the length): not measured (no spike reached both points, or they were not recorded)";

    private static int BadInput(TextWriter stderr, IReadOnlyList<string> errors)
    {
        foreach (var e in errors.Take(MaxProblemsShown)) stderr.WriteLine($"error: {e}");
        if (errors.Count > MaxProblemsShown) stderr.WriteLine($"error: … and more problems (the first {MaxProblemsShown} are shown)");
        stderr.WriteLine("nothing was written; see 'hhf run --help'.");
        return ExitCode.BadInput;
    }
}
