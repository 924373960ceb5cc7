using System.Buffers.Binary;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

/// <summary>
/// A minimal host driving a composed <see cref="VirtualBoard"/> through its ST-LINK, the way OpenOCD's HLA layer
/// does (command layouts from OpenOCD 0.12 stlink_usb.c), with the STM32H7 flash sequence of RM0399 4.3.9 for
/// programming a vector table.
/// </summary>
internal sealed class BoardHost(VirtualBoard board)
{
    // RM0399 4.9: flash interface registers (bank 1), keys and bits.
    public const uint FlashKeyr1 = 0x52002004, FlashCr1 = 0x5200200C, FlashSr1 = 0x52002010;
    public const uint Key1 = 0x45670123, Key2 = 0xCDEF89AB;
    public const uint CrPg = 1u << 1, CrPsize64 = 3u << 4, SrQw = 1u << 2, SrPgserr = 1u << 18;
    // ARMv7-M C1.6.2 and B3.2.6.
    public const uint Dhcsr = 0xE000EDF0, Aircr = 0xE000ED0C;

    public VirtualBoard Board { get; } = board;

    public byte[] In(int length, params byte[] command)
    {
        var data = new byte[length];
        var n = Board.Probe.Transfer(command, [], data);
        return data[..n];
    }

    public byte Enter() => In(2, 0xF2, 0x30, 0xA3)[0];

    public uint ReadWord(uint address)
    {
        var data = In(4, ProbeFixture.MemCommand(0x07, address, 4));
        return BinaryPrimitives.ReadUInt32LittleEndian(data);
    }

    public void WriteWord(uint address, uint value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        Board.Probe.Transfer(ProbeFixture.MemCommand(0x08, address, 4), data, []);
    }

    public void WriteBlock(uint address, byte[] data) => Board.Probe.Transfer(ProbeFixture.MemCommand(0x08, address, data.Length), data, []);

    public (byte Status, uint Address) LastStatus()
    {
        var reply = In(12, 0xF2, 0x3E);
        return (reply[0], BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(4)));
    }

    public byte ReadIdCodesStatus() => In(12, 0xF2, 0x31)[0];

    /// <summary>Halts the core (DHCSR C_HALT | C_DEBUGEN).</summary>
    public void Halt() => WriteWord(Dhcsr, 0xA05F0003);

    /// <summary>Programs one 32-byte flash word at 0x08000000: an initial SP and a reset vector (so the chip boots user firmware).</summary>
    public void ProgramVectorTable(uint initialSp = 0x20020000, uint resetHandler = 0x08000101)
    {
        Halt();
        WriteWord(FlashKeyr1, Key1);
        WriteWord(FlashKeyr1, Key2);
        WriteWord(FlashCr1, CrPg | CrPsize64);
        var word = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(word, initialSp);
        BinaryPrimitives.WriteUInt32LittleEndian(word.AsSpan(4), resetHandler);
        WriteBlock(0x08000000, word);
        for (var poll = 0; poll < 100 && (ReadWord(FlashSr1) & SrQw) != 0; poll++)
        {
        }
        WriteWord(FlashCr1, 0);
        Assert.Equal(initialSp, BinaryPrimitives.ReadUInt32LittleEndian(Board.Chip.FlashBank(1)));
    }

    /// <summary>
    /// Lets the firmware run: a system reset through RESETSYS (the chip then boots the programmed vector), then
    /// debug off. Returns RESETSYS's status (a board fault may silence the port as soon as the firmware runs).
    /// </summary>
    public byte ResetRun()
    {
        WriteWord(Dhcsr, 0xA05F0000);
        return In(2, 0xF2, 0x32)[0];
    }

    /// <summary>Commands that only cost time (GET_CURRENT_MODE): lets the firmware run for a while.</summary>
    public void Idle(int commands)
    {
        for (var i = 0; i < commands; i++)
        {
            In(2, 0xF5);
        }
    }
}
