namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// The STM32F1 option bytes as stored in the information block at 0x1FFFF800 (PM0075 2.5, table "Option byte
/// format"): eight bytes each followed by its complement — RDP, USER, Data0, Data1, WRP0-WRP3. As delivered RDP is
/// 0xA5 (no read protection) and every other byte 0xFF (software watchdog, no reset on Stop/Standby entry, no page
/// write-protected), their complements 0x5A and 0x00.
/// </summary>
public sealed class F1OptionBytes
{
    /// <summary>The size of the block (16 bytes: 8 option bytes and their complements).</summary>
    public const int Size = 16;

    /// <summary>The RDP value that leaves the flash readable (PM0075 2.4.1).</summary>
    public const byte RdpUnprotected = 0xA5;

    /// <summary>The option byte offsets (even) in the block.</summary>
    public const int Rdp = 0, User = 2, Data0 = 4, Data1 = 6, Wrp0 = 8;

    /// <summary>The 16 bytes as the information block holds them.</summary>
    public byte[] Bytes { get; } = new byte[Size];

    /// <summary>Puts the factory values back.</summary>
    public void Reset()
    {
        for (var i = 0; i < Size; i += 2)
        {
            var value = i == Rdp ? RdpUnprotected : (byte)0xFF;
            Bytes[i] = value;
            Bytes[i + 1] = (byte)~value;
        }
    }

    /// <summary>
    /// What the option byte loader makes of them at reset: an option byte whose complement does not match sets
    /// FLASH_OBR.OPTERR and is taken as 0xFF (so an erased RDP reads as protected, PM0075 2.4.1 and 3.7).
    /// </summary>
    public F1LoadedOptions Decode()
    {
        var error = false;
        byte Value(int offset)
        {
            var value = Bytes[offset];
            if ((byte)~value != Bytes[offset + 1])
            {
                error = true;
                return 0xFF;
            }
            return value;
        }
        var rdp = Value(Rdp);
        var user = Value(User);
        var data0 = Value(Data0);
        var data1 = Value(Data1);
        uint wrpr = 0;
        for (var i = 0; i < 4; i++)
        {
            wrpr |= (uint)Value(Wrp0 + 2 * i) << (8 * i);
        }
        return new F1LoadedOptions(rdp, user, data0, data1, wrpr, error);
    }
}

/// <summary>
/// The option bytes loaded at the last reset, as FLASH_OBR and FLASH_WRPR show them (PM0075 3.7, 3.8).
/// </summary>
/// <param name="Rdp">The RDP byte (0xA5: not protected).</param>
/// <param name="User">The USER byte: bit 0 WDG_SW, bit 1 nRST_STOP, bit 2 nRST_STDBY.</param>
/// <param name="Data0">The user data byte 0.</param>
/// <param name="Data1">The user data byte 1.</param>
/// <param name="Wrpr">WRP0-WRP3 as one word (bit n = 0: the pages of bit n are write-protected).</param>
/// <param name="OptionError">Whether an option byte did not match its complement (OBR.OPTERR).</param>
public readonly record struct F1LoadedOptions(byte Rdp, byte User, byte Data0, byte Data1, uint Wrpr, bool OptionError)
{
    /// <summary>Whether read protection is active (RDP is not 0xA5; FLASH_OBR.RDPRT).</summary>
    public bool ReadProtected => Rdp != F1OptionBytes.RdpUnprotected;

    /// <summary>Whether the independent watchdog is started by hardware at reset (USER.WDG_SW = 0, RM0008 19.3).</summary>
    public bool HardwareWatchdog => (User & 1) == 0;

    /// <summary>FLASH_OBR: OPTERR (bit 0), RDPRT (1), the USER byte (9:2), Data0 (17:10), Data1 (25:18).</summary>
    public uint Obr => (OptionError ? 1u : 0) | (ReadProtected ? 2u : 0) | (uint)User << 2 | (uint)Data0 << 10 | (uint)Data1 << 18;
}
