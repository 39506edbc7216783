using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The values that differ between compartments or neurons, resolved for a whole group in <see cref="State"/>'s layout:
/// the spec's <see cref="LocalValues"/>, and for a <see cref="TreeCable"/> its zero-area nodes (no capacitance, no
/// channel) and the diagonal of its axial conductances. Null arrays are uniform. Made once per run.
/// </summary>
internal sealed class LocalArrays
{
    private LocalArrays(double[]? cm, double[]?[] gMax, double[]?[] e, double[]? axialDiagonal)
    {
        Cm = cm; GMax = gMax; E = e; AxialDiagonal = axialDiagonal;
    }

    /// <summary>C_m per value, µF/cm²; null: the membrane's.</summary>
    public double[]? Cm { get; }
    /// <summary>Per channel: g per value, mS/cm²; null: the channel's own.</summary>
    public double[]?[] GMax { get; }
    /// <summary>Per channel: E per value, mV; null: the channel's own.</summary>
    public double[]?[] E { get; }
    /// <summary>Per value, the sum of the axial conductances (mS/cm²) in its row of a tree's matrix; null for a chain.</summary>
    public double[]? AxialDiagonal { get; }

    /// <summary>The arrays of <paramref name="spec"/> with channels <paramref name="channels"/>, or null when nothing differs.</summary>
    public static LocalArrays? For(SimulationSpec spec, IReadOnlyList<Channel> channels)
    {
        var local = spec.Parameters.LocalValues ?? LocalValues.None;
        var tree = spec.Parameters.Cable as TreeCable;
        if (local.IsEmpty && tree is null) return null;
        int neurons = spec.Neurons, size = neurons * spec.Compartments;
        double[]? cm = !local.CmUFPerCm2.IsDefaultOrEmpty ? local.CmUFPerCm2.ToArray()
            : tree is not null ? Filled(size, spec.Membrane.CmUFPerCm2) : null;
        var gMax = channels.Select(c => local.GMaxMSPerCm2.TryGetValue(c.Name, out var g) ? g.ToArray()
            : tree is not null ? Filled(size, c.GMaxMSPerCm2) : null).ToArray();
        var e = channels.Select(c => local.EMv.TryGetValue(c.Name, out var x) ? x.ToArray() : null).ToArray();
        // A channel's loop reads g and E from arrays together.
        for (int c = 0; c < channels.Count; c++) gMax[c] ??= e[c] is null ? null : Filled(size, channels[c].GMaxMSPerCm2);
        double[]? axialDiagonal = null;
        if (tree is not null)
        {
            var t = tree.Tree;
            // Zero-area nodes (section ends) have no membrane: no capacitance, no channel. An explicit scheme sets their v
            // from their neighbours after its update; a huge C_m there keeps its own update from moving v meanwhile.
            bool explicitScheme = spec.Parameters.Integrator is IntegratorKind.ForwardEuler or IntegratorKind.ExponentialEuler;
            for (int node = 0; node < t.Count; node++)
            {
                if (t.AreaUm2[node] > 0) continue;
                if (explicitScheme) cm!.AsSpan(node * neurons, neurons).Fill(1e30);
                else cm!.AsSpan(node * neurons, neurons).Clear();
                foreach (var g in gMax) g!.AsSpan(node * neurons, neurons).Clear();
            }
            var perNode = tree.AxialSumsMSPerCm2();
            axialDiagonal = new double[size];
            for (int node = 0; node < t.Count; node++) axialDiagonal.AsSpan(node * neurons, neurons).Fill(perNode[node]);
        }
        return new LocalArrays(cm, gMax, e, axialDiagonal);
    }

    private static double[] Filled(int size, double value)
    {
        var a = new double[size];
        Array.Fill(a, value);
        return a;
    }
}
