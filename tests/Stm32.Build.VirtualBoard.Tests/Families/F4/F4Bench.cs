using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.F4;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.F4;

/// <summary>
/// A virtual STM32F4 on a board, with the debugger's view (AP0) and the core's, and a loader that programs an image
/// through the flash interface as a debugger does (RM0090 3.5: FLASH_KEYR keys, PG with PSIZE x32, one word write at
/// a time, BSY polled). Addresses are the manual's (RM0090 2.3 memory map, 3.9 flash registers).
/// </summary>
internal sealed class F4Bench
{
    public const uint Flash = 0x4002_3C00, Keyr = Flash + 0x04, OptKeyr = Flash + 0x08, Sr = Flash + 0x0C, Cr = Flash + 0x10, OptCr = Flash + 0x14, OptCr1 = Flash + 0x18;
    public const uint Rcc = 0x4002_3800, Pwr = 0x4000_7000, GpioA = 0x4002_0000, Dbgmcu = 0xE004_2000;
    public const uint Key1 = 0x4567_0123, Key2 = 0xCDEF_89AB, OptKey1 = 0x0819_2A3B, OptKey2 = 0x4C5D_6E7F;
    public const uint SrBsy = 1u << 16, CrPg = 1u << 0, CrSer = 1u << 1, CrMer = 1u << 2, CrStrt = 1u << 16, CrLock = 1u << 31, CrEopie = 1u << 24;
    public const uint PsizeX32 = 2u << 8;

    public F4Bench(string device = "STM32F407VG", string? board = "STM32F407G-DISC1")
    {
        Device = DeviceCatalog.BuiltIn.Get(device);
        Chip = new VirtualChip(Device, Clock, Counters, board: board is null ? null : BoardCatalog.Resolve(board));
    }

    public DeviceDescription Device { get; }
    public VirtualClock Clock { get; } = new();
    public BoardCounters Counters { get; } = new();
    public VirtualChip Chip { get; }
    public F4Family Family => (F4Family)Chip.Family;

    /// <summary>The Cortex-M4's debug access port (AP0).</summary>
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

    /// <summary>Erases sector <paramref name="snb"/> (FLASH_CR.SNB encoding) at x32 and waits.</summary>
    public TimeSpan EraseSector(uint snb)
    {
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

    /// <summary>Erases the sectors an image covers and programs its flash segments through AP0, then locks.</summary>
    public FirmwareImage Load(string elf)
    {
        var image = ImageReader.Read(elf);
        Unlock();
        var erased = new HashSet<(int, int)>();
        foreach (var segment in image.Segments.Where(s => Device.FindBank(s.Address) is not null))
        {
            var bank = Device.FindBank(segment.Address)!;
            for (var at = segment.Address; at < segment.End; at = bank.SectorStart(bank.SectorOf(at)) + bank.SectorSizeOf(bank.SectorOf(at)))
            {
                var sector = bank.SectorOf(at);
                if (erased.Add((bank.Number, sector)))
                {
                    var number = bank.SectorNumber(sector);
                    EraseSector((uint)(number < 12 ? number : 16 + number - 12));
                }
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
