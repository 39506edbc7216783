using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Integrators;

/// <summary>
/// NEURON's implicit fixed step as one θ-method: backward Euler (θ = 1, NEURON's default secondorder = 0) and
/// Crank–Nicolson (θ = ½, secondorder = 2, gates staggered half a step ahead of v). Unconditionally stable in v.
/// </summary>
/// <remarks>
/// <para>At fixed gates the HH currents are linear in v: I_ion = G·v − G·E_eff. One backward-Euler sub-step of length
/// h = θ·dt for v* = v + Δ, C (v* − v)/h = I_stim − G v* + G·E_eff + g Σ_nb (v*_nb − v*), written for the increment Δ as
/// NEURON does (the right-hand side is the net current at the old v):</para>
/// <para>(C/h + G + n_c·g) Δ_c − g Δ_{c−1} − g Δ_{c+1} = I_stim,c − I_ion,c(v) + g Σ_nb (v_nb − v_c),</para>
/// <para>with n_c ∈ {0, 1, 2} neighbours (sealed ends) and g the axial conductance per unit area (physical: d/(4·Ra·Δx²);
/// seed mode: the seed's effective dt/b_r), solved by Hines elimination (<see cref="Hines"/>). Then v' = v + Δ/θ (for
/// Crank–Nicolson v' = 2·v_{k−½} − v_{k−1}: the trapezoidal rule for this linear equation, NEURON's v += 2Δ), and each gate
/// advances by Rush–Larsen with its rates at v'.</para>
/// <para>When each quantity lives. Backward Euler: state k holds v and the gates at t_k = k·dt. Crank–Nicolson: v at t_k
/// and the gates at t_k + dt/2, so the gates used to linearise are at the step's midpoint and the gates' own step from
/// t_k − dt/2 to t_k + dt/2 takes its rates at v_k, its midpoint (the initial state's gates are taken as those at dt/2:
/// exact at rest, an O(dt) start-up error otherwise, as in NEURON). Update k sees I_stim at t = k·dt, on for
/// start &lt; t ≤ end (for pulses whose edges lie on the time grid, the value at the step's midpoint).</para>
/// </remarks>
public static class ThetaMethod
{
    /// <summary>θ of an implicit integrator: 1 for backward Euler, ½ for Crank–Nicolson.</summary>
    public static double ThetaOf(IntegratorKind kind) => kind switch
    {
        IntegratorKind.BackwardEuler => 1.0,
        IntegratorKind.CrankNicolson => 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "kind: expected IntegratorKind.BackwardEuler or IntegratorKind.CrankNicolson"),
    };

    /// <summary>One implicit update of the whole group (the spec's integrator: backward Euler or Crank–Nicolson); pure.</summary>
    public static State Step(SimulationSpec spec, State state) => spec.Parameters.Integrator == IntegratorKind.BackwardEuler
        ? SingleStep.Apply<Scheme<BackwardEulerTheta>>(spec, state)
        : SingleStep.Apply<Scheme<CrankNicolsonTheta>>(spec, state);

    /// <summary>θ as a type, so each scheme's constants fold into its compiled loops.</summary>
    internal interface ITheta
    {
        static abstract double Theta { get; }
    }

    internal readonly struct BackwardEulerTheta : ITheta
    {
        public static double Theta => 1.0;
    }

    internal readonly struct CrankNicolsonTheta : ITheta
    {
        public static double Theta => 0.5;
    }

    /// <summary>The three phases: the rows of the system, the solve, the new v and gates.</summary>
    internal readonly struct Scheme<TTheta> : IScheme where TTheta : ITheta
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool Advance<T>(KernelConstants k, GroupBuffers b) where T : struct, ILane<T>
        {
            var c = new StepLanes<T>(k);
            int size = b.Size, stride = b.Neurons, end = b.EndFor(T.Count), offset = b.Offset;
            var capacitance = T.Broadcast(k.Membrane.CmUFPerCm2 / (k.DtMs * TTheta.Theta));
            var zero = T.Broadcast(0.0);
            var channels = new ChunkChannels<T>(b);
            var cmOverStep = b.CmOver(k.DtMs * TTheta.Theta);

            int wholeNeurons = stride / T.Count * T.Count;

            // Phase 1, chunk by chunk: each channel linearised at the old gates (a loop per channel; a channel without
            // gates and with g value by value from GroupBuffers.ConstantSums, made once), then every row.
            var rows = new RowArrays(b, cmOverStep, b.ConstantSums());
            var linearisedChunks = b.LinearisedChunks;
            var stimulatedChunks = b.StimulatedChunks;
            for (int lo = 0; lo < end; lo += GroupBuffers.ChunkSize)
            {
                int hi = Math.Min(lo + GroupBuffers.ChunkSize, end);
                // Where no such channel is present the sums are 0 (what the cleared buffers would hold: the same bits).
                bool linearised = linearisedChunks[lo / GroupBuffers.ChunkSize];
                // Only the stimulated compartments' values can hold a current (GroupRun writes no other).
                bool stimulated = stimulatedChunks[lo / GroupBuffers.ChunkSize];
                if (linearised)
                {
                    b.ClearLinearised(hi - lo);
                    for (int p = 0; p < c.Passes.Length; p++)
                        if (!b.InConstantSums[p] && p < b.ConstantTail) c.Passes[p].Run<RowsMode>(b, lo, hi, size, b.V, c.Channels, k.DtMs);
                }
                for (int i = lo; i < hi; i += T.Count)
                {
                    nuint x = (nuint)(offset + i), j = (nuint)(i - lo);
                    var (gIon, gE) = linearised ? channels.Linearised(j) : channels.WithConstantTail((zero, zero));
                    if (rows.HasConstantSums)
                    {
                        gIon += T.Load(ref rows.ConstantG, x);
                        gE += T.Load(ref rows.ConstantGE, x);
                    }
                    Row<T, TTheta>(c, rows, capacitance, stimulated ? T.Load(ref rows.Stim, x) : zero, gIon, gE, i, x, stride, size);
                }
            }

            // Synapses: conductances frozen over the update, implicit in v (NEURON's point processes), added to the rows of
            // their sites only (a few values of many: reading two group-sized arrays in every row cost more).
            if (b.PointSites is { } sites) PointRows(b, sites);

            // Phase 2: the tree solve, whole lanes of neurons at once, the neurons left over one at a time (same operations).
            // A branched cell's axial currents join its rows in the elimination (a chain's came from its neighbours in Row).
            if (k.Tree is not null)
            {
                if (wholeNeurons > 0) Hines.SolveWithAxialCurrents<T>(k.Cable, b.Diagonal, b.Rhs, b.V, b.Offset, stride, 0, wholeNeurons);
                if (wholeNeurons < stride) Hines.SolveWithAxialCurrents<ScalarLane>(k.Cable, b.Diagonal, b.Rhs, b.V, b.Offset, stride, wholeNeurons, stride);
            }
            else
            {
                if (wholeNeurons > 0) Hines.Solve<T>(k.Cable, b.Diagonal, b.Rhs, b.Offset, stride, 0, wholeNeurons);
                if (wholeNeurons < stride) Hines.Solve<ScalarLane>(k.Cable, b.Diagonal, b.Rhs, b.Offset, stride, wholeNeurons, stride);
            }

            // Phase 3, chunk by chunk: v' = v + Δ/θ, then every channel's gates by Rush–Larsen at v'.
            ref double v = ref MemoryMarshal.GetArrayDataReference(b.V);
            ref double r = ref MemoryMarshal.GetArrayDataReference(b.Rhs);
            ref double v1 = ref MemoryMarshal.GetArrayDataReference(b.V1);
            var factor = T.Broadcast(1.0 / TTheta.Theta);
            bool bad = false;
            for (int lo = 0; lo < end; lo += GroupBuffers.ChunkSize)
            {
                int hi = Math.Min(lo + GroupBuffers.ChunkSize, end);
                // The mask is the chunk's own: one carried across the channels' calls lived on the stack, each value
                // waiting for the previous one's store.
                var badV = zero;
                for (int i = lo; i < hi; i += T.Count)
                {
                    nuint x = (nuint)(offset + i);
                    var vNew = T.Load(ref v, x) + factor * T.Load(ref r, x);
                    T.Store(vNew, ref v1, x);
                    badV = T.Or(badV, BlowUpRule.InGroup(T.BadVoltage(vNew), i, size));
                }
                bad |= T.Any(badV);
                for (int p = 0; p < c.Passes.Length; p++) bad |= c.Passes[p].Run<GatesMode>(b, lo, hi, size, b.V1, c.Channels, k.DtMs);
            }
            return bad;
        }

        // G_syn joins the diagonal and I_syn = G_syn·v − G_syn·E_syn the right-hand side, as for a channel in Row.
        private static void PointRows(GroupBuffers b, int[] sites)
        {
            double[] g = b.PointG!, ge = b.PointGE!, v = b.V, diagonal = b.Diagonal, rhs = b.Rhs;
            foreach (int x in sites)
            {
                diagonal[x] += g[x];
                rhs[x] += ge[x] - g[x] * v[x];
            }
        }

        /// <summary>The arrays the rows read and write, their references taken once per update (in the loop the JIT would
        /// reload each array from the buffers object at every value, since the stores might have changed it).</summary>
        private readonly ref struct RowArrays
        {
            public readonly ref double V;
            public readonly ref double Diagonal;
            public readonly ref double Rhs;
            public readonly ref double Stim;
            public readonly ref double CmOverStep;
            public readonly ref double AxialDiagonal;
            public readonly ref double ConstantG;
            public readonly ref double ConstantGE;
            public readonly bool HasLocalCm, IsTree, HasConstantSums;

            public RowArrays(GroupBuffers b, double[]? cmOverStep, (double[] G, double[] GE)? constantSums)
            {
                HasConstantSums = constantSums is not null;
                ConstantG = ref HasConstantSums ? ref MemoryMarshal.GetArrayDataReference(constantSums!.Value.G) : ref Unsafe.NullRef<double>();
                ConstantGE = ref HasConstantSums ? ref MemoryMarshal.GetArrayDataReference(constantSums!.Value.GE) : ref Unsafe.NullRef<double>();
                V = ref MemoryMarshal.GetArrayDataReference(b.V);
                Diagonal = ref MemoryMarshal.GetArrayDataReference(b.Diagonal);
                Rhs = ref MemoryMarshal.GetArrayDataReference(b.Rhs);
                Stim = ref MemoryMarshal.GetArrayDataReference(b.Stim);
                HasLocalCm = cmOverStep is not null;
                CmOverStep = ref HasLocalCm ? ref MemoryMarshal.GetArrayDataReference(cmOverStep!) : ref Unsafe.NullRef<double>();
                IsTree = b.AxialDiagonal is not null;
                AxialDiagonal = ref IsTree ? ref MemoryMarshal.GetArrayDataReference(b.AxialDiagonal!) : ref Unsafe.NullRef<double>();
            }
        }

        // Diagonal C/h + G + Σg_axial and right-hand side I_stim + G·E − G·v (+ a chain's axial current; a tree's joins in
        // the elimination) of the rows at i.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Row<T, TTh>(in StepLanes<T> c, in RowArrays a, T capacitance, T stim, T gIon, T gE, int i, nuint x, int stride, int size)
            where T : struct, ILane<T> where TTh : ITheta
        {
            if (a.HasLocalCm) capacitance = T.Load(ref a.CmOverStep, x);
            if (a.IsTree)
            {
                var vk = T.Load(ref a.V, x);
                T.Store(capacitance + gIon + T.Load(ref a.AxialDiagonal, x), ref a.Diagonal, x);
                T.Store(stim + gE - gIon * vk, ref a.Rhs, x); // the axial current joins in the elimination (phase 2)
                return;
            }
            var zero = T.Broadcast(0.0);
            var one = T.Broadcast(1.0);
            var g = c.Coupling.G;
            var hasPrevious = T.IndexIn(i, stride, int.MaxValue);
            var hasNext = T.IndexIn(i, 0, size - stride);
            var vi = T.Load(ref a.V, x);
            var axial = zero;
            axial = T.Select(hasPrevious, axial + g * (T.Load(ref a.V, x - (nuint)stride) - vi), axial);
            axial = T.Select(hasNext, axial + g * (T.Load(ref a.V, x + (nuint)stride) - vi), axial);
            var neighbours = T.Select(hasPrevious, one, zero) + T.Select(hasNext, one, zero);
            T.Store(capacitance + gIon + neighbours * g, ref a.Diagonal, x);
            T.Store(stim + gE - gIon * vi + axial, ref a.Rhs, x);
        }
    }
}
