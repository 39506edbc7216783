using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// The readable step: one update of a whole state by a scheme on the scalar lane, in buffers made for it and copied out
/// as a new <see cref="State"/> (the input is never written). The same source as the fast path, which runs it on the
/// vector lane in buffers it keeps.
/// </summary>
internal static class SingleStep
{
    /// <exception cref="ArgumentException">When the state is not of the spec's shape (each integrator's public Step
    /// comes here, so none reads past an array).</exception>
    public static State Apply<TScheme>(SimulationSpec spec, State state) where TScheme : IScheme
    {
        Simulation.CheckedState(spec, state, nameof(state));
        var group = new GroupRun<Kernel<TScheme, ScalarLane>>(spec, state, 0, state.Neurons);
        group.Step();
        return group.Buffers.ToState(state.DtMs);
    }
}
