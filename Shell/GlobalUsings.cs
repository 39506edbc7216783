// run's option table is the one most code speaks of: these names keep it short.
global using OptionSpec = HHFunctional.Shell.OptionSpec<HHFunctional.Shell.RunOptions>;
global using ParseOutcome = HHFunctional.Shell.ParseOutcome<HHFunctional.Shell.RunOptions>;
