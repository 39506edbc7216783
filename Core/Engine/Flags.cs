namespace HHFunctional.Core.Engine;

/// <summary>
/// A condition fixed for a whole loop, as a type: the JIT folds <c>TFlag.On</c> when it compiles the loop, so the loop
/// carries no test of it (it does not move such a test out of a loop by itself).
/// </summary>
internal interface IFlag
{
    static abstract bool On { get; }
}

/// <summary>The condition holds.</summary>
internal readonly struct Yes : IFlag
{
    public static bool On => true;
}

/// <summary>The condition does not hold.</summary>
internal readonly struct No : IFlag
{
    public static bool On => false;
}
