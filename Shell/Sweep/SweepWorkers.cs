using System.Diagnostics;
using System.Text.Json;
using HHFunctional.Core;

namespace HHFunctional.Shell.Sweep;

/// <summary>
/// Runs sweep points on K jobs: one in this process and K − 1 worker processes (<c>hhf sweep --worker</c>). A worker is
/// stateless: the parent writes a run's raw option values to its stdin as one JSON line, the worker builds the run with
/// the same code as the plan (<see cref="SweepPlan.Options"/>, <see cref="RunId"/>), runs it, and answers with the result
/// as one JSON line on its stdout; then it gets the next run, so work is shared dynamically.
/// Why processes and not threads: the step allocates a new state every update, and two threads allocating that fast in
/// one process serialise on the garbage collector (measured here: 2 threads ran 0.83× as fast as 1 thread; one thread
/// here plus one worker process, 1.8×). The parent checks every answer's run id against the one it planned.
/// </summary>
internal sealed class SweepWorkers : IDisposable
{
    /// <summary>Replacement workers started after a worker died, per job, before the sweep stops.</summary>
    public const int MaxRestarts = 3;

    private readonly (string File, string[] Arguments) _command;
    private readonly Queue<Process> _started = new();

    /// <summary>Starts <paramref name="count"/> workers now, so their start-up overlaps the parent's planning.</summary>
    public SweepWorkers(int count, (string File, string[] Arguments) command)
    {
        _command = command;
        for (int i = 0; i < count; i++) _started.Enqueue(Start(command));
    }

    /// <summary>The worker side: for each line of <paramref name="input"/> (raw options as JSON) until it ends or
    /// <paramref name="token"/> is cancelled, runs the run and writes its result as a JSON line to <paramref name="output"/>.</summary>
    public static int Serve(TextReader input, TextWriter output, CancellationToken token)
    {
        WarmUp();
        for (string? line = input.ReadLine(); line is not null && !token.IsCancellationRequested; line = input.ReadLine())
        {
            var pairs = JsonSerializer.Deserialize<string[][]>(line) ?? throw new InvalidDataException("sweep worker: empty request");
            var raw = pairs.Select(p => RawOption.FromCommandLine(p[0], p[1])).ToList();
            var (options, errors) = SweepPlan.Options(raw);
            if (errors.Count > 0) throw new InvalidDataException($"sweep worker: the parent sent options that do not parse: {errors[0]}");
            var p = options.Parameters;
            var point = new RunPoint(0, Array.Empty<int>(), Array.Empty<string>(), p, RunId.Of(p), SimulationSpec.Problems(p).ToList(), raw);
            output.WriteLine(ShardStore.Serialise(SweepRunner.RunOne(point)));
            output.Flush();
        }
        return ExitCode.Ok;
    }

    // Workers start while the parent plans: compile the request path (option parsing, run id, a 10-step run, the result
    // line) now, so the first real run is not kept waiting for the JIT.
    private static void WarmUp()
    {
        var raw = new List<RawOption> { RawOption.FromCommandLine("compartments", "1"), RawOption.FromCommandLine("iterations", "10") };
        var p = SweepPlan.Options(raw).Options.Parameters;
        var point = new RunPoint(0, Array.Empty<int>(), Array.Empty<string>(), p, RunId.Of(p), Array.Empty<string>(), raw);
        _ = JsonSerializer.Deserialize<string[][]>(Request(point));
        _ = ShardStore.Serialise(SweepRunner.RunOne(point));
    }

    private static string Request(RunPoint point) =>
        JsonSerializer.Serialize(point.Raw.Select(r => new[] { r.Name, r.Value }).ToArray());

