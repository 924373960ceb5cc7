using System.Globalization;
using Stm32.Build.Devices;

namespace Stm32.Build.StLink.Target;

/// <summary>What <see cref="StLinkProbe.IdentifyTarget(DeviceDescription?, DeviceCatalog?)"/> found out about the chip.</summary>
public sealed record TargetIdentity
{
    /// <summary>The SW-DP IDCODE (DPIDR).</summary>
    public required uint DpIdcode { get; init; }

    /// <summary>The raw DBGMCU_IDCODE value.</summary>
    public required uint DbgmcuIdcode { get; init; }

    /// <summary>DBGMCU_IDCODE.DEV_ID (bits 11:0).</summary>
    public ushort DevId => (ushort)(DbgmcuIdcode & 0xFFF);

    /// <summary>DBGMCU_IDCODE.REV_ID (bits 31:16).</summary>
    public ushort RevId => (ushort)(DbgmcuIdcode >> 16);

    /// <summary>The silicon revision letter from the device data, or null when the REV_ID is not listed.</summary>
    public string? Revision { get; init; }

    /// <summary>The device, when the DEV_ID and flash size single one out (or the caller named it).</summary>
    public DeviceDescription? Device { get; init; }

    /// <summary>Every device in the device data with this DEV_ID (and flash size).</summary>
    public IReadOnlyList<DeviceDescription> Candidates { get; init; } = [];

    /// <summary>The flash size register's value in KiB, when it could be read.</summary>
    public int? FlashSizeKiB { get; init; }

    /// <summary>The 96-bit unique device ID (12 bytes as in memory), when it could be read.</summary>
    public byte[]? UniqueId { get; init; }

    /// <summary>The unique ID as three 32-bit words in address order: <c>XXXXXXXX-XXXXXXXX-XXXXXXXX</c>.</summary>
    public string? UniqueIdText => UniqueId is { Length: 12 } u
        ? string.Create(CultureInfo.InvariantCulture, $"{BitConverter.ToUInt32(u, 0):X8}-{BitConverter.ToUInt32(u, 4):X8}-{BitConverter.ToUInt32(u, 8):X8}")
        : null;

    /// <summary>The option bytes in effect (STM32H7), when they could be read.</summary>
    public H7OptionBytes? OptionBytes { get; init; }
}

/// <summary>
/// The STM32H7 option bytes in effect, from FLASH_OPTSR_CUR (flash interface + 0x1C), FLASH_BOOT7_CUR (+0x40;
/// FLASH_BOOT_CUR on single-core parts) and FLASH_BOOT4_CUR (+0x48, dual-core parts): RM0399 4.9 (register map
/// 4.9.33), field positions as in ST's CMSIS header stm32h747xx.h.
/// </summary>
/// <param name="OptsrCur">The raw FLASH_OPTSR_CUR.</param>
/// <param name="Boot7Cur">The raw FLASH_BOOT7_CUR.</param>
/// <param name="Boot4Cur">The raw FLASH_BOOT4_CUR (dual-core parts), or null.</param>
public sealed record H7OptionBytes(uint OptsrCur, uint Boot7Cur, uint? Boot4Cur)
{
    /// <summary>Offset of FLASH_OPTSR_CUR from the flash interface base.</summary>
    public const uint OptsrCurOffset = 0x1C;
    /// <summary>Offset of FLASH_BOOT7_CUR (FLASH_BOOT_CUR).</summary>
    public const uint Boot7CurOffset = 0x40;
    /// <summary>Offset of FLASH_BOOT4_CUR.</summary>
    public const uint Boot4CurOffset = 0x48;

    /// <summary>RDP, bits 15:8: 0xAA = level 0, 0xCC = level 2, anything else level 1.</summary>
    public byte Rdp => (byte)(OptsrCur >> 8);

    /// <summary>The read-out protection level (0, 1 or 2).</summary>
    public int RdpLevel => Rdp switch { 0xAA => 0, 0xCC => 2, _ => 1 };

    /// <summary>BOR_LEV, bits 3:2.</summary>
    public int BorLevel => (int)((OptsrCur >> 2) & 3);

    /// <summary>IWDG1_SW, bit 4: 1 = watchdog started by software.</summary>
    public bool Iwdg1Software => (OptsrCur & (1u << 4)) != 0;

    /// <summary>SECURITY, bit 21.</summary>
    public bool Security => (OptsrCur & (1u << 21)) != 0;

    /// <summary>BCM4, bit 22: the Cortex-M4 boots (dual-core parts).</summary>
    public bool BootCm4 => (OptsrCur & (1u << 22)) != 0;

    /// <summary>BCM7, bit 23: the Cortex-M7 boots (dual-core parts).</summary>
    public bool BootCm7 => (OptsrCur & (1u << 23)) != 0;

    /// <summary>SWAP_BANK_OPT, bit 31.</summary>
    public bool SwapBanks => (OptsrCur & (1u << 31)) != 0;

    /// <summary>BOOT_CM7_ADD0 (bits 15:0 hold address bits 31:16).</summary>
    public uint BootCm7Address0 => (Boot7Cur & 0xFFFF) << 16;

    /// <summary>BOOT_CM7_ADD1.</summary>
    public uint BootCm7Address1 => Boot7Cur & 0xFFFF0000;

    /// <summary>BOOT_CM4_ADD0, when read.</summary>
    public uint? BootCm4Address0 => Boot4Cur is uint b ? (b & 0xFFFF) << 16 : null;

    /// <summary>BOOT_CM4_ADD1, when read.</summary>
    public uint? BootCm4Address1 => Boot4Cur is uint b ? b & 0xFFFF0000 : null;

    /// <summary>A one-line summary for people.</summary>
    public string Summary
    {
        get
        {
            var s = string.Create(CultureInfo.InvariantCulture,
                $"RDP level {RdpLevel} (0x{Rdp:X2}), BOR level {BorLevel}, IWDG1 {(Iwdg1Software ? "software" : "hardware")}, bank swap {(SwapBanks ? "on" : "off")}, security {(Security ? "on" : "off")}, BOOT_CM7_ADD0 0x{BootCm7Address0:X8}, BOOT_CM7_ADD1 0x{BootCm7Address1:X8}");
            if (Boot4Cur is not null)
            {
                s += string.Create(CultureInfo.InvariantCulture,
                    $", BCM7 {(BootCm7 ? "on" : "off")}, BCM4 {(BootCm4 ? "on" : "off")}, BOOT_CM4_ADD0 0x{BootCm4Address0:X8}, BOOT_CM4_ADD1 0x{BootCm4Address1:X8}");
            }
            return s;
        }
    }
}
