using HHFunctional.Core.Morphology;
using MorphologyTree = HHFunctional.Core.Morphology.Morphology;

namespace HHFunctional.Shell;

/// <summary>
/// Reads a morphology file for <c>hhf morphology</c>, <c>hhf run --morphology</c> and <c>hhf bench --morphology</c>: SWC
/// (<c>.swc</c>) as NEURON 8.2's Import3d reads it, or the JSON form (<c>.json</c>; a file with neither ending is JSON when
/// it starts with <c>{</c>). Every problem is one line naming the file, the line (or JSON path) and the rule.
/// </summary>
internal static class MorphologyFile
{
    /// <summary>Largest morphology file read: 256 MiB (a traced cell is a few MB).</summary>
    public const int MaxFileBytes = 256 << 20;

    /// <summary>The morphology, or every problem (nothing is thrown for bad input).</summary>
    public static (MorphologyTree? Morphology, List<string> Problems) Read(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path)) return (null, [$"{path}: is a folder, expected a morphology file (.swc or .json)"]);
            if (!File.Exists(path)) return (null, [$"{path}: file not found, expected a morphology file (.swc or .json)"]);
            var (bytes, tooLong) = BoundedRead.ReadAllBytes(path, MaxFileBytes);
            if (bytes is null) return (null, [$"{path}: {tooLong?.Replace("a JSON file", "a morphology file")}"]);
            if (RunConfig.InvalidUtf8At(bytes) is { } at) return (null, [$"{path}: not valid UTF-8 at byte {at + 1}; save the file as UTF-8"]);
            text = new System.Text.UTF8Encoding(false).GetString(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, [$"{path}: cannot read the file: {e.Message.ReplaceLineEndings(" ")}"]);
        }
        string name = Path.GetFileName(path);
        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    || (!path.EndsWith(".swc", StringComparison.OrdinalIgnoreCase) && text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{'));
        var read = json ? MorphologyJson.Read(text.TrimStart('\uFEFF'), name) : Swc.Read(text, name);
        return read.Match(
            Succ: m => ((MorphologyTree?)m, new List<string>()),
            Fail: errors => ((MorphologyTree?)null, errors.Map(e => e.ToString()).ToList()));
    }
}
