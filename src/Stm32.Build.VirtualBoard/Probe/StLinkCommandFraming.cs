using System.Buffers.Binary;

namespace Stm32.Build.VirtualBoard.Probe;

/// <summary>
/// How the probe's firmware frames a command on the bulk OUT endpoint: a command block of up to 16 bytes, then —
/// for the commands that write — a data phase whose length the command gives: the memory writes carry it in bytes
/// 6-7 (OpenOCD 0.12 <c>stlink_usb_write_mem8/16/32</c>), RW_MISC_OUT carries the number of items N in bytes 2-5
/// and sends N operation bytes padded to a multiple of 4 plus N words (<c>stlink_usb_rw_misc_out</c>). The firmware
/// knows from the command how many OUT bytes follow before it executes it.
/// </summary>
public static class StLinkCommandFraming
{
    /// <summary>The command block size on V2 and later (OpenOCD STLINK_CMD_SIZE_V2).</summary>
    public const int CommandSize = 16;

    private const int LengthOffset = 6;

    /// <summary>The OUT data of RW_MISC_OUT with <paramref name="items"/> items (saturating for absurd counts, which the probe then refuses).</summary>
    public static int RwMiscDataLength(uint items) => items > int.MaxValue / 8 ? int.MaxValue : (int)(((items + 3) & ~3u) + (4 * items));

    /// <summary>The number of OUT data bytes that follow <paramref name="command"/> (0 for every command but the memory writes).</summary>
    public static int OutDataLength(ReadOnlySpan<byte> command)
    {
        if (command.Length < LengthOffset + 2 || command[0] != StLinkCommand.DebugCommand)
        {
            return 0;
        }
        return (StLinkDebugCommand)command[1] switch
        {
            StLinkDebugCommand.WriteMem32 or StLinkDebugCommand.WriteMem8 or StLinkDebugCommand.WriteMem16
                or StLinkDebugCommand.WriteMem32NoAddrInc => BinaryPrimitives.ReadUInt16LittleEndian(command[LengthOffset..]),
            StLinkDebugCommand.RwMiscOut => RwMiscDataLength(BinaryPrimitives.ReadUInt32LittleEndian(command[2..])),
            _ => 0,
        };
    }
}
