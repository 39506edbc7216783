using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>What a kernel run keeps of the states it computes: given the buffers after every Every-th update.</summary>
internal interface IRunSink
{
    /// <summary>Keep updates Every, 2·Every, …</summary>
    int Every { get; }

    /// <summary>Whether the block of neurons holds the neuron this sink keeps (only that block writes to it).</summary>
    bool Owns((int First, int Count) block);

    /// <summary>Keeps what it needs of the state after update <paramref name="iteration"/> (a multiple of Every).</summary>
    void Write(GroupBuffers b, long iteration);
}

/// <summary>
/// The arrays of a recording, allocated once at their final size (<see cref="RecordingSelection.RowsFor"/> rows) and
/// filled in place by the block that holds the recorded neuron: no per-update allocation, no growing lists.
/// </summary>
internal sealed class RecordingSink : IRunSink
{
    private readonly RecordingSelection _selection;
    private readonly double _dtMs;
    private readonly long[] _iterations;
    private readonly double[] _timesMs;
    private readonly (StateVariable Variable, double[] Values)[] _columns;
    private int[]? _localIndices;

    public RecordingSink(SimulationSpec spec, RecordingSelection selection)
    {
        _selection = selection;
        _dtMs = spec.DtMs;
        long rows = selection.RowsFor(spec.Parameters.Iterations);
        long cells = rows * selection.Compartments.Count;
        if (cells > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(selection),
                $"a recording of {rows} rows × {selection.Compartments.Count} compartments exceeds the {Array.MaxLength} values an array holds");
        _iterations = new long[rows];
        _timesMs = new double[rows];
        _columns = selection.Variables.Distinct().Select(v => (v, new double[cells])).ToArray();
    }

    public int Every => _selection.Every;

    /// <summary>Whether the block of neurons holds the recorded neuron.</summary>
    public bool Owns((int First, int Count) block) => _selection.Neuron >= block.First && _selection.Neuron < block.First + block.Count;

    /// <summary>Keeps the selected values of update <paramref name="iteration"/> (a multiple of Every).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(GroupBuffers b, long iteration)
    {
        _localIndices ??= LocalIndices(b);
        long row = iteration / _selection.Every - 1;
        _iterations[row] = iteration;
        _timesMs[row] = iteration * _dtMs;
        int width = _localIndices.Length;
        foreach (var (variable, values) in _columns)
        {
            var source = b.Get(variable);
            var target = values.AsSpan(checked((int)(row * width)), width);
            for (int col = 0; col < width; col++) target[col] = source[_localIndices[col]];
        }
    }

    // Not inlined into Write: its lambda's closure would be allocated on every call.
    private int[] LocalIndices(GroupBuffers b) =>
        _selection.Compartments.Select(c => b.Offset + c * b.Neurons + _selection.Neuron - b.FirstNeuron).ToArray();

    /// <summary>The recording, cut just before the first blow-up (whose state is not recorded), as <see cref="Recording.Record"/> does.</summary>
    public Recording ToRecording(BlowUp? blowUp)
    {
        long rows = blowUp is null ? _iterations.Length : Math.Min(_iterations.Length, (blowUp.Iteration - 1) / _selection.Every);
        int width = _selection.Compartments.Count;
        return new Recording(_selection, Cut(_iterations, rows), Cut(_timesMs, rows),
            _columns.ToDictionary(x => x.Variable, x => Cut(x.Values, rows * width)), blowUp);
    }

    private static T[] Cut<T>(T[] array, long length) => length == array.Length ? array : array[..(int)length];
}
