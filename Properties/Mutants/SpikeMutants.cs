using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Mutants;

/// <summary>Broken spike detectors, for showing that the spike-train law can fail.</summary>
internal static class SpikeMutants
{
    /// <summary>Each spike placed at the first sample at or above the threshold, not interpolated back between the two.</summary>
    public static SpikeTrains AtLaterSample(SimulationSpec spec, int[] compartments, int neuron, double thresholdMv, KernelPath path) =>
        FromRecording(spec, compartments, neuron, thresholdMv, path, (a, b, t0, t1) => a < thresholdMv && b >= thresholdMv ? t1 : null);

    /// <summary>The interpolation measured back from the later sample: t[i] − (θ − a)/(b − a)·dt instead of t[i−1] + ….</summary>
    public static SpikeTrains FromWrongEnd(SimulationSpec spec, int[] compartments, int neuron, double thresholdMv, KernelPath path) =>
        FromRecording(spec, compartments, neuron, thresholdMv, path,
            (a, b, t0, t1) => a < thresholdMv && b >= thresholdMv ? t1 - (thresholdMv - a) / (b - a) * (t1 - t0) : null);

    private static SpikeTrains FromRecording(SimulationSpec spec, int[] compartments, int neuron, double thresholdMv, KernelPath path,
        Func<double, double, double, double, double?> spikeBetween)
    {
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, compartments, neuron),
            RunSettings.Default, path);
        var trains = new double[compartments.Length][];
        for (int col = 0; col < compartments.Length; col++)
        {
            var times = new List<double>();
            for (int r = 1; r < recording.Rows; r++)
                if (spikeBetween(recording[StateVariable.V, r - 1, col], recording[StateVariable.V, r, col], recording.TimesMs[r - 1], recording.TimesMs[r]) is { } t)
                    times.Add(t);
            trains[col] = times.ToArray();
        }
        return new SpikeTrains(compartments, neuron, thresholdMv, trains, recording.BlowUp);
    }
}
