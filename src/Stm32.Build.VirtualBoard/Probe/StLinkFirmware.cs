using System.Globalization;

namespace Stm32.Build.VirtualBoard.Probe;

/// <summary>
/// The firmware a virtual ST-LINK reports and the features it has. The versions are recent public releases of
/// ST's STSW-LINK007 firmware, in ST's naming: V2J45S7 (ST-LINK/V2: JTAG/SWD API 45, SWIM 7), V2J40M27
/// (ST-LINK/V2-1: API 40, mass storage 27), V3J13M4 (STLINK-V3: API 13, mass storage 4, bridge 3, SWIM 1).
/// Feature thresholds are in <see cref="StLinkFeatures"/>.
/// </summary>
/// <param name="Model">The hardware generation.</param>
/// <param name="Stlink">The hardware version number (2 or 3).</param>
/// <param name="Jtag">The JTAG/SWD API version (the "J" number).</param>
/// <param name="Swim">The SWIM version (0 when absent).</param>
/// <param name="Msd">The mass-storage version (0 when absent).</param>
/// <param name="Bridge">The bridge version (V3 only).</param>
/// <param name="ProductId">The USB PID.</param>
public sealed record StLinkFirmware(ProbeModel Model, int Stlink, int Jtag, int Swim, int Msd, int Bridge, ushort ProductId)
{
    /// <summary>ST's USB vendor ID.</summary>
    public const ushort StVendorId = 0x0483;

    /// <summary>The firmware of each generation (see the type's remarks).</summary>
    public static StLinkFirmware For(ProbeModel model) => model switch
    {
        ProbeModel.V2 => new(model, 2, 45, 7, 0, 0, 0x3748),
        ProbeModel.V2_1 => new(model, 2, 40, 0, 27, 0, 0x374B),
        _ => new(model, 3, 13, 1, 4, 3, 0x374F),
    };

    /// <summary>Whether this is an STLINK-V3 (API v3, high-speed USB).</summary>
    public bool IsV3 => Stlink == 3;

    /// <summary>The version word of GET_VERSION: [15:12] ST-LINK, [11:6] JTAG, [5:0] SWIM or MSD (0x3000 on V3, which needs GET_VERSION_EX).</summary>
    public ushort VersionWord => IsV3
        ? (ushort)(3 << 12)
        : (ushort)((Stlink << 12) | ((Jtag & 0x3F) << 6) | ((Model == ProbeModel.V2_1 ? Msd : Swim) & 0x3F));

    /// <summary>Target voltage (and SWO) commands.</summary>
    public bool HasTargetVoltage => IsV3 || Jtag >= StLinkFeatures.TargetVoltageV2;
    /// <summary>GETLASTRWSTATUS2.</summary>
    public bool HasLastRwStatus2 => IsV3 || Jtag >= StLinkFeatures.LastRwStatus2V2;
    /// <summary>SWD_SET_FREQ (V2 only; V3 uses SET_COM_FREQ).</summary>
    public bool HasSwdSetFreq => !IsV3 && Jtag >= StLinkFeatures.SwdSetFreqV2;
    /// <summary>READ/WRITE_DAP_REG.</summary>
    public bool HasDapRegisters => IsV3 || Jtag >= StLinkFeatures.DapRegV2;
    /// <summary>16-bit memory commands and WRITEMEM_32BIT_NO_ADDR_INC.</summary>
    public bool HasMem16 => IsV3 || Jtag >= StLinkFeatures.Mem16V2;
    /// <summary>INIT_AP/CLOSE_AP_DBG, required before accessing an AP.</summary>
    public bool HasApInit => IsV3 || Jtag >= StLinkFeatures.ApInitV2;
    /// <summary>Banked DP registers, AP number and CSW in memory commands, READMEM_32BIT_NO_ADDR_INC.</summary>
    public bool HasMultiAp => IsV3 ? Jtag >= StLinkFeatures.DpBankSelV3 : Jtag >= StLinkFeatures.DpBankSelV2;
    /// <summary>The largest 8-bit memory transfer.</summary>
    public int MaxRw8 => IsV3 && Jtag >= StLinkFeatures.Rw8Size512V3 ? StLinkFeatures.MaxRw8V3 : StLinkFeatures.MaxRw8V2;

    /// <summary>The name in OpenOCD's form, e.g. <c>V2J40M27</c> or <c>V3J13M4B3S1</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"V{Stlink}J{Jtag}{(Msd != 0 ? $"M{Msd}" : "")}{(Bridge != 0 ? $"B{Bridge}" : "")}{(Swim != 0 || Msd == 0 ? $"S{Swim}" : "")}");
}
