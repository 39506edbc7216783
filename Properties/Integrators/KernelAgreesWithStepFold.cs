using FsCheck;
using FsCheck.Fluent;
using HHFunctional.Core;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Integrators;

/// <summary>
/// The fast path against its oracle, the plain pure step: folding <see cref="Simulation.Step"/> and recording with
/// <see cref="Recording.Record"/> (one new State per update) is the readable definition of a run.
/// </summary>
public class KernelAgreesWithStepFold
{
    private static readonly IntegratorKind[] WithKernels =
        { IntegratorKind.ForwardEuler, IntegratorKind.ExponentialEuler, IntegratorKind.BackwardEuler, IntegratorKind.CrankNicolson };

    [Fact]
    public void ScalarKernelEqualsStepFoldBitForBit() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(KernelCaseGen.Arbitrary(WithKernels),
            c => KernelLaws.ScalarEqualsStepFold(c, (spec, selection) =>
                Simulation.RunRecorded(spec, selection, RunSettings.Default, KernelPath.Scalar))));

    [Fact]
    public void VectorKernelAgreesWithStepFoldToRoundOff() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(KernelCaseGen.Arbitrary(WithKernels),
            c => KernelLaws.VectorCloseToStepFold(c, (spec, selection) =>
                Simulation.RunRecorded(spec, selection, RunSettings.Default, KernelPath.Vector))));

    [Fact]
    public void RunEveryKEqualsStepFoldFiltered() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(KernelCaseGen.Arbitrary(WithKernels),
            c => KernelLaws.EveryKEqualsStepFold(c, Simulation.Run)));
}

/// <summary>The laws, taking the fast run as a function so that mutants can be checked against them.</summary>
public static class KernelLaws
{
    /// <summary>The oracle: the states after updates 1 … Iterations by folding the pure step.</summary>
    public static IEnumerable<State> StepFold(SimulationSpec spec) =>
        Simulation.Unfold(spec, Simulation.Initial(spec)).Skip(1).Take((int)spec.Parameters.Iterations);

    public static Recording Plain(KernelCase c) => Recording.Record(StepFold(c.Spec), c.Selection);

    /// <summary>
    /// Law: the scalar kernel performs the step's operations in the step's order, so its recording equals the Step
    /// fold's bit for bit: update numbers, times, every value, and the blow-up report (which update, variable,
    /// compartment, neuron and value). Precondition: none; blow-ups are part of the law.
    /// </summary>
    public static Property ScalarEqualsStepFold(KernelCase c, Func<SimulationSpec, RecordingSelection, Recording> fast)
    {
        var plain = Plain(c);
        var ours = fast(c.Spec, c.Selection);
        string difference = FirstBitDifference(plain, ours);
        return (difference.Length == 0).Label($"{c}: {difference}")
            .Classify(plain.BlowUp is not null, "blows up")
            .Classify(Spikes(plain), "spikes");
    }

    // The vector kernels differ from the step by round-off only: Vector512.Exp is ≤ 2 ulp from Math.Exp, m·m·m replaces
    // pow(m, 3), reciprocals of constants replace divisions. Over ≤ 60 updates of a bounded (|v| ≤ 200 mV) run, the largest
    // differences seen in 3,000 generated cases were 4.1e-12 mV and 5.8e-14 in a gate, but one case (replay
    // (11714008117060644929,10385892307166766615,42): CN near threshold, three overlapping steps) reaches 1.93e-10 mV with
    // gates at 1.24e-12: 1e-9 mV / 1e-11 hold it, while a changed formula or operation order in one compartment (the
    // mutants) moves values by far more.
    private const double VoltageToleranceMv = 1e-9;
    private const double GateTolerance = 1e-11;

