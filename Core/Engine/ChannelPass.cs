using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HHFunctional.Core.Model;

namespace HHFunctional.Core.Engine;

/// <summary>
/// One channel's loop over a chunk of a group's values, on one lane type (as NEURON's nrn_cur and nrn_state run mechanism
/// by mechanism): <see cref="ChannelElement.Visit{TKinetics, T, TMode, TRates}"/> at each position, the conductance kept for the
/// voltage equation: in the channel's chunk buffer (forward Euler), or added to the chunk's linearised sums (the implicit
/// rows, exponential Euler). One virtual call per channel and chunk.
/// </summary>
internal abstract class ChannelPass
{
    public abstract bool ForwardEuler(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs);
    public abstract bool ExponentialEuler(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs);
    public abstract bool Rows(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs);
    public abstract bool Gates(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs);

    /// <summary>The loop for a mode (the four above in one generic body).</summary>
    public bool Run<TMode>(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs) where TMode : IElementMode =>
        typeof(TMode) == typeof(ForwardEulerMode) ? ForwardEuler(b, lo, hi, size, vAtMv, lanes, dtMs)
        : typeof(TMode) == typeof(ExponentialEulerMode) ? ExponentialEuler(b, lo, hi, size, vAtMv, lanes, dtMs)
        : typeof(TMode) == typeof(RowsMode) ? Rows(b, lo, hi, size, vAtMv, lanes, dtMs)
        : Gates(b, lo, hi, size, vAtMv, lanes, dtMs);
}

