using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Stm32.Build.Emulator.Machine;

namespace Stm32.Benchmarks;

/// <summary>
/// Instruction throughput of the Cortex-M7 emulator on two kernels: a bitwise CRC-32 loop (integer, IT blocks,
/// byte loads) and a mixed integer/FP loop (VMLA/VADD with integer ALU work). Each invocation retires exactly
/// <see cref="Instructions"/> instructions, so the reported time per operation is nanoseconds per instruction
/// (MIPS = 1000 / ns). The programs are assembled with arm-none-eabi-as at setup.
/// The idle benchmarks run one virtual second of a firmware main loop (HAL_Delay-style blink, SysTick at 1 kHz) on
/// the Cortex-M7 at 480 MHz, built with arm-none-eabi-gcc at -O2 and -O0: the time per operation is host time per
/// virtual second, which idle fast-forward keeps far below one second.
/// </summary>
[MemoryDiagnoser]
public class EmulatorBenchmarks
{
    /// <summary>Instructions retired per benchmark invocation.</summary>
    public const int Instructions = 10_000_000;

    private const string Crc32Kernel = """
        again:
            ldr r0, =0x24000000
            ldr r1, =65536
            ldr r5, =0xEDB88320
            mvn r2, #0
        outer:
            ldrb r3, [r0], #1
            eors r2, r2, r3
            movs r4, #8
        inner:
            lsrs r2, r2, #1
            it cs
            eorcs r2, r2, r5
            subs r4, r4, #1
            bne inner
            subs r1, r1, #1
            bne outer
            mvns r2, r2
            b again
        """;

    private const string MixedKernel = """
            ldr r0, =0xE000ED88
            ldr r1, [r0]
            orr r1, r1, #(0xF << 20)
            str r1, [r0]
            dsb
            isb
        again:
            vmov.f32 s0, #1.0
            vmov.f32 s1, #0.5
            vsub.f32 s2, s2, s2
            ldr r1, =100000
            movs r2, #0
            movs r3, #0
        loop:
            vmla.f32 s2, s0, s1
            vadd.f32 s0, s0, s1
            adds r2, r2, r1
            eor r3, r3, r2, lsl #3
            vcvt.s32.f32 s3, s2
            vmov r6, s3
            add r3, r3, r6
            subs r1, r1, #1
            bne loop
            b again
        """;

    /// <summary>Cycles of one virtual second at 480 MHz.</summary>
    public const long IdleCycles = 480_000_000;

    // A HAL-style main loop (written for this project): SysTick at 1 kHz counts uwTick, HAL_Delay polls it, the loop
    // toggles GPIOB ODR (RM0399: GPIOB at 0x58020400, ODR at +0x14) every 500 ms.
    private const string IdleFirmware = """
        #include <stdint.h>
        #define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
        #define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
        #define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
        #define GPIOB_ODR (*(volatile uint32_t *)0x58020414u)
        volatile uint32_t uwTick;
        void SysTick_Handler(void) { uwTick++; }
        uint32_t __attribute__((noinline)) HAL_GetTick(void) { return uwTick; }
        void __attribute__((noinline)) HAL_Delay(uint32_t delay)
        {
            uint32_t tickstart = HAL_GetTick();
            uint32_t wait = delay + 1u;
            while ((HAL_GetTick() - tickstart) < wait) { }
        }
        void Reset_Handler(void)
        {
            SYST_RVR = 480000u - 1u;
            SYST_CVR = 0;
            SYST_CSR = 7;
            for (;;) { GPIOB_ODR ^= 1u; HAL_Delay(500); }
        }
        __attribute__((section(".isr_vector"), used)) void (*const vectors[16])(void) = {
            (void (*)(void))0x20020000u, Reset_Handler, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, SysTick_Handler,
        };
        """;

    private const string IdleLinkerScript = """
        SECTIONS
        {
            .text 0x08000000 : { KEEP(*(.isr_vector)) *(.text*) *(.rodata*) }
            .bss 0x20000000 (NOLOAD) : { *(.bss*) *(COMMON) }
        }
        """;

    private EmulatorMachine _crc = null!;
    private EmulatorMachine _mixed = null!;
    private EmulatorMachine _idleO2 = null!;
    private EmulatorMachine _idleO0 = null!;

