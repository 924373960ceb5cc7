using System.Buffers.Binary;

namespace Stm32.Build.VirtualBoard.Probe;

public sealed partial class VirtualStLink
{
    // RW_MISC operation codes (OpenOCD 0.12 stlink_usb.c RW_MISC_CMD_*).
    private const byte MiscAddress = 1, MiscWrite = 2, MiscRead = 3, MiscApNumber = 5;

    /// <summary>The largest RW_MISC batch: 64 items on V2, 1227 on V3 (OpenOCD STLINK_V2/V3_RW_MISC_SIZE).</summary>
    private int MaxMiscItems => Firmware.IsV3 ? 1227 : 64;

    private uint[] _miscValues = [];
    private StLinkStatus[] _miscStatus = [];

    /// <summary>
    /// RW_MISC_OUT: runs a batch of AP operations — APNUM selects the AP, ADDRESS sets the address of the next
    /// WRITE, WRITE writes a word there, READ reads the word at its value — keeping each item's result and status for
    /// RW_MISC_IN. No reply. A batch larger than the probe takes, or data shorter than announced, leaves no results
    /// (every status CMD_ERROR).
    /// </summary>
    private int RwMiscOut(ReadOnlySpan<byte> cmd, ReadOnlySpan<byte> dataOut)
    {
        var items = BinaryPrimitives.ReadUInt32LittleEndian(cmd[2..]);
        var valuesAt = (int)((items + 3) & ~3u);
        if (items == 0 || items > MaxMiscItems || dataOut.Length < StLinkCommandFraming.RwMiscDataLength(items))
        {
            var count = (int)Math.Min(items, (uint)MaxMiscItems);
            _miscValues = new uint[count];
            _miscStatus = Enumerable.Repeat(StLinkStatus.CmdError, count).ToArray();
            return 0;
        }
        _miscValues = new uint[items];
        _miscStatus = new StLinkStatus[items];
        var ap = -1;
        var address = 0u;
        for (var i = 0; i < items; i++)
        {
            var value = BinaryPrimitives.ReadUInt32LittleEndian(dataOut[(valuesAt + (4 * i))..]);
            _miscStatus[i] = dataOut[i] switch
            {
                MiscApNumber => SelectMiscAp(value, out ap),
                MiscAddress => Remember(value, out address),
                MiscWrite => ap < 0 ? StLinkStatus.BadApError : WriteWord(ap, address, value),
                MiscRead => ap < 0 ? StLinkStatus.BadApError : ReadWord(ap, value, out _miscValues[i]),
                _ => StLinkStatus.UnknownCommand,
            };
        }
        return 0;
    }

    /// <summary>RW_MISC_IN: the last batch's results, N 32-bit values then N 32-bit statuses.</summary>
    private int RwMiscIn()
    {
        var n = _miscValues.Length;
        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4 * i), _miscValues[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan((4 * n) + (4 * i)), (uint)_miscStatus[i]);
        }
        return 8 * n;
    }

    private StLinkStatus SelectMiscAp(uint value, out int ap)
    {
        ap = value <= 0xFF && IsApOpen((int)value) ? (int)value : -1;
        return ap < 0 ? StLinkStatus.BadApError : StLinkStatus.Ok;
    }

    private static StLinkStatus Remember(uint value, out uint address)
    {
        address = value;
        return StLinkStatus.Ok;
    }
}
