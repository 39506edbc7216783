// The Shell's names for run's option table (see Shell/GlobalUsings.cs).
global using OptionSpec = HHFunctional.Shell.OptionSpec<HHFunctional.Shell.RunOptions>;
global using ParseOutcome = HHFunctional.Shell.ParseOutcome<HHFunctional.Shell.RunOptions>;
