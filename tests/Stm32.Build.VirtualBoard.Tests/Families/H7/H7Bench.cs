using System.Buffers.Binary;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.H7;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// A virtual board (probe, debug port, chip on a board description) with the instruction emulator as its cores,
/// and what the H7 clock and power tests do to it: act as firmware on a core's bus, as a debugger on an access port,
/// load an image through the flash interface, let virtual time pass.
/// </summary>
internal sealed class H7Bench
{
    // RM0399 4.9: flash interface registers of bank 1 (bank 2 at +0x100), keys, bits.
    private const uint FlashBase = 0x5200_2000, KeyR = 0x04, Cr = 0x0C, Sr = 0x10, OptKeyR = 0x08, OptCr = 0x18, OptSrCur = 0x1C, OptSrPrg = 0x20;

    public H7Bench(string? board = null, SupplyWiring? supply = null, string device = "STM32H747XI", bool boot0High = false)
    {
        Board = new VirtualBoard(new VirtualBoardOptions
        {
            Device = device,
            Board = board is null ? null : BoardCatalog.Resolve(board),
            Supply = supply,
            Boot0High = boot0High,
        }, (description, host) => new CortexMCore(description, host));
    }

    public VirtualBoard Board { get; }

    public VirtualChip Chip => Board.Chip;

    public H7Family Family => (H7Family)Chip.Family;

    public H7Rcc Rcc => Family.Rcc!;

    public H7Pwr Pwr => Family.Pwr!;

    public H7DomainPower Domains => Family.Domains!;

    /// <summary>The Cortex-M7's own bus (what its firmware reaches).</summary>
    public ISystemBus Cm7 => Chip.SystemBus("CM7");

    /// <summary>The Cortex-M4's own bus.</summary>
    public ISystemBus Cm4 => Chip.SystemBus("CM4");

    /// <summary>Access port <paramref name="index"/>'s bus, as a debugger reaches the chip.</summary>
    public ISystemBus Ap(int index) => Chip.AccessPortBus(index)!;

    public long NowNs => Chip.Scheduler.GlobalNs;

    public static uint Read(ISystemBus bus, uint address)
    {
        Assert.Equal(BusStatus.Ok, bus.Read(address, AccessSize.Word, out var value));
        return value;
    }

    public static void Write(ISystemBus bus, uint address, uint value) =>
        Assert.Equal(BusStatus.Ok, bus.Write(address, AccessSize.Word, value));

    public void Advance(TimeSpan duration)
    {
        Board.Clock.Advance(duration);
        Chip.AdvanceTo(Board.Clock.Nanoseconds);
    }

    public void AdvanceNs(long nanoseconds)
    {
        Board.Clock.Advance(nanoseconds);
        Chip.AdvanceTo(Board.Clock.Nanoseconds);
    }

    /// <summary>Programs every segment of <paramref name="elf"/> into flash through the flash interface (RM0399 4.3.9), as a debugger would.</summary>
    public FirmwareImage Load(string elf)
    {
        var image = ImageReader.Read(elf);
        var ap0 = Ap(0);
        foreach (var segment in image.Segments)
        {
            var start = segment.Address & ~31u;
            var bytes = new byte[(int)(((segment.End + 31) & ~31UL) - start)];
            Array.Fill(bytes, (byte)0xFF);
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
            var bank = start >= 0x0810_0000 ? 0x100u : 0u;
            Write(ap0, FlashBase + bank + KeyR, 0x4567_0123);
            Write(ap0, FlashBase + bank + KeyR, 0xCDEF_89AB);
            Write(ap0, FlashBase + bank + Cr, (1u << 1) | (3u << 4)); // PG, PSIZE x64
            for (var i = 0; i < bytes.Length; i += 32)
            {
                for (var w = 0; w < 32; w += 4)
                {
                    Write(ap0, start + (uint)(i + w), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i + w)));
                }
                WaitFlash(FlashBase + bank + Sr, 0x5);
            }
            Write(ap0, FlashBase + bank + Cr, 1); // LOCK
        }
        return image;
    }

    /// <summary>Clears option bit <paramref name="bit"/> of FLASH_OPTSR (e.g. 22, BCM4) through OPTKEYR/OPTSR_PRG/OPTSTART (RM0399 4.4).</summary>
    public void ClearOptionBit(int bit)
    {
        var ap0 = Ap(0);
        Write(ap0, FlashBase + OptKeyR, 0x0819_2A3B);
        Write(ap0, FlashBase + OptKeyR, 0x4C5D_6E7F);
        Write(ap0, FlashBase + OptSrPrg, Read(ap0, FlashBase + OptSrPrg) & ~(1u << bit));
        Write(ap0, FlashBase + OptCr, 1u << 1); // OPTSTART
        WaitFlash(FlashBase + OptSrCur, 1); // OPT_BUSY
        Assert.Equal(0u, Read(ap0, FlashBase + OptSrCur) & (1u << bit));
    }

    private void WaitFlash(uint statusRegister, uint busyMask)
    {
        for (var i = 0; i < 10_000; i++)
        {
            if ((Read(Ap(0), statusRegister) & busyMask) == 0)
            {
                return;
            }
            Advance(TimeSpan.FromMilliseconds(1));
        }
        Assert.Fail("the flash interface stayed busy");
    }

    /// <summary>A power cycle of the board: the chip comes up from power-on with what flash holds.</summary>
    public void PowerCycle() => Board.PowerCycle();

    /// <summary>A word of RAM as the debugger reads it through AP0.</summary>
    public uint Variable(FirmwareImage image, string symbol) => Read(Ap(0), image.FindSymbol(symbol)!.Address);
}
