using Stm32.Build.Emulator.Machine;
using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Halting debug through the debugger's private-bus view (C1.6): DHCSR, DCRSR/DCRDR, DEMCR, FPB, DWT.</summary>
[Trait("Requires", "gcc")]
public sealed class DebugTests
{
    private const uint Dhcsr = 0xE000EDF0, Dcrsr = 0xE000EDF4, Dcrdr = 0xE000EDF8, Demcr = 0xE000EDFC;
    private const uint SHalt = 1u << 17, SRegRdy = 1u << 16, SRetire = 1u << 24, SReset = 1u << 25;

    private const string Counter = """
        movs r0, #0
        loop:
        adds r0, r0, #1
        b loop
        """;

    private static uint Read(EmulatorMachine m, uint address)
    {
        Assert.Equal(BusStatus.Ok, m.Core.ReadPrivate(address, AccessSize.Word, out var v));
        return v;
    }

    private static void Write(EmulatorMachine m, uint address, uint value) =>
        Assert.Equal(BusStatus.Ok, m.Core.WritePrivate(address, AccessSize.Word, value));

    private static uint ReadRegister(EmulatorMachine m, uint regsel)
    {
        Write(m, Dcrsr, regsel);
        Assert.NotEqual(0u, Read(m, Dhcsr) & SRegRdy);
        return Read(m, Dcrdr);
    }

    [Fact]
    public void HaltRequestStopsTheCoreAndResumeContinues()
    {
        var m = AsmProgram.Load(Counter);
        m.Core.Advance(1000);
        Write(m, Dhcsr, 0xA05F0003); // DBGKEY | C_HALT | C_DEBUGEN
        Assert.Equal(CoreRunState.Halted, m.Core.State);
        Assert.NotEqual(0u, Read(m, Dhcsr) & SHalt);
        var before = ReadRegister(m, 0);
        Assert.Equal(0L, m.Core.Advance(1000)); // a halted core uses no cycles
        Assert.Equal(before, ReadRegister(m, 0));
        Write(m, Dhcsr, 0xA05F0001);
        Assert.Equal(CoreRunState.Running, m.Core.State);
        m.Core.Advance(300);
        Assert.True(ReadRegister(m, 0) > before);
    }

    [Fact]
    public void WritesWithoutDebugKeyAreIgnored()
    {
        var m = AsmProgram.Load(Counter);
        Write(m, Dhcsr, 0x00000003);
        Assert.Equal(CoreRunState.Running, m.Core.State);
    }

    [Fact]
    public void SingleStepRetiresExactlyOneInstruction()
    {
        var m = AsmProgram.Load(Counter);
        Write(m, Dhcsr, 0xA05F0003);
        _ = Read(m, Dhcsr); // clear the sticky bits
        var pc0 = ReadRegister(m, 15);
        var retired = m.Core.InstructionsRetired;
        Write(m, Dhcsr, 0xA05F0005); // C_STEP, C_HALT clear
        m.Core.Advance(100);
        Assert.Equal(CoreRunState.Halted, m.Core.State);
        Assert.NotEqual(0u, Read(m, Dhcsr) & SRetire);
        Assert.Equal(0u, Read(m, Dhcsr) & SRetire); // sticky, cleared by the previous read
        Assert.Equal(retired + 1, m.Core.InstructionsRetired);
        Assert.NotEqual(pc0, ReadRegister(m, 15));
        Assert.NotEqual(0u, Read(m, 0xE000ED30) & 1); // DFSR.HALTED
    }

    [Fact]
    public void CoreRegistersTransferThroughDcrsrAndDcrdr()
    {
        var m = AsmProgram.Load(Counter);
        Write(m, Dhcsr, 0xA05F0003);
        Write(m, Dcrdr, 0x12345678);
        Write(m, Dcrsr, (1u << 16) | 7); // write R7
        Assert.Equal(0x12345678u, ReadRegister(m, 7));
        Assert.Equal(AsmProgram.InitialSp, ReadRegister(m, 17)); // MSP
        Assert.NotEqual(0u, ReadRegister(m, 16) & (1u << 24)); // xPSR.T
        Write(m, Dcrdr, 0x3F800000);
        Write(m, Dcrsr, (1u << 16) | 64); // S0
        Assert.Equal(0x3F800000u, ReadRegister(m, 64));
        Assert.Equal(0x3F800000u, m.Core.Registers.S[0]);
        Write(m, Dcrdr, 0x4000);
        Write(m, Dcrsr, (1u << 16) | 20); // BASEPRI in bits 15:8 of the special-register word
        Assert.Equal(0x00004000u, ReadRegister(m, 20));
    }

