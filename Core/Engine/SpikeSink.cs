using System.Runtime.CompilerServices;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// Spike detection while the run advances: the upward threshold crossings of v in the selected compartments of one
/// neuron, placed as <see cref="Spikes.TimesMs(Recording, int, double)"/> places them on a recording of every update
/// (same samples, same arithmetic, so the same bits), without keeping the trace: a run allocates its spike times only.
/// </summary>
internal sealed class SpikeSink : IRunSink
{
    private readonly int[] _compartments;
    private readonly int _neuron;
    private readonly double _dtMs;
    private readonly double _thresholdMv;
    private readonly double[] _previousMv;
    private readonly List<double>[] _timesMs;
    // The update at which each spike was seen (its later sample), to cut the trains where a recording would stop.
    private readonly List<long>[] _seenAt;
    private int[]? _localIndices;
    private bool _hasPrevious;

    public SpikeSink(SimulationSpec spec, IReadOnlyList<int> compartments, int neuron, double thresholdMv)
    {
        _compartments = compartments.ToArray();
        _neuron = neuron;
        _dtMs = spec.DtMs;
        _thresholdMv = thresholdMv;
        _previousMv = new double[_compartments.Length];
        _timesMs = _compartments.Select(_ => new List<double>()).ToArray();
        _seenAt = _compartments.Select(_ => new List<long>()).ToArray();
    }

    public int Every => 1;

    public bool Owns((int First, int Count) block) => _neuron >= block.First && _neuron < block.First + block.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(GroupBuffers b, long iteration)
    {
        _localIndices ??= LocalIndices(b);
        var v = b.V;
        var indices = _localIndices;
        // Samples are kept from update 1 on (a recording's first row); a crossing needs the sample before it.
        bool hasPrevious = _hasPrevious;
        for (int col = 0; col < indices.Length; col++)
        {
            double after = v[indices[col]];
            if (hasPrevious && Spikes.IsUpwardCrossing(_previousMv[col], after, _thresholdMv))
            {
                // The sample times a recording stores: update × dt.
                _timesMs[col].Add(Spikes.CrossingTimeMs((iteration - 1) * _dtMs, iteration * _dtMs, _previousMv[col], after, _thresholdMv));
                _seenAt[col].Add(iteration);
            }
            _previousMv[col] = after;
        }
        _hasPrevious = true;
    }

    private int[] LocalIndices(GroupBuffers b) =>
        _compartments.Select(c => b.Offset + c * b.Neurons + _neuron - b.FirstNeuron).ToArray();

    /// <summary>
    /// The trains, cut as a recording is at a blow-up: only crossings between updates before it (the blown-up state is
    /// not a sample; with several blocks the owning one may have run past another block's blow-up).
    /// </summary>
    public SpikeTrains ToTrains(BlowUp? blowUp)
    {
        long lastSample = blowUp is null ? long.MaxValue : blowUp.Iteration - 1;
        var trains = new double[_compartments.Length][];
        for (int col = 0; col < trains.Length; col++)
        {
            int keep = 0;
            while (keep < _seenAt[col].Count && _seenAt[col][keep] <= lastSample) keep++;
            trains[col] = _timesMs[col].GetRange(0, keep).ToArray();
        }
        return new SpikeTrains(_compartments, _neuron, _thresholdMv, trains, blowUp);
    }
}
