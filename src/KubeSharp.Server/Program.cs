using System.CommandLine;
using System.Runtime.InteropServices;
using KubeSharp.Server;

// The process owns SIGTERM and SIGINT: both cancel the command, which stops its components in order (pods and runtime
// last) and returns. No forced exit after a timeout, unlike System.CommandLine's default of two seconds.
using var shutdown = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
return await Cli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, shutdown.Token).ConfigureAwait(false);
