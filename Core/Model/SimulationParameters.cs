namespace HHFunctional.Core.Model;

/// <summary>
/// Everything a run needs, unvalidated. Defaults are the seed's run. Turn it into a <see cref="SimulationSpec"/>
/// with <see cref="SimulationSpec.Validate"/>, which reports every invalid field at once.
/// </summary>
public sealed record SimulationParameters
{
    /// <summary>Membrane parameters; default <see cref="Membrane.Seed"/>.</summary>
    public Membrane Membrane { get; init; } = Membrane.Seed;

    /// <summary>
    /// Channels added to the membrane after the seed's sodium "na", potassium "k" and leak "leak"
    /// (<see cref="Model.Channels.Hh"/>, built from <see cref="Membrane"/>), e.g. a passive leak
    /// (<see cref="Model.Channels.Passive"/>) or your own (<see cref="Channel.Create{TKinetics}"/>). A channel named "na", "k"
    /// or "leak" replaces the seed's in place (with the same number of gates, kept as m, h, n). The added channels' gates
    /// start at steady state at the initial voltage and are kept in <see cref="State.ExtraGates"/>. Default none.
    /// </summary>
    public IReadOnlyList<Channel> Channels { get; init; } = Array.Empty<Channel>();

    /// <summary>
    /// Values that differ between compartments or neurons (C_m, and each channel's g and E, value by value); default null (none).
    /// A branched cell's regions (<see cref="CellModel"/>) and variants of one cell run side by side are made of these.
    /// </summary>
    public LocalValues? LocalValues { get; init; }

    /// <summary>Coupling between compartments: the seed's (b_r = 0.15, the default), a <see cref="PhysicalCable"/>, or a
    /// branched cell (<see cref="TreeCable"/>).</summary>
    public Cable Cable { get; init; } = Cable.Seed;

    /// <summary>Compartments per neuron B, ≥ 1; default 20.</summary>
    public int Compartments { get; init; } = 20;

    /// <summary>Neurons in the group N, ≥ 1; default 1.</summary>
    public int Neurons { get; init; } = 1;

    /// <summary>Time step in ms, finite and &gt; 0; default 0.01.</summary>
    public double DtMs { get; init; } = 0.01;

    /// <summary>Number of updates in a run, ≥ 1; default 50,000 (500 ms at the default dt).</summary>
    public long Iterations { get; init; } = 50_000;

    /// <summary>Injected current; default the seed's protocol.</summary>
    public Stimulus Stimulus { get; init; } = Stimulus.Seed;

    /// <summary>Initial values; default the values the seed states (−65 mV, 0.05, 0.6, 0.32).</summary>
    public InitialConditions Initial { get; init; } = InitialConditions.Seed;

    /// <summary>Time-stepping scheme; default forward Euler (the seed's).</summary>
    public IntegratorKind Integrator { get; init; } = IntegratorKind.ForwardEuler;

    /// <summary>
    /// Gate kinetics from a table (<see cref="Model.RateTable"/>, e.g. <see cref="RateTable.Neuron"/>, NEURON's default for
    /// hh) instead of the exact rate formulas; default null: exact rates at every step.
    /// </summary>
    public RateTable? RateTable { get; init; }
}
