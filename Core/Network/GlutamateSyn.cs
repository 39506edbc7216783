namespace HHFunctional.Core.Network;

/// <summary>
/// A glutamate synapse: an AMPA and an NMDA conductance, each a dual exponential with NEURON's <c>Exp2Syn</c> peak
/// normalisation, the NMDA one gated by Jahr &amp; Stevens' (1990) magnesium block, both reversing at one e. The model of
/// the AMPA/NMDA point processes in ModelDB: Hake's <c>double_exp_AMPA_NMDA</c> (2004; one <c>Exp2Syn</c> per receptor,
/// an NMDA_ratio, an <c>mgblock(v)</c> on the NMDA part) with the block of <c>Exp2SynNMDA</c> (ModelDB 150239, Jahr &amp; Stevens'):
/// <code>
/// i(v)  = (g_AMPA + g_NMDA·B(v))·(v − e)                         nA, with g in µS and v in mV
/// g_X   = B_X − A_X,  A_X' = −A_X/τ1_X,  B_X' = −B_X/τ2_X          (X = AMPA, NMDA)
/// B(v)  = 1 / (1 + exp(−0.062·v)·[Mg²⁺]/3.57)                     Jahr &amp; Stevens 1990, J Neurosci 10:3178, v in mV, [Mg²⁺] in mM
/// event of weight w (µS):  A_AMPA, B_AMPA += w·f_AMPA;  A_NMDA, B_NMDA += w·NmdaRatio·f_NMDA
/// </code>
/// where f is <see cref="Exp2Syn"/>'s factor, so one event alone peaks at w (AMPA) and w·NmdaRatio (NMDA, unblocked).
/// <para>
/// Defaults (round values in the range of ModelDB's AMPA/NMDA models, not a fit to one preparation): AMPA τ1 0.2 ms,
/// τ2 2 ms; NMDA τ1 2 ms, τ2 75 ms; NMDA/AMPA peak ratio 1; [Mg²⁺] 1 mM; e 0 mV. Hake's model (2004) has AMPA 0.2/3 ms and
/// NMDA 0.2/43 ms.
/// </para>
/// <para>
/// The engine takes the current linearised at the step's v (NEURON's dI/dv): G = g_AMPA + g_NMDA·(B + B'(v)·(v − e)) with
/// B' = 0.062·B·(1 − B), and GE = G·v − i(v), so that G·v − GE is i(v) exactly and G its slope. Validated against an
/// independent Brian2 integration of these equations (Properties/Network/Fixtures/glutamate).
/// </para>
/// </summary>
public sealed record GlutamateSyn : SynapseKind
{
    /// <summary>Jahr &amp; Stevens' voltage sensitivity of the block, 1/mV.</summary>
    public const double BlockSlopePerMv = 0.062;

    /// <summary>Jahr &amp; Stevens' [Mg²⁺] at which half the channels are blocked at 0 mV, mM.</summary>
    public const double BlockHalfMgMM = 3.57;

    /// <summary>AMPA rise time constant τ1, ms, &gt; 0 and &lt; <see cref="AmpaTau2Ms"/>. Default 0.2.</summary>
    public double AmpaTau1Ms { get; init; } = 0.2;

    /// <summary>AMPA decay time constant τ2, ms. Default 2.</summary>
    public double AmpaTau2Ms { get; init; } = 2.0;

    /// <summary>NMDA rise time constant τ1, ms, &gt; 0 and &lt; <see cref="NmdaTau2Ms"/>. Default 2.</summary>
    public double NmdaTau1Ms { get; init; } = 2.0;

    /// <summary>NMDA decay time constant τ2, ms. Default 75.</summary>
    public double NmdaTau2Ms { get; init; } = 75.0;

    /// <summary>NMDA/AMPA peak-conductance ratio of one event (NMDA unblocked), ≥ 0, dimensionless. Default 1; 0 makes an AMPA-only synapse.</summary>
    public double NmdaRatio { get; init; } = 1.0;

    /// <summary>Extracellular [Mg²⁺], mM, ≥ 0. Default 1; 0 removes the block (B = 1).</summary>
    public double MgMM { get; init; } = 1.0;

