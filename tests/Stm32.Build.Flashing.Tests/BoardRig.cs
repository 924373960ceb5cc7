using Stm32.Build.Devices;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Flashing.Tests;

/// <summary>A virtual board plus a session through the real ST-LINK driver (in-process transport).</summary>
internal sealed class BoardRig : IDisposable
{
    public BoardRig(params string[] faults)
        : this(new VirtualBoardOptions { Faults = faults.Select(BoardFault.Parse).ToList() })
    {
    }

    public BoardRig(VirtualBoardOptions options)
    {
        Board = new Board(options);
        Session = DebugSessions.Open(new VirtualProbeTransport(Board));
    }

    public Board Board { get; }

    public StLinkDebugSession Session { get; private set; }

    public static DeviceDescription Device => DeviceCatalog.BuiltIn.Get("STM32H747XI");

    /// <summary>Closes the session and opens a new one (after an unplug, a power cycle).</summary>
    public void Reopen()
    {
        Session.Dispose();
        Session = DebugSessions.Open(new VirtualProbeTransport(Board));
    }

    public FlashPipeline Pipeline(IProgress<FlashProgress>? progress = null) => new(Session, progress);

    public static FirmwareImage Elf(FirmwareVariant variant) => ImageReader.Read(FirmwareBuilder.BuildH747(variant));

    public static FlashRequest Request(params ImageInput[] images) => new() { Device = Device, Images = images };

    /// <summary>
    /// A two-sector CM7 image as a raw binary: the blinky's flash bytes in sector 0 and <paramref name="fill"/>
    /// patterns in sector 1 (so one byte can change in one sector only).
    /// </summary>
    public static FirmwareImage TwoSectorImage(byte fill, int changedOffset = -1)
    {
        var blinky = Elf(FirmwareVariant.Cm7Blinky);
        var bytes = new byte[0x20000 + 0x400];
        Array.Fill(bytes, (byte)0xFF);
        foreach (var segment in blinky.Segments.Where(s => s.Address >= 0x0800_0000 && s.End <= 0x0802_0000))
        {
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - 0x0800_0000)));
        }
        for (var i = 0x20000; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(fill + i);
        }
        if (changedOffset >= 0)
        {
            bytes[changedOffset] ^= 0x5A;
        }
        return ImageReader.Read(bytes, "two-sector.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = 0x0800_0000 });
    }

    /// <summary>Whether the flash bytes of <paramref name="image"/> are in the virtual chip's array.</summary>
    public bool FlashHolds(FirmwareImage image)
    {
        foreach (var segment in image.Segments)
        {
            foreach (var bank in Device.FlashBanks)
            {
                var start = Math.Max((ulong)segment.Address, bank.Start);
                var end = Math.Min(segment.End, bank.End);
                if (start >= end)
                {
                    continue;
                }
                var data = Board.Chip.FlashBank(bank.Number).Slice((int)(start - bank.Start), (int)(end - start));
                if (!data.SequenceEqual(segment.Data.Span.Slice((int)(start - segment.Address), (int)(end - start))))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// Changes one option register the way a user's tool does through the debugger (RM0399 4.4.2): OPTKEYR
    /// sequence, the *_PRG register, OPTSTART, wait for OPT_BUSY to clear, OPTLOCK — all through the ST-LINK.
    /// </summary>
    public void WriteOptionRegister(uint prgOffset, uint value)
    {
        const uint flash = 0x5200_2000;
        Session.Connect(holdInReset: false);
        Session.WriteWord(0, flash + 0x08, 0x0819_2A3B);
        Session.WriteWord(0, flash + 0x08, 0x4C5D_6E7F);
        Session.WriteWord(0, flash + prgOffset, value);
        Session.WriteWord(0, flash + 0x18, 0x2); // OPTSTART
        for (var polls = 0; (Session.ReadWord(0, flash + 0x1C) & 1) != 0; polls++) // OPT_BUSY
        {
            Assert.True(polls < 100_000, "the option change did not finish");
        }
        Session.WriteWord(0, flash + 0x18, 0x1); // OPTLOCK
        Session.Disconnect();
    }

    /// <summary>Write-protects sectors of a bank: WPSN_PRGxR with a 0 bit for each protected sector.</summary>
    public void WriteProtect(int bank, params int[] sectors) =>
        WriteOptionRegister(bank == 1 ? 0x3Cu : 0x13Cu, sectors.Aggregate(0xFFu, (mask, sector) => mask & ~(1u << sector)));

    /// <summary>A copy of both flash banks of the virtual chip.</summary>
    public (byte[] Bank1, byte[] Bank2) FlashSnapshot() => (Board.Chip.FlashBank(1).ToArray(), Board.Chip.FlashBank(2).ToArray());

    public bool AllLocked() => Device.FlashBanks.All(b => !Board.Chip.Flash.IsUnlocked(b.Number));

    public void Dispose()
    {
        Session.Dispose();
        Board.Dispose();
    }
}
