using System.Globalization;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>One option-byte field that an option change (OPTSTART) alters, with its old and new value.</summary>
/// <param name="Field">The field's name as in RM0399 4.4 (<c>RDP</c>, <c>BCM4</c>, <c>BOOT_CM7_ADD0</c>, <c>WPSN1</c>, ...).</param>
/// <param name="Before">The value in effect before the change.</param>
/// <param name="After">The value the change programs.</param>
public sealed record OptionByteChange(string Field, uint Before, uint After)
{
    /// <summary>The kind of option the field is: <c>rdp</c>, <c>boot-core</c> (BCM7/BCM4), <c>boot-address</c>, <c>write-protection</c>, <c>pcrop</c>, <c>secure</c> or <c>user</c>.</summary>
    public string Category => Field switch
    {
        "RDP" => "rdp",
        "BCM7" or "BCM4" => "boot-core",
        _ when Field.StartsWith("BOOT_", StringComparison.Ordinal) => "boot-address",
        _ when Field.StartsWith("WPSN", StringComparison.Ordinal) => "write-protection",
        _ when Field.StartsWith("PRAR", StringComparison.Ordinal) => "pcrop",
        _ when Field.StartsWith("SCAR", StringComparison.Ordinal) => "secure",
        _ => "user",
    };

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Field} 0x{Before:X} -> 0x{After:X}");
}

/// <summary>The differences between two sets of option bytes (RM0399 4.4 "FLASH option bytes").</summary>
public static class OptionByteChanges
{
    private static readonly RegisterField[] s_optsrFields =
    [
        FlashOptSr.RDP, FlashOptSr.BCM7, FlashOptSr.BCM4, FlashOptSr.BOR_LEV, FlashOptSr.IWDG1_SW, FlashOptSr.IWDG2_SW,
        FlashOptSr.NRST_STOP_D1, FlashOptSr.NRST_STBY_D1, FlashOptSr.FZ_IWDG_STOP, FlashOptSr.FZ_IWDG_SDBY,
        FlashOptSr.ST_RAM_SIZE, FlashOptSr.SECURITY, FlashOptSr.NRST_STOP_D2, FlashOptSr.NRST_STBY_D2,
        FlashOptSr.IO_HSLV, FlashOptSr.SWAP_BANK_OPT,
    ];

    /// <summary>Every field whose value differs between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static IReadOnlyList<OptionByteChange> Between(OptionByteValues before, OptionByteValues after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<OptionByteChange>();
        foreach (var field in s_optsrFields)
        {
            if (field.Get(before.Optsr) != field.Get(after.Optsr))
            {
                changes.Add(new OptionByteChange(field.Name, field.Get(before.Optsr), field.Get(after.Optsr)));
            }
        }
        Half("BOOT_CM7_ADD0", before.Boot7 & 0xFFFF, after.Boot7 & 0xFFFF);
        Half("BOOT_CM7_ADD1", before.Boot7 >> 16, after.Boot7 >> 16);
        Half("BOOT_CM4_ADD0", before.Boot4 & 0xFFFF, after.Boot4 & 0xFFFF);
        Half("BOOT_CM4_ADD1", before.Boot4 >> 16, after.Boot4 >> 16);
        for (var bank = 0; bank < Math.Min(before.Wpsn.Length, after.Wpsn.Length); bank++)
        {
            Half($"WPSN{bank + 1}", before.Wpsn[bank], after.Wpsn[bank]);
            Half($"PRAR{bank + 1}", before.Prar[bank], after.Prar[bank]);
            Half($"SCAR{bank + 1}", before.Scar[bank], after.Scar[bank]);
        }
        return changes;

        void Half(string name, uint a, uint b)
        {
            if (a != b)
            {
                changes.Add(new OptionByteChange(name, a, b));
            }
        }
    }
}
