using LanguageExt;
using LanguageExt.Common;
using MathNet.Numerics.RootFinding;

namespace HHFunctional.Core.Model;

/// <summary>
/// The membrane's resting equilibrium: the voltage where the total ionic current vanishes with every gate at its steady
/// state, Σ_c g_c·Π x∞ᵖ(V)·(V − E_c) = 0, and the gates there.
/// </summary>
public static class RestingState
{
    /// <summary>
    /// The resting potential in mV of a membrane made of <paramref name="channels"/> (−64.996379 mV for the seed's hh), by
    /// Brent's method (MathNet) to 1e-12 mV, or the reason there is none.
    /// </summary>
    /// <remarks>
    /// The bracket is [min E_c, max E_c]: every current g_c(V)·(V − E_c) has g_c ≥ 0, so the total is ≤ 0 at the lowest
    /// reversal potential and ≥ 0 at the highest, and a root lies between whenever the steady-state currents are finite.
    /// It fails (with a message naming the reversal potentials) when they are not, e.g. for reversal potentials so extreme
    /// that the rate functions overflow. Temperature does not move the rest: φ scales α and β alike.
    /// </remarks>
    public static Fin<double> FindPotentialMv(IReadOnlyList<Channel> channels)
    {
        double lo = channels.Min(c => c.EMv), hi = channels.Max(c => c.EMv);
        double fLo = SteadyCurrentUAPerCm2(channels, lo), fHi = SteadyCurrentUAPerCm2(channels, hi);
        if (!double.IsFinite(fLo) || !double.IsFinite(fHi))
            return Fin<double>.Fail(Error.New(
                $"Initial: expected a resting potential (I_ion(V) = 0 with steady-state gates) between the reversal potentials " +
                $"[{lo}, {hi}] mV, but the steady-state current is not finite there (I_ion({lo}) = {fLo}, I_ion({hi}) = {fHi}); " +
                "use moderate reversal potentials or start from explicit values"));
        if (fLo == 0.0) return Fin<double>.Succ(lo);
        if (fHi == 0.0) return Fin<double>.Succ(hi);
        if (Brent.TryFindRoot(v => SteadyCurrentUAPerCm2(channels, v), lo, hi, 1e-12, 200, out double root)
            && double.IsFinite(root) && root >= lo && root <= hi)
            return Fin<double>.Succ(root);
        return Fin<double>.Fail(Error.New(
            $"Initial: expected a resting potential (I_ion(V) = 0 with steady-state gates) in [{lo}, {hi}] mV, but Brent's method " +
            $"found none (I_ion({lo}) = {fLo}, I_ion({hi}) = {fHi}); check the membrane parameters or start from explicit values"));
    }

    /// <summary>Steady state x∞ = α/(α+β) of every gate of every channel at <paramref name="vMv"/>, in the channels' order.</summary>
    public static double[] SteadyGates(IReadOnlyList<Channel> channels, double vMv) =>
        channels.SelectMany(c => Enumerable.Range(0, c.Gates.Count).Select(g =>
        {
            var (alpha, beta) = c.RatesAt(g, vMv);
            return Kinetics.SteadyState(alpha, beta);
        })).ToArray();

    /// <summary>Total ionic current (µA/cm², outward positive) with every gate at its steady state, summed in the channels' order.</summary>
    public static double SteadyCurrentUAPerCm2(IReadOnlyList<Channel> channels, double vMv)
    {
        double total = 0.0;
        foreach (var c in channels)
        {
            var gates = Enumerable.Range(0, c.Gates.Count).Select(k =>
            {
                var (alpha, beta) = c.RatesAt(k, vMv);
                return Kinetics.SteadyState(alpha, beta);
            }).ToArray();
            total += c.CurrentUAPerCm2(vMv, gates);
        }
        return total;
    }
}
