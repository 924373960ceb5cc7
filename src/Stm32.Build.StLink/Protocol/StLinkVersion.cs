using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Stm32.Build.StLink.Protocol;

namespace Stm32.Build.StLink;

/// <summary>The probe generation as the firmware reports it.</summary>
public enum StLinkGeneration
{
    /// <summary>ST-LINK/V1 (not supported).</summary>
    V1,
    /// <summary>ST-LINK/V2.</summary>
    V2,
    /// <summary>ST-LINK/V2-1 (Nucleo and Discovery boards).</summary>
    V2_1,
    /// <summary>STLINK-V3 (SET, MINI, MINIE, on-board).</summary>
    V3,
    /// <summary>STLINK-V3PWR.</summary>
    V3Pwr,
}

/// <summary>Optional commands and behaviours, each tied to the firmware that introduced it (OpenOCD STLINK_F_*).</summary>
[Flags]
public enum StLinkFeatures
{
    /// <summary>Nothing beyond the base command set.</summary>
    None = 0,
    /// <summary>GET_TARGET_VOLTAGE and SWO trace (V2J13, every V3).</summary>
    TargetVoltage = 1 << 0,
    /// <summary>GETLASTRWSTATUS2 (V2J15, every V3).</summary>
    GetLastRwStatus2 = 1 << 1,
    /// <summary>SWD_SET_FREQ with the V2 divisor table (V2J22; V3 uses SET_COM_FREQ).</summary>
    SwdSetFrequency = 1 << 2,
    /// <summary>JTAG_SET_FREQ (V2J24).</summary>
    JtagSetFrequency = 1 << 3,
    /// <summary>READ_DAP_REG/WRITE_DAP_REG (V2J24, every V3).</summary>
    DapRegisters = 1 << 4,
    /// <summary>16-bit memory access (V2J26, every V3).</summary>
    Memory16 = 1 << 5,
    /// <summary>INIT_AP/CLOSE_AP_DBG: access ports other than 0 (V2J28, every V3).</summary>
    MultiAp = 1 << 6,
    /// <summary>CLOSE_AP_DBG reports a real status (V2J29, every V3).</summary>
    CloseApStatus = 1 << 7,
    /// <summary>DP bank select and CSW in memory commands (V2J32, V3J2).</summary>
    DpBankSelect = 1 << 8,
    /// <summary>8-bit transfers of up to 512 bytes (V3J6).</summary>
    Rw8Of512 = 1 << 9,
    /// <summary>GET_COM_FREQ/SET_COM_FREQ (every V3).</summary>
    ComFrequency = 1 << 10,
}

/// <summary>
/// What GET_VERSION (and on STLINK-V3, GET_VERSION_EX) report: generation, the JTAG/SWD, SWIM, mass-storage and
/// bridge firmware versions, and the USB IDs.
/// </summary>
public sealed record StLinkVersion
{
    /// <summary>The hardware version number (1, 2, 3; 4 on the V3PWR).</summary>
    public required int Hardware { get; init; }

    /// <summary>The JTAG/SWD firmware version (the "J" number).</summary>
    public required int Jtag { get; init; }

    /// <summary>The SWIM firmware version (the "S" number); 0 when absent.</summary>
    public int Swim { get; init; }

    /// <summary>The mass-storage firmware version (the "M" number); 0 when absent.</summary>
    public int MassStorage { get; init; }

    /// <summary>The bridge firmware version (the "B" number, V3 only); 0 when absent.</summary>
    public int Bridge { get; init; }

    /// <summary>The USB vendor ID the firmware reports.</summary>
    public required ushort VendorId { get; init; }

    /// <summary>The USB product ID the firmware reports.</summary>
    public required ushort ProductId { get; init; }

    /// <summary>The generation, from the hardware version and the product ID.</summary>
    public StLinkGeneration Generation => Hardware switch
    {
        1 => StLinkGeneration.V1,
        2 when ProductId is 0x374B or 0x3752 or 0x374A => StLinkGeneration.V2_1,
        2 => StLinkGeneration.V2,
        4 => StLinkGeneration.V3Pwr,
        _ => StLinkGeneration.V3,
    };

    /// <summary>Whether the probe speaks API v3 (STLINK-V3 and V3PWR).</summary>
    public bool IsV3 => Hardware >= 3;

    /// <summary>The features this firmware has (OpenOCD stlink_usb_version()).</summary>
    public StLinkFeatures Features
    {
        get
        {
            var f = StLinkFeatures.None;
            if (Hardware == 2)
            {
                if (Jtag >= StLinkFirmware.V2TargetVoltage) f |= StLinkFeatures.TargetVoltage;
                if (Jtag >= StLinkFirmware.V2GetLastRwStatus2) f |= StLinkFeatures.GetLastRwStatus2;
                if (Jtag >= StLinkFirmware.V2SwdSetFreq) f |= StLinkFeatures.SwdSetFrequency;
                if (Jtag >= StLinkFirmware.V2DapRegisters) f |= StLinkFeatures.JtagSetFrequency | StLinkFeatures.DapRegisters;
                if (Jtag >= StLinkFirmware.V2Memory16) f |= StLinkFeatures.Memory16;
                if (Jtag >= StLinkFirmware.V2MultiAp) f |= StLinkFeatures.MultiAp;
                if (Jtag >= StLinkFirmware.V2CloseApFixed) f |= StLinkFeatures.CloseApStatus;
                if (Jtag >= StLinkFirmware.V2DpBankSelect) f |= StLinkFeatures.DpBankSelect;
            }
            else if (Hardware >= 3)
            {
                f |= StLinkFeatures.TargetVoltage | StLinkFeatures.GetLastRwStatus2 | StLinkFeatures.DapRegisters
                    | StLinkFeatures.Memory16 | StLinkFeatures.MultiAp | StLinkFeatures.CloseApStatus | StLinkFeatures.ComFrequency;
                if (Hardware >= 4 || Jtag >= StLinkFirmware.V3DpBankSelect) f |= StLinkFeatures.DpBankSelect;
                if (Hardware >= 4 || Jtag >= StLinkFirmware.V3Rw8Of512) f |= StLinkFeatures.Rw8Of512;
            }
            return f;
        }
    }

