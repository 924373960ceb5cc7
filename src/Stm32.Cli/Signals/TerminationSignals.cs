using System.Runtime.InteropServices;

namespace Stm32.Cli.Signals;

/// <summary>
/// Turns the termination signals a command can receive — SIGINT (Ctrl+C), SIGTERM (<c>kill</c>, <c>timeout</c>,
/// <c>docker stop</c>, CI cancellation), SIGHUP (the terminal went away) and SIGQUIT — into a cancellation of the
/// running operation. The handler never ends the process: it cancels <see cref="Token"/> and suppresses the
/// runtime's default termination, so the operation's own cancellation path runs to completion (the flash is locked
/// again, the virtual board's state is saved, the report is printed) and the command then returns
/// <see cref="ExitCode"/>, 128 + the signal number. Created only around operations that honour the token; outside
/// them the signals keep their default meaning.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    /// <summary>The signals handled, with their POSIX numbers (the same on Linux and macOS) and names.</summary>
    internal static readonly (PosixSignal Signal, int Number, string Name)[] Handled =
    [
        (PosixSignal.SIGINT, 2, "SIGINT"),
        (PosixSignal.SIGTERM, 15, "SIGTERM"),
        (PosixSignal.SIGHUP, 1, "SIGHUP"),
        (PosixSignal.SIGQUIT, 3, "SIGQUIT"),
    ];

    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter? _error;
    private int _received; // index + 1 into Handled, 0 when none

    private TerminationSignals(TextWriter? error) => _error = error;

    /// <summary>Registers the handlers; <paramref name="error"/> is told once which signal arrived.</summary>
    public static TerminationSignals Register(TextWriter? error)
    {
        var signals = new TerminationSignals(error);
        for (var i = 0; i < Handled.Length; i++)
        {
            var index = i;
            try
            {
                signals._registrations.Add(PosixSignalRegistration.Create(Handled[i].Signal, context => signals.Handle(context, index)));
            }
            catch (PlatformNotSupportedException)
            {
                // Windows has no SIGHUP/SIGQUIT; Ctrl+C (SIGINT) and SIGTERM are mapped by the runtime.
            }
        }
        return signals;
    }

    /// <summary>Cancelled when a handled signal arrives.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The name of the signal received (e.g. <c>SIGTERM</c>), or null.</summary>
    public string? ReceivedName => Volatile.Read(ref _received) is int r and > 0 ? Handled[r - 1].Name : null;

    /// <summary>128 + the number of the signal received (130 SIGINT, 143 SIGTERM, 129 SIGHUP, 131 SIGQUIT); 0 when none.</summary>
    public int ExitCode => Volatile.Read(ref _received) is int r and > 0 ? 128 + Handled[r - 1].Number : 0;

    /// <summary>Cancels as if <paramref name="name"/> had arrived (tests and hosts without signals).</summary>
    internal void Simulate(string name) => Receive(Array.FindIndex(Handled, h => h.Name == name));

    private void Handle(PosixSignalContext context, int index)
    {
        context.Cancel = true; // no default termination: the operation stops itself and cleans up
        Receive(index);
    }

    private void Receive(int index)
    {
        if (Interlocked.CompareExchange(ref _received, index + 1, 0) == 0)
        {
            try
            {
                _error?.WriteLine($"stm32: {Handled[index].Name} received: stopping after the current step (the flash is locked again before the command ends)");
                _error?.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Standard error is gone (a closed pipe): the cancellation matters, not the message.
            }
        }
        _cancel.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _cancel.Dispose();
    }
}
