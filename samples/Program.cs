using HHFunctional.Samples;

// One short program per everyday task; each file is self-contained and reads top to bottom.
var tasks = new Dictionary<string, Action>
{
    ["seed-spikes"] = SeedSpikes.Run,
    ["fi-curve"] = FiCurve.Run,
    ["conduction-velocity"] = ConductionVelocity.Run,
    ["ramp-and-sine"] = RampAndSine.Run,
    ["many-neurons"] = ManyNeurons.Run,
    ["custom-channel"] = CustomChannel.Run,
    ["errors-as-values"] = ErrorsAsValues.Run,
};
if (args.Length == 1 && tasks.TryGetValue(args[0], out var task)) task();
else
{
    Console.Error.WriteLine($"usage: Samples <task>, one of: {string.Join(", ", tasks.Keys)} (and samples/FSharp.fsx with dotnet fsi)");
    return 2;
}
return 0;