    /// <summary>Whether the firmware has every feature in <paramref name="features"/>.</summary>
    public bool Has(StLinkFeatures features) => (Features & features) == features;

    /// <summary>The oldest firmware of this generation that has every feature in <paramref name="features"/>, e.g. <c>V2J28</c>.</summary>
    public string OldestFirmwareWith(StLinkFeatures features) => StLinkProtocol.NeededFor(this, features);

    /// <summary>The largest 8-bit transfer (64 bytes, 512 on V3 from J6).</summary>
    public int MaxRw8 => Has(StLinkFeatures.Rw8Of512) ? StLinkLimits.MaxRw8V3 : StLinkLimits.MaxRw8;

    /// <summary>The short form ST uses: <c>V2J37S7</c>, <c>V2J40M27</c>, <c>V3J7M2B3S1</c> (OpenOCD's format).</summary>
    public string ShortName
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append('V').Append(Hardware.ToString(CultureInfo.InvariantCulture));
            if (Jtag != 0 || MassStorage == 0) sb.Append('J').Append(Jtag.ToString(CultureInfo.InvariantCulture));
            if (MassStorage != 0) sb.Append('M').Append(MassStorage.ToString(CultureInfo.InvariantCulture));
            if (Bridge != 0) sb.Append('B').Append(Bridge.ToString(CultureInfo.InvariantCulture));
            if (Swim != 0 || MassStorage == 0) sb.Append('S').Append(Swim.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }

    /// <summary>The generation and the JTAG level only, e.g. <c>V2J21</c>, as used in "firmware too old" messages.</summary>
    public string JtagName => string.Create(CultureInfo.InvariantCulture, $"V{Hardware}J{Jtag}");

    /// <inheritdoc />
    public override string ToString() => ShortName;

    /// <summary>
    /// Parses the 6-byte GET_VERSION reply: a big-endian 16-bit word (hardware version in bits 15:12, then two 6-bit
    /// fields) and the little-endian VID and PID. On the V2-1 the two fields are JTAG and MSD, except for STM8-only
    /// firmware (MxSy), recognised as OpenOCD does. <paramref name="needsExtended"/> is true when the reply says
    /// "ask GET_VERSION_EX" (hardware 3 or more with both fields zero, STLINK-V3).
    /// </summary>
    public static StLinkVersion ParseGetVersion(ReadOnlySpan<byte> reply, out bool needsExtended)
    {
        if (reply.Length < 6)
        {
            throw ProbeErrors.Malformed($"GET_VERSION reply has {reply.Length} bytes, expected 6");
        }
        var word = BinaryPrimitives.ReadUInt16BigEndian(reply);
        int v = (word >> 12) & 0x0F, x = (word >> 6) & 0x3F, y = word & 0x3F;
        var vid = BinaryPrimitives.ReadUInt16LittleEndian(reply[2..]);
        var pid = BinaryPrimitives.ReadUInt16LittleEndian(reply[4..]);
        int jtag, swim = 0, msd = 0;
        if (pid is 0x374B or 0x3752)
        {
            if ((x <= 22 && y == 7) || (x >= 25 && y >= 7 && y <= 12))
            {
                msd = x; swim = y; jtag = 0;
            }
            else
            {
                jtag = x; msd = y;
            }
        }
        else
        {
            jtag = x; swim = y;
        }
        needsExtended = v >= 3 && x == 0 && y == 0;
        return new StLinkVersion { Hardware = v, Jtag = jtag, Swim = swim, MassStorage = msd, VendorId = vid, ProductId = pid };
    }

    /// <summary>
    /// Parses the 12-byte GET_VERSION_EX reply of an STLINK-V3: hardware, SWIM, JTAG, MSD, bridge versions in bytes
    /// 0..4, VID at 8 and PID at 10 (little-endian).
    /// </summary>
    public static StLinkVersion ParseGetVersionEx(ReadOnlySpan<byte> reply)
    {
        if (reply.Length < 12)
        {
            throw ProbeErrors.Malformed($"GET_VERSION_EX reply has {reply.Length} bytes, expected 12");
        }
        return new StLinkVersion
        {
            Hardware = reply[0], Swim = reply[1], Jtag = reply[2], MassStorage = reply[3], Bridge = reply[4],
            VendorId = BinaryPrimitives.ReadUInt16LittleEndian(reply[8..]),
            ProductId = BinaryPrimitives.ReadUInt16LittleEndian(reply[10..]),
        };
    }
}
