using System.Globalization;
using System.Net;

namespace HHFunctional.Shell.Report;

/// <summary>Text for the page: invariant-culture numbers and HTML escaping (every piece of text goes through <see cref="Html"/>).</summary>
internal static class Format
{
    /// <summary>Shortest round-trip form, invariant culture ("0.01", "-54.387", "50000").</summary>
    public static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Fixed decimals, invariant culture.</summary>
    public static string Fixed(double x, int decimals) => x.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>Four significant digits, invariant culture (speeds, rates).</summary>
    public static string Significant(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Integer with thousands separators, invariant culture.</summary>
    public static string Count(long x) => x.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>HTML-escaped text (&lt; &gt; &amp; " ' and non-ASCII as character references).</summary>
    public static string Html(string text) => WebUtility.HtmlEncode(text);
}
