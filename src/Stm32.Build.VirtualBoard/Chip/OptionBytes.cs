using Stm32.Build.Devices;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// The non-volatile option bytes of the STM32H7 (RM0399 4.4 "FLASH option bytes"): what is stored in the option
/// area and loaded into the *_CUR registers at reset or after an option change. Kept across power cycles and in
/// the board's state file.
/// </summary>
public sealed record OptionByteValues
{
    /// <summary>
    /// Factory OPTSR (RM0399 4.4.x, table "Option byte organization" factory values): BOR_LEV = 00 (off),
    /// IWDG1_SW = IWDG2_SW = 1, NRST_STOP_D1 = NRST_STBY_D1 = 1, RDP = 0xAA, FZ_IWDG_STOP = FZ_IWDG_SDBY = 1,
    /// ST_RAM_SIZE = 00, SECURITY = 0, BCM4 = BCM7 = 1, NRST_STOP_D2 = NRST_STBY_D2 = 1, IO_HSLV = 0, SWAP_BANK_OPT = 0.
    /// </summary>
    public const uint FactoryOptsr = 0x03C6_AAF0;

    /// <summary>Factory PRAR (no PCROP area: start 0x0FF above end 0x000) and SCAR (no secure area), RM0399 4.4.</summary>
    public const uint FactoryEmptyArea = 0x0000_00FF;

    /// <summary>Factory WPSN: every sector unprotected (a 0 bit protects the sector).</summary>
    public const uint FactoryWpsn = 0x0000_00FF;

    /// <summary>OPTSR: user options, RDP, BCM4/BCM7, SWAP_BANK_OPT (bit positions in <see cref="FlashOptSr"/>).</summary>
    public uint Optsr { get; init; } = FactoryOptsr;

    /// <summary>PRAR per bank (index 0 = bank 1).</summary>
    public uint[] Prar { get; init; } = [FactoryEmptyArea, FactoryEmptyArea];

    /// <summary>SCAR per bank.</summary>
    public uint[] Scar { get; init; } = [FactoryEmptyArea, FactoryEmptyArea];

    /// <summary>WPSN per bank.</summary>
    public uint[] Wpsn { get; init; } = [FactoryWpsn, FactoryWpsn];

    /// <summary>BOOT7 (BOOT_CM7_ADD1[31:16] | BOOT_CM7_ADD0[15:0]); BOOT on single-core parts.</summary>
    public uint Boot7 { get; init; }

    /// <summary>BOOT4 (BOOT_CM4_ADD1[31:16] | BOOT_CM4_ADD0[15:0]); 0 on single-core parts.</summary>
    public uint Boot4 { get; init; }

    /// <summary>The factory option bytes of a device; boot addresses from the device data (RM0399 4.4: BOOT_CM7_ADD0 =
    /// 0x0800, BOOT_CM7_ADD1 = 0x1FF0, BOOT_CM4_ADD0 = 0x0810, BOOT_CM4_ADD1 = 0x1FF0).</summary>
    public static OptionByteValues Factory(DeviceDescription device)
    {
        static uint Boot(CoreDescription core) => (core.SystemBootAddress >> 16) << 16 | (core.DefaultBootAddress >> 16);
        return new OptionByteValues
        {
            Boot7 = device.Cores.Count > 0 ? Boot(device.Cores[0]) : 0,
            Boot4 = device.Cores.Count > 1 ? Boot(device.Cores[1]) : 0,
        };
    }

    /// <summary>A deep copy.</summary>
    public OptionByteValues Copy() => this with { Prar = (uint[])Prar.Clone(), Scar = (uint[])Scar.Clone(), Wpsn = (uint[])Wpsn.Clone() };

    /// <summary>The readout protection level: 0 (RDP 0xAA), 2 (RDP 0xCC) or 1 (anything else), RM0399 4.8.3.</summary>
    public int ReadoutLevel => FlashOptSr.RDP.Get(Optsr) switch
    {
        0xAA => 0,
        0xCC => 2,
        _ => 1,
    };

    /// <summary>The boot address of core <paramref name="coreIndex"/> (0 = CM7, 1 = CM4) for a BOOT0 level (RM0399 2.6).</summary>
    public uint BootAddress(int coreIndex, bool boot0High)
    {
        var register = coreIndex == 0 ? Boot7 : Boot4;
        var half = boot0High ? register >> 16 : register & 0xFFFF;
        return half << 16;
    }

    /// <summary>Whether core <paramref name="coreIndex"/> starts at reset: BCM7 for the CM7, BCM4 for the CM4 (RM0399 2.6).</summary>
    public bool CoreBootEnabled(int coreIndex) => coreIndex switch
    {
        0 => FlashOptSr.BCM7.IsSet(Optsr),
        1 => FlashOptSr.BCM4.IsSet(Optsr),
        _ => true,
    };

    /// <summary>Whether sector <paramref name="sector"/> of bank <paramref name="bankIndex"/> is write-protected (WPSN bit 0).</summary>
    public bool IsWriteProtected(int bankIndex, int sector) => (Wpsn[bankIndex] & (1u << sector)) == 0;
}
