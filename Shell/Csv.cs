using System.Globalization;
using System.Runtime.CompilerServices;
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

    /// <summary>Longest number written: sign, 17 digits, point, "E-324" (24 bytes), with room to spare.</summary>
    private const int MaxNumberLength = 32;

    /// <summary>
    /// One variable's CSV, as UTF-8 bytes straight into a buffer (no text encoder): numbers by double's own UTF-8
    /// formatting (shortest round-trip, invariant culture; measured faster here than a hand port of Ryu).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Stream stream, Recording recording, StateVariable variable)
    {
        var header = new StringBuilder("t_ms");
        foreach (int c in recording.Selection.Compartments) header.Append(",c").Append(c);
        header.Append('\n');
        stream.Write(new UTF8Encoding(false).GetBytes(header.ToString()));

        int width = recording.Selection.Compartments.Count;
        int rowMax = (width + 1) * (MaxNumberLength + 1);
        var buffer = new byte[Math.Max(1 << 16, 2 * rowMax)];
        int pos = 0;
        for (int r = 0; r < recording.Rows; r++)
        {
            if (pos + rowMax > buffer.Length)
            {
                stream.Write(buffer, 0, pos);
                pos = 0;
            }
            pos += Number(recording.TimesMs[r], buffer.AsSpan(pos));
            foreach (double x in recording.Row(variable, r))
            {
                buffer[pos++] = (byte)',';
                pos += Number(x, buffer.AsSpan(pos));
            }
            buffer[pos++] = (byte)'\n';
        }
        stream.Write(buffer, 0, pos);
    }

    private static int Number(double x, Span<byte> destination) =>
        x.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture) ? written
            : throw new InvalidOperationException($"a number needs more than {MaxNumberLength} bytes");
}
