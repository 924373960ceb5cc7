using System.Buffers.Binary;
using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Emulator.Tests.Programs;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>One side of a lockstep comparison: something that single-steps and exposes registers and memory.</summary>
public interface ILockstepModel : IDisposable
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>Executes one instruction (or takes one pending exception).</summary>
    void Step();

    /// <summary>The architectural registers; the FP registers only with <paramref name="withFp"/>.</summary>
    ArmCoreRegisters ReadRegisters(bool withFp);

    /// <summary>Reads memory.</summary>
    byte[] ReadMemory(uint address, int length);
}

/// <summary>Our emulator on the MPS2 memory map.</summary>
public sealed class EmulatorModel : ILockstepModel
{
    /// <summary>Creates the model for a compiled program.</summary>
    public EmulatorModel(TestProgram program)
    {
        Machine = new LockstepMachine(program.Core, program.ElfPath);
    }

    /// <summary>The machine.</summary>
    public LockstepMachine Machine { get; }

    /// <inheritdoc />
    public string Name => "emulator";

    /// <inheritdoc />
    public void Step() => Machine.Core.Step();

    /// <summary>The instruction at the PC as hw1:hw2 (a 16-bit instruction in the low half) and its length.</summary>
    public (uint Word, int Length) InstructionAtPc()
    {
        var pc = Machine.Core.Pc;
        var bytes = Machine.Memory.ReadBlock(pc, 4);
        var hw1 = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        if ((hw1 >> 11) >= 0x1D)
        {
            return (((uint)hw1 << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)), 4);
        }
        return (hw1, 2);
    }

    /// <inheritdoc />
    public ArmCoreRegisters ReadRegisters(bool withFp)
    {
        var core = Machine.Core;
        var s = core.Registers;
        var regs = new ArmCoreRegisters();
        for (var i = 0; i < 15; i++)
        {
            regs.R[i] = s.R[i];
        }
        regs.R[15] = core.Pc;
        regs.Xpsr = s.Xpsr;
        if (withFp)
        {
            var d = new ulong[16];
            for (var i = 0; i < 16; i++)
            {
                d[i] = s.GetD(i);
            }
            regs.D = d;
            regs.Fpscr = s.Fpscr;
        }
        return regs;
    }

    /// <inheritdoc />
    public byte[] ReadMemory(uint address, int length) => Machine.Memory.ReadBlock(address, length);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

/// <summary>QEMU through its gdbstub, with interrupts enabled during single steps.</summary>
public sealed class QemuModel : ILockstepModel
{
    /// <summary>Starts QEMU halted at reset with the program loaded.</summary>
    public QemuModel(TestProgram program)
    {
        Target = QemuArmTarget.Start(program.Board, program.ElfPath);
        // QEMU's gdbstub masks interrupts and timers while single-stepping by default (SSTEP_NOIRQ | SSTEP_NOTIMER);
        // Qqemu.sstep=1 keeps only SSTEP_ENABLE so pended exceptions are taken as they are on hardware.
        Target.Client.RequestOk("Qqemu.sstep=1");
    }

    /// <summary>The QEMU target.</summary>
    public QemuArmTarget Target { get; }

    /// <inheritdoc />
    public string Name => "qemu";

    /// <inheritdoc />
    public void Step() => Target.Step();

    /// <inheritdoc />
    public ArmCoreRegisters ReadRegisters(bool withFp) => Target.ReadRegisters(withFp);

    /// <inheritdoc />
    public byte[] ReadMemory(uint address, int length) => Target.Client.ReadMemory(address, length);

    /// <inheritdoc />
    public void Dispose() => Target.Dispose();
}
