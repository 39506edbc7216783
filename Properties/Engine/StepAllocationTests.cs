using HHFunctional.Core;
using HHFunctional.Core.Model;
using HHFunctional.Core.Morphology;

namespace HHFunctional.Properties.Engine;

/// <summary>
/// Law: after its buffers are made, an update allocates nothing (GroupBuffers' contract: the old and new arrays are swapped,
/// every per-run table is made once). Checked as the slope of the calling thread's allocated bytes between a run of N and
/// one of 3N updates, so that what a run allocates once (buffers, tables, the result) cancels out. Every scheme, on the
/// seed's cable and on a cell with hh in the soma and pas in the dendrite (local values, constant sums, skipped chunks),
/// with exact rates and with a rate table. (A lambda over a parameter in a per-update method once allocated its closure
/// at every call, 32 bytes per update, unseen by any test.)
/// </summary>
public class StepAllocationTests
{
    public static TheoryData<IntegratorKind, bool, bool> Cases()
    {
        var data = new TheoryData<IntegratorKind, bool, bool>();
        foreach (var integrator in Enum.GetValues<IntegratorKind>())
            foreach (bool cell in new[] { false, true })
                foreach (bool table in new[] { false, true })
                    data.Add(integrator, cell, table);
        return data;
    }

    private static SimulationParameters Model(IntegratorKind integrator, bool cell, bool table, long iterations)
    {
        var parameters = new SimulationParameters
        {
            Integrator = integrator, Iterations = iterations, Neurons = 16, Stimulus = Stimulus.None,
            RateTable = table ? RateTable.Neuron : null,
        };
        if (!cell) return parameters;
        var morphology = new MorphologyBuilder().Cylinder("soma", "soma", null, 20, 20).Cylinder("dend", "dend", "soma", 400, 1)
            .Build().IfFail(e => throw new ArgumentException(string.Join("; ", e)));
        var built = CellModel.Build(morphology, new NsegRule.Fixed(41), [new("soma", "hh"), new("dend", "pas")], [], 16)
            .IfFail(e => throw new ArgumentException(string.Join("; ", e)));
        // Forward Euler needs a small step on this cable (its stability limit); the others run at NEURON's usual 0.025 ms.
        return built.ApplyTo(parameters with { Initial = InitialConditions.Steady(-65), DtMs = integrator == IntegratorKind.ForwardEuler ? 0.001 : 0.025 });
    }

    private static long AllocatedBy(SimulationParameters p)
    {
        var spec = Generators.Valid(p);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var trains = Simulation.RunSpikes(spec, [0], settings: RunSettings.Default);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Empty(trains[0]); // no stimulus: no spike lists growing
        return after - before;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnUpdateAllocatesNothing(IntegratorKind integrator, bool cell, bool table)
    {
        AllocatedBy(Model(integrator, cell, table, 200)); // JIT and first-use caches out of the way
        // The least of three slopes: an allocation per update shows in every one, a one-off (the runtime's tiered JIT
        // finishing a method during one run: once 4.8 KB, seen in CI) in one only.
        double perUpdate = Enumerable.Range(0, 3).Min(_ =>
        {
            long shortRun = AllocatedBy(Model(integrator, cell, table, 500));
            long longRun = AllocatedBy(Model(integrator, cell, table, 1500));
            return (longRun - shortRun) / 1000.0;
        });
        Assert.True(perUpdate < 1.0, $"{integrator} cell={cell} table={table}: {perUpdate:F1} bytes per update");
    }
}
