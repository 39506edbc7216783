using System.Globalization;
using System.Text;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// The CSV contract (README): DIR/{v,m,h,n}.csv, header <c>t_ms,c0,c5,…</c> naming the recorded compartments, one row per
/// recorded update (the first is the state after update K for --record-every K), shortest round-trip numbers, invariant culture.
/// </summary>
internal static class Csv
{
    public static string FileName(StateVariable variable) => $"{variable.Name()}.csv";

    public static void WriteAll(string dir, Recording recording)
    {
        foreach (var variable in recording.Selection.Variables)
            AtomicFile.Write(Path.Combine(dir, FileName(variable)), s => Write(s, recording, variable));
    }

    public static void Write(Stream stream, Recording recording, StateVariable variable)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write("t_ms");
        foreach (int c in recording.Selection.Compartments) { writer.Write(",c"); writer.Write(c.ToString(CultureInfo.InvariantCulture)); }
        writer.Write('\n');
        int width = recording.Selection.Compartments.Count;
        Span<char> buffer = stackalloc char[32];
        for (int r = 0; r < recording.Rows; r++)
        {
            WriteNumber(writer, recording.TimesMs[r], buffer);
            for (int col = 0; col < width; col++)
            {
                writer.Write(',');
                WriteNumber(writer, recording[variable, r, col], buffer);
            }
            writer.Write('\n');
        }
    }

    // "R"-free shortest round-trip formatting (.NET Core 3.0+ default for double), without allocating a string.
    private static void WriteNumber(StreamWriter writer, double x, Span<char> buffer)
    {
        x.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }
}
