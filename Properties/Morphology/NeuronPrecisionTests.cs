using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Morphology;

/// <summary>
/// NEURON's numbers: %.8g then float32 (instantiate → pt3dadd). Oracle: C's printf("%.8g") as Python prints it
/// (glibc and Python round the exact binary value half to even), then the nearest float32.
/// </summary>
public class NeuronPrecisionTests
{
    [Theory]
    [InlineData(1000.00006103515625, "1000.0001")]   // float32(1000.00006): %.8g drops a digit float32 kept
    [InlineData(1234567.25, "1234567.2")]            // an exact tie at the 8th digit: half to even
    [InlineData(1234567.75, "1234567.8")]
    [InlineData(0.5000000149011612, "0.50000001")]
    [InlineData(3.3333332538604736, "3.3333333")]
    [InlineData(-0.30000001192092896, "-0.30000001")]
    [InlineData(1e-7, "1e-07")]
    public void Pt3dAddRoundsLikePrintfThenFloat32(double value, string printf)
    {
        double expected = (float)double.Parse(printf, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Import3d.Pt3dAdd(value));
    }
}
