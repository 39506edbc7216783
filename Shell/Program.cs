using System.Runtime.InteropServices;
using HHFunctional.Shell;

// Ctrl-C (SIGINT) and SIGTERM cancel the run: it stops at its next check, removes its temporary files and exits 130.
// A second signal removes any temporary file still pending and lets the default action end the process at once.
var cancel = new CancellationTokenSource(); // not disposed either: a late signal still cancels it (see below)
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
// Never disposed: a signal that comes after the last file is written, while the process exits, must not turn a finished
// run into exit 143 (the default action once the handlers are gone); it only cancels a token no one checks any more.
var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
int code = Cli.Run(args, Console.Out, Console.Error, cancel.Token);
GC.KeepAlive(sigint);
GC.KeepAlive(sigterm);
return code;
