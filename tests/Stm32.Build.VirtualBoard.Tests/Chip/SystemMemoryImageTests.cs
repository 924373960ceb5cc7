using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>
/// The stand-in bootloader in each modelled part's system memory, read by the core that boots it: its initial stack
/// pointer lies in the part's own RAM that this core reaches (with room below it), and its reset handler is the
/// Thumb <c>B .</c> it names. A stack taken from another family's map (0x24001000 is AXI SRAM on the H7 only) would
/// fault at the first push of a core booted with BOOT0 high.
/// </summary>
public sealed class SystemMemoryImageTests
{
    public static TheoryData<string> ModelledDevices()
    {
        var data = new TheoryData<string>();
        foreach (var device in DeviceCatalog.BuiltIn.Devices.Where(ChipFamily.HasModel).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            data.Add(device.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelledDevices))]
    public void The_bootloader_stack_lies_in_ram_its_core_reaches(string name)
    {
        var device = DeviceCatalog.BuiltIn.Get(name);
        var chip = new VirtualChip(device, new VirtualClock(), new BoardCounters());
        foreach (var core in device.Cores)
        {
            var bus = chip.SystemBus(core.Name);
            Assert.Equal(BusStatus.Ok, bus.Read(core.SystemBootAddress, AccessSize.Word, out var sp));
            Assert.Equal(BusStatus.Ok, bus.Read(core.SystemBootAddress + 4, AccessSize.Word, out var reset));

            var ram = device.RamRegions.Where(r => r.IsVisibleTo(core.Name)).ToList();
            Assert.Contains(ram, r => r.Contains(sp - 4) && r.Contains(sp - SystemMemoryImage.BootloaderStackSize));
            Assert.Equal(BusStatus.Ok, bus.Write(sp - 4, AccessSize.Word, 0x5A5A_A5A5));
            Assert.Equal(BusStatus.Ok, bus.Read(sp - 4, AccessSize.Word, out var pushed));
            Assert.Equal(0x5A5A_A5A5u, pushed);

            Assert.Equal(1u, reset & 1);
            Assert.Equal(BusStatus.Ok, bus.Read(reset & ~1u, AccessSize.HalfWord, out var handler));
            Assert.Equal(SystemMemoryImage.BranchToSelf, (ushort)handler);
        }
    }
}
