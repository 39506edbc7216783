using System.Collections.Immutable;

namespace HHFunctional.Core.Model;

/// <summary>
/// Parameter values that differ between compartments or between neurons of a group: the capacitance and each channel's
/// maximal conductance g and reversal potential E at every compartment of every neuron, laid out as <see cref="State"/>
/// (compartment c of neuron j at c·Neurons + j). Whatever is left out takes the membrane's or the channel's own value.
/// Regions of a branched cell (<see cref="CellModel"/>: <c>hh</c> in the soma, <c>pas</c> in the dendrites) and variants of
/// one cell run side by side in SIMD lanes ("neurons that differ") are both this.
/// </summary>
public sealed record LocalValues
{
    /// <summary>No local values: every compartment of every neuron has the membrane's and channels' own.</summary>
    public static LocalValues None { get; } = new();

    /// <summary>C_m per value, µF/cm² (finite, ≥ 0; 0 only where there is no membrane); empty: the membrane's everywhere.</summary>
    public ImmutableArray<double> CmUFPerCm2 { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>By channel name: g per value, mS/cm² (finite, ≥ 0). A channel not listed has its own g everywhere.</summary>
    public ImmutableDictionary<string, ImmutableArray<double>> GMaxMSPerCm2 { get; init; } =
        ImmutableDictionary<string, ImmutableArray<double>>.Empty;

    /// <summary>By channel name: E per value, mV (finite). A channel not listed has its own E everywhere.</summary>
    public ImmutableDictionary<string, ImmutableArray<double>> EMv { get; init; } =
        ImmutableDictionary<string, ImmutableArray<double>>.Empty;

    /// <summary>
    /// Neurons that differ in their membrane: neuron j gets <paramref name="membranes"/>[j]'s C_m and hh's g and E (channels
    /// na, k, leak) in each of its <paramref name="compartments"/> compartments. The temperature is not local (φ is one
    /// per channel): give the spec a membrane with the neurons' common temperature.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="membranes"/> is null or empty, holds null, or
    /// <paramref name="compartments"/> &lt; 1.</exception>
    public static LocalValues FromMembranes(IReadOnlyList<Membrane> membranes, int compartments)
    {
        ArgumentNullException.ThrowIfNull(membranes);
        if (membranes.Count == 0 || membranes.Any(m => m is null))
            throw new ArgumentException("membranes: expected one membrane per neuron, none null", nameof(membranes));
        ArgumentOutOfRangeException.ThrowIfLessThan(compartments, 1);
        int n = membranes.Count;
        ImmutableArray<double> Of(Func<Membrane, double> value)
        {
            var a = new double[n * compartments];
            for (int c = 0; c < compartments; c++)
                for (int j = 0; j < n; j++) a[c * n + j] = value(membranes[j]);
            return ImmutableArray.Create(a);
        }
        return new LocalValues
        {
            CmUFPerCm2 = Of(m => m.CmUFPerCm2),
            GMaxMSPerCm2 = ImmutableDictionary<string, ImmutableArray<double>>.Empty
                .Add("na", Of(m => m.GNaMSPerCm2)).Add("k", Of(m => m.GKMSPerCm2)).Add("leak", Of(m => m.GLMSPerCm2)),
            EMv = ImmutableDictionary<string, ImmutableArray<double>>.Empty
                .Add("na", Of(m => m.ENaMv)).Add("k", Of(m => m.EKMv)).Add("leak", Of(m => m.ELMv)),
        };
    }

    /// <summary>Whether nothing is local (the uniform fast path).</summary>
    internal bool IsEmpty => CmUFPerCm2.IsDefaultOrEmpty && GMaxMSPerCm2.IsEmpty && EMv.IsEmpty;

    /// <summary>Value equality over the arrays' contents.</summary>
    public bool Equals(LocalValues? other) =>
        other is not null && Same(CmUFPerCm2, other.CmUFPerCm2) && Same(GMaxMSPerCm2, other.GMaxMSPerCm2) && Same(EMv, other.EMv);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(CmUFPerCm2.IsDefault ? 0 : CmUFPerCm2.Length, GMaxMSPerCm2.Count, EMv.Count);

    private static bool Same(ImmutableArray<double> a, ImmutableArray<double> b) =>
        a.IsDefaultOrEmpty ? b.IsDefaultOrEmpty : !b.IsDefault && a.AsSpan().SequenceEqual(b.AsSpan());

    private static bool Same(ImmutableDictionary<string, ImmutableArray<double>> a, ImmutableDictionary<string, ImmutableArray<double>> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && Same(kv.Value, other));
}