    /// <summary>
    /// Runs <paramref name="points"/> on this process and the workers (one run at a time each); <paramref name="done"/>
    /// is called once per finished run, one call at a time. Once <paramref name="token"/> is cancelled no new run
    /// starts. A worker that dies is replaced and its run retried, up to <see cref="MaxRestarts"/> times.
    /// </summary>
    /// <param name="runHere">Whether job 0 runs in this process (tests turn it off to exercise the workers alone).</param>
    public void RunAll(IReadOnlyList<RunPoint> points, CancellationToken token, Action<RunResult> done, bool runHere = true)
    {
        int next = -1;
        var gate = new object();
        Exception? failure = null;

        RunPoint? Take()
        {
            if (token.IsCancellationRequested || Volatile.Read(ref failure) is not null) return null;
            int i = Interlocked.Increment(ref next);
            return i < points.Count ? points[i] : null;
        }

        void Report(RunResult result)
        {
            lock (gate)
            {
                try { done(result); }
                catch (Exception e) { failure ??= e; }
            }
        }

        // Job 0 runs here: no start-up to wait for, and alone in its heap (the pipe threads hardly allocate).
        void Here()
        {
            for (var point = Take(); point is not null; point = Take()) Report(SweepRunner.RunOne(point));
        }

        void Remote(Process first)
        {
            int restarts = 0;
            Process? worker = first;
            RunPoint? point = Take();
            while (point is not null && worker is not null)
            {
                try
                {
                    while (point is not null)
                    {
                        worker.StandardInput.WriteLine(Request(point));
                        worker.StandardInput.Flush();
                        string? line = worker.StandardOutput.ReadLine();
                        if (line is null) break; // the worker died: handled below
                        var result = ShardStore.Deserialise(line);
                        if (result is null || result.Id != point.RunId)
                            throw new InvalidDataException($"a sweep worker answered run {point.Index} ({point.RunId}) with '{CommandLine.Shorten(line)}'");
                        Report(result);
                        point = Take();
                    }
                }
                catch (IOException) { /* a broken pipe: the worker died; handled below */ }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); point = null; }
                finally { Stop(worker); }
                if (point is null) break;
                // The worker died while running `point`: retry it on a new worker; a run that kills workers again and
                // again stops the sweep (the finished runs are stored, so a rerun continues after a fix).
                int exitCode = worker.ExitCode;
                worker.Dispose();
                worker = null;
                if (++restarts > MaxRestarts)
                {
                    Interlocked.CompareExchange(ref failure, new InvalidOperationException(
                        $"a worker process died {restarts} times (last exit code {exitCode}), last while running run {point.Index} ({point.RunId})"), null);
                    break;
                }
                try { worker = Start(_command); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); break; }
            }
            if (worker is not null)
            {
                Stop(worker); // also when there was nothing for it to do
                worker.Dispose();
            }
        }

        var threads = runHere ? new List<Thread> { new(Here) { IsBackground = true, Name = "sweep-job-0" } } : new List<Thread>();
        while (_started.Count > 0)
        {
            var worker = _started.Dequeue();
            threads.Add(new Thread(() => Remote(worker)) { IsBackground = true, Name = $"sweep-job-{threads.Count + 1}" });
        }
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (failure is not null) throw new IOException($"sweep workers failed: {failure.Message}", failure);
    }

    /// <summary>Ends the workers not used (the grid was refused, or there was nothing to run).</summary>
    public void Dispose()
    {
        while (_started.Count > 0)
        {
            using var worker = _started.Dequeue();
            Stop(worker);
        }
    }

    private static void Stop(Process worker)
    {
        try { worker.StandardInput.Close(); } catch (IOException) { } catch (InvalidOperationException) { }
        if (!worker.WaitForExit(60_000)) worker.Kill(entireProcessTree: true);
    }

    private static Process Start((string File, string[] Arguments) command)
    {
        var info = new ProcessStartInfo(command.File) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in command.Arguments.Append("sweep").Append("--worker")) info.ArgumentList.Add(a);
        try
        {
            return Process.Start(info) ?? throw new WorkerStartException($"cannot start a sweep worker ({command.File})", null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            throw new WorkerStartException($"cannot start a sweep worker ({command.File}): {e.Message}", e);
        }
    }
}

/// <summary>A worker process could not be started (no dotnet, no hhf.dll): the caller runs its jobs as threads instead.</summary>
internal sealed class WorkerStartException(string message, Exception? inner) : Exception(message, inner);
