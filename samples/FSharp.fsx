// HHFunctional from F#: run with `dotnet fsi samples/FSharp.fsx` after `dotnet build HHFunctional.sln -c Release`.
// The build puts the library's dependencies (LanguageExt, MathNet) next to it, so the three #r lines are all it needs.
#I "../Core/bin/Release/net10.0"
#r "HHFunctional.Core.dll"
#r "LanguageExt.Core.dll"
#r "MathNet.Numerics.dll"

open HHFunctional.Core
open HHFunctional.Core.Model
open HHFunctional.Core.Analysis

let show (times: seq<float>) = times |> Seq.map (sprintf "%.2f") |> String.concat " "

// Copy-and-update with the With… methods (F# has no `with` for C# records): the seed for 300 ms.
let seed = Presets.Seed.WithIterations(30_000L)

// Validation in the try-pattern: F# matches the tuple, no annotations needed.
match SimulationSpec.TryValidate seed with
| true, spec, _ ->
    let trains = Simulation.RunSpikes(spec, [| 0; 19 |])
    printfn "seed spikes in compartment 0: %s" (show (trains.Of 0))
    printfn "seed spikes in compartment 19: %s" (show (trains.Of 19))
| false, _, problems -> for problem in problems do printfn "invalid: %s" problem.Message

// Every problem at once, each with its field, as values.
match SimulationSpec.TryValidate (seed.WithDtMs(-0.01).WithCompartments 0) with
| true, _, _ -> printfn "unexpectedly valid"
| false, _, problems -> for problem in problems do printfn "invalid: %s -> %s" problem.Field problem.Rule

// A physical cable (HH 1952's axon, 3 ms), a current given in nA, and the speed with its unit in the type.
let axon = Presets.Hh1952
let cable = axon.Cable :?> PhysicalCable
let pulse = Stimulus.StepNanoamps(cable, axon.Compartments, 0.0, 0.1, 50_000.0)
match SimulationSpec.TryValidate (axon.WithIterations(600L).WithStimulus pulse) with
| true, spec, _ ->
    let trains = Simulation.RunSpikes(spec, [| 200; 400 |])
    match Propagation.Speed(spec, trains).Match((fun speed -> Some speed), (fun _ -> None)) with
    | Some (:? CableVelocity as v) -> printfn "HH 1952 speed: %.2f m/s" v.MPerS
    | Some (:? SeedCableSpeed as s) -> printfn "speed: %.3f compartments/ms" s.CompartmentsPerMs
    | _ -> printfn "no speed"
| false, _, problems -> for problem in problems do printfn "invalid: %s" problem.Message
