using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Network;

/// <summary>A place whose v a network run records: node <paramref name="Node"/> of cell <paramref name="Neuron"/> of
/// population <paramref name="Population"/>.</summary>
public sealed record NetworkProbe(int Population, int Neuron, int Node);

/// <summary>How to run a network; none of it changes the result.</summary>
public sealed record NetworkRunSettings
{
    /// <summary>Threads (≥ 1): the populations' cells are split into blocks that advance in parallel between exchanges.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Where to record v at every step (<see cref="NetworkResult.Traces"/>, in this order).</summary>
    public IReadOnlyList<NetworkProbe> Record { get; init; } = [];

    /// <summary>Receives the number of updates done after each spike exchange (from the calling thread); null: none.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Checked at each spike exchange: a cancelled run throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>For the laws: exchange spikes every this many steps instead of <see cref="NetworkSpec.ExchangeSteps"/>.</summary>
    internal long? ExchangeStepsOverride { get; init; }

    /// <summary>For the laws: split every population into blocks of at most this many cells, whatever the thread count.</summary>
    internal int? BlockCellsOverride { get; init; }
}

/// <summary>A numerical blow-up in a network run: the population and the cell's state that broke the rule.</summary>
/// <param name="Population">Index into <see cref="NetworkSpec.Populations"/>.</param>
/// <param name="Detail">The step, variable, node and cell (in its population).</param>
public sealed record NetworkBlowUp(int Population, BlowUp Detail);

/// <summary>What a network run produced.</summary>
/// <param name="Spikes">Every spike, ordered by time, then detector.</param>
/// <param name="Traces">v (mV) at each <see cref="NetworkRunSettings.Record"/> probe at t = k·dt, k = 0 … Iterations
/// (before a blow-up's step; from it on NaN).</param>
/// <param name="BlowUp">The first numerical blow-up, if any; the spikes before it are kept.</param>
public sealed record NetworkResult(IReadOnlyList<NetworkSpike> Spikes, IReadOnlyList<double[]> Traces, NetworkBlowUp? BlowUp);

/// <summary>
/// Runs a network with NEURON's fixed-step event semantics (shared/reference/network/README.md), so that spike times agree
/// step for step. One update from t to t + dt:
/// (1) every detector is checked at t: it fires when v(t) &gt; threshold after a check with v ≤ threshold (no
/// interpolation: the spike time is t), and its connections queue an event for t + delay;
/// (2) every event that arrives at or before t + dt/2 is delivered (ExpSyn g += w; Exp2Syn A, B += w·factor), so an event
/// takes effect at the step boundary nearest its arrival (events are filed by that update when queued, and those of one
/// update act in the order queued);
/// (3) the synapses' currents, linearised at v(t), enter the implicit step (G·v − GE over the node's area, NEURON's dI/dv);
/// (4) the cells advance one update (Crank–Nicolson or backward Euler, cells side by side in SIMD lanes);
/// (5) every synapse decays exactly over dt (g ← g·exp(−dt/τ)).
/// Spike sources deliver at their exact times plus delay.
/// <para>
/// Cells advance independently for <see cref="NetworkSpec.ExchangeSteps"/> updates (the minimum delay), in blocks that
/// may run on different threads; then the spikes of every block are exchanged, in (step, detector) order, and queued at
/// their targets. No event can be due sooner, so this is the serial run's result, bit for bit, for any thread count (the
/// scheme NEURON and Arbor use between ranks; a block needs nothing from another between exchanges). Pure: the same
/// network gives the same spikes.
/// </para>
/// </summary>
public static class NetworkRun
{
    /// <summary>Runs <paramref name="network"/> for its Iterations updates on one thread, recording nothing.</summary>
    public static NetworkResult Run(NetworkSpec network) => Run(network, new NetworkRunSettings());

    /// <summary>
    /// Runs a network made by <see cref="NetworkBuilder"/> for its Iterations updates on <paramref name="threads"/> threads
    /// (the same spikes for any number), recording v at its <see cref="BuiltNetwork.Record"/> sites. Read the populations'
    /// spikes with <see cref="BuiltNetwork.Spikes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="threads"/> &lt; 1.</exception>
    public static NetworkResult Run(BuiltNetwork network, int threads = 1) =>
        Run((network ?? throw new ArgumentNullException(nameof(network))).Spec, new NetworkRunSettings { Threads = threads, Record = network.Record });

