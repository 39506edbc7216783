using System.Globalization;
using System.Text;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>Oracle: .NET's own double.ToString(CultureInfo.InvariantCulture), the CSV contract's number format.</summary>
public class ShortestDoubleTests
{
    private static string Ours(double x)
    {
        Span<byte> buffer = stackalloc byte[ShortestDouble.MaxLength];
        return Encoding.ASCII.GetString(buffer[..ShortestDouble.Format(x, buffer)]);
    }

    private static void Same(double x) => Assert.Equal(x.ToString(CultureInfo.InvariantCulture), Ours(x));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-65.0)]
    [InlineData(0.1)]
    [InlineData(0.030000000000000002)]
    [InlineData(-64.99637945066436)]
    [InlineData(1e-4)]
    [InlineData(1e-5)]
    [InlineData(1.5e-5)]
    [InlineData(123456789012345.0)]
    [InlineData(1e15)]
    [InlineData(1e16)]
    [InlineData(12345678901234567.0)]
    [InlineData(1e21)]
    [InlineData(1e100)]
    [InlineData(double.Epsilon)]
    [InlineData(2.2250738585072014e-308)]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(9007199254740993.0)]
    public void EdgeValuesAsDotNet(double x) => Same(x);

    [Fact]
    public void NegativeZeroAsDotNet() => Same(-0.0);

    // Random bit patterns cover every exponent (subnormals included) and Ryu's rare general case; the other ranges are
    // what the CSVs hold: voltages, gates, times k·dt.
    [Fact]
    public void AgreesWithDotNetOnAMillionValues()
    {
        var random = new Random(4242);
        var failures = new List<string>();
        for (int i = 0; i < 1_000_000 && failures.Count < 10; i++)
        {
            double x = (i % 4) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                1 => -100 + 160 * random.NextDouble(),
                2 => random.NextDouble() * Math.Pow(10, random.Next(-12, 1)),
                _ => random.Next(0, 10_000_000) * 0.01,
            };
            if (double.IsNaN(x)) continue;
            string expected = x.ToString(CultureInfo.InvariantCulture), actual = Ours(x);
            if (expected != actual) failures.Add($"{BitConverter.DoubleToInt64Bits(x):X16}: .NET {expected}, ours {actual}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void ShortIntegersAndPowersOfTenAsDotNet()
    {
        for (int i = -2000; i <= 2000; i++) Same(i);
        for (int e = -324; e <= 308; e++) { Same(Math.Pow(10, e)); Same(3 * Math.Pow(10, e)); }
    }
}