    /// <summary>
    /// Law: the vector kernel's recording has the Step fold's rows and blow-up status, and every value within
    /// round-off (1e-9 mV, 1e-11 for gates). Precondition: the plain run stays bounded (no blow-up, |v| ≤ 200 mV), since an
    /// unstable run amplifies round-off without bound.
    /// </summary>
    public static Property VectorCloseToStepFold(KernelCase c, Func<SimulationSpec, RecordingSelection, Recording> fast)
    {
        var plain = Plain(c);
        // Bounded is decided on v of every compartment of the recorded neuron, whatever the selection records.
        var voltages = Recording.Record(StepFold(c.Spec),
            new RecordingSelection(new[] { StateVariable.V }, Enumerable.Range(0, c.Parameters.Compartments).ToArray(), c.Neuron, c.Every));
        bool bounded = voltages.BlowUp is null && MaxAbs(voltages, StateVariable.V) <= 200.0;
        return Prop.When(bounded, () =>
        {
            var ours = fast(c.Spec, c.Selection);
            if (ours.BlowUp is not null || ours.Rows != plain.Rows) return false.Label($"{c}: rows {ours.Rows} vs {plain.Rows}, blow-up {ours.BlowUp}");
            var recorded = c.Selection.Variables.Distinct().ToList();
            double dv = recorded.Contains(StateVariable.V) ? MaxDifference(plain, ours, StateVariable.V) : 0.0;
            double dg = recorded.Where(v => v != StateVariable.V).Select(v => MaxDifference(plain, ours, v)).DefaultIfEmpty(0.0).Max();
            return (dv <= VoltageToleranceMv && dg <= GateTolerance).Label($"{c}: max |Δv| = {dv:E2} mV, max |Δgate| = {dg:E2}");
        }).Classify(Spikes(voltages), "spikes");
    }

    /// <summary>
    /// Law: Run(spec, K) yields exactly the states of the Step fold whose update number is a multiple of K, bit for bit
    /// (past a blow-up, any NaN matches any NaN: IEEE arithmetic does not fix which NaN an operation returns).
    /// Precondition: none.
    /// </summary>
    public static Property EveryKEqualsStepFold(KernelCase c, Func<SimulationSpec, int, IEnumerable<State>> run)
    {
        var spec = c.Spec;
        var expected = StepFold(spec).Where(s => s.Iteration % c.Every == 0).ToList();
        var actual = run(spec, c.Every).ToList();
        return (expected.Count == actual.Count && expected.Zip(actual).All(p => SameState(p.Item1, p.Item2)))
            .Label($"{c}: {expected.Count} states expected, {actual.Count} produced");
    }

    public static bool Spikes(Recording r) => r.Rows > 0 && r.Has(StateVariable.V) && MaxAbs(r, StateVariable.V) > 0.0 &&
        Enumerable.Range(0, r.Rows).Any(row => r[StateVariable.V, row, 0] >= 0.0);

    public static double MaxAbs(Recording r, StateVariable variable)
    {
        double max = 0;
        for (int row = 0; row < r.Rows; row++)
            for (int col = 0; col < r.Selection.Compartments.Count; col++) max = Math.Max(max, Math.Abs(r[variable, row, col]));
        return max;
    }

    public static double MaxDifference(Recording a, Recording b, StateVariable variable)
    {
        double max = 0;
        for (int row = 0; row < a.Rows; row++)
            for (int col = 0; col < a.Selection.Compartments.Count; col++)
            {
                double d = Math.Abs(a[variable, row, col] - b[variable, row, col]);
                if (!(d <= max)) max = double.IsNaN(d) ? double.PositiveInfinity : d;
            }
        return max;
    }

    /// <summary>Empty when equal bit for bit; otherwise where they first differ.</summary>
    public static string FirstBitDifference(Recording a, Recording b)
    {
        if (a.Rows != b.Rows) return $"rows {a.Rows} vs {b.Rows}";
        if (!Equals(a.BlowUp, b.BlowUp)) return $"blow-up {a.BlowUp} vs {b.BlowUp}";
        for (int row = 0; row < a.Rows; row++)
        {
            if (a.Iterations[row] != b.Iterations[row] || !Same(a.TimesMs[row], b.TimesMs[row])) return $"row {row}: update or time";
            foreach (var variable in a.Selection.Variables)
                for (int col = 0; col < a.Selection.Compartments.Count; col++)
                    if (!Same(a[variable, row, col], b[variable, row, col]))
                        return $"row {row} {variable.Name()} col {col}: {a[variable, row, col]:R} vs {b[variable, row, col]:R}";
        }
        return "";
    }

    private static bool Same(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

    /// <summary>Same update, size and values bit for bit, except that any NaN matches any NaN.</summary>
    public static bool SameState(State a, State b) =>
        a.Iteration == b.Iteration && a.Neurons == b.Neurons && a.Compartments == b.Compartments &&
        StateVariables.All.All(v => a.Get(v).Zip(b.Get(v)).All(p => Same(p.Item1, p.Item2) || (double.IsNaN(p.Item1) && double.IsNaN(p.Item2))));
}
