namespace HHFunctional.Core.Model;

/// <summary>The time-stepping scheme. CLI names: forward-euler, exponential-euler, backward-euler, crank-nicolson.</summary>
public enum IntegratorKind
{
    /// <summary>Explicit (forward) Euler on v, m, h, n: the seed's scheme. Gates stay in [0,1] only while dt·(α+β) ≤ 1.</summary>
    ForwardEuler,
    /// <summary>Exponential Euler: gates by Rush–Larsen (always in [0,1]), v by exponential Euler at fixed gates and neighbours.</summary>
    ExponentialEuler,
    /// <summary>Implicit (backward) Euler on v as a tridiagonal system per neuron, gates by Rush–Larsen at the new v (NEURON's default).</summary>
    BackwardEuler,
    /// <summary>Crank–Nicolson on v with gates staggered half a step (NEURON's secondorder = 2); second order in dt.</summary>
    CrankNicolson,
}

/// <summary>CLI names of the integrators.</summary>
public static class IntegratorNames
{
    /// <summary>Every integrator with its CLI name.</summary>
    public static IReadOnlyList<(string Name, IntegratorKind Kind)> All { get; } = new[]
    {
        ("forward-euler", IntegratorKind.ForwardEuler),
        ("exponential-euler", IntegratorKind.ExponentialEuler),
        ("backward-euler", IntegratorKind.BackwardEuler),
        ("crank-nicolson", IntegratorKind.CrankNicolson),
    };

    /// <summary>The CLI name of an integrator.</summary>
    public static string Name(this IntegratorKind kind) => All.First(x => x.Kind == kind).Name;

    /// <summary>The integrator with that CLI name, if any.</summary>
    public static IntegratorKind? Parse(string name) =>
        All.Where(x => x.Name == name).Select(x => (IntegratorKind?)x.Kind).FirstOrDefault();
}
