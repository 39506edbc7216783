using System.Globalization;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary>The CSV contract of the README: files, header, first row, columns, number format.</summary>
public sealed class CsvContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hhf-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter(); var stderr = new StringWriter();
        int exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[][] Read(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(',')).ToArray();

    [Fact]
    public void WritesFourFilesWithTimeAndEveryCompartment()
    {
        var (exit, _, err) = Run("run", "--iterations", "30", "--compartments", "3", "--csv", Path.Combine(_dir, "csv"), "--out", Path.Combine(_dir, "r.html"));
        Assert.True(exit == 0, err);
        foreach (var name in new[] { "v", "m", "h", "n" })
        {
            var rows = Read(Path.Combine(_dir, "csv", name + ".csv"));
            Assert.Equal(new[] { "t_ms", "c0", "c1", "c2" }, rows[0]);
            Assert.Equal(31, rows.Length);
            // The first row is the state after the first update: t = 1·dt.
            Assert.Equal("0.01", rows[1][0]);
            Assert.All(rows.Skip(1), r => Assert.Equal(4, r.Length));
        }
        // Seed start, first update of a resting-ish compartment: v moves from −65 mV by a small amount.
        double v0 = double.Parse(Read(Path.Combine(_dir, "csv", "v.csv"))[1][1], CultureInfo.InvariantCulture);
        Assert.InRange(v0, -65.1, -64.9);
    }

    [Fact]
    public void RecordEveryCompartmentsAndVarsSelectRowsColumnsAndFiles()
    {
        string csv = Path.Combine(_dir, "sel");
        var (exit, _, err) = Run("run", "--iterations", "100", "--compartments", "20", "--record-every", "10",
            "--record-compartments", "0,5,10-12", "--record-vars", "v,m", "--csv", csv, "--out", Path.Combine(_dir, "r.html"));
        Assert.True(exit == 0, err);
        Assert.True(File.Exists(Path.Combine(csv, "v.csv")) && File.Exists(Path.Combine(csv, "m.csv")));
        Assert.False(File.Exists(Path.Combine(csv, "h.csv")) || File.Exists(Path.Combine(csv, "n.csv")));
        var rows = Read(Path.Combine(csv, "v.csv"));
        Assert.Equal(new[] { "t_ms", "c0", "c5", "c10", "c11", "c12" }, rows[0]);
        Assert.Equal(11, rows.Length);
        Assert.Equal(0.1, double.Parse(rows[1][0], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void NumbersRoundTripInTheInvariantCulture()
    {
        string csv = Path.Combine(_dir, "rt");
        Assert.Equal(0, Run("run", "--iterations", "5", "--compartments", "2", "--csv", csv, "--out", Path.Combine(_dir, "r.html")).Exit);
        foreach (var row in Read(Path.Combine(csv, "m.csv")).Skip(1))
            foreach (var cell in row)
            {
                double x = double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.Equal(cell, x.ToString("R", CultureInfo.InvariantCulture));
            }
    }

    [Fact]
    public void NeuronPicksWhichNeuronTheCsvShows()
    {
        string csv = Path.Combine(_dir, "nk");
        var (exit, _, err) = Run("run", "--iterations", "5", "--neurons", "3", "--neuron", "2", "--compartments", "2", "--csv", csv, "--out", Path.Combine(_dir, "r.html"));
        Assert.True(exit == 0, err);
        var (bad, _, message) = Run("run", "--iterations", "5", "--neurons", "3", "--neuron", "3", "--csv", csv, "--out", Path.Combine(_dir, "r2.html"));
        Assert.Equal(2, bad);
        Assert.Contains("Neuron", message);
        Assert.False(File.Exists(Path.Combine(_dir, "r2.html")));
    }
}
