using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.F1;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.F1;

/// <summary>
/// A virtual STM32F1 on a board, with the debugger's view (AP0) and the core's, and a loader that programs an image
/// through the FPEC as a debugger does (PM0075 2.3: FLASH_KEYR keys, PER + FLASH_AR + STRT per page, PG with one
/// half-word write at a time, BSY polled). Addresses are the manual's (RM0008 3.3 memory map, PM0075 3 registers).
/// </summary>
internal sealed class F1Bench
{
    public const uint Flash = 0x4002_2000, Keyr = Flash + 0x04, OptKeyr = Flash + 0x08, Sr = Flash + 0x0C, Cr = Flash + 0x10, Ar = Flash + 0x14, Obr = Flash + 0x1C, Wrpr = Flash + 0x20;
    public const uint Rcc = 0x4002_1000, Afio = 0x4001_0000, GpioA = 0x4001_0800, Dbgmcu = 0xE004_2000, Iwdg = 0x4000_3000;
    public const uint Key1 = 0x4567_0123, Key2 = 0xCDEF_89AB;
    public const uint SrBsy = 1u << 0, SrPgerr = 1u << 2, SrWrprterr = 1u << 4, SrEop = 1u << 5;
    public const uint CrPg = 1u << 0, CrPer = 1u << 1, CrMer = 1u << 2, CrOptPg = 1u << 4, CrOptEr = 1u << 5, CrStrt = 1u << 6, CrLock = 1u << 7, CrOptWre = 1u << 9;
    public const uint OptionBytes = 0x1FFF_F800;

    public F1Bench(string device = "STM32F103RB", string? board = "NUCLEO-F103RB")
    {
        Device = DeviceCatalog.BuiltIn.Get(device);
        Chip = new VirtualChip(Device, Clock, Counters, board: board is null ? null : BoardCatalog.Resolve(board));
    }

    public DeviceDescription Device { get; }
    public VirtualClock Clock { get; } = new();
    public BoardCounters Counters { get; } = new();
    public VirtualChip Chip { get; }
    public F1Family Family => (F1Family)Chip.Family;

    /// <summary>The Cortex-M3's debug access port (AP0).</summary>
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

    public void WriteHalf(uint address, ushort value) =>
        Assert.Equal(BusStatus.Ok, Ap0.Write(address, AccessSize.HalfWord, value));

    public void Advance(TimeSpan duration)
    {
        Clock.Advance(duration);
        Chip.AdvanceTo(Clock.Nanoseconds);
    }

    /// <summary>Polls FLASH_SR.BSY as a debugger does, 10 µs of board time per poll; returns how long it stayed busy.</summary>
    public TimeSpan WaitNotBusy(int maxPolls = 1_000_000)
    {
        var start = Clock.Nanoseconds;
        for (var poll = 0; (Read(Sr) & SrBsy) != 0; poll++)
        {
            Assert.True(poll < maxPolls, "flash stayed busy");
            Advance(TimeSpan.FromMicroseconds(10));
        }
        return TimeSpan.FromTicks((Clock.Nanoseconds - start) / 100);
    }

    public void Unlock()
    {
        Write(Keyr, Key1);
        Write(Keyr, Key2);
    }

    public void UnlockOptions()
    {
        Write(OptKeyr, Key1);
        Write(OptKeyr, Key2);
    }

    /// <summary>Erases the page holding <paramref name="address"/> and waits.</summary>
    public TimeSpan ErasePage(uint address)
    {
        Write(Cr, CrPer);
        Write(Ar, address);
        Write(Cr, CrPer | CrStrt);
        return WaitNotBusy();
    }

    /// <summary>Programs <paramref name="data"/> (an even number of bytes) at <paramref name="address"/> half-word by half-word.</summary>
    public void Program(uint address, ReadOnlySpan<byte> data)
    {
        Write(Cr, CrPg);
        for (var i = 0; i < data.Length; i += 2)
        {
            WriteHalf(address + (uint)i, BitConverter.ToUInt16(data.Slice(i, 2)));
            WaitNotBusy();
        }
        Write(Cr, 0);
    }

    /// <summary>Erases the pages an image covers and programs its flash segments through AP0, then locks.</summary>
    public FirmwareImage Load(string elf)
    {
        var image = ImageReader.Read(elf);
        Unlock();
        var erased = new HashSet<int>();
        foreach (var segment in image.Segments.Where(s => Device.FindBank(s.Address) is not null))
        {
            var bank = Device.FindBank(segment.Address)!;
            for (var page = bank.SectorOf(segment.Address); page <= bank.SectorOf((uint)segment.End - 1); page++)
            {
                if (erased.Add(page))
                {
                    ErasePage(bank.SectorStart(page));
                }
            }
            var start = segment.Address & ~1u;
            var bytes = new byte[(int)(((segment.End + 1) & ~1UL) - start)];
            Array.Fill(bytes, (byte)0xFF);
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
            Program(start, bytes);
        }
        Write(Cr, CrLock);
        return image;
    }
}
