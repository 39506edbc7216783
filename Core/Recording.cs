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
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="compartments"/> &lt; 1.</exception>
    public static RecordingSelection All(int compartments)
    {
        if (compartments < 1) throw new ArgumentOutOfRangeException(nameof(compartments), compartments, "compartments: expected an integer ≥ 1");
        return new(StateVariables.All, Enumerable.Range(0, compartments).ToArray());
    }

    /// <summary>Rows a run of <paramref name="iterations"/> updates records (0 for none or fewer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the selection's <see cref="Every"/> is &lt; 1 (see <see cref="FieldProblems(SimulationSpec)"/>).</exception>
    public long RowsFor(long iterations) => Every >= 1 ? Math.Max(0, iterations) / Every
        : throw new ArgumentOutOfRangeException(nameof(Every), Every, "Every: expected an integer ≥ 1");

    /// <summary>Bytes a recording of such a run occupies in memory: 8 bytes a value, plus the update-number and time columns.</summary>
    public long BytesFor(long iterations) => RowsFor(iterations) * (Variables.Distinct().Count() * (long)Compartments.Count + 2) * sizeof(double);

    /// <summary>Every rule the selection breaks against a spec ("Field: rule"); empty when valid.</summary>
    public IEnumerable<string> Problems(SimulationSpec spec) => FieldProblems(spec).Select(x => x.Message);

    /// <summary>Every rule the selection breaks against a spec, each with its field; empty when valid.</summary>
    public IEnumerable<FieldProblem> FieldProblems(SimulationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return FieldProblems(spec.Neurons, spec.Compartments);
    }

    /// <summary>Every rule the selection breaks against a group of that size.</summary>
    internal IEnumerable<FieldProblem> FieldProblems(int? neurons, int? compartments)
    {
        if (Variables is null || Variables.Count == 0) yield return new FieldProblem("Variables", "expected at least one of v, m, h, n, got none");
        else foreach (var v in Variables.Where(v => !Enum.IsDefined(v)).Distinct())
            yield return new FieldProblem("Variables", $"expected v, m, h or n, got {(int)v}");
        if (Compartments is null || Compartments.Count == 0) yield return new FieldProblem("Compartments", "expected at least one compartment, got none");
        else foreach (int c in Compartments.Where(c => c < 0 || c >= (compartments ?? int.MaxValue)).Distinct())
            yield return new FieldProblem("Compartments", compartments is { } b ? $"expected indices in [0, {b - 1}], got {c}" : $"expected indices ≥ 0, got {c}");
        if (Neuron < 0 || Neuron >= (neurons ?? int.MaxValue))
            yield return new FieldProblem("Neuron", neurons is { } n ? $"expected an index in [0, {n - 1}], got {Neuron}" : $"expected an index ≥ 0, got {Neuron}");
        if (Every < 1) yield return new FieldProblem("Every", $"expected an integer ≥ 1, got {Every}");
    }

    /// <summary>Throws the selection's problems against a group of that size as one ArgumentException (the public run members' guard).</summary>
    internal static void ThrowIfInvalid(RecordingSelection? selection, int? neurons, int? compartments, string parameter)
    {
        if (selection is null) throw new ArgumentNullException(parameter, $"{parameter}: expected a recording selection, got null");
        var problems = selection.FieldProblems(neurons, compartments).Take(8).Select(x => x.Message).ToList();
        if (problems.Count > 0)
            throw new ArgumentException($"{parameter}: expected a selection that RecordingSelection.FieldProblems accepts, got: {string.Join("; ", problems)}", parameter);
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

    /// <summary>Whether <paramref name="compartment"/> (the compartment's own index in the neuron) was recorded.</summary>
    public bool Has(int compartment) => Selection.Compartments.Contains(compartment);

    /// <summary>
    /// The trace of <paramref name="variable"/> in <paramref name="compartment"/>, the compartment's own index in the neuron
    /// (not its position in the selection), as a new array of <see cref="Rows"/> values.
    /// </summary>
    /// <exception cref="ArgumentException">When the variable or the compartment was not recorded.</exception>
    public double[] Trace(StateVariable variable, int compartment) => Column(variable, ColumnOf(compartment));

    /// <summary>The position of <paramref name="compartment"/> in <see cref="RecordingSelection.Compartments"/> (its first, if listed twice).</summary>
    /// <exception cref="ArgumentException">When the compartment was not recorded.</exception>
    public int ColumnOf(int compartment)
    {
        var kept = Selection.Compartments;
        for (int i = 0; i < kept.Count; i++) if (kept[i] == compartment) return i;
        throw new ArgumentException($"compartment: expected one of the recorded compartments ({Analysis.SpikeTrains.Shown(kept)}), got {compartment}", nameof(compartment));
    }

    /// <summary>The value of a variable at row r, column (position in the selection's compartments) col.</summary>
    /// <exception cref="ArgumentException">When the variable was not recorded, or row or column is out of range.</exception>
    public double this[StateVariable variable, int row, int column]
    {
        get
        {
            var all = ValuesOf(variable);
            CheckRow(row);
            CheckColumn(column);
            return all[row * Selection.Compartments.Count + column];
        }
    }

    /// <summary>One recorded row of a variable: its value in each selected compartment, in selection order (no copy).</summary>
    /// <exception cref="ArgumentException">When the variable was not recorded, or the row is out of range.</exception>
    public ReadOnlySpan<double> Row(StateVariable variable, int row)
    {
        var all = ValuesOf(variable);
        CheckRow(row);
        int width = Selection.Compartments.Count;
        return all.AsSpan(row * width, width);
    }

    /// <summary>
    /// Every recorded value of a variable, row-major and without a copy: row r, column (selected compartment) c is at
    /// r × Selection.Compartments.Count + c. The fast way to read many columns: <see cref="Column"/> allocates a new
    /// array each call.
    /// </summary>
    /// <exception cref="ArgumentException">When the variable was not recorded.</exception>
    public ReadOnlySpan<double> Values(StateVariable variable) => ValuesOf(variable);

    /// <summary>
    /// One recorded column of a variable, as a new array: the trace of the compartment at position
    /// <paramref name="column"/> of <see cref="RecordingSelection.Compartments"/>. To ask by compartment, use <see cref="Trace"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When the variable was not recorded, or the column is not in [0, Compartments.Count − 1].</exception>
    public double[] Column(StateVariable variable, int column)
    {
        var all = ValuesOf(variable);
        CheckColumn(column);
        int width = Selection.Compartments.Count;
        var trace = new double[Rows];
        for (int r = 0; r < trace.Length; r++) trace[r] = all[r * width + column];
        return trace;
    }

    private double[] ValuesOf(StateVariable variable) => _values.TryGetValue(variable, out var values) ? values
        : throw new ArgumentException($"variable: expected one of the recorded variables ({string.Join(", ", _values.Keys.Select(v => v.Name()))}), got {Name(variable)}", nameof(variable));

    private static string Name(StateVariable variable) => Enum.IsDefined(variable) ? variable.Name() : ((int)variable).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row: expected an index in [0, {Rows - 1}] ({Rows} rows recorded)");
    }

    private void CheckColumn(int column)
    {
        int width = Selection.Compartments.Count;
        if ((uint)column >= (uint)width)
            throw new ArgumentOutOfRangeException(nameof(column), column,
                $"column: expected a position in [0, {width - 1}] of the recorded compartments ({Analysis.SpikeTrains.Shown(Selection.Compartments)}); to ask by compartment use Trace or ColumnOf");
    }

    /// <summary>
    /// Folds a run into a recording: keeps the selected values of every Every-th state, and stops at the first state
    /// that blows up (NaN, ∞ or |v| &gt; 1000 mV), which is then reported in <see cref="BlowUp"/> and not recorded.
    /// </summary>
    /// <exception cref="ArgumentException">When the selection breaks a rule of <see cref="RecordingSelection.FieldProblems(SimulationSpec)"/>
    /// for the run's group (checked against its first state), or a state of the run has another shape than the first.</exception>
    public static Recording Record(IEnumerable<State> run, RecordingSelection selection, long expectedIterations = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        RecordingSelection.ThrowIfInvalid(selection, null, null, nameof(selection));
        return RecordChecked(run, selection, expectedIterations);
    }

    private static Recording RecordChecked(IEnumerable<State> run, RecordingSelection selection, long expectedIterations)
    {
        int width = selection.Compartments.Count;
        int capacity = (int)Math.Clamp(selection.RowsFor(expectedIterations), 0, 1 << 24);
        var iterations = new List<long>(capacity);
        var times = new List<double>(capacity);
        var values = selection.Variables.Distinct().ToDictionary(v => v, _ => new List<double>(capacity * width));
        BlowUp? blowUp = null;
        (int Neurons, int Compartments)? shape = null;
        foreach (var state in run)
        {
            if (state is null) throw new ArgumentException("run: expected states, got null", nameof(run));
            if (shape is null)
            {
                shape = (state.Neurons, state.Compartments);
                RecordingSelection.ThrowIfInvalid(selection, state.Neurons, state.Compartments, nameof(selection));
            }
            if (shape != (state.Neurons, state.Compartments) || !state.HasConsistentArrays())
                throw new ArgumentException($"run: expected states of {shape.Value.Neurons} neurons × {shape.Value.Compartments} compartments with arrays of that size, got one of {state.Neurons} × {state.Compartments} at update {state.Iteration}", nameof(run));
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
