using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>The instruction emulator plugged into the chip through the execution seam (the core factory).</summary>
[Trait("Requires", "gcc")]
public sealed class EmulatedCoreTests
{
    private static ChipHarness WithFirmware(FirmwareImage elf)
    {
        var h = new ChipHarness(coreFactory: (description, host) => new CortexMCore(description, host));
        foreach (var segment in elf.Segments.Where(s => s.Address >= ChipHarness.Bank1Start && s.End <= ChipHarness.Bank2Start))
        {
            var start = segment.Address & ~31u;
            var bytes = new byte[(int)(((segment.End + 31) & ~31UL) - start)];
            Array.Fill(bytes, (byte)0xFF);
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
            for (var i = 0; i < bytes.Length; i += 32)
            {
                h.Program(1, start + (uint)i, bytes.AsSpan(i, 32));
            }
        }
        return h;
    }

    [Fact]
    public void Firmware_flashed_into_the_chip_runs_its_startup_on_the_emulated_cortex_m7()
    {
        var elf = ImageReader.Read(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky));
        var h = WithFirmware(elf);
        var core = h.Chip.Cores[0];
        Assert.IsType<CortexMCore>(core);

        h.Chip.SystemReset();
        h.AdvanceBy(TimeSpan.FromMilliseconds(2));

        Assert.True(core.InstructionsRetired > 100, $"{core.InstructionsRetired} instructions retired");
        // The startup code copied .data from its flash load address into DTCM: values only the executed copy loop
        // can have put there (RAM is zero after power-on).
        var blinkDelay = elf.FindSymbol("blink_delay")!;
        var blinkPattern = elf.FindSymbol("blink_pattern")!;
        Assert.Equal(0x0002_0000u, h.Read(blinkDelay.Address));
        Assert.Equal(0x2222_2222u, h.Read(blinkPattern.Address + 4));
    }

    [Fact]
    public void The_debugger_halts_the_emulated_core_and_reads_its_pc_in_flash()
    {
        var elf = ImageReader.Read(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky));
        var h = WithFirmware(elf);
        h.Chip.SystemReset();
        h.AdvanceBy(TimeSpan.FromMilliseconds(1));

        h.Write(0xE000_EDF0, 0xA05F_0003); // DHCSR: C_DEBUGEN | C_HALT
        h.AdvanceBy(TimeSpan.FromMilliseconds(1));
        Assert.NotEqual(0u, h.Read(0xE000_EDF0) & (1u << 17)); // S_HALT
        var retired = h.Chip.Cores[0].InstructionsRetired;
        h.AdvanceBy(TimeSpan.FromMilliseconds(5));
        Assert.Equal(retired, h.Chip.Cores[0].InstructionsRetired); // halted: nothing more runs

        h.Write(0xE000_EDF4, 15); // DCRSR: read the debug return address (PC)
        Assert.NotEqual(0u, h.Read(0xE000_EDF0) & (1u << 16)); // S_REGRDY
        var pc = h.Read(0xE000_EDF8);
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        Assert.InRange(pc, ChipHarness.Bank1Start, ChipHarness.Bank2Start - 1);
    }
}