    /// <summary>Reversal potential e of both parts, mV. Default 0.</summary>
    public double ReversalMv { get; init; }

    /// <inheritdoc/>
    public override double EMv => ReversalMv;

    /// <summary>The AMPA part's peak normalisation (<see cref="Exp2Syn.Factor"/> of its τ1, τ2).</summary>
    public double AmpaFactor => Exp2Syn.PeakFactor(AmpaTau1Ms, AmpaTau2Ms);

    /// <summary>The NMDA part's peak normalisation (<see cref="Exp2Syn.Factor"/> of its τ1, τ2).</summary>
    public double NmdaFactor => Exp2Syn.PeakFactor(NmdaTau1Ms, NmdaTau2Ms);

    /// <summary>The unblocked fraction B(v) = 1/(1 + exp(−0.062·v)·[Mg²⁺]/3.57) at <paramref name="vMv"/>, in [0, 1]
    /// (0 when exp overflows far below rest, 1 when [Mg²⁺] = 0).</summary>
    public double Unblocked(double vMv) => 1.0 / (1.0 + Math.Exp(-BlockSlopePerMv * vMv) * MgMM / BlockHalfMgMM);

    // States: A_AMPA, B_AMPA, A_NMDA, B_NMDA (µS).
    internal override int StateCount => 4;

    internal override double[] DecayFactors(double dtMs) =>
        [Math.Exp(-dtMs / AmpaTau1Ms), Math.Exp(-dtMs / AmpaTau2Ms), Math.Exp(-dtMs / NmdaTau1Ms), Math.Exp(-dtMs / NmdaTau2Ms)];

    internal override void Receive(Span<double> state, double weightUS)
    {
        double ampa = weightUS * AmpaFactor, nmda = weightUS * NmdaRatio * NmdaFactor;
        state[0] += ampa;
        state[1] += ampa;
        state[2] += nmda;
        state[3] += nmda;
    }

    internal override (double GUS, double GEnA) Linearize(ReadOnlySpan<double> state, double vMv)
    {
        double gAmpa = state[1] - state[0], gNmda = state[3] - state[2];
        double b = Unblocked(vMv);
        double current = (gAmpa + gNmda * b) * (vMv - ReversalMv);
        // dB/dv = 0.062·B·(1 − B): the block's own slope makes the NMDA current's dI/dv, not just g·B.
        double g = gAmpa + gNmda * (b + BlockSlopePerMv * b * (1 - b) * (vMv - ReversalMv));
        return (g, g * vMv - current);
    }

    internal override IEnumerable<string> Problems()
    {
        if (!(double.IsFinite(AmpaTau1Ms) && AmpaTau1Ms > 0)) yield return $"GlutamateSyn.AmpaTau1Ms: expected τ1 > 0 ms, got {AmpaTau1Ms}";
        if (!(double.IsFinite(AmpaTau2Ms) && AmpaTau2Ms > AmpaTau1Ms)) yield return $"GlutamateSyn.AmpaTau2Ms: expected τ2 > τ1 ({AmpaTau1Ms} ms), got {AmpaTau2Ms}";
        if (!(double.IsFinite(NmdaTau1Ms) && NmdaTau1Ms > 0)) yield return $"GlutamateSyn.NmdaTau1Ms: expected τ1 > 0 ms, got {NmdaTau1Ms}";
        if (!(double.IsFinite(NmdaTau2Ms) && NmdaTau2Ms > NmdaTau1Ms)) yield return $"GlutamateSyn.NmdaTau2Ms: expected τ2 > τ1 ({NmdaTau1Ms} ms), got {NmdaTau2Ms}";
        if (!(double.IsFinite(NmdaRatio) && NmdaRatio >= 0)) yield return $"GlutamateSyn.NmdaRatio: expected a finite ratio ≥ 0, got {NmdaRatio}";
        if (!(double.IsFinite(MgMM) && MgMM >= 0)) yield return $"GlutamateSyn.MgMM: expected a finite concentration ≥ 0 mM, got {MgMM}";
        if (!double.IsFinite(ReversalMv)) yield return $"GlutamateSyn.ReversalMv: expected a finite potential, got {ReversalMv}";
    }
}
