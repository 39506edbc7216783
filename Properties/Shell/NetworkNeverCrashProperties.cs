using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HHFunctional.Properties.Network;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>
/// Whatever a network file holds, <c>hhf network</c> answers with an exit code and messages, never an internal error:
/// the ring's file (and the two-population example) with 1–3 of its values replaced by odd ones (wrong types, zero,
/// negatives, huge numbers, names of other things, empty containers) is run, refused, or blows up; a refusal says what
/// is wrong and writes nothing.
/// </summary>
public class NetworkNeverCrashProperties
{
    private static readonly JsonNode?[] OddValues =
    [
        null, 0, -1, 1, 2.5, 1e308, -1e308, 4, 1000000000, "", "x", "soma(0.5)", "dend[0](1)", "ring", "exc", "ring-cell", "all-to-all",
        "list", true, new JsonArray(), new JsonObject(), new JsonArray(0, 3), new JsonObject { ["kind"] = "fixed-in-degree", ["k"] = 2, ["seed"] = 1 },
    ];

    /// <summary>Every path to a value in the tree (objects' members and arrays' items), depth first.</summary>
    private static List<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        var slots = new List<(JsonNode, string?, int)>();
        if (node is JsonObject o)
            foreach (var (key, child) in o.ToList())
            {
                slots.Add((o, key, -1));
                if (child is not null) slots.AddRange(Slots(child));
            }
        else if (node is JsonArray a)
            for (int i = 0; i < a.Count; i++)
            {
                slots.Add((a, null, i));
                if (a[i] is { } child) slots.AddRange(Slots(child));
            }
        return slots;
    }

    private static string Mutated(string text, int[] picks, int[] values)
    {
        var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        for (int m = 0; m < picks.Length; m++)
        {
            var slots = Slots(root);
            var (parent, key, index) = slots[picks[m] % slots.Count];
            var value = OddValues[values[m] % OddValues.Length]?.DeepClone();
            if (key is not null) parent.AsObject()[key] = value;
            else parent.AsArray()[index] = value;
        }
        return root.ToJsonString();
    }

    [Property(MaxTest = 200)]
    public Property OddNetworkFilesNeverCrashAndRefusalsWriteNothing(bool two, NonEmptyArray<PositiveInt> picks, NonEmptyArray<PositiveInt> values)
    {
        using var box = new Sandbox();
        string dir = Path.GetDirectoryName(NetworkCommandTests.RingFile)!;
        foreach (var f in new[] { "ring_cell.json", "ring4.csv" }) File.Copy(Path.Combine(dir, f), box[f]);
        int n = Math.Min(3, Math.Min(picks.Get.Length, values.Get.Length));
        string text = Mutated(two ? NetworkCommandTests.TwoPopulations : File.ReadAllText(NetworkCommandTests.RingFile),
            picks.Get.Take(n).Select(p => p.Get).ToArray(), values.Get.Take(n).Select(v => v.Get).ToArray());
        string file = box.Write("net.json", text);
        var before = box.Entries();
        // Short runs: the property is about answers, not physics.
        var r = box.Run("network", file, "--out", box["out"], "--no-report", "--t-stop-ms", "2", "--threads", "1");
        bool noCrash = !r.Stderr.Contains(Cli.InternalErrorPrefix, StringComparison.Ordinal) && !r.Stderr.Contains("   at ", StringComparison.Ordinal);
        bool known = r.Code is ExitCode.Ok or ExitCode.BadInput or ExitCode.RunFailed;
        bool refusalExplained = r.Code != ExitCode.BadInput || (r.Stderr.Contains("error: ", StringComparison.Ordinal) && before.SequenceEqual(box.Entries()));
        bool failureIsBlowUp = r.Code != ExitCode.RunFailed || r.Stderr.Contains("numerical blow-up", StringComparison.Ordinal);
        return noCrash.Label("no internal error").And(known.Label($"exit 0, 1 or 2 (got {r.Code})"))
            .And(refusalExplained.Label("exit 2 explains and writes nothing")).And(failureIsBlowUp.Label("exit 1 is a blow-up"))
            .Label(text).Label(r.ToString())
            .Classify(r.Code == ExitCode.Ok, "ran").Classify(r.Code == ExitCode.BadInput, "refused");
    }
}