    /// <summary>Assembles and loads both kernels and builds the idle firmware.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _crc = Load(Crc32Kernel);
        _mixed = Load(MixedKernel);
        _idleO2 = LoadFirmware(IdleFirmware, "-O2");
        _idleO0 = LoadFirmware(IdleFirmware, "-O0");
    }

    /// <summary>One virtual second of the idle main loop built at -O2 (time per operation = host time per virtual second).</summary>
    [Benchmark]
    public long IdleMainLoopOneSecondO2() => RunIdle(_idleO2);

    /// <summary>The same firmware built at -O0 (HAL_GetTick pushes a frame on every call).</summary>
    [Benchmark]
    public long IdleMainLoopOneSecondO0() => RunIdle(_idleO0);

    private static long RunIdle(EmulatorMachine machine)
    {
        var start = machine.Core.Cycles;
        var result = machine.Run(IdleCycles);
        if (result.Reason != StopReason.InstructionLimit || machine.Core.Cycles - start != IdleCycles)
        {
            throw new InvalidOperationException("idle firmware stopped early:\n" + result.Format());
        }
        return machine.Core.FastForwardedCycles;
    }

    /// <summary>Compiles a one-file firmware (vector table in <c>.isr_vector</c>) for the H747's Cortex-M7 at 480 MHz and resets it.</summary>
    public static EmulatorMachine LoadFirmware(string source, string optimisation)
    {
        var dir = Path.Combine(Path.GetTempPath(), "stm32-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var name = "idle" + optimisation;
        var c = Path.Combine(dir, name + ".c");
        var ld = Path.Combine(dir, name + ".ld");
        var elf = Path.Combine(dir, name + ".elf");
        File.WriteAllText(c, source);
        File.WriteAllText(ld, IdleLinkerScript);
        Tool("arm-none-eabi-gcc", "-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=soft", optimisation, "-ffreestanding", "-nostdlib",
            "-nostartfiles", "-Wl,-e,Reset_Handler", "-T", ld, c, "-o", elf);
        var machine = EmulatorMachine.Create("STM32H747XI", "CM7", clockHz: 480_000_000);
        machine.LoadFile(elf);
        machine.Reset();
        return machine;
    }

    /// <summary>The bitwise CRC-32 loop.</summary>
    [Benchmark(OperationsPerInvoke = Instructions)]
    public long Crc32() => Run(_crc);

    /// <summary>The mixed integer/FP loop.</summary>
    [Benchmark(OperationsPerInvoke = Instructions)]
    public long MixedIntegerFloat() => Run(_mixed);

    private static long Run(EmulatorMachine machine)
    {
        var result = machine.Run(Instructions);
        if (result.Reason != StopReason.InstructionLimit)
        {
            throw new InvalidOperationException("benchmark kernel stopped early:\n" + result.Format());
        }
        return result.Instructions;
    }

    /// <summary>Assembles a kernel (vector table at 0x08000000, code after it) and returns a reset machine.</summary>
    public static EmulatorMachine Load(string kernel)
    {
        var source = $"""
            .syntax unified
            .cpu cortex-m7
            .fpu fpv5-d16
            .thumb
            .text
            .word 0x20020000
            .word reset
            .thumb_func
            reset:
            {kernel}
            .ltorg
            """;
        var dir = Path.Combine(Path.GetTempPath(), "stm32-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var name = Math.Abs(source.GetHashCode()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var asm = Path.Combine(dir, name + ".s");
        var obj = Path.Combine(dir, name + ".o");
        var elf = Path.Combine(dir, name + ".elf");
        File.WriteAllText(asm, source + "\n");
        Tool("arm-none-eabi-as", "-mcpu=cortex-m7", "-mthumb", asm, "-o", obj);
        Tool("arm-none-eabi-ld", "-Ttext=0x08000000", "-e", "reset", obj, "-o", elf);
        var machine = EmulatorMachine.Create("STM32H747XI", "CM7");
        machine.LoadFile(elf);
        machine.Reset();
        return machine;
    }

    private static void Tool(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + tool);
        var output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000) || p.ExitCode != 0)
        {
            throw new InvalidOperationException(tool + " failed: " + output);
        }
    }
}
