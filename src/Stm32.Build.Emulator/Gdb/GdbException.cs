using Stm32.Build.Diagnostics;

namespace Stm32.Build.Emulator.Gdb;

/// <summary>A failure talking to a GDB remote stub: a timeout, a protocol error, an error reply or a lost connection.</summary>
public sealed class GdbException : Stm32Exception
{
    /// <summary>Creates the exception from its diagnostic.</summary>
    public GdbException(Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic, inner)
    {
    }

    internal static GdbException Timeout(string what, TimeSpan timeout) =>
        new(new Diagnostic(DiagnosticCodes.GdbTimeout, DiagnosticSeverity.Error,
            $"the GDB stub did not answer {what} within {timeout.TotalMilliseconds:0} ms"));

    internal static GdbException Protocol(string message) =>
        new(new Diagnostic(DiagnosticCodes.GdbProtocol, DiagnosticSeverity.Error, "GDB remote protocol: " + message));

    internal static GdbException ErrorReply(string request, string reply, uint? address = null) =>
        new(new Diagnostic(DiagnosticCodes.GdbErrorReply, DiagnosticSeverity.Error,
            $"the GDB stub answered '{Shorten(request)}' with '{reply}'", Address: address));

    internal static GdbException Connection(string message, Exception? inner = null) =>
        new(new Diagnostic(DiagnosticCodes.GdbConnection, DiagnosticSeverity.Error, message), inner);

    private static string Shorten(string request) => request.Length <= 40 ? request : request[..40] + "...";
}
