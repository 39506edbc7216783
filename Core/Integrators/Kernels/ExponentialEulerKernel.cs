using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators.Kernels;

/// <summary>
/// Exponential Euler (<see cref="ExponentialEuler.Step"/>) over a run's own buffers: <see cref="Scalar"/> is the plain
/// step's arithmetic (bit-identical states), <see cref="Lanes"/> eight compartments at once (round-off apart).
/// </summary>
internal static class ExponentialEulerKernel
{
    /// <summary>The plain step's arithmetic, element by element: the bit-exact twin.</summary>
    internal readonly struct Scalar : IRangeKernel, IGroupKernel
    {
        public static bool Advance(in KernelConstants k, GroupBuffers b) => Ranges.Advance<Scalar>(k, b);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool Advance(in KernelConstants k, GroupBuffers b, int lo, int hi, bool hasPrevious, bool hasNext)
        {
            var p = k.Membrane;
            int stride = k.Neurons, neighbours = (hasPrevious ? 1 : 0) + (hasNext ? 1 : 0);
            double dt = k.DtMs, phi = k.RateScale, gAxial = k.Coupling.GMSPerCm2;
            ReadOnlySpan<double> v = b.Data(b.V), m = b.Data(b.M), h = b.Data(b.H), n = b.Data(b.N), stim = b.Data(b.Stim);
            Span<double> v1 = b.Data(b.V1), m1 = b.Data(b.M1), h1 = b.Data(b.H1), n1 = b.Data(b.N1);
            bool bad = false;
            for (int i = lo; i < hi; i++)
            {
                double vi = v[i];
                double neighbourSum = (hasPrevious ? v[i - stride] : 0.0) + (hasNext ? v[i + stride] : 0.0);
                var (g, gE) = Currents.Linearised(p, m[i], h[i], n[i]);
                double a = -(g + neighbours * gAxial) / p.CmUFPerCm2;
                double bb = (gE + stim[i] + gAxial * neighbourSum) / p.CmUFPerCm2;
                double vNew = RushLarsen.Linear(vi, a, bb, dt);
                double mNew = RushLarsen.Gate(m[i], phi * Kinetics.AlphaM(vi), phi * Kinetics.BetaM(vi), dt);
                double hNew = RushLarsen.Gate(h[i], phi * Kinetics.AlphaH(vi), phi * Kinetics.BetaH(vi), dt);
                double nNew = RushLarsen.Gate(n[i], phi * Kinetics.AlphaN(vi), phi * Kinetics.BetaN(vi), dt);
                v1[i] = vNew; m1[i] = mNew; h1[i] = hNew; n1[i] = nNew;
                bad |= BlowUpRule.Voltage(vNew) | BlowUpRule.Gate(mNew) | BlowUpRule.Gate(hNew) | BlowUpRule.Gate(nNew);
            }
            return bad;
        }
    }

    /// <summary>Eight compartments per instruction, swept by <see cref="VectorSweep{TMath}"/>.</summary>
    internal readonly struct Lanes : ILaneMath<Lanes>
    {
        private readonly Vector512<double> _gNa, _gK, _gL, _eNa, _eK, _gLEL, _gAxial, _invCm, _dt;
        private readonly double _phi;

        private Lanes(in KernelConstants k)
        {
            _gNa = Vector512.Create(k.Membrane.GNaMSPerCm2); _gK = Vector512.Create(k.Membrane.GKMSPerCm2);
            _gL = Vector512.Create(k.Membrane.GLMSPerCm2);
            _eNa = Vector512.Create(k.Membrane.ENaMv); _eK = Vector512.Create(k.Membrane.EKMv);
            _gLEL = Vector512.Create(k.Membrane.GLMSPerCm2 * k.Membrane.ELMv);
            _gAxial = Vector512.Create(k.Coupling.GMSPerCm2);
            _invCm = Vector512.Create(1.0 / k.Membrane.CmUFPerCm2);
            _dt = Vector512.Create(k.DtMs);
            _phi = k.RateScale;
        }

        public static Lanes Create(in KernelConstants k) => new(k);

        // v: C dv/dt = −(G_ion + Σg_axial)·v + (G_ion·E_eff + I_stim + Σg_axial·v_nb), solved exactly over dt at frozen
        // gates; gates: x∞ + (x − x∞)·exp(−(α+β)·dt) (RushLarsen.Linear and RushLarsen.Gate, lane by lane).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector512<double> V, Vector512<double> M, Vector512<double> H, Vector512<double> N) Compute(
            Vector512<double> v, Vector512<double> vPrevious, Vector512<double> vNext,
            Vector512<double> hasPrevious, Vector512<double> hasNext,
            Vector512<double> m, Vector512<double> h, Vector512<double> n, Vector512<double> stim)
        {
            var zero = Vector512<double>.Zero;
            var one = Vector512<double>.One;
            var neighbourSum = Vector512.ConditionalSelect(hasPrevious, vPrevious, zero) + Vector512.ConditionalSelect(hasNext, vNext, zero);
            var neighbours = Vector512.ConditionalSelect(hasPrevious, one, zero) + Vector512.ConditionalSelect(hasNext, one, zero);
            var gNa = _gNa * (m * m * m) * h;
            var n2 = n * n;
            var gK = _gK * (n2 * n2);
            var g = gNa + gK + _gL;
            var gE = gNa * _eNa + gK * _eK + _gLEL;
            var a = -(g + neighbours * _gAxial) * _invCm;
            var b = (gE + stim + _gAxial * neighbourSum) * _invCm;
            var ratio = b / a;
            var vNew = Vector512.ConditionalSelect(Vector512.Equals(a, zero),
                v + b * _dt, -ratio + (v + ratio) * ExpVector.Exp(a * _dt));
            var r = RatesVector.At(v, _phi);
            return (vNew, GateVector.Advance(m, r.AlphaM, r.BetaM, _dt), GateVector.Advance(h, r.AlphaH, r.BetaH, _dt),
                GateVector.Advance(n, r.AlphaN, r.BetaN, _dt));
        }
    }
}
