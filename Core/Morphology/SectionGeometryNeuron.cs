namespace HHFunctional.Core.Morphology;

/// <summary>
/// A section's shape as NEURON holds it: 3-D points in single precision (struct Pt3d: float x, y, z, d; double arc),
/// arc lengths summed from float32 coordinate differences (treeset.cpp, nrn_pt3dmodified), L = the last arc.
/// A cylinder has no points: L and diam as given.
/// </summary>
internal sealed class NeuronShape
{
    public readonly float[] X = [], Y = [], Z = [], D = [];
    public readonly double[] Arc = [];
    public readonly double LengthUm;
    public readonly double CylinderDiameterUm;

    public int N3d => Arc.Length;

    public NeuronShape(SectionGeometry geometry)
    {
        switch (geometry)
        {
            case Cylinder c:
                LengthUm = c.LengthUm;
                CylinderDiameterUm = c.DiameterUm;
                break;
            case Traced t:
                int n = t.Points.Length;
                (X, Y, Z, D, Arc) = (new float[n], new float[n], new float[n], new float[n], new double[n]);
                for (int i = 0; i < n; i++)
                {
                    var p = t.Points[i];
                    (X[i], Y[i], Z[i], D[i]) = ((float)p.XUm, (float)p.YUm, (float)p.ZUm, (float)p.DiameterUm);
                    if (i == 0) continue;
                    // float - float is a float in C (FLT_EVAL_METHOD 0), then squared in double
                    double t1 = (float)(X[i] - X[i - 1]), t2 = (float)(Y[i] - Y[i - 1]), t3 = (float)(Z[i] - Z[i - 1]);
                    Arc[i] = Arc[i - 1] + Math.Sqrt(t1 * t1 + t2 * t2 + t3 * t3);
                }
                LengthUm = Arc[n - 1];
                break;
            default:
                throw new ArgumentException("a section needs a geometry", nameof(geometry));
        }
        // section_length(): NEURON never lets L be 0
        if (LengthUm <= 1e-9) LengthUm = 1e-9;
    }

    /// <summary>
    /// Area (µm²) of each of <paramref name="nseg"/> segments and the resistances (MΩ) of their left and right halves:
    /// NEURON's nrn_area_ri, with diam_from_list for ≥ 2 points (frusta with the slant, cut at segment boundaries by
    /// linear interpolation of the diameter; a frustum's resistance 4·Ra·Δs / (π·d₁·d₂)).
    /// </summary>
    public (double[] AreaUm2, double[] LeftMOhm, double[] RightMOhm) Segments(int nseg, double raOhmCm)
    {
        var area = new double[nseg];
        var left = new double[nseg];
        var right = new double[nseg];
        if (N3d > 1)
        {
            // diam_from_list: j, x1, y1 carry over from one segment to the next
            int j = 0, npt = N3d;
            double x1 = Arc[0], y1 = Math.Abs((double)D[0]);
            double ds = Arc[npt - 1] / nseg;
            for (int inode = 0; inode < nseg; inode++)
            {
                double si = inode * ds, a = 0;
                for (int ihalf = 0; ihalf < 2; ihalf++)
                {
                    double ri = 0, sip = si + ds / 2.0;
                    for (; ; )
                    {
                        int jp = j + 1, jnext;
                        double xj = Arc[j], xjp = Arc[jp], x2, y2;
                        if (xjp > sip || jp == npt - 1)
                        {
                            double frac = Math.Abs(xjp - xj) < 1e-10 ? 1 : (sip - xj) / (xjp - xj);
                            x2 = sip;
                            y2 = (1.0 - frac) * Math.Abs((double)D[j]) + frac * Math.Abs((double)D[jp]);
                            jnext = j;
                        }
                        else
                        {
                            x2 = xjp;
                            y2 = Math.Abs((double)D[jp]);
                            jnext = jp;
                        }
                        double delta = x2 - x1;
                        if (delta < 1e-15) delta = 1e-15;
                        double temp = y2 * y1 / delta;
                        if (temp == 0) temp = 1e-15;
                        ri += 1 / temp;
                        temp = .5 * (y2 - y1);
                        temp = Math.Sqrt(delta * delta + temp * temp);
                        a += (y2 + y1) * temp;
                        x1 = x2;
                        y1 = y2;
                        if (j == jnext) break;
                        j = jnext;
                    }
                    if (ihalf == 0) left[inode] = ri * raOhmCm / Math.PI * (4.0 * .01);
                    else right[inode] = ri * raOhmCm / Math.PI * (4.0 * .01);
                    si = sip;
                }
                area[inode] = a * .5 * Math.PI;
            }
        }
        else
        {
            double dx = LengthUm / nseg, diam = CylinderDiameterUm;
            for (int k = 0; k < nseg; k++)
            {
                area[k] = Math.PI * diam * dx;
                left[k] = right[k] = 1e-2 * raOhmCm * (dx / 2) / (Math.PI * diam * diam / 4.0);
            }
        }
        return (area, left, right);
    }

    /// <summary>NEURON's lambda_f(f) (stdlib.hoc): the AC length constant, µm, from the 3-D points when there are ≥ 2.</summary>
    public double LambdaUm(double frequencyHz, double raOhmCm, double cmUFPerCm2)
    {
        if (cmUFPerCm2 == 0) return 1e10;
        if (N3d < 2) return 1e5 * Math.Sqrt(CylinderDiameterUm / (4 * Math.PI * frequencyHz * raOhmCm * cmUFPerCm2));
        double x1 = Arc[0], d1 = Math.Abs((double)D[0]), lam = 0;
        for (int i = 1; i < N3d; i++)
        {
            double x2 = Arc[i], d2 = Math.Abs((double)D[i]);
            lam += (x2 - x1) / Math.Sqrt(d1 + d2);
            x1 = x2;
            d1 = d2;
        }
        lam *= Math.Sqrt(2) * 1e-5 * Math.Sqrt(4 * Math.PI * frequencyHz * raOhmCm * cmUFPerCm2);
        return LengthUm / lam;
    }
}
