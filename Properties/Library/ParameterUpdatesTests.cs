using System.Reflection;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Library;

/// <summary>Each With… method (for F#'s copy-and-update) equals C#'s <c>with</c> on that one member, and changes nothing else.</summary>
public class ParameterUpdatesTests
{
    private static object Sample(Type type) => type switch
    {
        _ when type == typeof(SimulationParameters) => Presets.Hh1952,
        _ when type == typeof(Membrane) => Membrane.Seed with { TemperatureC = 18.5 },
        _ when type == typeof(PhysicalCable) => new PhysicalCable(476, 50_000, 35.4),
        _ when type == typeof(RecordingSelection) => new RecordingSelection(new[] { StateVariable.V }, new[] { 1, 2 }, 1, 3),
        _ => throw new InvalidOperationException(type.Name),
    };

    private static object NewValue(Type type) => type switch
    {
        _ when type == typeof(double) => 12.25,
        _ when type == typeof(int) => 7,
        _ when type == typeof(long) => 7L,
        _ when type == typeof(IntegratorKind) => IntegratorKind.BackwardEuler,
        _ when type == typeof(Membrane) => Membrane.Seed with { GLMSPerCm2 = 0.5 },
        _ when type == typeof(Cable) => new SeedCoupling(0.3),
        _ when type == typeof(Stimulus) => Stimulus.Step(1, 2, 3),
        _ when type == typeof(InitialConditions) => InitialConditions.Zero,
        _ when type == typeof(IReadOnlyList<Channel>) => new[] { Channels.Passive(0.1, -65) },
        _ => throw new InvalidOperationException(type.Name),
    };

    [Fact]
    public void EachWithChangesItsMemberOnly()
    {
        var methods = typeof(ParameterUpdates).GetMethods(BindingFlags.Public | BindingFlags.Static);
        Assert.True(methods.Length >= 22, $"{methods.Length} With… methods");
        foreach (var method in methods)
        {
            var (recordType, valueType) = (method.GetParameters()[0].ParameterType, method.GetParameters()[1].ParameterType);
            object original = Sample(recordType), value = NewValue(valueType);
            object updated = method.Invoke(null, new[] { original, value })!;
            string member = method.Name["With".Length..];
            foreach (var property in recordType.GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.CanWrite))
            {
                object? before = property.GetValue(original), after = property.GetValue(updated);
                if (property.Name == member) Assert.Equal(value, after);
                else Assert.Equal(before, after);
            }
            Assert.Contains(recordType.GetProperties(), p => p.Name == member);
        }
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => ((SimulationParameters)null!).WithDtMs(1)).ParamName);
    }
}