    [Fact]
    public void ResetStatusIsStickyAndClearsOnRead()
    {
        var m = AsmProgram.Load(Counter);
        Assert.NotEqual(0u, Read(m, Dhcsr) & SReset);
        Assert.Equal(0u, Read(m, Dhcsr) & SReset);
        m.Core.Reset(CoreResetKind.System, AsmProgram.FlashBase);
        Assert.NotEqual(0u, Read(m, Dhcsr) & SReset);
    }

    [Fact]
    public void ResetVectorCatchHaltsAtTheResetHandlerAndSurvivesSystemReset()
    {
        var m = AsmProgram.Load(Counter);
        Write(m, Demcr, 1); // VC_CORERESET
        m.Core.Reset(CoreResetKind.System, AsmProgram.FlashBase);
        Assert.Equal(CoreRunState.Halted, m.Core.State);
        m.Core.TryReadMemory(AsmProgram.FlashBase + 4, AccessSize.Word, out var resetVector);
        Assert.Equal(resetVector & ~1u, ReadRegister(m, 15));
        Assert.Equal(0L, m.Core.InstructionsRetired - m.Core.InstructionsRetired);
        Assert.NotEqual(0u, Read(m, 0xE000ED30) & 8); // DFSR.VCATCH

        m.Core.Reset(CoreResetKind.PowerOn, AsmProgram.FlashBase); // power-on resets the debug logic
        Assert.Equal(0u, Read(m, Demcr));
        Assert.Equal(CoreRunState.Running, m.Core.State);
    }

    [Fact]
    public void HaltRequestDuringResetHaltsOnRelease()
    {
        var m = AsmProgram.Load(Counter);
        m.Core.HoldInReset(true);
        Assert.Equal(CoreRunState.InReset, m.Core.State);
        Assert.Equal(0L, m.Core.Advance(100));
        Write(m, Dhcsr, 0xA05F0003);
        m.Core.HoldInReset(false);
        Assert.Equal(CoreRunState.Halted, m.Core.State);
    }

    [Fact]
    public void HardFaultVectorCatchHaltsOnEntry()
    {
        var m = AsmProgram.Load("udf #0");
        Write(m, Demcr, 1u << 10); // VC_HARDERR
        m.Core.Advance(100);
        Assert.Equal(CoreRunState.Halted, m.Core.State);
        Assert.Equal(3u, ReadRegister(m, 16) & 0x1FF); // IPSR = HardFault
    }

    [Fact]
    public void FlashPatchBreakpointHaltsBeforeTheInstruction()
    {
        var (binary, _) = AsmProgram.Build(Counter);
        var m = AsmProgram.Load(Counter);
        var fpCtrl = Read(m, 0xE0002000);
        Assert.Equal(1u, fpCtrl >> 28); // FPB version 2 on the Cortex-M7
        Assert.Equal(8u, ((fpCtrl >> 4) & 0xF) | ((fpCtrl >> 8) & 0x70));
        m.Core.TryReadMemory(AsmProgram.FlashBase + 4, AccessSize.Word, out var resetVector);
        var loop = (resetVector & ~1u) + 2; // "adds r0, r0, #1" after the 2-byte movs
        Assert.Equal(0x3001, binary[loop - AsmProgram.FlashBase] | (binary[loop - AsmProgram.FlashBase + 1] << 8));
        Write(m, 0xE0002008, loop | 1);
        Write(m, 0xE0002000, 3); // KEY | ENABLE
        m.Core.Advance(10_000);
        Assert.Equal(CoreRunState.Halted, m.Core.State);
        Assert.Equal(loop, ReadRegister(m, 15));
        Assert.NotEqual(0u, Read(m, 0xE000ED30) & 2); // DFSR.BKPT
    }

