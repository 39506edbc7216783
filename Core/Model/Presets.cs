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
    /// Hodgkin &amp; Huxley's 1952 propagated action potential (J. Physiol. 117:500, part III): a squid axon of diameter
    /// 476 µm, Ra = 35.4 Ω·cm, at 18.5 °C (the temperature of their own calculation), 5 cm long with sealed ends, starting
    /// at rest, driven by a brief suprathreshold pulse into compartment 0 (see <see cref="Hh1952PulseNanoamps"/>);
    /// Crank–Nicolson with 500 compartments (Δx = 100 µm) and dt = 0.005 ms for 5 ms. Its conduction velocity between
    /// 40% and 80% of the length is 18.72 m/s, within 0.04% of the value the grid converges to (18.73 m/s) and within 0.5%
    /// of the 18.8 m/s Hodgkin and Huxley computed (Properties/Reference/Hh1952Tests).
    /// </summary>
    /// <remarks>
    /// The pulse is stored as a current density for this grid. With another <c>--compartments</c> the density stays, so
    /// the total current scales with Δx (it stays suprathreshold for B up to about 3,500); give the pulse as a total
    /// current instead with <c>--stim 0,0.1,50000,0 --stim-unit na</c>.
    /// </remarks>
    public static SimulationParameters Hh1952 { get; } = Hh1952Parameters();

    /// <summary>The total current of the <see cref="Hh1952"/> pulse, in nA (50 µA), on for 0 &lt; t ≤ 0.1 ms (5 nC): about
    /// seven times the threshold of a 0.1 ms pulse into the end of this axon (≈ 6.8 µA).</summary>
    public const double Hh1952PulseNanoamps = 50_000.0;

    /// <summary>The duration of the <see cref="Hh1952"/> pulse, in ms.</summary>
    public const double Hh1952PulseMs = 0.1;

    private static SimulationParameters Hh1952Parameters()
    {
        const int compartments = 500;
        var cable = new PhysicalCable(DiameterUm: 476.0, LengthUm: 50_000.0, RaOhmCm: 35.4);
        double densityUAPerCm2 = cable.DensityUAPerCm2(Hh1952PulseNanoamps, compartments);
        return new SimulationParameters
        {
            Membrane = Membrane.Seed with { TemperatureC = 18.5 },
            Cable = cable,
            Compartments = compartments,
            DtMs = 0.005,
            Iterations = 1_000,
            Stimulus = new Stimulus(new[] { new StimulusSegment(0.0, Hh1952PulseMs, densityUAPerCm2, 0) }),
            Initial = InitialConditions.Rest,
            Integrator = IntegratorKind.CrankNicolson,
        };
    }

    /// <summary>Every preset with its CLI name (<c>--preset NAME</c>).</summary>
    public static IReadOnlyList<(string Name, SimulationParameters Parameters)> All { get; } = new[]
    {
        ("seed", Seed), ("pymonnto", Pymonnto), ("hh1952", Hh1952),
    };
}
