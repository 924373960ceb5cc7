using System.Buffers.Binary;
using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Emulator.Tests.Programs;
using Stm32.Build.Images;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Gdb;

/// <summary>The GDB client against the real QEMU gdbstub (qemu-system-arm and the cross compiler are required).</summary>
[Trait("Requires", "gcc")]
[Trait("Requires", "qemu")]
public sealed class QemuArmTargetTests
{
    [Fact]
    public void M7DescriptionHasCoreAndDoublePrecisionRegisters()
    {
        ToolCheck.RequireQemuAndCompiler();
        var program = TestPrograms.Build("crc32", TestCore.M7, "-O2");
        using var qemu = QemuArmTarget.Start(program.Board, program.ElfPath);
        var d = qemu.Description;
        Assert.Equal("arm", d.Architecture);
        for (var i = 0; i < 13; i++)
        {
            Assert.Equal(32, d.Get("r" + i).BitSize);
        }
        Assert.Equal(15, d.Get("pc").Number);
        Assert.Equal(32, d.Get("xpsr").BitSize);
        Assert.Equal(64, d.Get("d15").BitSize);
        Assert.True(qemu.HasFpu);
        Assert.True(d.Get("fpscr").Number > d.Get("d15").Number);
    }

    [Fact]
    public void ResetStateComesFromTheVectorTable()
    {
        ToolCheck.RequireQemuAndCompiler();
        var program = TestPrograms.Build("crc32", TestCore.M4, "-O2");
        var image = ImageReader.Read(program.ElfPath);
        using var qemu = QemuArmTarget.Start(program.Board, program.ElfPath);
        var regs = qemu.ReadRegisters(withFp: true);
        Assert.Equal(image.ReadUInt32(0), regs.R[13]);
        Assert.Equal(image.ReadUInt32(4)! & ~1u, regs.Pc);
        Assert.Equal(1u << 24, regs.Xpsr & (1u << 24)); // EPSR.T set from bit 0 of the reset vector
        var stop = qemu.Client.QueryHaltReason();
        Assert.Equal(GdbStopKind.Signal, stop.Kind);
    }

    [Fact]
    public void Crc32ProgramComputesTheStandardCheckValue()
    {
        ToolCheck.RequireQemuAndCompiler();
        var program = TestPrograms.Build("crc32", TestCore.M7, "-O2");
        var image = ImageReader.Read(program.ElfPath);
        var end = image.FindSymbol("program_end")!.Address;
        var results = image.FindSymbol("results")!.Address;
        using var qemu = QemuArmTarget.Start(program.Board, program.ElfPath);
        qemu.Client.InsertBreakpoint(end);
        var run = qemu.Client.Continue(TimeSpan.FromSeconds(20));
        Assert.False(run.TimedOut);
        Assert.Equal(end, qemu.ReadRegisters(false).Pc);
        var bytes = qemu.Client.ReadMemory(results, 16);
        // CRC-32/ISO-HDLC of "123456789" is 0xCBF43926 (the catalogue's check value).
        Assert.Equal(0xCBF43926u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(0xCBF43926u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        qemu.Client.RemoveBreakpoint(end);
    }

    [Fact]
    public void SingleStepAdvancesThePcAndMemoryWritesReadBack()
    {
        ToolCheck.RequireQemuAndCompiler();
        var program = TestPrograms.Build("integer", TestCore.M7, "-O0");
        using var qemu = QemuArmTarget.Start(program.Board, program.ElfPath);
        var before = qemu.ReadRegisters(false).Pc;
        qemu.Step();
        var after = qemu.ReadRegisters(false).Pc;
        Assert.NotEqual(before, after);
        qemu.Client.WriteMemory(0x20001000, [1, 2, 3, 4, 5]);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, qemu.Client.ReadMemory(0x20001000, 5));
        qemu.Client.WriteRegister(qemu.Description.Get("r7").Number, [0x78, 0x56, 0x34, 0x12]);
        Assert.Equal(0x12345678u, qemu.ReadRegisters(false).R[7]);
    }

    [Fact]
    public void ReadingUnmappedMemoryIsAnErrorWithTheAddress()
    {
        ToolCheck.RequireQemuAndCompiler();
        var program = TestPrograms.Build("crc32", TestCore.M7, "-O2");
        using var qemu = QemuArmTarget.Start(program.Board, program.ElfPath);
        var ex = Assert.Throws<GdbException>(() => qemu.Client.ReadMemory(0xF0000000, 4));
        Assert.Equal("STM7903", ex.Code);
        Assert.Equal(0xF0000000u, ex.Diagnostic.Address);
    }
}
