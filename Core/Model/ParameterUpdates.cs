namespace HHFunctional.Core.Model;

/// <summary>
/// Copy-and-update for the parameter records as methods: C# writes <c>p with { Iterations = 30_000 }</c>, but F# has no
/// copy-and-update for C# records (FS0039) and cannot set an init-only property of a clone (FS0810), so it writes
/// <c>p.WithIterations 30_000L</c>. Each method returns a new record with one member changed; nothing is validated here
/// (<see cref="SimulationSpec.Validate"/> or <see cref="SimulationSpec.TryValidate"/> does that).
/// </summary>
public static class ParameterUpdates
{
    /// <summary>A copy with <see cref="SimulationParameters.Membrane"/> replaced.</summary>
    public static SimulationParameters WithMembrane(this SimulationParameters p, Membrane membrane) => Of(p) with { Membrane = membrane };

    /// <summary>A copy with <see cref="SimulationParameters.Channels"/> replaced.</summary>
    public static SimulationParameters WithChannels(this SimulationParameters p, IReadOnlyList<Channel> channels) => Of(p) with { Channels = channels };

    /// <summary>A copy with <see cref="SimulationParameters.Cable"/> replaced.</summary>
    public static SimulationParameters WithCable(this SimulationParameters p, Cable cable) => Of(p) with { Cable = cable };

    /// <summary>A copy with <see cref="SimulationParameters.Compartments"/> replaced.</summary>
    public static SimulationParameters WithCompartments(this SimulationParameters p, int compartments) => Of(p) with { Compartments = compartments };

    /// <summary>A copy with <see cref="SimulationParameters.Neurons"/> replaced.</summary>
    public static SimulationParameters WithNeurons(this SimulationParameters p, int neurons) => Of(p) with { Neurons = neurons };

    /// <summary>A copy with <see cref="SimulationParameters.DtMs"/> (ms) replaced.</summary>
    public static SimulationParameters WithDtMs(this SimulationParameters p, double dtMs) => Of(p) with { DtMs = dtMs };

    /// <summary>A copy with <see cref="SimulationParameters.Iterations"/> replaced.</summary>
    public static SimulationParameters WithIterations(this SimulationParameters p, long iterations) => Of(p) with { Iterations = iterations };

    /// <summary>A copy with <see cref="SimulationParameters.Stimulus"/> replaced.</summary>
    public static SimulationParameters WithStimulus(this SimulationParameters p, Stimulus stimulus) => Of(p) with { Stimulus = stimulus };

    /// <summary>A copy with <see cref="SimulationParameters.Initial"/> replaced.</summary>
    public static SimulationParameters WithInitial(this SimulationParameters p, InitialConditions initial) => Of(p) with { Initial = initial };

    /// <summary>A copy with <see cref="SimulationParameters.Integrator"/> replaced.</summary>
    public static SimulationParameters WithIntegrator(this SimulationParameters p, IntegratorKind integrator) => Of(p) with { Integrator = integrator };

    /// <summary>A copy with <see cref="Membrane.CmUFPerCm2"/> (µF/cm²) replaced.</summary>
    public static Membrane WithCmUFPerCm2(this Membrane m, double cmUFPerCm2) => Of(m) with { CmUFPerCm2 = cmUFPerCm2 };

    /// <summary>A copy with <see cref="Membrane.GNaMSPerCm2"/> (mS/cm²) replaced.</summary>
    public static Membrane WithGNaMSPerCm2(this Membrane m, double gNaMSPerCm2) => Of(m) with { GNaMSPerCm2 = gNaMSPerCm2 };

    /// <summary>A copy with <see cref="Membrane.GKMSPerCm2"/> (mS/cm²) replaced.</summary>
    public static Membrane WithGKMSPerCm2(this Membrane m, double gKMSPerCm2) => Of(m) with { GKMSPerCm2 = gKMSPerCm2 };

    /// <summary>A copy with <see cref="Membrane.GLMSPerCm2"/> (mS/cm²) replaced.</summary>
    public static Membrane WithGLMSPerCm2(this Membrane m, double gLMSPerCm2) => Of(m) with { GLMSPerCm2 = gLMSPerCm2 };

    /// <summary>A copy with <see cref="Membrane.ENaMv"/> (mV) replaced.</summary>
    public static Membrane WithENaMv(this Membrane m, double eNaMv) => Of(m) with { ENaMv = eNaMv };

    /// <summary>A copy with <see cref="Membrane.EKMv"/> (mV) replaced.</summary>
    public static Membrane WithEKMv(this Membrane m, double eKMv) => Of(m) with { EKMv = eKMv };

    /// <summary>A copy with <see cref="Membrane.ELMv"/> (mV) replaced.</summary>
    public static Membrane WithELMv(this Membrane m, double eLMv) => Of(m) with { ELMv = eLMv };

    /// <summary>A copy with <see cref="Membrane.TemperatureC"/> (°C) replaced.</summary>
    public static Membrane WithTemperatureC(this Membrane m, double temperatureC) => Of(m) with { TemperatureC = temperatureC };

    /// <summary>A copy with <see cref="PhysicalCable.DiameterUm"/> (µm) replaced.</summary>
    public static PhysicalCable WithDiameterUm(this PhysicalCable c, double diameterUm) => Of(c) with { DiameterUm = diameterUm };

    /// <summary>A copy with <see cref="PhysicalCable.LengthUm"/> (µm) replaced.</summary>
    public static PhysicalCable WithLengthUm(this PhysicalCable c, double lengthUm) => Of(c) with { LengthUm = lengthUm };

    /// <summary>A copy with <see cref="PhysicalCable.RaOhmCm"/> (Ω·cm) replaced.</summary>
    public static PhysicalCable WithRaOhmCm(this PhysicalCable c, double raOhmCm) => Of(c) with { RaOhmCm = raOhmCm };

    /// <summary>A copy with <see cref="RecordingSelection.Neuron"/> replaced.</summary>
    public static RecordingSelection WithNeuron(this RecordingSelection s, int neuron) => Of(s) with { Neuron = neuron };

    /// <summary>A copy with <see cref="RecordingSelection.Every"/> replaced.</summary>
    public static RecordingSelection WithEvery(this RecordingSelection s, int every) => Of(s) with { Every = every };

    // An extension method can be called on null; say which argument instead of a NullReferenceException.
    private static T Of<T>(T record) where T : class => record ?? throw new ArgumentNullException(nameof(record), $"record: expected a {typeof(T).Name}, got null");
}
