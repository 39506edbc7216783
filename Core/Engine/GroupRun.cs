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
        Buffers = new GroupBuffers(start, firstNeuron, neurons, _constants.Channels.Length);
    }

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
        foreach (int c in _stimulus.Targets)
        {
            if (_stimulus.PerNeuron) { _stimulus.FillPerNeuron(b.Data(b.Stim).Slice(c * b.Neurons, b.Neurons), tMs, c, b.FirstNeuron); continue; }
            double amplitude = _stimulus.AmplitudeAt(tMs, c);
            if (BitConverter.DoubleToInt64Bits(amplitude) == BitConverter.DoubleToInt64Bits(_lastAmplitude[c])) continue;
            b.Data(b.Stim).Slice(c * b.Neurons, b.Neurons).Fill(amplitude);
            _lastAmplitude[c] = amplitude;
        }
    }
}