/// <summary><see cref="ChannelPass"/> for channel <paramref name="index"/> with kinetics <typeparamref name="TKinetics"/> on lane
/// type <typeparamref name="T"/>, its g and E from <typeparamref name="TValues"/>, its gates' x∞ and decay from <typeparamref name="TRates"/>.</summary>
internal sealed class ChannelPass<TKinetics, T, TValues, TRates>(int index) : ChannelPass
    where TKinetics : struct, IChannelKinetics<TKinetics> where T : struct, ILane<T> where TValues : IValueSource where TRates : IRateSource
{
    private readonly bool _gateless = TKinetics.Gates.Count == 0;

    public override bool ForwardEuler(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs) =>
        Loop<ForwardEulerMode>(b, lo, hi, size, vAtMv, (ChannelLanes<T>)lanes, dtMs);
    public override bool ExponentialEuler(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs) =>
        Loop<ExponentialEulerMode>(b, lo, hi, size, vAtMv, (ChannelLanes<T>)lanes, dtMs);
    public override bool Rows(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs) =>
        Loop<RowsMode>(b, lo, hi, size, vAtMv, (ChannelLanes<T>)lanes, dtMs);
    public override bool Gates(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, object lanes, double dtMs) =>
        Loop<GatesMode>(b, lo, hi, size, vAtMv, (ChannelLanes<T>)lanes, dtMs);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Loop<TMode>(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, ChannelLanes<T> lanes, double dtMs)
        where TMode : IElementMode
    {
        // A channel without gates has nothing to update at the new v.
        if (typeof(TMode) == typeof(GatesMode) && _gateless) return false;
        // Where g = 0 at every value of a vector (hh outside the regions it is inserted in), the channel is not computed,
        // as NEURON runs a mechanism only where it is inserted: its conductance there is 0 and its gates keep their values.
        if (b.ActiveRuns[index] is not { } runs) return Span<TMode>(b, lo, hi, size, vAtMv, lanes, dtMs);
        // Absent everywhere: its conductance buffer was never written (0) and its gates are frozen (GroupBuffers.Commit).
        if (runs.Length == 0) return false;
        bool anyBad = false;
        int at = lo;
        for (int r = 0; r < runs.Length; r += 2)
        {
            int from = Math.Max(runs[r], lo), to = Math.Min(runs[r + 1], hi);
            if (to <= from) continue;
            if (from > at) Idle<TMode>(b, lo, at, from, lanes);
            anyBad |= Span<TMode>(b, from, to, size, vAtMv, lanes, dtMs, lo);
            at = to;
        }
        if (at < hi) Idle<TMode>(b, lo, at, hi, lanes);
        return anyBad;
    }

    // Values [from, to) of the chunk starting at lo where the channel is absent: no conductance, gates unchanged (both
    // gate buffers hold their values from the start: GroupBuffers copies them once).
    // (The linearised modes add nothing there: a channel that is absent adds no conductance.)
    private void Idle<TMode>(GroupBuffers b, int lo, int from, int to, ChannelLanes<T> lanes) where TMode : IElementMode
    {
        if (typeof(TMode) == typeof(ForwardEulerMode)) b.Conductance.AsSpan(index * GroupBuffers.ChunkSize + from - lo, to - from).Clear();
    }

    /// <summary>The channel over values [lo, hi) of the chunk that starts at <paramref name="chunkStart"/> (default lo).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Span<TMode>(GroupBuffers b, int lo, int hi, int size, double[] vAtMv, ChannelLanes<T> lanes, double dtMs, int chunkStart = -1)
        where TMode : IElementMode
    {
        if (chunkStart < 0) chunkStart = lo;
        ref double v = ref MemoryMarshal.GetArrayDataReference(vAtMv);
        ref double g = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b.Conductance), index * GroupBuffers.ChunkSize);
        bool local = typeof(TValues) == typeof(LocalValueArrays);
        ref double gMaxAt = ref local ? ref MemoryMarshal.GetArrayDataReference(b.GMax[index]!) : ref g;
        ref double eAt = ref local && b.E[index] is { } e ? ref MemoryMarshal.GetArrayDataReference(e) : ref g;
        ref double eChunk = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b.ChunkE), index * GroupBuffers.ChunkSize);
        bool localE = local && b.E[index] is not null;
        var gMaxUniform = local ? default : lanes.GMax[index];
        var dt = T.Broadcast(dtMs);
        var zero = T.Broadcast(0.0);
        var bad = zero;
        // v is read except for the implicit rows (linearised: no rates, no driving force); the gates' own update at the
        // new v keeps no conductance.
        bool readV = typeof(TMode) != typeof(RowsMode);
        // The linearised modes add g and g·E to the chunk's sums (GroupBuffers.LinearisedG); forward Euler keeps g per channel.
        bool linearised = typeof(TMode) == typeof(RowsMode) || typeof(TMode) == typeof(ExponentialEulerMode);
        ref double sumG = ref MemoryMarshal.GetArrayDataReference(b.LinearisedG);
        ref double sumGE = ref MemoryMarshal.GetArrayDataReference(b.LinearisedGE);
        var eUniform = lanes.E[index];
        for (int i = lo; i < hi; i += T.Count)
        {
            nuint x = (nuint)(b.Offset + i);
            var elementBad = zero;
            var gMax = local ? T.Load(ref gMaxAt, x) : gMaxUniform;
            var conductance = ChannelElement.Visit<TKinetics, T, TMode, TRates>(lanes, index, b, x, readV ? T.Load(ref v, x) : zero, dt, gMax, ref elementBad);
            nuint j = (nuint)(i - chunkStart);
            if (linearised)
            {
                var (sumAfterG, sumAfterGE) = ChannelMath.AddLinearised((T.Load(ref sumG, j), T.Load(ref sumGE, j)), conductance,
                    localE ? T.Load(ref eAt, x) : eUniform);
                T.Store(sumAfterG, ref sumG, j);
                T.Store(sumAfterGE, ref sumGE, j);
            }
            else if (typeof(TMode) == typeof(ForwardEulerMode))
            {
                T.Store(conductance, ref g, j);
                if (localE) T.Store(T.Load(ref eAt, x), ref eChunk, j);
            }
            if (typeof(TMode) != typeof(RowsMode)) bad = T.Or(bad, BlowUpRule.InGroup(elementBad, i, size));
        }
        return T.Any(bad);
    }
}
