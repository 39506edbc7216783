namespace HHFunctional.Core.Integrators;

/// <summary>
/// Exact update of a linear ODE over one step at frozen coefficients (Rush &amp; Larsen 1978; Brian2's exponential Euler):
/// for dx/dt = α(1 − x) − βx, x(t+dt) = x∞ + (x − x∞)·exp(−(α+β)·dt) with x∞ = α/(α+β).
/// </summary>
public static class RushLarsen
{
    /// <summary>
    /// Advances a gate by dt (ms) with rates α, β (1/ms, ≥ 0). The result is a convex combination of x and x∞, so it stays
    /// in [0,1] for any dt &gt; 0; the final clamp only removes round-off at the ends. Infinite rates (|V| beyond ~7000 mV)
    /// pin the gate to its limit instead of producing NaN.
    /// </summary>
    public static double Gate(double x, double alpha, double beta, double dtMs)
    {
        double sum = alpha + beta;
        double xInf = double.IsPositiveInfinity(alpha)
            ? (double.IsPositiveInfinity(beta) ? 0.5 : 1.0)
            : double.IsPositiveInfinity(beta) ? 0.0 : alpha / sum;
        double decay = Math.Exp(-dtMs * sum);
        return Math.Clamp(xInf + (x - xInf) * decay, 0.0, 1.0);
    }

    /// <summary>
    /// Exponential Euler for dy/dt = a·y + b at frozen a (&lt; 0 here) and b: y(t+dt) = y∞ + (y − y∞)·exp(a·dt), y∞ = −b/a;
    /// falls back to forward Euler when a = 0 (Brian2's A == 0 branch).
    /// </summary>
    public static double Linear(double y, double a, double b, double dtMs) =>
        a == 0.0 ? y + b * dtMs : -b / a + (y + b / a) * Math.Exp(a * dtMs);
}
