using HHFunctional.Core.Model;

namespace HHFunctional.Core.Network;

/// <summary>
/// A place on a cell as <see cref="NetworkBuilder"/> takes it: a <see cref="Model.Site"/> or its text, NEURON's
/// <c>SECTION(x)</c> (<c>"soma(0.5)"</c>, <c>"dend[0](1)"</c>). Text is parsed by <see cref="NetworkBuilder.Build"/>, which
/// reports bad text with the field that gave it.
/// </summary>
/// <param name="Text">The site as NEURON writes it.</param>
public readonly record struct SiteRef(string Text)
{
    /// <summary>The site written as text, e.g. <c>"dend[0](0.5)"</c>.</summary>
    public static implicit operator SiteRef(string text) => new(text);

    /// <summary>A parsed site (written back as its text, which parses to the same site).</summary>
    public static implicit operator SiteRef(Site site) => new(site?.ToString()!);

    /// <inheritdoc/>
    public override string ToString() => Text ?? "";
}

/// <summary>
/// The spike times a <see cref="NetworkBuilder.Source"/> sends to each of its target cells: the same explicit or regular
/// train for every cell, a Poisson train per cell (seed + cell index, as the network file's <c>poisson</c>), or a pure
/// function of the cell index. Times in ms.
/// </summary>
public abstract record SpikeTrain
{
    private protected SpikeTrain() { }

    /// <summary>The given times for every cell.</summary>
    /// <param name="TimesMs">Spike times, ms, finite.</param>
    public sealed record Explicit(IReadOnlyList<double> TimesMs) : SpikeTrain;

    /// <summary><see cref="SpikeTimes.Regular"/>(start, interval, end) for every cell (NEURON's NetStim with noise 0).</summary>
    /// <param name="StartMs">First spike, ms.</param>
    /// <param name="IntervalMs">Interval, ms, &gt; 0.</param>
    /// <param name="EndMs">Last time a spike may have, ms; null: the run's end (t-stop).</param>
    public sealed record Regular(double StartMs, double IntervalMs, double? EndMs = null) : SpikeTrain;

    /// <summary><see cref="SpikeTimes.Poisson"/>(rate, start, end, <paramref name="Seed"/> + c) for cell c: independent trains,
    /// the same on every machine.</summary>
    /// <param name="RateHz">Rate, Hz, ≥ 0.</param>
    /// <param name="Seed">The seed of cell 0's train (cell c draws from Seed + c, wrapping).</param>
    /// <param name="StartMs">Start, ms (default 0).</param>
    /// <param name="EndMs">End, ms, ≥ start; null: the run's end (t-stop).</param>
    public sealed record Poisson(double RateHz, ulong Seed, double StartMs = 0, double? EndMs = null) : SpikeTrain;

    /// <summary>Times of your own for each cell: <paramref name="TimesOfCell"/>(c), ms; it must be pure.</summary>
    /// <param name="TimesOfCell">The times of target cell c (its index in the population).</param>
    public sealed record PerCell(Func<int, IReadOnlyList<double>> TimesOfCell) : SpikeTrain;

    /// <summary>The problems with this train (empty when valid), each naming its parameter.</summary>
    internal IEnumerable<FieldProblem> Problems(double tStopMs)
    {
        switch (this)
        {
            case Explicit e when e.TimesMs is null:
                yield return new FieldProblem("TimesMs", "expected a list of times (empty for none), got null");
                break;
            case Explicit e:
                for (int i = 0; i < e.TimesMs.Count; i++)
                    if (!double.IsFinite(e.TimesMs[i])) yield return new FieldProblem($"TimesMs[{i}]", $"expected a finite time, ms, got {e.TimesMs[i]}");
                break;
            case Regular r:
                if (!double.IsFinite(r.StartMs)) yield return new FieldProblem("StartMs", $"expected a finite time, ms, got {r.StartMs}");
                if (!(double.IsFinite(r.IntervalMs) && r.IntervalMs > 0)) yield return new FieldProblem("IntervalMs", $"expected a finite interval > 0 ms, got {r.IntervalMs}");
                if (r.EndMs is { } end && !double.IsFinite(end)) yield return new FieldProblem("EndMs", $"expected a finite time, ms, got {end}");
                else if (double.IsFinite(r.StartMs) && r.IntervalMs > 0 && ((r.EndMs ?? tStopMs) - r.StartMs) / r.IntervalMs > 1e8)
                    yield return new FieldProblem("IntervalMs", $"expected at most 100,000,000 spikes, got {((r.EndMs ?? tStopMs) - r.StartMs) / r.IntervalMs:N0}");
                break;
            case Poisson p:
                if (!(double.IsFinite(p.RateHz) && p.RateHz >= 0)) yield return new FieldProblem("RateHz", $"expected a finite rate ≥ 0 Hz, got {p.RateHz}");
                if (!double.IsFinite(p.StartMs)) yield return new FieldProblem("StartMs", $"expected a finite time, ms, got {p.StartMs}");
                else if (!(double.IsFinite(p.EndMs ?? tStopMs) && (p.EndMs ?? tStopMs) >= p.StartMs))
                    yield return new FieldProblem("EndMs", $"expected a finite time ≥ StartMs ({p.StartMs} ms), got {p.EndMs ?? tStopMs}");
                else if (p.RateHz * ((p.EndMs ?? tStopMs) - p.StartMs) / 1000 > 1e8)
                    yield return new FieldProblem("RateHz", $"expected at most about 100,000,000 spikes per cell, got {p.RateHz * ((p.EndMs ?? tStopMs) - p.StartMs) / 1000:N0}");
                break;
            case PerCell c when c.TimesOfCell is null:
                yield return new FieldProblem("TimesOfCell", "expected a function of the cell index, got null");
                break;
        }
    }

    /// <summary>The times of target cell <paramref name="cell"/> (NOT validated: see <see cref="Problems"/>).</summary>
    internal IReadOnlyList<double> TimesFor(int cell, double tStopMs) => this switch
    {
        Explicit e => e.TimesMs,
        Regular r => SpikeTimes.Regular(r.StartMs, r.IntervalMs, r.EndMs ?? tStopMs),
        Poisson p => SpikeTimes.Poisson(p.RateHz, p.StartMs, p.EndMs ?? tStopMs, unchecked(p.Seed + (ulong)cell)),
        PerCell c => c.TimesOfCell(cell) ?? [],
        _ => throw new ArgumentException($"unknown train {GetType().Name}"),
    };
}
