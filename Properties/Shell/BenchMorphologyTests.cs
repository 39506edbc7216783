using System.Text.Json;
using HHFunctional.Core.Morphology;
using HHFunctional.Properties.Reference;
using HHFunctional.Shell;

namespace HHFunctional.Properties.Shell;

/// <summary><c>hhf bench --morphology</c>: its contract (options, exit codes, JSON fields; never its speed), and the
/// committed Rallpack 2 tree (docs/bench/rallpack2_tree.json) against the tree Rallpack2Tests validates.</summary>
public class BenchMorphologyTests
{
    private static readonly string Tree = Path.Combine(RepoRoot.Path, "docs", "bench", "rallpack2_tree.json");

    private static CliResult Bench(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Cli.Run(["bench", .. args], stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void RallpackTreeFileIsTheValidatedTree()
    {
        var (read, problems) = MorphologyFile.Read(Tree);
        Assert.True(read is not null, string.Join("\n", problems));
        var expected = Rallpack2Tests.Tree();
        Assert.Equal(1023, read.Sections.Length);
        for (int i = 0; i < expected.Sections.Length; i++)
        {
            var (a, b) = (expected.Sections[i], read.Sections[i]);
            Assert.Equal((a.Name, a.Region, a.Parent, a.ParentX), (b.Name, b.Region, b.Parent, b.ParentX));
            var (ca, cb) = ((Cylinder)a.Geometry, (Cylinder)b.Geometry);
            // Python's 2 ** (k·2/3) and C#'s Math.Pow(2^(2/3), k) differ in the last bits only.
            Assert.Equal(ca.LengthUm, cb.LengthUm, 1e-12 * ca.LengthUm);
            Assert.Equal(ca.DiameterUm, cb.DiameterUm, 1e-12 * ca.DiameterUm);
        }
        Assert.Equal((0.25, 4.0), (((Cylinder)read.Sections[^1].Geometry).DiameterUm, ((Cylinder)read.Sections[^1].Geometry).LengthUm));
    }

    [Fact]
    public void CellCaseAsJsonHasTheContractFields()
    {
        var r = Bench("--morphology", Tree, "--nseg", "1", "--insert", "all:pas", "--neurons", "3", "--iterations", "20",
            "--runs", "1", "--warmup", "0", "--json");
        Assert.True(r.Code == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("rallpack2_tree.json", row.GetProperty("size").GetString());
        Assert.Equal(3, row.GetProperty("neurons").GetInt32());
        // 1023 segment centres and the 1024 section ends where children attach (and the root's 0-end): NEURON's nodes.
        Assert.Equal(2047, row.GetProperty("compartments").GetInt32());
        Assert.Equal("crank-nicolson", row.GetProperty("integrator").GetString());
        Assert.True(row.GetProperty("median_ns_per_compartment_step").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("ratio_to_seed_c").ValueKind);
        // The same time per segment (NEURON's compartments, 1023 here): per node × nodes / segments.
        Assert.Equal(1023, row.GetProperty("segments").GetInt32());
        Assert.Equal(row.GetProperty("median_ns_per_compartment_step").GetDouble() * 2047 / 1023,
            row.GetProperty("median_ns_per_segment_step").GetDouble(), 12);
    }

    [Theory]
    [InlineData(new[] { "--nseg", "1" }, "--nseg, --d-lambda, --segment-length-um, --insert: only with --morphology")]
    [InlineData(new[] { "--morphology", "TREE", "--compartments", "5" }, "--morphology: the cell sets the compartments")]
    [InlineData(new[] { "--morphology", "TREE", "--nseg", "1", "--d-lambda", "0.1" }, "expected at most one of them")]
    [InlineData(new[] { "--morphology", "TREE", "--insert", "axon:hh" }, "Insert[0].Region: expected all, a region or a section name")]
    [InlineData(new[] { "--morphology", "/nonexistent/cell.swc" }, "--morphology: /nonexistent/cell.swc: file not found")]
    public void BadCellOptionsExitTwo(string[] args, string expected)
    {
        var r = Bench(args.Select(a => a == "TREE" ? Tree : a).Concat(["--iterations", "5", "--runs", "1", "--warmup", "0"]).ToArray());
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains(expected, r.Stderr);
    }
}
