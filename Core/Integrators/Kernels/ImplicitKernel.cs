using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators.Kernels;

/// <summary>Backward Euler or Crank–Nicolson: both solve a backward-Euler sub-step for the voltage increment Δ and then
/// set v' = v + factor·Δ (<see cref="ImplicitCable"/>).</summary>
internal interface IImplicitScheme
{
    /// <summary>Sub-step over dt: 1 (backward Euler) or ½ (Crank–Nicolson).</summary>
    static abstract double SubStepFraction { get; }

    /// <summary>v' = v + factor·Δ: 1 (backward Euler) or 2 (Crank–Nicolson: extrapolation from the half step).</summary>
    static abstract double IncrementFactor { get; }
}

/// <summary><see cref="BackwardEuler.Step"/>'s scheme.</summary>
internal readonly struct BackwardScheme : IImplicitScheme
{
    public static double SubStepFraction => 1.0;
    public static double IncrementFactor => 1.0;
}

/// <summary><see cref="CrankNicolson.Step"/>'s scheme.</summary>
internal readonly struct CrankNicolsonScheme : IImplicitScheme
{
    public static double SubStepFraction => 0.5;
    public static double IncrementFactor => 2.0;
}

/// <summary>
/// The implicit integrators over a run's own buffers, in three phases: (1) every compartment's row of the tridiagonal
/// system (diagonal C/h + G + n_c·g, right-hand side I_stim + G·E − G·v + axial current), (2) the Thomas algorithm per
/// neuron, (3) v' = v + factor·Δ and the gates by Rush–Larsen at v'. <see cref="Scalar"/> repeats
/// <see cref="ImplicitCable"/>'s operations in its order (bit-identical states). <see cref="Vector"/> runs phases 1 and
/// 3 eight compartments at a time (as <see cref="VectorSweep{TMath}"/>) and phase 2 by <see cref="TwistedThomas"/>, eight
/// neurons at a time, row by row (compartment-major rows are contiguous), with the same per-element operations for the
/// neurons left over and for groups under eight neurons, so any split of the neurons gives identical results.
/// </summary>
internal static class ImplicitKernel<TScheme> where TScheme : IImplicitScheme
{
    /// <summary>The plain step's arithmetic, element by element: the bit-exact twin.</summary>
    internal readonly struct Scalar : IGroupKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool Advance(in KernelConstants k, GroupBuffers b)
        {
            var p = k.Membrane;
            int neurons = b.Neurons, compartments = b.Compartments;
            double dt = k.DtMs, phi = k.RateScale, g = k.Coupling.GMSPerCm2;
            double capacitance = p.CmUFPerCm2 / (dt * TScheme.SubStepFraction);
            ReadOnlySpan<double> v = b.Data(b.V), m = b.Data(b.M), h = b.Data(b.H), n = b.Data(b.N), stim = b.Data(b.Stim);
            Span<double> d = b.Data(b.Diagonal), r = b.Data(b.Rhs);
            for (int i = 0; i < b.Size; i++)
            {
                int c = i / neurons;
                var (gIon, gE) = Currents.Linearised(p, m[i], h[i], n[i]);
                double axial = 0.0;
                int neighbours = 0;
                if (c > 0) { axial += g * (v[i - neurons] - v[i]); neighbours++; }
                if (c < compartments - 1) { axial += g * (v[i + neurons] - v[i]); neighbours++; }
                d[i] = capacitance + gIon + neighbours * g;
                r[i] = stim[i] + gE - gIon * v[i] + axial;
            }
            for (int j = 0; j < neurons; j++) Thomas.Solve(d, r, neurons, compartments, j, -g);
            Span<double> v1 = b.Data(b.V1), m1 = b.Data(b.M1), h1 = b.Data(b.H1), n1 = b.Data(b.N1);
            bool bad = false;
            for (int i = 0; i < b.Size; i++)
            {
                double vNew = v[i] + TScheme.IncrementFactor * r[i];
                double mNew = RushLarsen.Gate(m[i], phi * Kinetics.AlphaM(vNew), phi * Kinetics.BetaM(vNew), dt);
                double hNew = RushLarsen.Gate(h[i], phi * Kinetics.AlphaH(vNew), phi * Kinetics.BetaH(vNew), dt);
                double nNew = RushLarsen.Gate(n[i], phi * Kinetics.AlphaN(vNew), phi * Kinetics.BetaN(vNew), dt);
                v1[i] = vNew; m1[i] = mNew; h1[i] = hNew; n1[i] = nNew;
                bad |= BlowUpRule.Voltage(vNew) | BlowUpRule.Gate(mNew) | BlowUpRule.Gate(hNew) | BlowUpRule.Gate(nNew);
            }
            return bad;
        }
    }

    /// <summary>Phases 1 and 3 on whole vectors (ghost rows, padding, lane masks), phase 2 across neurons.</summary>
    internal readonly struct Vector : IGroupKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool Advance(in KernelConstants k, GroupBuffers b)
        {
            var p = k.Membrane;
            int size = b.Size, stride = b.Neurons, compartments = b.Compartments;
            double g = k.Coupling.GMSPerCm2;
            var gV = Vector512.Create(g);
            var capacitance = Vector512.Create(p.CmUFPerCm2 / (k.DtMs * TScheme.SubStepFraction));
            var gNaMax = Vector512.Create(p.GNaMSPerCm2); var gKMax = Vector512.Create(p.GKMSPerCm2); var gL = Vector512.Create(p.GLMSPerCm2);
            var eNa = Vector512.Create(p.ENaMv); var eK = Vector512.Create(p.EKMv); var gLEL = Vector512.Create(p.GLMSPerCm2 * p.ELMv);
            ref double v = ref MemoryMarshal.GetArrayDataReference(b.V);
            ref double m = ref MemoryMarshal.GetArrayDataReference(b.M);
            ref double h = ref MemoryMarshal.GetArrayDataReference(b.H);
            ref double n = ref MemoryMarshal.GetArrayDataReference(b.N);
            ref double s = ref MemoryMarshal.GetArrayDataReference(b.Stim);
            ref double d = ref MemoryMarshal.GetArrayDataReference(b.Diagonal);
            ref double r = ref MemoryMarshal.GetArrayDataReference(b.Rhs);
            var lane = Vector512.Create(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            var first = Vector512.Create((long)stride);
            var lastStart = Vector512.Create((long)(size - stride));
            var zero = Vector512<double>.Zero;
            var one = Vector512<double>.One;

            // Phase 1, ImplicitCable.VoltageIncrement's rows (same operation order, lane by lane).
            for (int i = 0; i < size; i += GroupBuffers.VectorWidth)
            {
                nuint x = (nuint)(b.Offset + i);
                var index = Vector512.Create((long)i) + lane;
                var hasPrevious = Vector512.GreaterThanOrEqual(index, first).AsDouble();
                var hasNext = Vector512.LessThan(index, lastStart).AsDouble();
                var vi = Vector512.LoadUnsafe(ref v, x);
                var mi = Vector512.LoadUnsafe(ref m, x);
                var ni = Vector512.LoadUnsafe(ref n, x);
                var gNa = gNaMax * (mi * mi * mi) * Vector512.LoadUnsafe(ref h, x);
                var n2 = ni * ni;
                var gK = gKMax * (n2 * n2);
                var gIon = gNa + gK + gL;
                var gE = gNa * eNa + gK * eK + gLEL;
                var axial = zero;
                axial = Vector512.ConditionalSelect(hasPrevious, axial + gV * (Vector512.LoadUnsafe(ref v, x - (nuint)stride) - vi), axial);
                axial = Vector512.ConditionalSelect(hasNext, axial + gV * (Vector512.LoadUnsafe(ref v, x + (nuint)stride) - vi), axial);
                var neighbours = Vector512.ConditionalSelect(hasPrevious, one, zero) + Vector512.ConditionalSelect(hasNext, one, zero);
                (capacitance + gIon + neighbours * gV).StoreUnsafe(ref d, x);
                (Vector512.LoadUnsafe(ref s, x) + gE - gIon * vi + axial).StoreUnsafe(ref r, x);
            }

            // Phase 2: the twisted elimination (from both ends at once: two independent chains, half the latency of one),
            // whole vectors of neurons where a row allows, one neuron at a time for the rest, with the same operations.
            int wholeNeurons = stride / GroupBuffers.VectorWidth * GroupBuffers.VectorWidth;
            if (wholeNeurons > 0) TwistedAcrossNeurons(b, wholeNeurons, -g);
            for (int j = wholeNeurons; j < stride; j++) TwistedThomas.Solve(b.Data(b.Diagonal), b.Data(b.Rhs), stride, compartments, j, -g);

            // Phase 3: v' = v + factor·Δ, gates at v'.
            ref double v1 = ref MemoryMarshal.GetArrayDataReference(b.V1);
            ref double m1 = ref MemoryMarshal.GetArrayDataReference(b.M1);
            ref double h1 = ref MemoryMarshal.GetArrayDataReference(b.H1);
            ref double n1 = ref MemoryMarshal.GetArrayDataReference(b.N1);
            var factor = Vector512.Create(TScheme.IncrementFactor);
            var dt = Vector512.Create(k.DtMs);
            var end = Vector512.Create((long)size);
            var bad = zero;
            for (int i = 0; i < size; i += GroupBuffers.VectorWidth)
            {
                nuint x = (nuint)(b.Offset + i);
                var vNew = Vector512.LoadUnsafe(ref v, x) + factor * Vector512.LoadUnsafe(ref r, x);
                var rates = RatesVector.At(vNew, k.RateScale);
                var mNew = GateVector.Advance(Vector512.LoadUnsafe(ref m, x), rates.AlphaM, rates.BetaM, dt);
                var hNew = GateVector.Advance(Vector512.LoadUnsafe(ref h, x), rates.AlphaH, rates.BetaH, dt);
                var nNew = GateVector.Advance(Vector512.LoadUnsafe(ref n, x), rates.AlphaN, rates.BetaN, dt);
                vNew.StoreUnsafe(ref v1, x); mNew.StoreUnsafe(ref m1, x); hNew.StoreUnsafe(ref h1, x); nNew.StoreUnsafe(ref n1, x);
                bad |= BlowUpRule.Lanes(vNew, mNew, hNew, nNew) & Vector512.LessThan(Vector512.Create((long)i) + lane, end).AsDouble();
            }
            return bad != zero;
        }

        /// <summary><see cref="TwistedThomas.Solve"/> for neurons [0, count) eight at a time (count a multiple of 8).</summary>
        private static void TwistedAcrossNeurons(GroupBuffers b, int count, double offDiagonal)
        {
            int stride = b.Neurons, compartments = b.Compartments, meet = compartments / 2;
            ref double d = ref MemoryMarshal.GetArrayDataReference(b.Diagonal);
            ref double r = ref MemoryMarshal.GetArrayDataReference(b.Rhs);
            var e = Vector512.Create(offDiagonal);
            nuint Row(int c, int j) => (nuint)(b.Offset + c * stride + j);
            for (int t = 1; t <= Math.Max(meet - 1, compartments - 2 - meet); t++)
                for (int j = 0; j < count; j += GroupBuffers.VectorWidth)
                {
                    if (t <= meet - 1)
                    {
                        nuint x = Row(t, j), above = Row(t - 1, j);
                        var f = e / Vector512.LoadUnsafe(ref d, above);
                        (Vector512.LoadUnsafe(ref d, x) - f * e).StoreUnsafe(ref d, x);
                        (Vector512.LoadUnsafe(ref r, x) - f * Vector512.LoadUnsafe(ref r, above)).StoreUnsafe(ref r, x);
                    }
                    if (compartments - 1 - t >= meet + 1)
                    {
                        nuint x = Row(compartments - 1 - t, j), below = Row(compartments - t, j);
                        var f = e / Vector512.LoadUnsafe(ref d, below);
                        (Vector512.LoadUnsafe(ref d, x) - f * e).StoreUnsafe(ref d, x);
                        (Vector512.LoadUnsafe(ref r, x) - f * Vector512.LoadUnsafe(ref r, below)).StoreUnsafe(ref r, x);
                    }
                }
            for (int j = 0; j < count; j += GroupBuffers.VectorWidth)
            {
                nuint x = Row(meet, j);
                var denominator = Vector512.LoadUnsafe(ref d, x);
                var numerator = Vector512.LoadUnsafe(ref r, x);
                if (meet >= 1)
                {
                    nuint above = Row(meet - 1, j);
                    var f = e / Vector512.LoadUnsafe(ref d, above);
                    denominator -= f * e;
                    numerator -= f * Vector512.LoadUnsafe(ref r, above);
                }
                if (meet + 1 <= compartments - 1)
                {
                    nuint below = Row(meet + 1, j);
                    var f = e / Vector512.LoadUnsafe(ref d, below);
                    denominator -= f * e;
                    numerator -= f * Vector512.LoadUnsafe(ref r, below);
                }
                (numerator / denominator).StoreUnsafe(ref r, x);
            }
            for (int t = 1; t <= Math.Max(meet, compartments - 1 - meet); t++)
                for (int j = 0; j < count; j += GroupBuffers.VectorWidth)
                {
                    if (meet - t >= 0)
                    {
                        nuint x = Row(meet - t, j), below = Row(meet - t + 1, j);
                        ((Vector512.LoadUnsafe(ref r, x) - e * Vector512.LoadUnsafe(ref r, below)) / Vector512.LoadUnsafe(ref d, x)).StoreUnsafe(ref r, x);
                    }
                    if (meet + t <= compartments - 1)
                    {
                        nuint x = Row(meet + t, j), above = Row(meet + t - 1, j);
                        ((Vector512.LoadUnsafe(ref r, x) - e * Vector512.LoadUnsafe(ref r, above)) / Vector512.LoadUnsafe(ref d, x)).StoreUnsafe(ref r, x);
                    }
                }
        }
    }
}

