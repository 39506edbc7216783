using System.Collections;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Analysis;

/// <summary>
/// The spike trains of a run: for each selected compartment of one neuron, the times (ms) of the upward crossings of
/// the threshold by v. A plain read-only list of trains (train k belongs to <c>Compartments[k]</c>), so it goes wherever an
/// analysis takes trains (<see cref="Propagation.FirstArrivalsMs"/>, <see cref="Spikes.RateHz"/> on one train, LINQ).
/// Made by <see cref="Simulation.RunSpikes(SimulationSpec, IReadOnlyList{int}, int, double, RunSettings?)"/> (detected while
/// the run advanced, so the trace itself was never stored) or <see cref="Spikes.Trains"/> (from a recording of v); the two
/// are equal, bit for bit, on the same run.
/// </summary>
public sealed class SpikeTrains : IReadOnlyList<IReadOnlyList<double>>
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

    /// <summary>
    /// The spike times (ms, increasing) of the train at position <paramref name="column"/> of <see cref="Compartments"/>
    /// (use <see cref="Of"/> to ask by compartment).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="column"/> is not in [0, Count − 1].</exception>
    public IReadOnlyList<double> this[int column]
    {
        get
        {
            if ((uint)column >= (uint)_timesMs.Length)
                throw new ArgumentOutOfRangeException(nameof(column), column, $"column: expected a position in [0, {_timesMs.Length - 1}] (one train per watched compartment)");
            return _timesMs[column];
        }
    }

    /// <summary>Whether a train of <paramref name="compartment"/> was kept.</summary>
    public bool Has(int compartment) => Compartments.Contains(compartment);

    /// <summary>The spike times (ms, increasing) of <paramref name="compartment"/>, the compartment's own index in the neuron.</summary>
    /// <exception cref="ArgumentException">When no train of that compartment was kept.</exception>
    public IReadOnlyList<double> Of(int compartment)
    {
        for (int i = 0; i < Compartments.Count; i++) if (Compartments[i] == compartment) return _timesMs[i];
        throw new ArgumentException($"compartment: expected one of the watched compartments ({Shown(Compartments)}), got {compartment}", nameof(compartment));
    }

    /// <summary>The trains in the order of <see cref="Compartments"/>.</summary>
    public IEnumerator<IReadOnlyList<double>> GetEnumerator() => ((IEnumerable<IReadOnlyList<double>>)_timesMs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static string Shown(IReadOnlyList<int> compartments) =>
        compartments.Count <= 12 ? string.Join(", ", compartments) : $"{string.Join(", ", compartments.Take(12))}, … {compartments.Count} in all";
}
