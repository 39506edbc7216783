using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// Advances a (sub)group of neurons update by update with one kernel, in buffers it owns: nothing is allocated per
/// update. Each update refreshes the stimulus of the compartments it targets, then runs the kernel, then swaps old and new.
/// </summary>
internal sealed class GroupRun<TKernel> where TKernel : IGroupKernel
{
    private readonly KernelConstants _constants;
    private readonly StimulusSchedule _stimulus;
    private readonly double[] _lastAmplitude;

    /// <summary>Neurons [firstNeuron, firstNeuron + neurons) of <paramref name="start"/>, advanced from its iteration.</summary>
    public GroupRun(SimulationSpec spec, State start, int firstNeuron, int neurons, StimulusSchedule? stimulus = null)
    {
        _constants = new KernelConstants(spec, neurons);
        _stimulus = stimulus ?? new StimulusSchedule(spec.Parameters.Stimulus, spec.Compartments);
        _lastAmplitude = new double[spec.Compartments];
        Buffers = new GroupBuffers(start, firstNeuron, neurons, _constants.Channels, _constants.Local, _stimulus.Targets);
        _segmentsOf = _stimulus.Targets.Select((c, t) => _stimulus.PerNeuron[t]
            ? Enumerable.Range(firstNeuron, neurons).Select(j => _stimulus.SegmentsFor(c, j)).ToArray()
            : null).ToArray();
        _edgesOf = _stimulus.Targets.Select((c, t) => _segmentsOf[t] is not null && _stimulus.OnlyConstantSteps(c) ? _stimulus.EdgesOf(c) : null).ToArray();
        _edgeCursor = new int[_edgesOf.Length];
    }

    // Per target whose current differs between neurons: each local neuron's segments (looked up once, not every update).
    private readonly int[][]?[] _segmentsOf;

    // Per such target made of constant steps only: their edges, sorted; the row changes only when an edge is passed
    // (a step is on for start < t ≤ end, so its state differs between t₁ < t₂ exactly when an edge lies in [t₁, t₂)).
    private readonly double[]?[] _edgesOf;
    private readonly int[] _edgeCursor;
    private double _lastTMs = double.NaN;

    public GroupBuffers Buffers { get; }

    /// <summary>Applies update Iteration + 1; true when the new state breaks the blow-up rule somewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Step()
    {
        var b = Buffers;
        RefreshStimulus((b.Iteration + 1) * _constants.DtMs);
        bool bad = TKernel.Advance(_constants, b);
        b.Commit();
        return bad;
    }

    /// <summary>The first blow-up of the current state, neuron numbered in the whole group.</summary>
    public BlowUp? FindBlowUp(double dtMs) =>
        Buffers.ToState(dtMs).FindBlowUp() is { } local ? local with { Neuron = local.Neuron + Buffers.FirstNeuron } : null;

    // Only targeted compartments can be non-zero; a row is rewritten only when its amplitude changes.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RefreshStimulus(double tMs)
    {
        var b = Buffers;
        var targets = _stimulus.Targets;
        for (int t = 0; t < targets.Length; t++)
        {
            int c = targets[t];
            if (_segmentsOf[t] is { } segmentsOf)
            {
                if (!RowMayChange(t, tMs)) continue;
                var row = b.Data(b.Stim).Slice(c * b.Neurons, b.Neurons);
                for (int j = 0; j < row.Length; j++) row[j] = _stimulus.AmplitudeOf(segmentsOf[j], tMs, c, b.FirstNeuron + j);
                continue;
            }
            double amplitude = _stimulus.AmplitudeAt(tMs, c);
            if (BitConverter.DoubleToInt64Bits(amplitude) == BitConverter.DoubleToInt64Bits(_lastAmplitude[c])) continue;
            b.Data(b.Stim).Slice(c * b.Neurons, b.Neurons).Fill(amplitude);
            _lastAmplitude[c] = amplitude;
        }
        _lastTMs = tMs;
    }

    private bool RowMayChange(int target, double tMs)
    {
        if (_edgesOf[target] is not { } edges || double.IsNaN(_lastTMs) || !(tMs > _lastTMs)) return true;
        ref int k = ref _edgeCursor[target];
        while (k < edges.Length && edges[k] < _lastTMs) k++;
        return k < edges.Length && edges[k] < tMs;
    }
}
