using Stm32.Build.Devices;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// What differs between the sector flash interfaces of the STM32F4 (RM0090 chapter 3) and the STM32F7 (RM0385/RM0410
/// chapter 3) that <see cref="SectorFlashInterface"/> models: the option bytes as delivered, the datasheet's typical
/// times, the bank organisation the option bytes select, and which nWRP bit protects a sector. The register set, the
/// unlock sequences, the erase/program rules and the error flags are common (FLASH_SR bit 7 is PGSERR on the F4 and
/// ERSERR on the F7, with the same meaning; bank 2's mass erase is FLASH_CR bit 15, MER1 on the F42x/F43x and MER2 on
/// the F76x/F77x).
/// </summary>
public sealed record SectorFlashProfile
{
    /// <summary>FLASH_OPTCR as delivered (the option bytes' factory value, OPTLOCK set).</summary>
    public required uint FactoryOptcr { get; init; }

    /// <summary>FLASH_OPTCR1 as delivered, where the part has it.</summary>
    public required uint FactoryOptcr1 { get; init; }

    /// <summary>t_prog: one program operation of the PSIZE width.</summary>
    public required TimeSpan WordProgram { get; init; }

    /// <summary>The erase time of a sector of the given size in bytes at the given PSIZE (0 = x8 … 3 = x64).</summary>
    public required Func<uint, int, TimeSpan> SectorErase { get; init; }

    /// <summary>The mass erase time of one bank at the given PSIZE.</summary>
    public required Func<int, TimeSpan> MassErase { get; init; }

    /// <summary>OPTSTRT until BSY clears.</summary>
    public required TimeSpan OptionChange { get; init; }

    /// <summary>
    /// The banks in effect for the option bytes loaded at reset (FLASH_OPTCR, FLASH_OPTCR1); null: the device data's
    /// banks whatever the option bytes say.
    /// </summary>
    public Func<uint, uint, IReadOnlyList<FlashBank>>? BanksFor { get; init; }

    /// <summary>
    /// Whether the sector with this number (0-11 bank 1, 12-23 bank 2, as FLASH_CR.SNB counts them) is
    /// write-protected under these option bytes (OPTCR, OPTCR1) in this bank organisation; null: the F4's rule,
    /// nWRPi of FLASH_OPTCR for sector i of bank 1 and of FLASH_OPTCR1 for sector 12 + i of bank 2 (RM0090 3.7.4).
    /// </summary>
    public Func<int, uint, uint, IReadOnlyList<FlashBank>, bool>? WriteProtected { get; init; }

    /// <summary>
    /// The banks of the <see cref="DeviceDescription.BankModes"/> entry whose option field (FLASH_OPTCR.DB1M on the
    /// 1 MiB F42x/F43x, RM0090 3.3 and 3.9.10; FLASH_OPTCR.nDBANK on the F76x/F77x, RM0410 3.3.2) has its value in
    /// <paramref name="optcr"/>/<paramref name="optcr1"/>, else the device data's banks: what <see cref="BanksFor"/>
    /// gives for a device with bank modes.
    /// </summary>
    public static IReadOnlyList<FlashBank> BanksFromOptions(DeviceDescription device, uint optcr, uint optcr1)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var mode in device.BankModes)
        {
            var dot = mode.Option.IndexOf('.', StringComparison.Ordinal);
            var register = device.OptionRegisters.FirstOrDefault(r => r.Name == mode.Option[..Math.Max(0, dot)]);
            if (register?.Field(mode.Option[(dot + 1)..]) is { } field && field.Get(register.Name == "OPTCR1" ? optcr1 : optcr) == mode.Value)
            {
                return mode.FlashBanks;
            }
        }
        return device.FlashBanks;
    }

    /// <summary>The F4 rule of <see cref="WriteProtected"/>.</summary>
    internal static bool F4WriteProtected(int sector, uint optcr, uint optcr1)
    {
        var bank2 = sector >= 12;
        var index = bank2 ? sector - 12 : sector;
        var nwrp = ((bank2 ? optcr1 : optcr) >> 16) & 0xFFF;
        return index < 12 && (nwrp & (1u << index)) == 0;
    }
}
