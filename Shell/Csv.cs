using System.Runtime.CompilerServices;
using System.Text;
using HHFunctional.Core;
using HHFunctional.Core.Model;

namespace HHFunctional.Shell;

/// <summary>
/// The CSV contract (README): DIR/{v,m,h,n}.csv, header <c>t_ms,c0,c5,…</c> naming the recorded compartments (or
/// <c>t_ms,soma(0.5),dend[12](1)</c> naming the recorded sites of a cell), one row per
/// recorded update (the first is the state after update K for --record-every K), shortest round-trip numbers, invariant culture.
/// </summary>
internal static class Csv
{
    public static string FileName(StateVariable variable) => $"{variable.Name()}.csv";

    /// <summary>
    /// One variable's CSV, as UTF-8 bytes straight into a buffer (no text encoder), numbers by <see cref="ShortestDouble"/>
    /// (the same text as double.ToString with the invariant culture, several times faster).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Stream stream, Recording recording, StateVariable variable, IReadOnlyList<string>? columns = null)
    {
        var header = new StringBuilder("t_ms");
        foreach (var name in ColumnNames(recording, columns)) header.Append(',').Append(Field(name));
        header.Append('\n');
        stream.Write(new UTF8Encoding(false).GetBytes(header.ToString()));

        int width = recording.Selection.Compartments.Count;
        int rowMax = (width + 1) * (ShortestDouble.MaxLength + 1);
        var buffer = new byte[Math.Max(1 << 16, 2 * rowMax)];
        int pos = 0;
        for (int r = 0; r < recording.Rows; r++)
        {
            if (pos + rowMax > buffer.Length)
            {
                stream.Write(buffer, 0, pos);
                pos = 0;
            }
            pos += ShortestDouble.Format(recording.TimesMs[r], buffer.AsSpan(pos));
            foreach (double x in recording.Row(variable, r))
            {
                buffer[pos++] = (byte)',';
                pos += ShortestDouble.Format(x, buffer.AsSpan(pos));
            }
            buffer[pos++] = (byte)'\n';
        }
        stream.Write(buffer, 0, pos);
    }

    /// <summary>The name of each recorded column: the given ones (sites), else <c>c</c> and the compartment.</summary>
    public static IReadOnlyList<string> ColumnNames(Recording recording, IReadOnlyList<string>? columns) =>
        columns ?? recording.Selection.Compartments.Select(c => "c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A header field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, quote or line end
    /// (a JSON morphology's section names are free text).</summary>
    public static string Field(string name) =>
        name.AsSpan().IndexOfAny(",\"\r\n") < 0 ? name : "\"" + name.Replace("\"", "\"\"") + "\"";
}
