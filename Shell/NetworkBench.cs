using System.Diagnostics;
using System.Globalization;
using HHFunctional.Core.Network;

namespace HHFunctional.Shell;

/// <summary>
/// <c>hhf bench --network FILE</c>: a network file's run timed on 1 thread and on T, alternated in the same process so
/// that the ratio is measured under the same conditions; wall time per compartment-step, spikes per wall-clock second
/// and memory (the built model, what a run allocates, the process's peak working set). The spikes of every run must be
/// the same, whatever the thread count (the run's determinism, checked here too).
/// </summary>
internal static class NetworkBench
{
    private sealed record Timing(int Threads, double MedianS, double MinS, double MaxS, int Spikes);

    public static int Execute(string file, NetworkOverrides overrides, int threads, int runs, int warmup, bool json, TextWriter stdout, TextWriter stderr)
    {
        long baseline = GC.GetTotalMemory(true);
        var build = Stopwatch.StartNew();
        var (model, problems) = NetworkFile.Load(file, overrides);
        build.Stop();
        if (model is null)
        {
            foreach (var p in problems) stderr.WriteLine($"hhf bench --network: {p}");
            return ExitCode.BadInput;
        }
        long modelBytes = Math.Max(0, GC.GetTotalMemory(true) - baseline);
        var spec = model.Spec;
        int cells = spec.Populations.Sum(p => p.Cells.Neurons);
        long compartments = spec.Populations.Sum(p => (long)p.Cells.Neurons * p.Cells.Compartments);
        long steps = spec.Iterations;
        var counts = threads == 1 ? new[] { 1 } : new[] { 1, threads };

        var times = counts.ToDictionary(t => t, _ => new List<double>());
        IReadOnlyList<NetworkSpike>? first = null;
        bool identical = true;
        long runBytes = 0;
        for (int round = 0; round < warmup + runs; round++)
            foreach (int t in counts)
            {
                long allocated = GC.GetTotalAllocatedBytes(true);
                var clock = Stopwatch.StartNew();
                var result = NetworkRun.Run(spec, new NetworkRunSettings { Threads = t });
                clock.Stop();
                runBytes = Math.Max(runBytes, GC.GetTotalAllocatedBytes(true) - allocated);
                if (result.BlowUp is { } blowUp)
                {
                    stderr.WriteLine($"hhf bench --network: the run blew up ({spec.Populations[blowUp.Population].Name}, cell {blowUp.Detail.Neuron}, step {blowUp.Detail.Iteration}); nothing to time");
                    return ExitCode.RunFailed;
                }
                first ??= result.Spikes;
                identical &= first.SequenceEqual(result.Spikes);
                if (round >= warmup) times[t].Add(clock.Elapsed.TotalSeconds);
            }
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var timings = counts.Select(t => new Timing(t, Bench.Median(times[t]), times[t].Min(), times[t].Max(), first!.Count)).ToArray();
        var inv = CultureInfo.InvariantCulture;
        string NsPerCs(Timing x) => (x.MedianS * 1e9 / (compartments * steps)).ToString("F2", inv);
        string SpikesPerS(Timing x) => (x.Spikes / x.MedianS).ToString("F0", inv);
        double? speedup = timings.Length > 1 ? timings[0].MedianS / timings[1].MedianS : null;
        int connections = spec.Connections.Count;
        if (json)
        {
            stdout.WriteLine("[" + string.Join(",\n", timings.Select(x => string.Create(inv,
                $"{{\"network\": \"{Path.GetFileName(file)}\", \"cells\": {cells}, \"compartments\": {compartments}, \"connections\": {connections}, " +
                $"\"steps\": {steps}, \"rate_table\": \"{RateTableOption.Name(spec.Populations[0].Cells.Parameters.RateTable)}\", \"threads\": {x.Threads}, \"runs\": {runs}, \"median_s\": {x.MedianS:R}, \"ns_per_compartment_step\": {NsPerCs(x)}, " +
                $"\"spikes\": {x.Spikes}, \"spikes_per_s\": {SpikesPerS(x)}, \"speedup_vs_1_thread\": {(x.Threads == 1 ? "1" : speedup!.Value.ToString("R", inv))}, " +
                $"\"same_spikes_every_run\": {(identical ? "true" : "false")}, \"model_bytes\": {modelBytes}, \"run_allocated_bytes\": {runBytes}, " +
                $"\"peak_working_set_bytes\": {peak}, \"build_s\": {build.Elapsed.TotalSeconds:R}}}"))) + "]");
            return identical ? ExitCode.Ok : ExitCode.RunFailed;
        }
        stdout.WriteLine(string.Create(inv, $"bench --network {Path.GetFileName(file)}: {cells} cells in {spec.Populations.Count} populations, " +
            $"{compartments} compartments, {connections} connections, {spec.Synapses.Count} synapses, {steps} steps of {spec.DtMs} ms " +
            $"({spec.Populations[0].Cells.Parameters.Integrator}, rate table {RateTableOption.Name(spec.Populations[0].Cells.Parameters.RateTable)}); {Environment.ProcessorCount} cores; median of {runs} runs after {warmup} warm-up, 1 and {threads} threads alternated"));
        stdout.WriteLine("threads   median s   range s         ns/cs   spikes   spikes/s   speed-up");
        foreach (var x in timings)
            stdout.WriteLine(string.Create(inv, $"{x.Threads,7}   {x.MedianS,8:F3}   {x.MinS:F3}-{x.MaxS:F3}   {NsPerCs(x),7}   {x.Spikes,6}   {SpikesPerS(x),8}   " +
                $"{(x.Threads == 1 ? "1.00" : speedup!.Value.ToString("F2", inv)),8}"));
        stdout.WriteLine(string.Create(inv, $"memory: model {modelBytes / 1048576.0:F1} MiB ({modelBytes / (double)cells / 1024:F1} KiB per cell), " +
            $"a run allocates {runBytes / 1048576.0:F1} MiB ({runBytes / (double)cells / 1024:F1} KiB per cell), peak working set {peak / 1048576.0:F0} MiB; " +
            $"file read and wired in {build.Elapsed.TotalSeconds:F2} s"));
        stdout.WriteLine(identical ? "spikes: the same in every run, on every thread count" : "spikes: DIFFER between runs (a determinism bug)");
        stdout.WriteLine("ns/cs = wall time per compartment-step (NEURON's nodes, section ends included); spikes/s = spikes per wall-clock second");
        return identical ? ExitCode.Ok : ExitCode.RunFailed;
    }
}