/// <summary>
/// <see cref="Tridiagonal.SolveInPlace"/> for one neuron's column of the flat compartment-major arrays, with the cable's
/// constant off-diagonals (−g, absent at the ends): the same operations in the same order, so the same bits.
/// </summary>
internal static class Thomas
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve(Span<double> diagonal, Span<double> rhs, int stride, int compartments, int neuron, double offDiagonal)
    {
        int i = neuron;
        for (int c = 1; c < compartments; c++)
        {
            int row = i + c * stride, above = row - stride;
            double factor = offDiagonal / diagonal[above];
            diagonal[row] -= factor * offDiagonal;
            rhs[row] -= factor * rhs[above];
        }
        int last = i + (compartments - 1) * stride;
        rhs[last] /= diagonal[last];
        for (int c = compartments - 2; c >= 0; c--)
        {
            int row = i + c * stride;
            rhs[row] = (rhs[row] - offDiagonal * rhs[row + stride]) / diagonal[row];
        }
    }
}

/// <summary>
/// The same tridiagonal system solved from both ends at once (a twisted factorisation): rows 1 … m−1 eliminated downwards
/// as in Thomas, rows B−2 … m+1 upwards, the meeting row m = ⌊B/2⌋ solved from both, then the two halves substituted
/// outwards. Two independent dependency chains instead of one, so a long cable's solve takes about half the time; the
/// result differs from <see cref="Thomas"/> by round-off only (the matrix is diagonally dominant). The vector kernel uses
/// exactly these operations for every neuron, whichever path it takes.
/// </summary>
internal static class TwistedThomas
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve(Span<double> diagonal, Span<double> rhs, int stride, int compartments, int neuron, double offDiagonal)
    {
        int meet = compartments / 2;
        int Row(int c) => neuron + c * stride;
        for (int t = 1; t <= Math.Max(meet - 1, compartments - 2 - meet); t++)
        {
            if (t <= meet - 1)
            {
                int x = Row(t), above = Row(t - 1);
                double f = offDiagonal / diagonal[above];
                diagonal[x] = diagonal[x] - f * offDiagonal;
                rhs[x] = rhs[x] - f * rhs[above];
            }
            if (compartments - 1 - t >= meet + 1)
            {
                int x = Row(compartments - 1 - t), below = Row(compartments - t);
                double f = offDiagonal / diagonal[below];
                diagonal[x] = diagonal[x] - f * offDiagonal;
                rhs[x] = rhs[x] - f * rhs[below];
            }
        }
        {
            int x = Row(meet);
            double denominator = diagonal[x], numerator = rhs[x];
            if (meet >= 1)
            {
                int above = Row(meet - 1);
                double f = offDiagonal / diagonal[above];
                denominator -= f * offDiagonal;
                numerator -= f * rhs[above];
            }
            if (meet + 1 <= compartments - 1)
            {
                int below = Row(meet + 1);
                double f = offDiagonal / diagonal[below];
                denominator -= f * offDiagonal;
                numerator -= f * rhs[below];
            }
            rhs[x] = numerator / denominator;
        }
        for (int t = 1; t <= Math.Max(meet, compartments - 1 - meet); t++)
        {
            if (meet - t >= 0)
            {
                int x = Row(meet - t);
                rhs[x] = (rhs[x] - offDiagonal * rhs[Row(meet - t + 1)]) / diagonal[x];
            }
            if (meet + t <= compartments - 1)
            {
                int x = Row(meet + t);
                rhs[x] = (rhs[x] - offDiagonal * rhs[Row(meet + t - 1)]) / diagonal[x];
            }
        }
    }
}
