namespace HHFunctional.Core.Morphology;

/// <summary>How many segments (NEURON's nseg) each section gets.</summary>
public abstract record NsegRule
{
    private protected NsegRule() { }

    /// <summary>The same <paramref name="Nseg"/> for every section (<c>--nseg N</c>); 1 ≤ N ≤ 32767.</summary>
    public sealed record Fixed(int Nseg) : NsegRule;

    /// <summary>
    /// NEURON's d_lambda rule (<c>--d-lambda F</c>): nseg = int((L / (F·λ₁₀₀) + 0.999) / 2)·2 + 1, where λ₁₀₀ is the AC
    /// length constant at <paramref name="FrequencyHz"/> (default 100 Hz) as NEURON's <c>lambda_f</c> computes it from the
    /// 3-D points (CellBuilder's formula in NEURON 8.2.2's celgeom.hoc). Needs each section's Ra and cm.
    /// </summary>
    /// <param name="Fraction">the largest segment length as a fraction of λ, &gt; 0 (NEURON's usual 0.1).</param>
    /// <param name="FrequencyHz">the frequency of λ, Hz; default 100.</param>
    public sealed record DLambda(double Fraction, double FrequencyHz = 100) : NsegRule;

    /// <summary>nseg = 1 + 2·floor(L / <paramref name="MaxLengthUm"/>) (<c>--segment-length-um D</c>): odd, so a node sits
    /// at the section's middle.</summary>
    /// <param name="MaxLengthUm">D, µm, &gt; 0.</param>
    public sealed record SegmentLength(double MaxLengthUm) : NsegRule;

    /// <summary>nseg given section by section (NEURON's <c>sec.nseg = n</c> per section), in the morphology's section order.</summary>
    /// <param name="Nseg">one nseg per section, each 1 ≤ n ≤ 32767.</param>
    public sealed record PerSection(System.Collections.Immutable.ImmutableArray<int> Nseg) : NsegRule
    {
        /// <summary>Value equality over the counts.</summary>
        public bool Equals(PerSection? other) => other is not null && Nseg.SequenceEqual(other.Nseg);

        /// <inheritdoc/>
        public override int GetHashCode() => Nseg.IsDefault ? 0 : Nseg.Aggregate(Nseg.Length, HashCode.Combine);
    }
}
