using HHFunctional.Core.Morphology;
using MathNet.Numerics.LinearAlgebra.Double;
using static HHFunctional.Properties.Morphology.MorphologyData;

namespace HHFunctional.Properties.Morphology;

/// <summary>
/// The discretised tree as a whole (topology, zero-area end nodes, attachments at soma(0.5), areas and conductances):
/// the DC input and transfer resistances of the passive pyramid, solved densely here, against NEURON 8.2.2's
/// Impedance class at 0 Hz on the same cell (pas 5e-5 S/cm² everywhere, Ra 100 Ω·cm).
/// </summary>
public class PassiveTreeTests
{
    [Theory]
    [InlineData("nseg1")]
    [InlineData("nseg3")]
    [InlineData("dx40")]
    public void DcResistancesEqualNeuronImpedance(string rule)
    {
        var m = ReadSwc("pyramid.swc");
        NsegRule nseg = rule switch { "nseg1" => new NsegRule.Fixed(1), "nseg3" => new NsegRule.Fixed(3), _ => new NsegRule.SegmentLength(40) };
        var t = Tree(m, nseg, ra: 100);
        // G v = I with G in µS, v in mV, I in nA: v per nA injected is a resistance in MΩ
        var g = new DenseMatrix(t.Count, t.Count);
        for (int i = 0; i < t.Count; i++)
        {
            g[i, i] += 5e-5 * t.AreaUm2[i] * 1e-2;   // S/cm² × µm² × 1e-8 cm²/µm² × 1e6 µS/S
            if (t.Parent[i] is int p and >= 0)
            {
                double a = t.AxialConductanceUS[i];
                g[i, i] += a; g[p, p] += a; g[i, p] -= a; g[p, i] -= a;
            }
        }
        var lu = g.LU();
        int soma = t.NodeAt(0, 0.5);
        var fromSoma = lu.Solve(DenseVector.Create(t.Count, k => k == soma ? 1.0 : 0.0));
        var rows = Csv("pyramid_impedance0.csv").Where(r => r["rule"] == rule).ToList();
        Assert.Equal(5, rows.Count);
        foreach (var r in rows)
        {
            string site = r["site"];
            int open = site.IndexOf('(');
            int node = t.NodeAt(m.IndexOf(site[..open])!.Value, D(site[(open + 1)..^1]));
            var here = lu.Solve(DenseVector.Create(t.Count, k => k == node ? 1.0 : 0.0));
            // a dense LU of a well-conditioned 300-node system against NEURON's tree elimination: 1e-10 relative
            Close(D(r["input_megohm"]), here[node], 1e-10, $"input resistance at {site} ({rule})");
            Close(D(r["transfer_from_soma_megohm"]), fromSoma[node], 1e-10, $"transfer resistance soma(0.5) → {site} ({rule})");
        }
    }
}
