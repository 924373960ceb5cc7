using Stm32.Build.Diagnostics;
using Stm32.Build.Emulator.Machine;
using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Machine;

/// <summary>The standalone machine: loading images, the memory map, stop reasons and the report.</summary>
[Trait("Requires", "gcc")]
public sealed class EmulatorMachineTests
{
    [Fact]
    public void LoadsAnElfThroughTheImageReaderAndRunsToBreakpoint()
    {
        var (_, elf) = AsmProgram.Build("""
            ldr r0, =0x24000000
            ldr r1, =0xC0FFEE
            str r1, [r0]
            ldr r2, [r0]
            bkpt #0
            """);
        var machine = EmulatorMachine.Create();
        machine.LoadFile(elf);
        machine.Reset();
        var result = machine.Run(1000);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(0xC0FFEEu, result.Registers[2]);
        Assert.Equal(4, result.Instructions); // four instructions retired; the BKPT halted before retiring
        Assert.Contains("breakpoint", result.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void PeripheralAccessesReadZeroAndAreCounted()
    {
        var (_, result) = AsmProgram.Run("""
            ldr r0, =0x58024400
            movs r1, #1
            str r1, [r0]
            ldr r2, [r0]
            ldr r3, [r0]
            bkpt #0
            """);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(0u, result.Registers[2]);
        var (address, count) = Assert.Single(result.PeripheralAccesses);
        Assert.Equal(0x58024400u, address);
        Assert.Equal(2, count.Reads);
        Assert.Equal(1, count.Writes);
        Assert.Contains("0x58024400", result.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void FlashIsReadOnlyToTheCoreAndRamIsWritable()
    {
        var (machine, result) = AsmProgram.Run("""
            ldr r0, =0x08000000
            ldr r1, [r0]
            movs r2, #0
            str r2, [r0]
            ldr r3, [r0]
            bkpt #0
            """);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(result.Registers[1], result.Registers[3]);
        Assert.Equal(1, machine.Memory.IgnoredReadOnlyWrites);
    }

    [Fact]
    public void DeviceMemoryMapFollowsTheDeviceData()
    {
        var machine = EmulatorMachine.Create("STM32H747XI", "CM7");
        Assert.Equal(BusStatus.Ok, machine.Memory.Read(0x20000000, AccessSize.Word, out _)); // DTCM
        Assert.Equal(BusStatus.Fault, machine.Memory.Read(0x10000000, AccessSize.Word, out _)); // CM4-only alias
        var m4 = EmulatorMachine.Create("STM32H747XI", "CM4");
        Assert.Equal(BusStatus.Ok, m4.Memory.Read(0x10000000, AccessSize.Word, out _));
        Assert.Equal(0x08100000u, m4.BootAddress);
    }

    [Fact]
    public void UnknownCoreIsACodedError()
    {
        var e = Assert.Throws<Stm32Exception>(() => EmulatorMachine.Create("STM32H747XI", "CM33"));
        Assert.Equal(DiagnosticCodes.EmulatorUnknownCore, e.Code);
    }

    [Fact]
    public void ImageOutsideMemoryIsACodedError()
    {
        var machine = EmulatorMachine.Create();
        var e = Assert.Throws<Stm32Exception>(() => machine.Load(0x70000000, new byte[16]));
        Assert.Equal(DiagnosticCodes.EmulatorImageNotLoadable, e.Code);
        Assert.Equal(0x70000000u, e.Diagnostic.Address);
    }

    [Fact]
    public void ResetWithoutVectorTableIsACodedError()
    {
        var machine = EmulatorMachine.Create();
        var e = Assert.Throws<Stm32Exception>(machine.Reset);
        Assert.Equal(DiagnosticCodes.EmulatorNoVectorTable, e.Code);
    }

    [Fact]
    public void ItmPortZeroOutputIsCollected()
    {
        var (_, result) = AsmProgram.Run("""
            ldr r0, =0xE0000000
            movs r1, #'O'
            strb r1, [r0]
            movs r1, #'K'
            strb r1, [r0]
            bkpt #0
            """);
        Assert.Equal("OK", result.ItmOutput);
    }

    [Fact]
    public void TheFaultsTakenAreListedInTheResult()
    {
        const string code = "movs r0, #0\nfirst:\nudf #0";
        var handlers = new Dictionary<int, string> { [3] = "second:\nudf #1" };
        var (_, result) = AsmProgram.Run(code, handlers);
        var image = Images.ImageReader.Read(AsmProgram.Build(code, handlers).ElfPath);
        Assert.Equal(StopReason.Lockup, result.Reason);
        Assert.Equal([CoreEventKind.ExceptionEntry, CoreEventKind.Lockup], result.Faults.Select(f => f.Kind));
        Assert.Equal(3, result.Faults[0].Exception); // the UDF, escalated to HardFault
        Assert.Equal(image.FindSymbol("first")!.Address, result.Faults[0].Pc);
        Assert.Equal(image.FindSymbol("second")!.Address, result.Faults[1].Pc); // the fault in the HardFault handler
        Assert.Contains("fault: HardFault at ", result.Format(), StringComparison.Ordinal);
        Assert.Contains("fault: lockup at ", result.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void StopReasonsMapToCodedDiagnostics()
    {
        var (_, limit) = AsmProgram.Run("1: b 1b", maxInstructions: 100);
        Assert.Equal(DiagnosticCodes.EmulatorInstructionLimit, limit.ToDiagnostic()!.Code);
        var (_, lockup) = AsmProgram.Run("udf #0", new Dictionary<int, string> { [3] = "udf #1" });
        var diagnostic = lockup.ToDiagnostic("fw.elf")!;
        Assert.Equal(DiagnosticCodes.EmulatorLockup, diagnostic.Code);
        Assert.Equal(0xEFFFFFFEu, diagnostic.Address);
        Assert.StartsWith("fw.elf: error STM7003", diagnostic.ToCanonicalString(), StringComparison.Ordinal);
        var (_, sleep) = AsmProgram.Run("wfi\nbkpt #0");
        Assert.Equal(StopReason.SleepForever, sleep.Reason);
        Assert.Equal(DiagnosticSeverity.Warning, sleep.ToDiagnostic()!.Severity);
        var (_, ok) = AsmProgram.Run("bkpt #0");
        Assert.Null(ok.ToDiagnostic());
    }

    [Fact]
    public void GarbageCodeNeverCrashesTheHost()
    {
        // Random halfwords executed from RAM: whatever happens, Run returns a stop reason (no exception escapes).
        var random = new Random(1234);
        for (var round = 0; round < 60; round++)
        {
            var machine = AsmProgram.Load("""
                ldr r0, =0x24000001
                bx r0
                """, new Dictionary<int, string> { [3] = "b ." });
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            machine.Load(0x24000000, bytes);
            var result = machine.Run(20_000);
            Assert.True(Enum.IsDefined(result.Reason));
        }
    }
}
