namespace HHFunctional.Core.Morphology;

/// <summary>
/// One problem in a morphology's input, as a value: where it is (file and line, or file and JSON path), which rule it
/// breaks and what was found. <see cref="ToString"/> gives the one-line message the tool prints.
/// </summary>
/// <param name="Source">the file name (or <c>builder</c> for the C# builder).</param>
/// <param name="Line">1-based line of the file; 0 when the problem has no single line (an empty file, a JSON path).</param>
/// <param name="Path">JSON path (<c>$.sections[2].parent</c>) or the builder's section; empty for SWC.</param>
/// <param name="Rule">the rule's short name, stable for scripts: <c>parent-missing</c>, <c>parent-after-child</c>,
/// <c>cycle</c>, <c>duplicate-id</c>, <c>radius-not-positive</c>, <c>diameter-not-positive</c>, <c>not-a-number</c>, <c>column-count</c>,
/// <c>several-roots</c>, <c>no-root</c>, <c>empty</c>, <c>not-an-integer</c>, <c>json</c>, <c>field</c>,
/// <c>duplicate-name</c>, <c>unknown-parent</c>, <c>parent-x</c>, <c>geometry</c>.</param>
/// <param name="Detail">what was found and what is expected.</param>
public sealed record MorphologyError(string Source, int Line, string Path, string Rule, string Detail)
{
    /// <summary><c>file:line: rule: detail</c> (SWC) or <c>file: $.path: rule: detail</c> (JSON, builder).</summary>
    public override string ToString()
    {
        string where = Line > 0 ? $"{Source}:{Line}" : Source;
        if (Path.Length > 0) where += $": {Path}";
        return $"{where}: {Rule}: {Detail}";
    }
}
