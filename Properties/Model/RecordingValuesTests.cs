using HHFunctional.Core;
using HHFunctional.Core.Analysis;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Model;

/// <summary>Recording.Values is the row-major matrix Column and the indexer read from: same numbers, documented layout.</summary>
public sealed class RecordingValuesTests
{
    [Fact]
    public void ValuesAreRowMajorAndAgreeWithColumnAndIndexer()
    {
        var spec = SimulationSpec.Validate(new SimulationParameters { Compartments = 5, Iterations = 300 })
            .Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        // Compartments out of order and a recording step, so the layout is not the model's own.
        var selection = new RecordingSelection(new[] { StateVariable.V, StateVariable.H }, new[] { 4, 0, 2 }, Every: 7);
        var recording = Simulation.RunRecorded(spec, selection);
        foreach (var variable in selection.Variables)
        {
            var values = recording.Values(variable).ToArray();
            Assert.Equal(recording.Rows * 3, values.Length);
            for (int col = 0; col < 3; col++)
            {
                var column = recording.Column(variable, col);
                for (int r = 0; r < recording.Rows; r++)
                {
                    Assert.Equal(column[r], values[r * 3 + col]);
                    Assert.Equal(recording[variable, r, col], values[r * 3 + col]);
                }
            }
        }
        // A variable not recorded is an argument error naming it (issue 18), not a KeyNotFoundException.
        Assert.Equal("variable", Assert.Throws<ArgumentException>(() => recording.Values(StateVariable.M).Length).ParamName);
    }

    [Fact]
    public void SpikeTimesReadInPlaceEqualThoseOfACopiedColumn()
    {
        // The seed run: a spike wave passes every compartment; selection out of order, so the stride is not trivial.
        var spec = SimulationSpec.Validate(new SimulationParameters())
            .Match(Succ: s => s, Fail: e => throw new InvalidOperationException(string.Join("; ", e)));
        var recording = Simulation.RunRecorded(spec, new RecordingSelection(new[] { StateVariable.V }, new[] { 19, 0, 7 }));
        for (int col = 0; col < 3; col++)
        {
            var inPlace = Spikes.TimesMs(recording, col);
            Assert.NotEmpty(inPlace);
            Assert.Equal(Spikes.TimesMs(recording.TimesMs, recording.Column(StateVariable.V, col)), inPlace);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Spikes.TimesMs(recording, 3));
    }
}
