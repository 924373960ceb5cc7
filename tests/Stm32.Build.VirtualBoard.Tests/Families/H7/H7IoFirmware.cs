using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Chip;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The STM32H747 I/O test programs (tests/firmware/h7io, on the reset clocks) and a loader that programs an image
/// into the chip's flash through the flash interface, as a debugger does (RM0399 4.3: KEYR1/2 keys, PG with x64
/// parallelism, eight word writes per 256-bit flash word, QW polled).
/// </summary>
internal static class H7IoFirmware
{
    private static FirmwareSpec Spec(string name, string main, bool cm4 = false, params string[] defines) =>
        new("h7io-" + name, cm4 ? "cortex-m4" : "cortex-m7", cm4 ? "../h747hal/cm4.ld" : "../h747hal/cm7.ld",
            ["../common/startup.S", "../common/vectors.c", "io.c", main], [cm4 ? "CORE_CM4" : "CORE_CM7", .. defines])
        {
            Folder = "h7io",
            IncludeFolders = ["common", "h747hal"],
            ExtraFlags = [cm4 ? "-mfpu=fpv4-sp-d16" : "-mfpu=fpv5-d16", "-mfloat-abi=hard"],
            Libraries = ["-lgcc"],
        };

    /// <summary>USART1 on PA9 (AF <paramref name="af"/>): "clock ok 64000000", "main loop".</summary>
    public static string Uart(int af = 7) => FirmwareBuilder.Build(af == 7 ? Spec("uart", "uart_main.c") : Spec($"uart-af{af}", "uart_main.c", false, $"UART_AF={af}u"));

    /// <summary>IWDG1 with a 100 ms timeout refreshed every millisecond; frozen under debug when <paramref name="frozen"/>.</summary>
    public static string Iwdg(bool frozen) => FirmwareBuilder.Build(frozen ? Spec("iwdg-frozen", "iwdg_main.c", false, "IWDG_FREEZE") : Spec("iwdg", "iwdg_main.c"));

    /// <summary>A PC13 button on EXTI line 13 with its interrupt handler.</summary>
    public static string Exti() => FirmwareBuilder.Build(Spec("exti", "exti_main.c"));

    /// <summary>The two images of the HSEM/EXTI/WFE boot handshake.</summary>
    public static (string Cm7, string Cm4) HsemHandshake() =>
        (FirmwareBuilder.Build(Spec("hsem-cm7", "hsem_cm7.c")), FirmwareBuilder.Build(Spec("hsem-cm4", "hsem_cm4.c", cm4: true)));

    /// <summary>The two images of the shared-SRAM mailbox (ping from the Cortex-M7, pong from the Cortex-M4).</summary>
    public static (string Cm7, string Cm4) Mailbox() =>
        (FirmwareBuilder.Build(Spec("mailbox-cm7", "mailbox_cm7.c")), FirmwareBuilder.Build(Spec("mailbox-cm4", "mailbox_cm4.c", cm4: true)));

    /// <summary>Programs every flash segment of <paramref name="elf"/> through <paramref name="chip"/>'s AP0.</summary>
    public static FirmwareImage Load(VirtualChip chip, string elf)
    {
        var image = ImageReader.Read(elf);
        var bus = chip.AccessPortBus(0)!;
        foreach (var segment in image.Segments.Where(s => chip.Device.FindBank(s.Address) is not null))
        {
            var start = segment.Address & ~31u;
            var bytes = new byte[(int)(((segment.End + 31) & ~31UL) - start)];
            Array.Fill(bytes, (byte)0xFF);
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
            var registers = start >= 0x0810_0000 ? 0x5200_2100u : 0x5200_2000u; // bank 2 registers at +0x100
            Write(bus, registers + 0x04, 0x4567_0123);
            Write(bus, registers + 0x04, 0xCDEF_89AB);
            Write(bus, registers + 0x0C, (1u << 1) | (3u << 4)); // PG, PSIZE x64
            for (var i = 0; i < bytes.Length; i += 32)
            {
                for (var w = 0; w < 32; w += 4)
                {
                    Write(bus, start + (uint)(i + w), BitConverter.ToUInt32(bytes, i + w));
                }
                for (var poll = 0; Read(bus, registers + 0x10) is var sr && (sr & 0x4) != 0; poll++)
                {
                    Assert.True(poll < 1000, "flash stayed busy");
                    chip.Clock.Advance(10_000);
                    chip.AdvanceTo(chip.Clock.Nanoseconds);
                }
            }
            Write(bus, registers + 0x0C, 1); // LOCK
        }
        return image;
    }

    /// <summary>The address range of function <paramref name="name"/> in <paramref name="image"/>.</summary>
    public static (uint Start, uint End) Function(FirmwareImage image, string name)
    {
        var symbol = image.FindSymbol(name) ?? throw new InvalidOperationException($"no symbol {name}");
        var start = symbol.Value & ~1u;
        return (start, start + Math.Max(symbol.Size, 2u));
    }

    private static void Write(ISystemBus bus, uint address, uint value) => Assert.Equal(BusStatus.Ok, bus.Write(address, AccessSize.Word, value));

    private static uint Read(ISystemBus bus, uint address)
    {
        Assert.Equal(BusStatus.Ok, bus.Read(address, AccessSize.Word, out var value));
        return value;
    }
}
