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
// Diagnostics: the process's peak resident memory (VmHWM) into a file, for the test that holds it to --memory-budget-mb.
if (Environment.GetEnvironmentVariable("HHF_PEAK_RSS_FILE") is { Length: > 0 } peakFile && OperatingSystem.IsLinux())
{
    try { File.WriteAllLines(peakFile, File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))); }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
}
GC.KeepAlive(sigint);
GC.KeepAlive(sigterm);
return code;
