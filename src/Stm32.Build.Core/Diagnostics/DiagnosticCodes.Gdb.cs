namespace Stm32.Build.Diagnostics;

// STM79xx: the GDB remote protocol client, the QEMU reference runner and `stm32 sim run`
// (part of the STM7xxx instruction-emulator range).
public static partial class DiagnosticCodes
{
    /// <summary>A GDB remote stub did not answer within the allowed time.</summary>
    public const string GdbTimeout = "STM7901";
    /// <summary>A GDB remote stub sent a malformed packet, a bad checksum or an unexpected reply.</summary>
    public const string GdbProtocol = "STM7902";
    /// <summary>A GDB remote stub answered a request with an error reply (<c>Exx</c>).</summary>
    public const string GdbErrorReply = "STM7903";
    /// <summary>The connection to the GDB remote stub could not be made or was closed.</summary>
    public const string GdbConnection = "STM7904";
    /// <summary>The reference emulator (qemu-system-arm) could not be started or exited early.</summary>
    public const string QemuStart = "STM7905";
    /// <summary>An image given to the simulator has nothing to run (no loadable segment or no vector table).</summary>
    public const string SimImageNotRunnable = "STM7906";
}
