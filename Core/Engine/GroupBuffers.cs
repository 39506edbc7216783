using System.Runtime.CompilerServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The state of a (sub)group of neurons as a run owns it: the old arrays, the arrays the next update writes (swapped
/// after each update, so a step allocates nothing), and the stimulus of the current update. Same layout as
/// <see cref="State"/> (compartment c of local neuron j at c·Neurons + j), shifted by <see cref="Offset"/>: each array
/// has one ghost row of Neurons values before the data and, after it, padding to a whole number of vectors plus another
/// ghost row, so that a vector kernel can load v[i − N] and v[i + N] for any i without leaving the array (ghost lanes
/// are masked out) and can compute the last vector whole (its extra lanes land in the padding). Never visible outside a run.
/// </summary>
internal sealed class GroupBuffers
{
    /// <summary>Values per vector; data is padded to a multiple of it.</summary>
    public const int VectorWidth = 8;

    /// <summary>Values a chunk of the channel passes holds (a multiple of <see cref="VectorWidth"/>; its arrays stay in L1).</summary>
    public const int ChunkSize = 512;

    /// <summary>Copies neurons [firstNeuron, firstNeuron + neurons) of <paramref name="state"/>, with room for the conductances
    /// of the membrane's <paramref name="channels"/>, and the same neurons of the group's <paramref name="local"/> values;
    /// <paramref name="stimulatedCompartments"/>: the only compartments the stimulus can reach (null: any).</summary>
    public GroupBuffers(State state, int firstNeuron, int neurons, Channel[] channels, LocalArrays? local = null,
        IEnumerable<int>? stimulatedCompartments = null)
    {
        _channels = channels;
        Neurons = neurons;
        Compartments = state.Compartments;
        FirstNeuron = firstNeuron;
        Iteration = state.Iteration;
        Size = neurons * Compartments;
        Offset = neurons;
        PaddedSize = (Size + VectorWidth - 1) / VectorWidth * VectorWidth;
        V = Slice(state.VMv.AsSpan(), state.Neurons);
        Gate = state.AllGates().Select(g => Slice(g.AsSpan(), state.Neurons)).ToArray();
        V1 = NewArray();
        // The next gates start as a copy: where a channel is absent (ActiveRuns) no update writes them, so both buffers
        // keep the initial values there and the swap needs no copy of them each update.
        Gate1 = Gate.Select(g => (double[])g.Clone()).ToArray();
        Stim = NewArray();
        Diagonal = NewArray(); Rhs = NewArray();
        Conductance = new double[channels.Length * ChunkSize];
        StimulatedChunks = StimulatedChunksOf(stimulatedCompartments);
        LinearisedG = new double[ChunkSize];
        LinearisedGE = new double[ChunkSize];
        if (local?.Cm is { } cm)
        {
            Cm = Slice(cm, state.Neurons);
            Cm.AsSpan(Offset + Size).Fill(1.0); // the padding lanes divide by it
        }
        GMax = Enumerable.Range(0, channels.Length).Select(c => local?.GMax[c] is { } g ? Slice(g, state.Neurons) : null).ToArray();
        E = Enumerable.Range(0, channels.Length).Select(c => local?.E[c] is { } e ? Slice(e, state.Neurons) : null).ToArray();
        // A channel's own E is written once; a channel with E value by value writes its chunk's in its pass.
        ChunkE = new double[channels.Length * ChunkSize];
        for (int c = 0; c < channels.Length; c++) ChunkE.AsSpan(c * ChunkSize, ChunkSize).Fill(channels[c].EMv);
        ActiveRuns = GMax.Select(g => g is null ? null : ActiveRunsOf(g)).ToArray();
        // The gates of a channel absent from every value are never computed: they keep their values (no copy, no swap).
        _frozenGate = new bool[Gate.Length];
        for (int c = 0, first = 0; c < channels.Length; first += channels[c].Gates.Count, c++)
            if (ActiveRuns[c] is { Length: 0 })
                for (int k = first; k < first + channels[c].Gates.Count; k++) _frozenGate[k] = true;
        InConstantSums = channels.Select((channel, c) => channel.Gates.Count == 0 && GMax[c] is not null).ToArray();
        Constant = channels.Select((channel, c) => channel.Gates.Count == 0 && GMax[c] is null && E[c] is null).ToArray();
        for (int c = 0; c < channels.Length; c++)
            if (Constant[c]) Conductance.AsSpan(c * ChunkSize, ChunkSize).Fill(channels[c].GMaxMSPerCm2);
        ConstantTail = channels.Length;
        while (ConstantTail > 0 && Constant[ConstantTail - 1]) ConstantTail--;
        TailValues = channels[ConstantTail..].SelectMany(c => new[] { c.GMaxMSPerCm2, c.EMv }).ToArray();
        LinearisedChunks = LinearisedChunksOf();
        if (local?.AxialDiagonal is { } diagonal) AxialDiagonal = Slice(diagonal, state.Neurons);
    }

    /// <summary>C_m per value (µF/cm²), or null where the membrane's holds everywhere.</summary>
    public double[]? Cm { get; }

    private double[]? _cmOverStep;
    private double _cmOverStepMs = double.NaN;

    /// <summary>
    /// C_m/h per value for an implicit sub-step h (ms), or null when <see cref="Cm"/> is: computed once instead of a vector
    /// division per node in every update (about 4 % of a tree's step, process CPU time). Each value is the same correctly
    /// rounded quotient the update computed, so results do not change by a bit.
    /// </summary>
    public double[]? CmOver(double stepMs)
    {
        if (Cm is not { } cm) return null;
        if (_cmOverStep is null || _cmOverStepMs != stepMs)
        {
            var quotient = new double[cm.Length];
            for (int i = 0; i < cm.Length; i++) quotient[i] = cm[i] / stepMs;
            (_cmOverStep, _cmOverStepMs) = (quotient, stepMs);
        }
        return _cmOverStep;
    }
    private readonly Channel[] _channels;
    private (double[] G, double[] GE)? _constantSums;
    private bool _constantSumsMade;

    /// <summary>Per channel: whether it is in <see cref="ConstantSums"/>: no gates (its conductance never changes) and g
    /// given value by value (its loop would read two arrays of the group's size at every update).</summary>
    public bool[] InConstantSums { get; }

    /// <summary>Per channel: no gates, and its own g and E at every value (hh's leak on a uniform membrane): its conductance
    /// never changes, so forward Euler's chunk buffer holds it from the start and its loop never runs.</summary>
    public bool[] Constant { get; }

    /// <summary>The channels from this index on are all <see cref="Constant"/>: the linearised modes add their g and g·E
    /// after the other channels' sums (<see cref="TailValues"/>), as their loops would, without running those loops.</summary>
    public int ConstantTail { get; }

    /// <summary>g (mS/cm²) and E (mV) of the channels from <see cref="ConstantTail"/> on, in pairs, in membrane order.</summary>
    public double[] TailValues { get; }

    /// <summary>
    /// Σg and Σg·E (membrane order) of the channels <see cref="InConstantSums"/> (pas in a cell's regions), per value: the
    /// implicit rows add them instead of running those channels' loops every update. Made on first use (only the implicit
    /// schemes read them); null when there is no such channel.
    /// </summary>
    public (double[] G, double[] GE)? ConstantSums()
    {
        if (_constantSumsMade) return _constantSums;
        _constantSumsMade = true;
        if (!InConstantSums.Contains(true)) return null;
        var g = new double[V.Length];
        var ge = new double[V.Length];
        for (int x = 0; x < V.Length; x++)
        {
            (ScalarLane G, ScalarLane GE) sum = (0.0, 0.0);
            for (int c = 0; c < _channels.Length; c++)
                if (InConstantSums[c])
                    sum = ChannelMath.AddLinearised<ScalarLane>(sum, GMax[c]?[x] ?? _channels[c].GMaxMSPerCm2, E[c]?[x] ?? _channels[c].EMv);
            (g[x], ge[x]) = (sum.G, sum.GE);
        }
        return _constantSums = (g, ge);
    }

    /// <summary>Chunks of <see cref="ChunkSize"/> values in the padded group.</summary>
    private int ChunkCount => (PaddedSize + ChunkSize - 1) / ChunkSize;

    /// <summary>Per chunk of <see cref="ChunkSize"/> values: whether it holds a stimulated compartment's values (the only
    /// ones <see cref="Stim"/> can be non-zero at).</summary>
    public bool[] StimulatedChunks { get; }

    private bool[] StimulatedChunksOf(IEnumerable<int>? compartments)
    {
        var chunks = new bool[ChunkCount];
        if (compartments is null) { Array.Fill(chunks, true); return chunks; }
        foreach (int c in compartments)
            for (int chunk = c * Neurons / ChunkSize; chunk <= ((c + 1) * Neurons - 1) / ChunkSize && chunk < chunks.Length; chunk++) chunks[chunk] = true;
        return chunks;
    }

    /// <summary>
    /// Per chunk of <see cref="ChunkSize"/> values: whether a channel outside <see cref="ConstantSums"/> is present there
    /// (<see cref="ActiveRuns"/>), i.e. whether the implicit rows' linearised sums can be other than zero. In a cell whose
    /// hh is in the soma only, most chunks have none: no sums to clear, no channel loops, nothing to read.
    /// </summary>
    public bool[] LinearisedChunks { get; }

    private bool[] LinearisedChunksOf()
    {
        var chunks = new bool[ChunkCount];
        for (int chunk = 0; chunk < chunks.Length; chunk++)
        {
            int lo = chunk * ChunkSize, hi = lo + ChunkSize;
            for (int c = 0; c < _channels.Length && !chunks[chunk]; c++)
            {
                if (InConstantSums[c] || c >= ConstantTail) continue;
                if (ActiveRuns[c] is not { } runs) { chunks[chunk] = true; continue; }
                for (int r = 0; r < runs.Length; r += 2)
                    if (runs[r] < hi && runs[r + 1] > lo) { chunks[chunk] = true; break; }
            }
        }
        return chunks;
    }

    /// <summary>Per channel: g per value (mS/cm²), or null where the channel's own holds.</summary>
    public double[]?[] GMax { get; }
    /// <summary>Per channel: E per value (mV), or null where the channel's own holds.</summary>
    public double[]?[] E { get; }
    /// <summary>Per channel, E (mV) over the chunk being computed, read by forward Euler's voltage equation: channel c's at
    /// c·<see cref="ChunkSize"/> + j (its own E, or with E value by value the values its pass copied).</summary>
    public double[] ChunkE { get; }
    /// <summary>Per channel with local g: the runs of whole vectors where g ≠ 0 somewhere, as [start, end) pairs of value
    /// indices (multiples of <see cref="VectorWidth"/>); the channel is computed only there. Null: everywhere.</summary>
    public int[]?[] ActiveRuns { get; }

    private int[] ActiveRunsOf(double[] gMax)
    {
        var runs = new List<int>();
        for (int start = 0; start < PaddedSize; start += VectorWidth)
        {
            bool active = false;
            for (int i = start; i < Math.Min(start + VectorWidth, Size) && !active; i++) active = gMax[Offset + i] != 0;
            if (!active) continue;
            if (runs.Count > 0 && runs[^1] == start) runs[^1] = start + VectorWidth;
            else { runs.Add(start); runs.Add(start + VectorWidth); }
        }
        return [.. runs];
    }
    /// <summary>Point conductances (synapses) per value, mS/cm² over the node's area, frozen over an update as NEURON's
    /// are; null unless <see cref="EnablePointConductances"/> was called.</summary>
    public double[]? PointG { get; private set; }
    /// <summary>Σ g·E of the point conductances per value, µA/cm².</summary>
    public double[]? PointGE { get; private set; }

    /// <summary>Makes room for point conductances (a network's synapses) at the values <paramref name="sites"/> (array
    /// indices, as <see cref="V"/>'s), which the implicit schemes add to those rows only.</summary>
    public void EnablePointConductances(IEnumerable<int> sites)
    {
        PointG ??= NewArray();
        PointGE ??= NewArray();
        PointSites = sites.Distinct().Order().ToArray();
    }

    /// <summary>The values with point conductances (sorted, distinct); null without <see cref="EnablePointConductances"/>.</summary>
    public int[]? PointSites { get; private set; }

    /// <summary>A tree's axial conductance sum per row (mS/cm²); null for a chain.</summary>
    public double[]? AxialDiagonal { get; }
    private double[]? _axial;

    /// <summary>Scratch for a tree under an explicit scheme: the axial current density into each value (µA/cm²) at the
    /// old v; made on first use (the implicit schemes add these currents to their rows inside the elimination instead).</summary>
    public double[]? Axial => AxialDiagonal is null ? null : _axial ??= NewArray();

    public int Neurons { get; }
    public int Compartments { get; }
    /// <summary>Index of local neuron 0 in the whole group.</summary>
    public int FirstNeuron { get; }
    /// <summary>Updates applied to <see cref="V"/> … <see cref="N"/>.</summary>
    public long Iteration { get; private set; }
    /// <summary>Values per variable: Neurons × Compartments.</summary>
    public int Size { get; }
    /// <summary>Index of value 0 in every array (the ghost row before it is Neurons long).</summary>
    public int Offset { get; }
    /// <summary>Size rounded up to whole lane values of <paramref name="count"/> (where a sweep of such lanes ends).</summary>
    public int EndFor(int count) => (Size + count - 1) / count * count;

    /// <summary>Size rounded up to whole vectors.</summary>
    public int PaddedSize { get; }

    public double[] V { get; private set; }
    public double[] V1 { get; private set; }
    /// <summary>Every channel's gates, in the membrane's order (the seed's m, h, n first).</summary>
    public double[][] Gate { get; }
    /// <summary>The gates the next update writes.</summary>
    public double[][] Gate1 { get; }
    /// <summary>Sodium activation m (the first gate).</summary>
    public double[] M => Gate[0];
    /// <summary>Sodium inactivation h.</summary>
    public double[] H => Gate[1];
    /// <summary>Potassium activation n.</summary>
    public double[] N => Gate[2];
    /// <summary>The membrane linearised over the current chunk for the implicit rows and exponential Euler: Σ g_c (mS/cm²)
    /// and Σ g_c·E_c (µA/cm²), each channel's pass adding its own in the membrane's order (the rows then read two values,
    /// not every channel's).</summary>
    public double[] LinearisedG { get; }
    /// <summary>See <see cref="LinearisedG"/>.</summary>
    public double[] LinearisedGE { get; }

    /// <summary>Zeroes the linearised sums of the first <paramref name="count"/> chunk positions, before the passes add to them.</summary>
    public void ClearLinearised(int count)
    {
        LinearisedG.AsSpan(0, count).Clear();
        LinearisedGE.AsSpan(0, count).Clear();
    }

    /// <summary>Per channel, its conductance (mS/cm²) over the chunk being computed, read by forward Euler's voltage equation:
    /// channel c's at c·<see cref="ChunkSize"/> + j.</summary>
    public double[] Conductance { get; }
    /// <summary>Injected current density (µA/cm²) of the update being computed.</summary>
    public double[] Stim { get; }
    /// <summary>Scratch for the implicit integrators: the tridiagonal systems' diagonals and right-hand sides.</summary>
    public double[] Diagonal { get; }
    /// <inheritdoc cref="Diagonal"/>
    public double[] Rhs { get; }

    /// <summary>The values (without ghosts or padding) of an array of this group.</summary>
    public Span<double> Data(double[] array) => array.AsSpan(Offset, Size);

    /// <summary>The new arrays become the state; the old ones become the next update's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Commit()
    {
        (V, V1) = (V1, V);
        for (int g = 0; g < Gate.Length; g++)
            if (!_frozenGate[g]) (Gate[g], Gate1[g]) = (Gate1[g], Gate[g]);
        Iteration++;
    }

    private readonly bool[] _frozenGate;

    /// <summary>The current state as a new <see cref="State"/> (a copy: the buffers keep changing).</summary>
    public State ToState(double dtMs) =>
        State.FromOwnedArrays(Iteration, dtMs, Neurons, Compartments, Data(V).ToArray(), Data(M).ToArray(),
            Data(H).ToArray(), Data(N).ToArray(), Gate.Skip(3).Select(g => Data(g).ToArray()).ToArray());

    /// <summary>The array of a variable in the current state (values start at <see cref="Offset"/>).</summary>
    public double[] Get(StateVariable variable) => variable switch
    {
        StateVariable.V => V,
        StateVariable.M => M,
        StateVariable.H => H,
        _ => N,
    };

    private double[] NewArray() => new double[Offset + PaddedSize + Neurons];

    private double[] Slice(ReadOnlySpan<double> all, int allNeurons)
    {
        var local = NewArray();
        for (int c = 0; c < Compartments; c++)
            all.Slice(c * allNeurons + FirstNeuron, Neurons).CopyTo(local.AsSpan(Offset + c * Neurons, Neurons));
        return local;
    }
}
