using System.Runtime.InteropServices;
using HHFunctional.Shell;

// Ctrl-C (SIGINT) and SIGTERM cancel the run: it stops at its next check, removes its temporary files and exits 130.
// A second signal removes any temporary file still pending and lets the default action end the process at once.
using var cancel = new CancellationTokenSource();
int signals = 0;
void OnSignal(PosixSignalContext context)
{
    if (Interlocked.Increment(ref signals) == 1)
    {
        context.Cancel = true;
        cancel.Cancel();
    }
    else AtomicFile.RemovePending();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return Cli.Run(args, Console.Out, Console.Error, cancel.Token);
