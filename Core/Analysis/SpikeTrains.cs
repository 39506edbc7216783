using HHFunctional.Core.Model;

namespace HHFunctional.Core.Analysis;

/// <summary>
/// The spike trains of a run: for each selected compartment of one neuron, the times (ms) of the upward crossings of
/// the threshold by v, detected while the run advanced (<see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/>), so the trace itself was
/// never stored. Equal, bit for bit, to <see cref="Spikes.TimesMs(Recording, int, double)"/> on a recording of v at
/// every update of the same run.
/// </summary>
public sealed class SpikeTrains
{
    private readonly double[][] _timesMs;

    internal SpikeTrains(IReadOnlyList<int> compartments, int neuron, double thresholdMv, double[][] timesMs, BlowUp? blowUp)
    {
        Compartments = compartments;
        Neuron = neuron;
        ThresholdMv = thresholdMv;
        _timesMs = timesMs;
        BlowUp = blowUp;
    }

    /// <summary>The compartments, in the order asked for: train <c>column</c> belongs to compartment Compartments[column].</summary>
    public IReadOnlyList<int> Compartments { get; }

    /// <summary>The neuron of the group whose compartments these are.</summary>
    public int Neuron { get; }

    /// <summary>The detection threshold, mV.</summary>
    public double ThresholdMv { get; }

    /// <summary>The first numerical blow-up, if the run hit one; the trains hold the spikes before it.</summary>
    public BlowUp? BlowUp { get; }

    /// <summary>Number of trains (selected compartments).</summary>
    public int Count => _timesMs.Length;

    /// <summary>The spike times (ms, increasing) of the compartment at position <paramref name="column"/> of <see cref="Compartments"/>.</summary>
    public IReadOnlyList<double> this[int column] => _timesMs[column];
}
