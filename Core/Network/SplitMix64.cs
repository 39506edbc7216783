namespace HHFunctional.Core.Network;

/// <summary>
/// The one pseudo-random generator of the network code (Poisson trains, connection rules): SplitMix64 (Steele, Lea &amp;
/// Flood 2014; the seeding generator of xoshiro), chosen because it is a few lines another tool can copy exactly, so a
/// stated seed gives the same numbers on every machine and .NET version (System.Random's algorithm may change).
/// </summary>
internal static class SplitMix64
{
    /// <summary>state ← state + 0x9E3779B97F4A7C15, then the output is that state mixed (two xor-shift-multiplies).</summary>
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1): the top 53 bits of one draw over 2^53.</summary>
    public static double NextUnit(ref ulong state) => (Next(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Uniform integer in [0, <paramref name="bound"/>) without modulo bias: draws until one is ≥ (2^64 − bound) mod bound,
    /// then takes it mod bound (the rejection rule of PCG's bounded draw; rejections are rarer than bound/2^64).
    /// </summary>
    public static ulong NextBelow(ref ulong state, ulong bound)
    {
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = Next(ref state);
            if (r >= threshold) return r % bound;
        }
    }
}
