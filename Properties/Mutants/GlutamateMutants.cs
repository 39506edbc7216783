using HHFunctional.Core.Network;

namespace HHFunctional.Properties.Mutants;

/// <summary>
/// Broken glutamate synapses, for showing that the Brian2 reference test and the linearisation law can fail: the real
/// <see cref="GlutamateSyn"/>'s states, decay and events with a wrong current.
/// </summary>
internal sealed record MutantGlutamateSyn : SynapseKind
{
    private delegate (double GUS, double GEnA) Linearization(GlutamateSyn synapse, ReadOnlySpan<double> state, double vMv);

    private readonly GlutamateSyn _inner;
    private readonly Linearization _linearize;

    private MutantGlutamateSyn(GlutamateSyn inner, Linearization linearize) =>
        (_inner, _linearize) = (inner, linearize);

    /// <summary>The block's sign flipped: 1/(1 + exp(+0.062·v)·[Mg]/3.57), which unblocks at rest and blocks when depolarised
    /// (linearised exactly, so only the physics is wrong).</summary>
    public static MutantGlutamateSyn BlockSignFlipped(GlutamateSyn inner) => new(inner, (s, state, v) =>
    {
        double gAmpa = state[1] - state[0], gNmda = state[3] - state[2];
        double b = 1.0 / (1.0 + Math.Exp(GlutamateSyn.BlockSlopePerMv * v) * s.MgMM / GlutamateSyn.BlockHalfMgMM);
        double current = (gAmpa + gNmda * b) * (v - s.ReversalMv);
        double g = gAmpa + gNmda * (b - GlutamateSyn.BlockSlopePerMv * b * (1 - b) * (v - s.ReversalMv));
        return (g, g * v - current);
    });

    /// <summary>The linear synapse's shortcut: G = g_AMPA + g_NMDA·B(v), GE = G·e. G·v − GE is still i(v), but G misses the
    /// block's slope B'(v)·(v − e), so it is not dI/dv.</summary>
    public static MutantGlutamateSyn BlockSlopeIgnored(GlutamateSyn inner) => new(inner, (s, state, v) =>
    {
        double g = state[1] - state[0] + (state[3] - state[2]) * s.Unblocked(v);
        return (g, g * s.ReversalMv);
    });

    public override double EMv => _inner.EMv;

    internal override int StateCount => _inner.StateCount;

    internal override double[] DecayFactors(double dtMs) => _inner.DecayFactors(dtMs);

    internal override void Receive(Span<double> state, double weightUS) => _inner.Receive(state, weightUS);

    internal override (double GUS, double GEnA) Linearize(ReadOnlySpan<double> state, double vMv) => _linearize(_inner, state, vMv);

    internal override IEnumerable<string> Problems() => _inner.Problems();
}
