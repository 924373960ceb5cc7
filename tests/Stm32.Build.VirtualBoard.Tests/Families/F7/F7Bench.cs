using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.F7;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.F7;

/// <summary>
/// A virtual STM32F7 on a board, with the debugger's view (AP0) and the core's, and a loader that programs an image
/// through the flash interface as a debugger does (RM0385 3.3: FLASH_KEYR keys, PG with PSIZE x32, one word write at
/// a time, BSY polled). Addresses are the manual's (RM0385 2.2 memory map, 3.7 flash registers).
/// </summary>
internal sealed class F7Bench
{
    public const uint Flash = 0x4002_3C00, Keyr = Flash + 0x04, OptKeyr = Flash + 0x08, Sr = Flash + 0x0C, Cr = Flash + 0x10, OptCr = Flash + 0x14, OptCr1 = Flash + 0x18;
    public const uint Rcc = 0x4002_3800, Pwr = 0x4000_7000, GpioA = 0x4002_0000, Dbgmcu = 0xE004_2000, Iwdg = 0x4000_3000;
    public const uint Key1 = 0x4567_0123, Key2 = 0xCDEF_89AB, OptKey1 = 0x0819_2A3B, OptKey2 = 0x4C5D_6E7F;
    public const uint SrBsy = 1u << 16, SrErserr = 1u << 7, SrWrperr = 1u << 4, SrPgperr = 1u << 6;
    public const uint CrPg = 1u << 0, CrSer = 1u << 1, CrMer = 1u << 2, CrMer2 = 1u << 15, CrStrt = 1u << 16, CrLock = 1u << 31;
    public const uint PsizeX32 = 2u << 8;

    public F7Bench(string device = "STM32F746ZG", string? board = "NUCLEO-F746ZG")
    {
        Device = DeviceCatalog.BuiltIn.Get(device);
        Chip = new VirtualChip(Device, Clock, Counters, board: board is null ? null : BoardCatalog.Resolve(board));
    }

    public DeviceDescription Device { get; }
    public VirtualClock Clock { get; } = new();
    public BoardCounters Counters { get; } = new();
    public VirtualChip Chip { get; }
    public F7Family Family => (F7Family)Chip.Family;

    /// <summary>The Cortex-M7's debug access port (AP0).</summary>
    public ISystemBus Ap0 => Chip.AccessPortBus(0)!;

    /// <summary>The bus as the core's firmware reaches it.</summary>
    public ISystemBus Core => Chip.SystemBus(Device.Cores[0].Name);

    public uint Read(uint address, ISystemBus? bus = null)
    {
        Assert.Equal(BusStatus.Ok, (bus ?? Ap0).Read(address, AccessSize.Word, out var value));
        return value;
    }

    public void Write(uint address, uint value, ISystemBus? bus = null) =>
        Assert.Equal(BusStatus.Ok, (bus ?? Ap0).Write(address, AccessSize.Word, value));

    public void Advance(TimeSpan duration)
    {
        Clock.Advance(duration);
        Chip.AdvanceTo(Clock.Nanoseconds);
    }

    /// <summary>Polls FLASH_SR.BSY as a debugger does, 1 ms of board time per poll; returns how long it stayed busy.</summary>
    public TimeSpan WaitNotBusy(int maxPolls = 100_000)
    {
        var start = Clock.Nanoseconds;
        for (var poll = 0; (Read(Sr) & SrBsy) != 0; poll++)
        {
            Assert.True(poll < maxPolls, "flash stayed busy");
            Advance(TimeSpan.FromMilliseconds(1));
        }
        return TimeSpan.FromTicks((Clock.Nanoseconds - start) / 100);
    }

    public void Unlock()
    {
        Write(Keyr, Key1);
        Write(Keyr, Key2);
    }

    /// <summary>Erases sector <paramref name="number"/> (0-11 bank 1, 12-23 bank 2) at x32 and waits.</summary>
    public TimeSpan EraseSector(int number)
    {
        var snb = (uint)(number < 12 ? number : 16 + number - 12);
        Write(Cr, CrSer | PsizeX32 | (snb << 3));
        Write(Cr, CrSer | PsizeX32 | (snb << 3) | CrStrt);
        return WaitNotBusy();
    }

    /// <summary>Programs <paramref name="data"/> (a multiple of 4 bytes) at <paramref name="address"/> word by word.</summary>
    public void Program(uint address, ReadOnlySpan<byte> data)
    {
        Write(Cr, CrPg | PsizeX32);
        for (var i = 0; i < data.Length; i += 4)
        {
            Write(address + (uint)i, BitConverter.ToUInt32(data.Slice(i, 4)));
            WaitNotBusy();
        }
        Write(Cr, 0);
    }

    /// <summary>Unlocks FLASH_OPTCR, writes <paramref name="optcr"/> with OPTSTRT and waits; FLASH_CR must be unlocked.</summary>
    public void ProgramOptions(uint optcr, uint? optcr1 = null)
    {
        Write(OptKeyr, OptKey1);
        Write(OptKeyr, OptKey2);
        if (optcr1 is uint value)
        {
            Write(OptCr1, value);
        }
        Write(OptCr, optcr & ~3u);
        Write(OptCr, (optcr & ~3u) | 2);
        WaitNotBusy();
        Write(OptCr, optcr | 1);
    }

    /// <summary>Erases the sectors an image covers (in the bank organisation in effect) and programs its flash segments through AP0, then locks.</summary>
    public FirmwareImage Load(string elf)
    {
        var image = ImageReader.Read(elf);
        Unlock();
        var erased = new HashSet<int>();
        var banks = Family.Flash.BanksInEffect;
        foreach (var segment in image.Segments.Where(s => banks.Any(b => b.Contains(s.Address))))
        {
            for (var at = segment.Address; at < segment.End;)
            {
                var bank = banks.First(b => b.Contains(at));
                var sector = bank.SectorOf(at);
                if (erased.Add(bank.SectorNumber(sector)))
                {
                    EraseSector(bank.SectorNumber(sector));
                }
                at = bank.SectorStart(sector) + bank.SectorSizeOf(sector);
            }
            var start = segment.Address & ~3u;
            var bytes = new byte[(int)(((segment.End + 3) & ~3UL) - start)];
            Array.Fill(bytes, (byte)0xFF);
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
            Program(start, bytes);
        }
        Write(Cr, CrLock);
        return image;
    }
}
