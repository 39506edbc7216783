using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators.Kernels;

/// <summary>
/// Forward Euler (<see cref="ForwardEuler.Step"/>) over a run's own buffers. <see cref="Scalar"/> performs exactly the
/// operations of the plain step, in the same order, so its states are bit-identical to the Step fold; <see cref="Lanes"/>
/// computes 8 compartments at once with <see cref="ExpVector.Exp"/> (≤ 2 ulp from Math.Exp), m·m·m for
/// pow(m, 3) and multiplications by reciprocals of constants, so it agrees with the plain step to round-off, not bit for bit.
/// </summary>
internal static class ForwardEulerKernel
{
    /// <summary>The plain step's arithmetic, element by element: the bit-exact twin.</summary>
    internal readonly struct Scalar : IRangeKernel, IGroupKernel
    {
        public static bool Advance(in KernelConstants k, GroupBuffers b) => Ranges.Advance<Scalar>(k, b);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool Advance(in KernelConstants k, GroupBuffers b, int lo, int hi, bool hasPrevious, bool hasNext)
        {
            var p = k.Membrane;
            var coupling = k.Coupling;
            int stride = k.Neurons;
            double dt = k.DtMs, phi = k.RateScale;
            ReadOnlySpan<double> v = b.Data(b.V), m = b.Data(b.M), h = b.Data(b.H), n = b.Data(b.N), stim = b.Data(b.Stim);
            Span<double> v1 = b.Data(b.V1), m1 = b.Data(b.M1), h1 = b.Data(b.H1), n1 = b.Data(b.N1);
            bool bad = false;
            for (int i = lo; i < hi; i++)
            {
                double vi = v[i], mi = m[i], hj = h[i], ni = n[i];
                // Coupling.Total's order: stimulus, then the previous neighbour, then the next.
                double current = stim[i];
                if (hasPrevious) current += coupling.From(v[i - stride], vi);
                if (hasNext) current += coupling.From(v[i + stride], vi);
                double iNa = Currents.SodiumUAPerCm2(p, vi, mi, hj);
                double iK = Currents.PotassiumUAPerCm2(p, vi, ni);
                double iL = Currents.LeakUAPerCm2(p, vi);
                double vNew = vi + ((current - iNa - iK - iL) / p.CmUFPerCm2) * dt;
                double mNew = mi + (phi * Kinetics.AlphaM(vi) * (1.0 - mi) - phi * Kinetics.BetaM(vi) * mi) * dt;
                double hNew = hj + (phi * Kinetics.AlphaH(vi) * (1.0 - hj) - phi * Kinetics.BetaH(vi) * hj) * dt;
                double nNew = ni + (phi * Kinetics.AlphaN(vi) * (1.0 - ni) - phi * Kinetics.BetaN(vi) * ni) * dt;
                v1[i] = vNew; m1[i] = mNew; h1[i] = hNew; n1[i] = nNew;
                bad |= BlowUpRule.Voltage(vNew) | BlowUpRule.Gate(mNew) | BlowUpRule.Gate(hNew) | BlowUpRule.Gate(nNew);
            }
            return bad;
        }
    }

    /// <summary>Eight compartments per instruction, swept by <see cref="VectorSweep{TMath}"/>.</summary>
    internal readonly struct Lanes : ILaneMath<Lanes>
    {
        private readonly Vector512<double> _gain, _gNa, _gK, _gL, _eNa, _eK, _eL, _dtOverCm, _dt;
        private readonly double _phi;

        private Lanes(in KernelConstants k)
        {
            _gain = Vector512.Create(k.CouplingGainMSPerCm2);
            _gNa = Vector512.Create(k.Membrane.GNaMSPerCm2); _gK = Vector512.Create(k.Membrane.GKMSPerCm2);
            _gL = Vector512.Create(k.Membrane.GLMSPerCm2);
            _eNa = Vector512.Create(k.Membrane.ENaMv); _eK = Vector512.Create(k.Membrane.EKMv); _eL = Vector512.Create(k.Membrane.ELMv);
            _dtOverCm = Vector512.Create(k.DtMs / k.Membrane.CmUFPerCm2);
            _dt = Vector512.Create(k.DtMs);
            _phi = k.RateScale;
        }

        public static Lanes Create(in KernelConstants k) => new(k);

        // C_m dV/dt = I_stim + I_axial − g_Na m³h(V − E_Na) − g_K n⁴(V − E_K) − g_L(V − E_L);  x' = x + (α(1−x) − βx)·dt.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector512<double> V, Vector512<double> M, Vector512<double> H, Vector512<double> N) Compute(
            Vector512<double> v, Vector512<double> vPrevious, Vector512<double> vNext,
            Vector512<double> hasPrevious, Vector512<double> hasNext,
            Vector512<double> m, Vector512<double> h, Vector512<double> n, Vector512<double> stim)
        {
            // Coupling.Total's order: stimulus, then the previous neighbour, then the next (each only where it exists).
            var current = stim;
            current = Vector512.ConditionalSelect(hasPrevious, current + _gain * (vPrevious - v), current);
            current = Vector512.ConditionalSelect(hasNext, current + _gain * (vNext - v), current);
            var iNa = _gNa * (m * m * m) * h * (v - _eNa);
            var n2 = n * n;
            var iK = _gK * (n2 * n2) * (v - _eK);
            var iL = _gL * (v - _eL);
            var vNew = v + (current - iNa - iK - iL) * _dtOverCm;
            var r = RatesVector.At(v, _phi);
            var one = Vector512<double>.One;
            var mNew = m + (r.AlphaM * (one - m) - r.BetaM * m) * _dt;
            var hNew = h + (r.AlphaH * (one - h) - r.BetaH * h) * _dt;
            var nNew = n + (r.AlphaN * (one - n) - r.BetaN * n) * _dt;
            return (vNew, mNew, hNew, nNew);
        }
    }
}
