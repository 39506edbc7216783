using HHFunctional.Core.Model;

namespace HHFunctional.Core;

/// <summary>What to keep of a run: which variables, which compartments of which neuron, and every K-th update.</summary>
/// <param name="Variables">Variables to keep (v, m, h, n), in output order; non-empty.</param>
/// <param name="Compartments">Compartment indices to keep, in output order; non-empty, each in [0, B−1].</param>
/// <param name="Neuron">Which neuron of the group, in [0, N−1]; default 0.</param>
/// <param name="Every">Keep updates Every, 2·Every, …; ≥ 1; default 1 (every update).</param>
public sealed record RecordingSelection(
    IReadOnlyList<StateVariable> Variables,
    IReadOnlyList<int> Compartments,
    int Neuron = 0,
    int Every = 1)
{
    /// <summary>All four variables of every compartment of neuron 0, every update.</summary>
    public static RecordingSelection All(int compartments) =>
        new(StateVariables.All, Enumerable.Range(0, compartments).ToArray());

    /// <summary>Rows a run of <paramref name="iterations"/> updates records.</summary>
    public long RowsFor(long iterations) => iterations / Every;

    /// <summary>Bytes a recording of such a run occupies in memory: 8 bytes a value, plus the update-number and time columns.</summary>
    public long BytesFor(long iterations) => RowsFor(iterations) * (Variables.Distinct().Count() * (long)Compartments.Count + 2) * sizeof(double);

    /// <summary>Every rule the selection breaks against a spec ("Field: rule"); empty when valid.</summary>
    public IEnumerable<string> Problems(SimulationSpec spec) => FieldProblems(spec).Select(x => x.Message);

    /// <summary>Every rule the selection breaks against a spec, each with its field; empty when valid.</summary>
    public IEnumerable<FieldProblem> FieldProblems(SimulationSpec spec)
    {
        if (Variables.Count == 0) yield return new FieldProblem("RecordVars", "expected at least one of v, m, h, n, got none");
        if (Compartments.Count == 0) yield return new FieldProblem("RecordCompartments", "expected at least one compartment, got none");
        foreach (int c in Compartments.Where(c => c < 0 || c >= spec.Compartments).Distinct())
            yield return new FieldProblem("RecordCompartments", $"expected indices in [0, {spec.Compartments - 1}], got {c}");
        if (Neuron < 0 || Neuron >= spec.Neurons) yield return new FieldProblem("Neuron", $"expected an index in [0, {spec.Neurons - 1}], got {Neuron}");
        if (Every < 1) yield return new FieldProblem("RecordEvery", $"expected an integer ≥ 1, got {Every}");
    }
}

/// <summary>
/// A recorded run: one row per kept update (the first row is the state after update <see cref="RecordingSelection.Every"/>),
/// one column per kept compartment, one matrix per kept variable. Row-major flat arrays.
/// </summary>
public sealed class Recording
{
    internal Recording(RecordingSelection selection, long[] iterations, double[] timesMs,
        IReadOnlyDictionary<StateVariable, double[]> values, BlowUp? blowUp)
    {
        Selection = selection; Iterations = iterations; TimesMs = timesMs; _values = values; BlowUp = blowUp;
    }

    private readonly IReadOnlyDictionary<StateVariable, double[]> _values;

    /// <summary>What was recorded.</summary>
    public RecordingSelection Selection { get; }

    /// <summary>The update number of each row.</summary>
    public IReadOnlyList<long> Iterations { get; }

    /// <summary>Time of each row in ms (update number × dt).</summary>
    public IReadOnlyList<double> TimesMs { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => TimesMs.Count;

    /// <summary>The first numerical blow-up, if the run hit one; rows stop just before it.</summary>
    public BlowUp? BlowUp { get; }

    /// <summary>Whether <paramref name="variable"/> was recorded.</summary>
    public bool Has(StateVariable variable) => _values.ContainsKey(variable);

    /// <summary>The value of a variable at row r, column (selected compartment) col.</summary>
    public double this[StateVariable variable, int row, int column] => _values[variable][row * Selection.Compartments.Count + column];

    /// <summary>One recorded row of a variable: its value in each selected compartment, in selection order (no copy).</summary>
    public ReadOnlySpan<double> Row(StateVariable variable, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        int width = Selection.Compartments.Count;
        return _values[variable].AsSpan(row * width, width);
    }

    /// <summary>
    /// Every recorded value of a variable, row-major and without a copy: row r, column (selected compartment) c is at
    /// r × Selection.Compartments.Count + c. The fast way to read many columns: <see cref="Column"/> allocates a new
    /// array each call.
    /// </summary>
    public ReadOnlySpan<double> Values(StateVariable variable) => _values[variable];

    /// <summary>One recorded column (a compartment's trace) of a variable, as a new array.</summary>
    public double[] Column(StateVariable variable, int column)
    {
        var all = _values[variable];
        int width = Selection.Compartments.Count;
        var trace = new double[Rows];
        for (int r = 0; r < trace.Length; r++) trace[r] = all[r * width + column];
        return trace;
    }

    /// <summary>
    /// Folds a run into a recording: keeps the selected values of every Every-th state, and stops at the first state
    /// that blows up (NaN, ∞ or |v| &gt; 1000 mV), which is then reported in <see cref="BlowUp"/> and not recorded.
    /// </summary>
    public static Recording Record(IEnumerable<State> run, RecordingSelection selection, long expectedIterations = 0)
    {
        int width = selection.Compartments.Count;
        int capacity = (int)Math.Min(selection.RowsFor(expectedIterations), 1 << 24);
        var iterations = new List<long>(capacity);
        var times = new List<double>(capacity);
        var values = selection.Variables.Distinct().ToDictionary(v => v, _ => new List<double>(capacity * width));
        BlowUp? blowUp = null;
        foreach (var state in run)
        {
            blowUp = state.FindBlowUp();
            if (blowUp is not null) break;
            if (state.Iteration % selection.Every != 0) continue;
            iterations.Add(state.Iteration);
            times.Add(state.TimeMs);
            foreach (var (variable, list) in values)
            {
                var source = state.Get(variable);
                foreach (int c in selection.Compartments) list.Add(source[state.IndexOf(c, selection.Neuron)]);
            }
        }
        return new Recording(selection, iterations.ToArray(), times.ToArray(),
            values.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), blowUp);
    }
}
