using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.L4;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.L4;

/// <summary>
/// A virtual STM32L4/G4 on a board, with the debugger's view (AP0) and the core's, and a loader that programs an image
/// through the flash interface as a debugger does (RM0351 3.3.6/3.3.7: FLASH_KEYR keys, PER + PNB (+ BKER) + STRT per
/// page, PG, double words as two word writes, BSY polled). Addresses are the manuals' (RM0351/RM0440 3.7 flash registers).
/// </summary>
internal sealed class L4Bench
{
    public const uint Flash = 0x4002_2000, Acr = Flash, Keyr = Flash + 0x08, OptKeyr = Flash + 0x0C, Sr = Flash + 0x10, Cr = Flash + 0x14, Optr = Flash + 0x20;
    public const uint Wrp1ar = Flash + 0x2C, Wrp2ar = Flash + 0x4C;
    public const uint Rcc = 0x4002_1000, Pwr = 0x4000_7000, GpioA = 0x4800_0000, Dbgmcu = 0xE004_2000;
    public const uint Key1 = 0x4567_0123, Key2 = 0xCDEF_89AB, OptKey1 = 0x0819_2A3B, OptKey2 = 0x4C5D_6E7F;
    public const uint SrBsy = 1u << 16, SrBsy2 = 1u << 17, SrEop = 1u << 0, SrProgerr = 1u << 3, SrWrperr = 1u << 4, SrPgaerr = 1u << 5, SrSizerr = 1u << 6, SrPgserr = 1u << 7;
    public const uint SrErrors = 0xC3FA;
    public const uint CrPg = 1u << 0, CrPer = 1u << 1, CrMer1 = 1u << 2, CrBker = 1u << 11, CrMer2 = 1u << 15, CrStrt = 1u << 16, CrOptStrt = 1u << 17;
    public const uint CrEopie = 1u << 24, CrOblLaunch = 1u << 27, CrOptLock = 1u << 30, CrLock = 1u << 31;

    public L4Bench(string device = "STM32L476RG", string? board = "NUCLEO-L476RG")
    {
        Device = DeviceCatalog.BuiltIn.Get(device);
        Chip = new VirtualChip(Device, Clock, Counters, board: board is null ? null : BoardCatalog.Resolve(board));
    }

    public DeviceDescription Device { get; }
    public VirtualClock Clock { get; } = new();
    public BoardCounters Counters { get; } = new();
    public VirtualChip Chip { get; }
    public L4Family Family => (L4Family)Chip.Family;

    /// <summary>The page flash interface of the chip's family (the L4/G4's, or the G0's which is the same model).</summary>
    public L4FlashInterface FlashInterface => Chip.Family switch
    {
        L4Family l4 => l4.Flash,
        Stm32.Build.VirtualBoard.Families.G0.G0Family g0 => g0.Flash,
        _ => throw new InvalidOperationException(Chip.Family.Name),
    };

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

    /// <summary>
    /// Polls FLASH_SR.BSY (and the G0B1's BSY2, bit 17, reserved elsewhere: RM0444 3.7.4) as a debugger does, 10 µs of
    /// board time per poll; returns how long it stayed busy.
    /// </summary>
    public TimeSpan WaitNotBusy(int maxPolls = 100_000)
    {
        var start = Clock.Nanoseconds;
        for (var poll = 0; (Read(Sr) & (SrBsy | SrBsy2)) != 0; poll++)
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
        Write(OptKeyr, OptKey1);
        Write(OptKeyr, OptKey2);
    }

    /// <summary>Erases page <paramref name="page"/> of bank <paramref name="bank"/> and waits.</summary>
    public TimeSpan ErasePage(int page, int bank = 1)
    {
        var cr = CrPer | ((uint)page << 3) | (bank == 2 ? CrBker : 0);
        Write(Cr, cr);
        Write(Cr, cr | CrStrt);
        var took = WaitNotBusy();
        Write(Cr, 0);
        return took;
    }

    /// <summary>Programs <paramref name="data"/> (a multiple of 8 bytes) at <paramref name="address"/> double word by double word.</summary>
    public void Program(uint address, ReadOnlySpan<byte> data)
    {
        Write(Cr, CrPg);
        for (var i = 0; i < data.Length; i += 8)
        {
            Write(address + (uint)i, BitConverter.ToUInt32(data.Slice(i, 4)));
            Write(address + (uint)i + 4, BitConverter.ToUInt32(data.Slice(i + 4, 4)));
            WaitNotBusy();
        }
        Write(Cr, 0);
    }

    /// <summary>Erases the pages an image covers and programs its flash segments through AP0, then locks.</summary>
    public FirmwareImage Load(string elf)
    {
        var image = ImageReader.Read(elf);
        Unlock();
        var banks = FlashInterface.ActiveBanks;
        var erased = new HashSet<(int, int)>();
        foreach (var segment in image.Segments.Where(s => Device.FindBank(s.Address) is not null))
        {
            for (var at = segment.Address & ~7u; at < segment.End; at += 8)
            {
                var bank = banks.First(b => b.Contains(at));
                var page = bank.SectorOf(at);
                if (erased.Add((bank.Number, page)))
                {
                    ErasePage(page, bank.Number);
                }
            }
            var start = segment.Address & ~7u;
            var bytes = new byte[(int)(((segment.End + 7) & ~7UL) - start)];
            Array.Fill(bytes, (byte)0xFF);
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
            Program(start, bytes);
        }
        Write(Cr, CrLock);
        return image;
    }
}
