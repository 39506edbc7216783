using LanguageExt.Common;

namespace HHFunctional.Core;

/// <summary>
/// One broken rule of a parameter record: the field it concerns, as the API names it (a member such as <c>DtMs</c>, a
/// path such as <c>Stimulus[1].EndMs</c> or <c>Channels[0].EMv</c>), and the rule with the value received.
/// </summary>
/// <param name="Field">The field: a member name or path (no spaces around '.' and '[]').</param>
/// <param name="Rule">What was expected and what was received, e.g. "expected a finite number &gt; 0, got -1".</param>
public sealed record FieldProblem(string Field, string Rule)
{
    /// <summary>"Field: rule", the message form.</summary>
    public string Message => $"{Field}: {Rule}";

    /// <summary>The field and rule of a message in the "Field: rule" form.</summary>
    internal static FieldProblem Parse(string message)
    {
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? new FieldProblem("", message) : new FieldProblem(message[..colon], message[(colon + 2)..]);
    }

    /// <inheritdoc/>
    public override string ToString() => Message;
}

/// <summary>A validation error that carries its <see cref="FieldProblem"/>, so a caller can tell which field failed without reading the text.</summary>
public sealed record FieldError : Expected
{
    /// <summary>The error of one broken rule.</summary>
    public FieldError(FieldProblem problem) : base(problem.Message, 0, default) => Problem = problem;

    /// <summary>Which field, and which rule.</summary>
    public FieldProblem Problem { get; }

    /// <summary>The message, "Field: rule".</summary>
    public override string ToString() => Message;
}
