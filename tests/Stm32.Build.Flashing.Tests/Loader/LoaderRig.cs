using Stm32.Build.Devices;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Loader;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Session;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using static Stm32.Build.Flashing.Loader.H7LoaderImage.Layout;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>
/// The loader on the emulated Cortex-M7 of a virtual STM32H747, driven as the host does it (ST-LINK driver, in-process
/// transport): reset to the reset vector, unlock, erase, write the loader and its plan, run it, fill slots, publish
/// descriptors, read its status. Everything the loader does happens on the emulator inside the virtual chip.
/// </summary>
internal sealed class LoaderRig : IDisposable
{
    /// <summary>Slot size used by the rig's plans (the ST-LINK's largest memory command).</summary>
    public const int SlotSize = 1024;

    public LoaderRig(params string[] faults)
    {
        Board = new Board(new VirtualBoardOptions { Faults = [.. faults.Select(BoardFault.Parse)] });
        Session = DebugSessions.Open(new VirtualProbeTransport(Board));
        Session.Connect(holdInReset: false);
        Target = new H7LoaderTarget(Session, Device);
        Driver = new H7FlashDriver(Session, Device, FlashParallelism.X64);
    }

    public static DeviceDescription Device => DeviceCatalog.BuiltIn.Get("STM32H747XI");

    public Board Board { get; }

    public StLinkDebugSession Session { get; }

    public H7LoaderTarget Target { get; }

    public H7FlashDriver Driver { get; }

    public static FlashBank Bank(int number) => Device.FlashBanks.Single(b => b.Number == number);

    /// <summary>Resets the core to its reset vector (a known state, nothing of any firmware run) and unlocks both banks.</summary>
    public async Task PrepareAsync()
    {
        await new TargetConnector(Session, Device).ResetToVectorAsync(default);
        Driver.Unlock(Device.FlashBanks);
    }

    /// <summary>Erases sectors (host-driven, as the pipeline does before publishing a sector's buffers).</summary>
    public Task EraseAsync(params (int Bank, int Index)[] sectors) =>
        Driver.EraseSectorsAsync(sectors.Select(s => new FlashSector(Bank(s.Bank), s.Index)));

    /// <summary>A plan for loader bank <paramref name="loaderIndex"/>: <paramref name="slots"/> slots after the loader's RAM.</summary>
    public static LoaderBankPlan Plan(int loaderIndex, int bank, IReadOnlyList<(uint Start, uint End)> ranges, int slots = 8)
    {
        const uint descriptors = 0x2000_1000;
        const uint ring = 0x2000_2000;
        return new LoaderBankPlan(Bank(bank), ranges, descriptors + (uint)(loaderIndex * 0x400), ring + (uint)(loaderIndex * slots * SlotSize), slots, SlotSize);
    }

    /// <summary>The range of whole sectors [<paramref name="first"/>, <paramref name="last"/>] of a bank.</summary>
    public static (uint Start, uint End) Sectors(int bank, int first, int last) =>
        (Bank(bank).SectorStart(first), (uint)new FlashSector(Bank(bank), last).End);

    /// <summary>Writes the loader and its control block and lets it run; returns its state once it left LOADED.</summary>
    public uint Start(params LoaderBankPlan[] plans)
    {
        Assert.Null(Target.Download(plans, psize: 3));
        Target.Start();
        return WaitFor(s => s.State != StateLoaded, TimeSpan.FromMilliseconds(10)).State;
    }

    /// <summary>Writes <paramref name="data"/> into the slot of <paramref name="sequence"/> and publishes it.</summary>
    public void Send(LoaderBankPlan plan, long sequence, uint address, ReadOnlySpan<byte> data)
    {
        var slot = plan.SlotOf(sequence);
        Target.WriteSlot(plan, slot, data);
        Target.Publish(plan, slot, [(address, data.Length, sequence)]);
    }

    /// <summary>Polls the loader's status until <paramref name="done"/> holds, within <paramref name="limit"/> of virtual time.</summary>
    public LoaderStatus WaitFor(Func<LoaderStatus, bool> done, TimeSpan limit)
    {
        var start = Board.Clock.Now;
        while (true)
        {
            var status = Target.ReadStatus();
            if (done(status))
            {
                return status;
            }
            Assert.True(Board.Clock.Now - start < limit, $"the loader did not get there within {limit.TotalMilliseconds} ms (state {status.State}, completed {status.Completed0}/{status.Completed1})");
        }
    }

    /// <summary>Lets virtual time pass with the probe idle except for status reads.</summary>
    public void Idle(TimeSpan duration)
    {
        var end = Board.Clock.Now + duration;
        while (Board.Clock.Now < end)
        {
            Target.ReadStatus();
        }
    }

    /// <summary>What the chip's array holds at <paramref name="address"/>.</summary>
    public byte[] Flash(uint address, int length)
    {
        var bank = Device.FindBank(address)!;
        return Board.Chip.FlashBank(bank.Number).Slice((int)(address - bank.Start), length).ToArray();
    }

    /// <summary>The Cortex-M7's instructions retired so far.</summary>
    public long Instructions => Board.Chip.Cores[0].InstructionsRetired;

    /// <summary><paramref name="length"/> bytes of a pattern with no erased flash word.</summary>
    public static byte[] Pattern(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        for (var i = 0; i < length; i += 32)
        {
            bytes[i] = 0xA5;
        }
        return bytes;
    }

    public void Dispose()
    {
        Session.Dispose();
        Board.Dispose();
    }
}