    [Fact]
    public void Cortex4FlashPatchIsVersionOneWithHalfwordSelect()
    {
        var m = AsmProgram.Load(Counter, cortexM4: true);
        var fpCtrl = Read(m, 0xE0002000);
        Assert.Equal(0u, fpCtrl >> 28);
        m.Core.TryReadMemory(AsmProgram.FlashBase + 4, AccessSize.Word, out var resetVector);
        var loop = (resetVector & ~1u) + 2;
        var replace = (loop & 2) != 0 ? 2u << 30 : 1u << 30;
        Write(m, 0xE0002008, replace | (loop & 0x1FFFFFFC) | 1);
        Write(m, 0xE0002000, 3);
        m.Core.Advance(10_000);
        Assert.Equal(CoreRunState.Halted, m.Core.State);
        Assert.Equal(loop, ReadRegister(m, 15));
    }

    [Fact]
    public void CpuidComesFromTheDeviceData()
    {
        var m7 = AsmProgram.Load(Counter);
        var m4 = AsmProgram.Load(Counter, cortexM4: true);
        Assert.Equal(m7.CoreDescription.CpuId, Read(m7, 0xE000ED00));
        Assert.Equal(m4.CoreDescription.CpuId, Read(m4, 0xE000ED00));
        Assert.Equal(0xC27u, (Read(m7, 0xE000ED00) >> 4) & 0xFFF); // PARTNO Cortex-M7
    }

    [Fact]
    public void DwtCycleCounterCountsWhenEnabled()
    {
        var m = AsmProgram.Load(Counter);
        Write(m, Demcr, 1u << 24); // TRCENA
        Write(m, 0xE0001004, 0);
        Write(m, 0xE0001000, 1); // CYCCNTENA
        var used = m.Core.Advance(5000);
        Assert.Equal((uint)used, Read(m, 0xE0001004));
    }

    [Fact]
    public void BkptWithoutHaltingDebugEscalatesToHardFaultWithDebugEvt()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED2C\nldr r5, [r0]\nmovs r6, #1\n1: b 1b" };
        var m = AsmProgram.Load("bkpt #5\nb .", handlers);
        Write(m, Dhcsr, 0xA05F0000); // C_DEBUGEN clear
        m.Core.Advance(1000);
        Assert.Equal(CoreRunState.Running, m.Core.State);
        Assert.Equal(1u, m.Core.Registers.R[6]);
        Assert.Equal(1u << 31, m.Core.Registers.R[5]); // HFSR.DEBUGEVT
    }

    [Fact]
    public void BkptWithMonitorEnabledTakesTheDebugMonitorException()
    {
        var handlers = new Dictionary<int, string> { [12] = "mrs r6, ipsr\n1: b 1b" };
        var m = AsmProgram.Load("bkpt #5\nb .", handlers);
        Write(m, Dhcsr, 0xA05F0000);
        Write(m, Demcr, 1u << 16); // MON_EN
        m.Core.Advance(1000);
        Assert.Equal(12u, m.Core.Registers.R[6]);
        Assert.NotEqual(0u, Read(m, 0xE000ED30) & 2); // DFSR.BKPT
    }

    [Fact]
    public void VectResetWhileHaltedRestartsAtTheResetVectorAndStaysHalted()
    {
        var m = AsmProgram.Load(Counter);
        m.Core.Advance(500);
        Write(m, Dhcsr, 0xA05F0003);
        Assert.NotEqual(0u, ReadRegister(m, 0));
        Write(m, Demcr, 1); // VC_CORERESET: the reset clears C_HALT (Cortex-M TRMs, DHCSR), the catch halts again
        Write(m, 0xE000ED0C, 0x05FA0001); // AIRCR.VECTRESET
        Assert.Equal(CoreRunState.Halted, m.Core.State);
        m.Core.TryReadMemory(AsmProgram.FlashBase + 4, AccessSize.Word, out var resetVector);
        Assert.Equal(resetVector & ~1u, ReadRegister(m, 15));
        Assert.Equal(0u, ReadRegister(m, 0));
        Assert.Equal(AsmProgram.InitialSp, ReadRegister(m, 13));
    }
}
