using System.Runtime.CompilerServices;
using HHFunctional.Core.Engine;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// The gate updates of the schemes, each written once: forward Euler, and the exact update of a linear ODE over one step
/// at frozen coefficients (Rush &amp; Larsen 1978; Brian2's exponential Euler): for dx/dt = α(1 − x) − βx,
/// x(t+dt) = x∞ + (x − x∞)·exp(−(α+β)·dt) with x∞ = α/(α+β).
/// </summary>
public static class RushLarsen
{
    // x' = x + (α(1 − x) − βx)·dt  (the seed's gate update).
    /// <summary>Forward-Euler gate update with rates α, β (1/ms) over dt (ms).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ForwardEulerGate<T>(T x, T alpha, T beta, T dtMs) where T : struct, ILane<T> =>
        x + (alpha * (T.Broadcast(1.0) - x) - beta * x) * dtMs;

    /// <summary>
    /// Advances a gate by dt (ms) with rates α, β (1/ms, ≥ 0). The result is a convex combination of x and x∞, so it stays
    /// in [0,1] for any dt &gt; 0; the final clamp only removes round-off at the ends (NaN passes through, so a blow-up is
    /// still seen). Infinite rates (|V| beyond ~7000 mV) pin the gate to its limit instead of producing NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Gate<T>(T x, T alpha, T beta, T dtMs) where T : struct, ILane<T>
    {
        var sum = alpha + beta;
        return Clamp(Relax(x, SteadyState(alpha, beta), T.Exp(-dtMs * sum)));
    }

    /// <summary>x∞ = α/(α+β), with infinite rates pinning it to 1, 0 or ½ instead of NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SteadyState<T>(T alpha, T beta) where T : struct, ILane<T>
    {
        // β = ∞ at finite α needs no case of its own: α/∞ = 0.
        var infinity = T.Broadcast(double.PositiveInfinity);
        return T.Select(T.EqualTo(alpha, infinity), T.Select(T.EqualTo(beta, infinity), T.Broadcast(0.5), T.Broadcast(1.0)),
            alpha / (alpha + beta));
    }

    /// <summary>
    /// x∞ + (x − x∞)·decay: a gate relaxing towards x∞ by a factor over the step. Both schemes' gate updates have this form:
    /// Rush–Larsen with decay = exp(−dt·(α+β)), forward Euler with decay = 1 − dt·(α+β) (<see cref="Decay"/>); a rate table
    /// stores x∞ and the decay (<see cref="Model.RateTable"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Relax<T>(T x, T xInf, T decay) where T : struct, ILane<T> => xInf + (x - xInf) * decay;

    /// <summary>The decay factor of <see cref="Relax"/> over dt at the rate sum α+β (1/ms): exp(−dt·(α+β)) for Rush–Larsen,
    /// 1 − dt·(α+β) for forward Euler.</summary>
    public static double Decay(double rateSumPerMs, double dtMs, bool forwardEuler) =>
        forwardEuler ? 1.0 - dtMs * rateSumPerMs : Math.Exp(-dtMs * rateSumPerMs);

    /// <summary>y clamped to [0, 1] (NaN passes through).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Clamp<T>(T y) where T : struct, ILane<T> => T.Clamp(y, 0.0, 1.0);

    /// <summary>Rush–Larsen on one gate (see <see cref="Gate{T}"/>).</summary>
    public static double Gate(double x, double alpha, double beta, double dtMs) => Gate<ScalarLane>(x, alpha, beta, dtMs);

    /// <summary>
    /// Exponential Euler for dy/dt = a·y + b at frozen a (&lt; 0 here) and b: y(t+dt) = y∞ + (y − y∞)·exp(a·dt), y∞ = −b/a;
    /// forward Euler where a = 0 (Brian2's A == 0 branch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Linear<T>(T y, T a, T b, T dtMs) where T : struct, ILane<T> =>
        T.Select(T.EqualTo(a, T.Broadcast(0.0)), y + b * dtMs, -b / a + (y + b / a) * T.Exp(a * dtMs));

    /// <summary>Exponential Euler on one value (see <see cref="Linear{T}"/>).</summary>
    public static double Linear(double y, double a, double b, double dtMs) => Linear<ScalarLane>(y, a, b, dtMs);
}
