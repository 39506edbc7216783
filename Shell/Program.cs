return HHFunctional.Shell.Cli.Run(args, Console.Out, Console.Error);
