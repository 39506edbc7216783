using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators.Kernels;

/// <summary>
/// <see cref="Kinetics"/>' six rates for eight voltages at once, each already scaled by φ. Same formulas; four exps
/// instead of six, through exact identities: exp(−(V+55)/10) = exp(−(V+40)/10)·e^−1.5 and exp(−(V+35)/10) =
/// exp(−(V+40)/10)·e^0.5 (each ≤ 2 ulp more than a direct exp). The removable singularities of α_m and α_n take
/// <see cref="Kinetics.Vtrap"/>'s Taylor branch on the same |x/10| &lt; 1e-6 test.
/// </summary>
internal readonly struct RatesVector
{
    public Vector512<double> AlphaM { get; private init; }
    public Vector512<double> BetaM { get; private init; }
    public Vector512<double> AlphaH { get; private init; }
    public Vector512<double> BetaH { get; private init; }
    public Vector512<double> AlphaN { get; private init; }
    public Vector512<double> BetaN { get; private init; }

    private const double ExpMinus1Point5 = 0.22313016014842982; // e^−1.5, correctly rounded
    private const double ExpHalf = 1.6487212707001282;          // e^0.5, correctly rounded

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RatesVector At(Vector512<double> vMv, double phi)
    {
        var one = Vector512<double>.One;
        var threshold = Vector512.Create(Kinetics.VtrapTaylorThreshold);
        var tenth = Vector512.Create(0.1);
        var half = Vector512.Create(0.5);

        var x40 = vMv + Vector512.Create(40.0);
        var e40 = ExpVector.Exp(-x40 * tenth);
        var u40 = x40 * tenth;
        var alphaM = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(u40), threshold),
            tenth * (Vector512.Create(10.0) * (one + u40 * half)),
            tenth * x40 / (one - e40));

        var x55 = vMv + Vector512.Create(55.0);
        var e55 = e40 * Vector512.Create(ExpMinus1Point5);
        var u55 = x55 * tenth;
        var hundredth = Vector512.Create(0.01);
        var alphaN = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(u55), threshold),
            hundredth * (Vector512.Create(10.0) * (one + u55 * half)),
            hundredth * x55 / (one - e55));

        var betaH = one / (one + e40 * Vector512.Create(ExpHalf));

        var y = -(vMv + Vector512.Create(65.0));
        var betaM = Vector512.Create(4.0) * ExpVector.Exp(y * Vector512.Create(1.0 / 18.0));
        var alphaH = Vector512.Create(0.07) * ExpVector.Exp(y * Vector512.Create(1.0 / 20.0));
        var betaN = Vector512.Create(0.125) * ExpVector.Exp(y * Vector512.Create(1.0 / 80.0));

        var p = Vector512.Create(phi);
        return new RatesVector
        {
            AlphaM = p * alphaM, BetaM = p * betaM, AlphaH = p * alphaH, BetaH = p * betaH, AlphaN = p * alphaN, BetaN = p * betaN,
        };
    }
}

/// <summary><see cref="State.FindBlowUp"/>'s rule (NaN, ±∞, or |v| &gt; 1000 mV), for kernels that check as they write.</summary>
internal static class BlowUpRule
{
    /// <summary>The voltage bound of <see cref="State.FindBlowUp"/>'s default, mV.</summary>
    public const double MaxAbsVMv = State.DefaultMaxAbsVMv;

    public static bool Voltage(double vMv) => !(Math.Abs(vMv) <= MaxAbsVMv);

    public static bool Gate(double x) => !(Math.Abs(x) <= double.MaxValue);

    /// <summary>All-ones in every lane where some value breaks the rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Lanes(Vector512<double> v, Vector512<double> m, Vector512<double> h, Vector512<double> n)
    {
        var max = Vector512.Create(double.MaxValue);
        var ok = Vector512.LessThanOrEqual(Vector512.Abs(v), Vector512.Create(MaxAbsVMv))
                 & Vector512.LessThanOrEqual(Vector512.Abs(m), max)
                 & Vector512.LessThanOrEqual(Vector512.Abs(h), max)
                 & Vector512.LessThanOrEqual(Vector512.Abs(n), max);
        return ~ok;
    }
}

/// <summary><see cref="RushLarsen"/> for eight gates at once.</summary>
internal static class GateVector
{
    /// <summary><see cref="RushLarsen.Gate"/> lane by lane, infinite rates and the final clamp included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Advance(Vector512<double> x, Vector512<double> alpha, Vector512<double> beta, Vector512<double> dt)
    {
        var sum = alpha + beta;
        var inf = Vector512.Create(double.PositiveInfinity);
        var alphaInf = Vector512.Equals(alpha, inf);
        var betaInf = Vector512.Equals(beta, inf);
        var xInf = Vector512.ConditionalSelect(alphaInf,
            Vector512.ConditionalSelect(betaInf, Vector512.Create(0.5), Vector512<double>.One),
            Vector512.ConditionalSelect(betaInf, Vector512<double>.Zero, alpha / sum));
        var y = xInf + (x - xInf) * ExpVector.Exp(-dt * sum);
        // Math.Clamp(y, 0, 1): NaN passes through, as in the plain step, so the blow-up check still sees it.
        y = Vector512.ConditionalSelect(Vector512.LessThan(y, Vector512<double>.Zero), Vector512<double>.Zero, y);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<double>.One), Vector512<double>.One, y);
    }
}
