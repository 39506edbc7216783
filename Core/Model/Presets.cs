namespace HHFunctional.Core.Model;

/// <summary>Named starting points for <see cref="SimulationParameters"/>; every field can be overridden afterwards.</summary>
public static class Presets
{
    /// <summary>The seed example as its parameters state it: 20 compartments, b_r = 0.15, dt 0.01 ms, 50,000 updates,
    /// the seed's stimulus, forward Euler, start at −65 mV / 0.05 / 0.6 / 0.32.</summary>
    public static SimulationParameters Seed { get; } = new();

    /// <summary>The seed as PymoNNto really ran it: everything the seed's, but starting from zeros
    /// (<see cref="InitialConditions.Zero"/>; shared/reference/README.md, item 1).</summary>
    public static SimulationParameters Pymonnto { get; } = new() { Initial = InitialConditions.Zero };

    /// <summary>
    /// Hodgkin &amp; Huxley's 1952 propagated action potential: a 476 µm squid axon, Ra = 35.4 Ω·cm, 18.5 °C, 5 cm long,
    /// sealed ends, from rest, a brief suprathreshold pulse into compartment 0.
    /// </summary>
    public static SimulationParameters Hh1952 { get; } = new()
    {
        Membrane = Membrane.Seed with { TemperatureC = 18.5 },
        Cable = new PhysicalCable(476.0, 50_000.0, 35.4),
        Compartments = 500,
        DtMs = 0.005,
        Iterations = 1_000,
        Stimulus = new Stimulus(new[] { new StimulusSegment(0.0, 0.2, 2000.0, 0) }),
        Initial = InitialConditions.Rest,
        Integrator = IntegratorKind.ExponentialEuler,
    };

    /// <summary>Every preset with its CLI name (<c>--preset NAME</c>).</summary>
    public static IReadOnlyList<(string Name, SimulationParameters Parameters)> All { get; } = new[]
    {
        ("seed", Seed), ("pymonnto", Pymonnto), ("hh1952", Hh1952),
    };
}