    /// <summary>Runs <paramref name="network"/> for its Iterations updates.</summary>
    /// <exception cref="ArgumentException">When a setting is out of range (threads &lt; 1, a probe outside the network).</exception>
    public static NetworkResult Run(NetworkSpec network, NetworkRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Threads < 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.Threads, "Threads: expected an integer ≥ 1");
        ArgumentNullException.ThrowIfNull(settings.Record, nameof(settings.Record));
        for (int r = 0; r < settings.Record.Count; r++)
        {
            var probe = settings.Record[r];
            if (probe is null || probe.Population < 0 || probe.Population >= network.Populations.Count
                || probe.Neuron < 0 || probe.Neuron >= network.Populations[probe.Population].Cells.Neurons
                || probe.Node < 0 || probe.Node >= network.Populations[probe.Population].Cells.Compartments)
                throw new ArgumentOutOfRangeException(nameof(settings), probe, $"Record[{r}]: expected a population, cell and node of the network");
        }
        return RecordedRun.Dispatch(network.Populations[0].Cells.Parameters.Integrator, RecordedRun.DefaultPath, new Runner(network, settings));
    }

    private sealed record Runner(NetworkSpec Network, NetworkRunSettings Settings) : RecordedRun.IKernelUser<NetworkResult>
    {
        public NetworkResult Use<TKernel>() where TKernel : IGroupKernel => Run<TKernel>(Network, Settings);
    }

    private readonly record struct Event(int LocalSynapse, double WeightUS);

    private readonly record struct Fired(long Step, int Detector);

    /// <summary>A block of one population's cells with its synapses, detectors and probes: it advances alone between exchanges.</summary>
    private sealed class Block<TKernel> where TKernel : IGroupKernel
    {
        private readonly GroupRun<TKernel> _group;
        private readonly double _dtMs;
        private readonly int[] _synapseAt, _stateAt, _detectorAt, _detectors, _probeAt, _probes;
        private readonly SynapseKind[] _kinds;
        private readonly double[] _perArea, _decay, _state, _threshold, _reversal;
        // Per state: its weight in its synapse's conductance when the kind has ConductanceWeights (else unused).
        private readonly double[] _weightOfState;
        private readonly int[] _linear, _nonlinear;
        private readonly bool[] _above;
        private readonly double[][] _traces;
        private readonly long _iterations;
        // Events by the update that delivers them, each list in the order queued; emptied lists are reused.
        private readonly Dictionary<long, List<Event>> _due = [];
        private readonly Stack<List<Event>> _spare = new();
        private long _next = 1;

        public Block(NetworkSpec network, int population, State initial, int first, int count, IReadOnlyList<NetworkProbe> probes, double[][] traces)
        {
            var spec = network.Populations[population].Cells;
            var cable = (TreeCable)spec.Parameters.Cable;
            (Population, First, Count, _dtMs, _traces, _iterations) = (population, first, count, spec.DtMs, traces, spec.Parameters.Iterations);
            _group = new GroupRun<TKernel>(spec, initial, first, count);
            var b = _group.Buffers;
            int At(int node, int neuron) => b.Offset + node * count + (neuron - first);
            bool Mine(int pop, int neuron) => pop == population && neuron >= first && neuron < first + count;

            GlobalSynapses = network.Synapses.Select((s, i) => (s, i)).Where(x => Mine(x.s.Population, x.s.Neuron)).Select(x => x.i).ToArray();
            var mine = GlobalSynapses.Select(i => network.Synapses[i]).ToArray();
            _synapseAt = mine.Select(s => At(s.Node, s.Neuron)).ToArray();
            b.EnablePointConductances(_synapseAt);
            _kinds = mine.Select(s => s.Kind).ToArray();
            // µS over the node's area (µm²) → mS/cm², as a current in nA → µA/cm² (TreeCable.CurrentDensityUAPerCm2).
            _perArea = mine.Select(s => cable.CurrentDensityUAPerCm2(s.Node, 1.0)).ToArray();
            _stateAt = new int[mine.Length + 1];
            for (int s = 0; s < mine.Length; s++) _stateAt[s + 1] = _stateAt[s] + mine[s].Kind.StateCount;
            _state = new double[_stateAt[^1]];
            _decay = mine.SelectMany(s => s.Kind.DecayFactors(_dtMs)).ToArray();
            _reversal = mine.Select(s => s.Kind.EMv).ToArray();
            _weightOfState = mine.SelectMany(s => s.Kind.ConductanceWeights ?? new double[s.Kind.StateCount]).ToArray();
            _linear = Enumerable.Range(0, mine.Length).Where(s => mine[s].Kind.ConductanceWeights is not null).ToArray();
            _nonlinear = Enumerable.Range(0, mine.Length).Where(s => mine[s].Kind.ConductanceWeights is null).ToArray();

            _detectors = network.Detectors.Select((d, i) => (d, i)).Where(x => Mine(x.d.Population, x.d.Neuron)).Select(x => x.i).ToArray();
            _detectorAt = _detectors.Select(i => At(network.Detectors[i].Node, network.Detectors[i].Neuron)).ToArray();
            _threshold = _detectors.Select(i => network.Detectors[i].ThresholdMv).ToArray();
            _above = _detectors.Select((_, d) => b.V[_detectorAt[d]] > _threshold[d]).ToArray();

            _probes = probes.Select((p, i) => (p, i)).Where(x => Mine(x.p.Population, x.p.Neuron)).Select(x => x.i).ToArray();
            _probeAt = _probes.Select(i => At(probes[i].Node, probes[i].Neuron)).ToArray();
            for (int r = 0; r < _probes.Length; r++) traces[_probes[r]][0] = b.V[_probeAt[r]];
        }

        public int Population { get; }
        public int First { get; }
        public int Count { get; }

        /// <summary>Global indices (into the network's synapses) of this block's synapses, in local order.</summary>
        public int[] GlobalSynapses { get; }

        /// <summary>Spikes of this block's detectors since the last exchange, in (step, detector) order.</summary>
        public List<Fired> Fired { get; } = [];

        /// <summary>The first blow-up, once one happened (the block then stops).</summary>
        public (long Iteration, BlowUp Detail)? BlownUp { get; private set; }

        // Incoming connections by detector (CSR: those of detector d at _incomingStart[d] … _incomingStart[d + 1] − 1).
        private int[] _incomingStart = [0];
        private (int Local, double WeightUS, double DelayMs)[] _incoming = [];

        /// <summary>The connections onto this block's synapses (in the network's order), indexed by their detector.</summary>
        public void Connect(List<Connection> connections, int detectors, (int Block, int Local)[] home)
        {
            _incomingStart = new int[detectors + 1];
            foreach (var c in connections) _incomingStart[c.Detector + 1]++;
            for (int d = 0; d < detectors; d++) _incomingStart[d + 1] += _incomingStart[d];
            var fill = _incomingStart[..detectors];
            _incoming = new (int, double, double)[connections.Count];
            foreach (var c in connections) _incoming[fill[c.Detector]++] = (home[c.Synapse].Local, c.WeightUS, c.DelayMs);
        }

        /// <summary>Queues the events of the last exchange's spikes (in (step, detector) order) onto this block's synapses.</summary>
        private void Receive(List<Fired> fired)
        {
            foreach (var f in fired)
            {
                double tMs = f.Step * _dtMs;
                for (int c = _incomingStart[f.Detector]; c < _incomingStart[f.Detector + 1]; c++)
                    Enqueue(_incoming[c].Local, _incoming[c].WeightUS, tMs + _incoming[c].DelayMs);
            }
        }

        /// <summary>Queues an event for the update that delivers it (none when that is after the run's end).</summary>
        public void Enqueue(int localSynapse, double weightUS, double arrivalMs)
        {
            long k = UpdateDelivering(arrivalMs);
            if (k > _iterations) return;
            if (!_due.TryGetValue(k, out var events)) _due[k] = events = _spare.Count > 0 ? _spare.Pop() : [];
            events.Add(new Event(localSynapse, weightUS));
        }

        /// <summary>The first update k (from t = (k − 1)·dt, not before the next) with arrival ≤ t + dt/2: NEURON's nearest
        /// step boundary, evaluated with the same expression the delivery rule states, so no rounding moves an event.</summary>
        private long UpdateDelivering(double arrivalMs)
        {
            double estimate = Math.Ceiling((arrivalMs - _dtMs / 2) / _dtMs) + 1;
            if (estimate > _iterations + 2) return _iterations + 1;
            long k = Math.Max(1, (long)estimate);
            while (k > 1 && arrivalMs <= (k - 2) * _dtMs + _dtMs / 2) k--;
            while (!(arrivalMs <= (k - 1) * _dtMs + _dtMs / 2)) k++;
            return Math.Max(k, _next);
        }

        /// <summary>Updates from <paramref name="from"/> to <paramref name="to"/> (iterations), unless blown up, after queueing
        /// the events of the spikes exchanged before (<paramref name="exchanged"/>, read only).</summary>
        public void Advance(long from, long to, List<Fired> exchanged)
        {
            if (BlownUp is not null) return;
            Receive(exchanged);
            var b = _group.Buffers;
            for (long k = from + 1; k <= to; k++)
            {
                double t = (k - 1) * _dtMs;
                var v = b.V;
                for (int d = 0; d < _detectorAt.Length; d++)
                {
                    if (v[_detectorAt[d]] > _threshold[d])
                    {
                        if (_above[d]) continue;
                        _above[d] = true;
                        Fired.Add(new Fired(k - 1, _detectors[d]));
                    }
                    else _above[d] = false;
                }
                if (_due.Remove(k, out var events))
                {
                    foreach (var e in events) _kinds[e.LocalSynapse].Receive(_state.AsSpan(_stateAt[e.LocalSynapse]..), e.WeightUS);
                    events.Clear();
                    _spare.Push(events);
                }
                var pointG = b.PointG!;
                var pointGE = b.PointGE!;
                for (int s = 0; s < _synapseAt.Length; s++) { pointG[_synapseAt[s]] = 0; pointGE[_synapseAt[s]] = 0; }
                foreach (int s in _linear)
                {
                    // SynapseKind.Linearize's default, inline: g = Σ wᵢ·stateᵢ, I = g·(v − e)
                    double g = 0;
                    for (int i = _stateAt[s]; i < _stateAt[s + 1]; i++) g += _weightOfState[i] * _state[i];
                    pointG[_synapseAt[s]] += g * _perArea[s];
                    pointGE[_synapseAt[s]] += g * _reversal[s] * _perArea[s];
                }
                foreach (int s in _nonlinear)
                {
                    var (g, ge) = _kinds[s].Linearize(_state.AsSpan(_stateAt[s]..), v[_synapseAt[s]]);
                    pointG[_synapseAt[s]] += g * _perArea[s];
                    pointGE[_synapseAt[s]] += ge * _perArea[s];
                }
                if (_group.Step())
                {
                    BlownUp = (k, _group.FindBlowUp(_dtMs)!);
                    return;
                }
                for (int i = 0; i < _state.Length; i++) _state[i] *= _decay[i];
                v = b.V;
                for (int r = 0; r < _probes.Length; r++) _traces[_probes[r]][k] = v[_probeAt[r]];
            }
            _next = to + 1;
        }
    }

    /// <summary>
    /// Step boundary k·dt as reported: the decimal product of k and dt's shortest decimal form, so that a spike at step 76
    /// of 0.025 ms reads 1.9, as NEURON prints it, not the binary product 1.9000000000000001 (they differ by an ulp).
    /// </summary>
    internal static double BoundaryMs(long step, double dtMs) => (double)(step * (decimal)dtMs);

    private static NetworkResult Run<TKernel>(NetworkSpec network, NetworkRunSettings settings) where TKernel : IGroupKernel
    {
        long iterations = network.Iterations;
        double dt = network.DtMs;
        var traces = settings.Record.Select(_ => { var a = new double[iterations + 1]; Array.Fill(a, double.NaN); return a; }).ToArray();
        var blocks = network.Populations.SelectMany((pop, p) =>
        {
            var initial = Simulation.Initial(pop.Cells);
            int n = pop.Cells.Neurons;
            // A block per thread and population (fewer where a population is small): each population's blocks are
            // whole vectors of cells, so with several populations a thread whose share is done can take over another's
            // last block (Rounds). Smaller blocks balanced no better and did more work in all: the solve's loop over a
            // block's cells per node is shorter.
            var split = settings.BlockCellsOverride is int size
                ? Enumerable.Range(0, (n + size - 1) / size).Select(i => (First: i * size, Count: Math.Min(size, n - i * size))).ToArray()
                : RecordedRun.Blocks(n, settings.Threads, pop.Cells.Compartments);
            return split.Select(block => new Block<TKernel>(network, p, initial, block.First, block.Count, settings.Record, traces));
        }).ToArray();

        // Where each synapse lives: its block and index there.
        var home = new (int Block, int Local)[network.Synapses.Count];
        for (int b = 0; b < blocks.Length; b++)
            for (int l = 0; l < blocks[b].GlobalSynapses.Length; l++) home[blocks[b].GlobalSynapses[l]] = (b, l);
        // Each block's incoming connections by detector, in the network's order: a block queues its own events from the
        // exchanged spikes, on its own thread, at the start of its next interval.
        var incoming = blocks.Select(_ => new List<Connection>()).ToArray();
        foreach (var c in network.Connections) incoming[home[c.Synapse].Block].Add(c);
        for (int b = 0; b < blocks.Length; b++) blocks[b].Connect(incoming[b], network.Detectors.Count, home);

        // Events due in one update act in the order queued: sources first, then spikes in (step, detector) order.
        foreach (var source in network.Sources)
            foreach (double t in source.TimesMs)
                blocks[home[source.Synapse].Block].Enqueue(home[source.Synapse].Local, source.WeightUS, t + source.DelayMs);

        var spikes = new List<NetworkSpike>();
        var fired = new List<Fired>();
        long interval = settings.ExchangeStepsOverride ?? network.ExchangeSteps;
        NetworkBlowUp? blowUp = null;
        long from = 0, to = Math.Min(iterations, interval);
        settings.Cancellation.ThrowIfCancellationRequested();
        if (iterations > 0)
            Rounds.Run(settings.Threads, blocks.Select(b => (long)b.Count * network.Populations[b.Population].Cells.Compartments).ToArray(),
                i => blocks[i].Advance(from, to, fired), Exchange, () => settings.Progress?.Report(from));
        settings.Cancellation.ThrowIfCancellationRequested();

        // The exchange: every block's spikes in one deterministic order, whatever ran where; false when the run is over.
        bool Exchange()
        {
            fired.Clear();
            foreach (var block in blocks) { fired.AddRange(block.Fired); block.Fired.Clear(); }
            fired.Sort((x, y) => x.Step != y.Step ? x.Step.CompareTo(y.Step) : x.Detector.CompareTo(y.Detector));
            var first = blocks.Where(b => b.BlownUp is not null)
                .OrderBy(b => b.BlownUp!.Value.Iteration).ThenBy(b => b.Population).ThenBy(b => b.First).FirstOrDefault();
            long lastStep = first is null ? long.MaxValue : first.BlownUp!.Value.Iteration;
            if (first is not null) blowUp = new NetworkBlowUp(first.Population, first.BlownUp!.Value.Detail);
            foreach (var f in fired)
            {
                // After a blow-up only what happened before its step is kept, whichever block ran further.
                if (f.Step >= lastStep) break;
                var detector = network.Detectors[f.Detector];
                spikes.Add(new NetworkSpike(f.Detector, detector.Neuron, BoundaryMs(f.Step, dt)) { Population = detector.Population });
            }
            if (blowUp is not null)
            {
                foreach (var trace in traces) Array.Fill(trace, double.NaN, (int)lastStep, (int)(trace.Length - lastStep));
                return false;
            }
            (from, to) = (to, Math.Min(iterations, to + interval));
            return from < iterations && !settings.Cancellation.IsCancellationRequested;
        }
        return new NetworkResult(spikes, traces, blowUp);
    }
}
