namespace Stm32.Build.Diagnostics;

// STM1xxx: image validation after link. STM10xx memory map, STM11xx size, STM12xx vector table,
// STM13xx dual core and boot addresses, STM14xx several input files.
public static partial class DiagnosticCodes
{
    /// <summary>The image holds no bytes.</summary>
    public const string ValidationEmptyImage = "STM1001";
    /// <summary>Bytes lie outside every flash and RAM region of the device.</summary>
    public const string ValidationOutsideMemory = "STM1002";
    /// <summary>Bytes lie in ST's system memory (bootloader, device identity), which cannot be programmed.</summary>
    public const string ValidationInSystemMemory = "STM1003";
    /// <summary>Bytes lie in a memory-mapped option-byte area; option bytes are written only on request.</summary>
    public const string ValidationInOptionBytes = "STM1004";
    /// <summary>Bytes lie in RAM: they are not programmed and do not survive a reset.</summary>
    public const string ValidationInRam = "STM1005";
    /// <summary>Bytes lie in RAM the image's core cannot reach (e.g. the Cortex-M7's DTCM in a Cortex-M4 image).</summary>
    public const string ValidationRamNotVisibleToCore = "STM1006";

    /// <summary>The image's flash contents are larger than the device's flash.</summary>
    public const string ValidationLargerThanFlash = "STM1101";
    /// <summary>A single-bank image is larger than its bank or runs from one bank into the next.</summary>
    public const string ValidationLargerThanBank = "STM1102";

    /// <summary>There is no vector table at the core's boot address: the core would not start this image.</summary>
    public const string ValidationNoVectorTable = "STM1201";
    /// <summary>The initial stack pointer (vector 0) is not inside (or at the end of) a RAM region the core can reach.</summary>
    public const string ValidationInitialSpOutsideRam = "STM1202";
    /// <summary>The initial stack pointer is not 8-byte aligned (AAPCS requires 8 at public interfaces).</summary>
    public const string ValidationInitialSpMisaligned = "STM1203";
    /// <summary>The reset handler (vector 1) is not in flash.</summary>
    public const string ValidationResetHandlerOutsideFlash = "STM1204";
    /// <summary>The reset handler address lacks the Thumb bit (bit 0): the core would take a fault on its first instruction.</summary>
    public const string ValidationResetHandlerNotThumb = "STM1205";
    /// <summary>A non-zero exception or interrupt vector lacks the Thumb bit.</summary>
    public const string ValidationVectorNotThumb = "STM1206";
    /// <summary>The vector table is shorter than the two entries (SP, reset) a core needs.</summary>
    public const string ValidationVectorTableTruncated = "STM1207";

    /// <summary>A Cortex-M4 image lies in bank 1, which belongs to the Cortex-M7 on dual-core parts.</summary>
    public const string ValidationCm4ImageInBank1 = "STM1301";
    /// <summary>A Cortex-M7 image lies in bank 2, which belongs to the Cortex-M4 on dual-core parts.</summary>
    public const string ValidationCm7ImageInBank2 = "STM1302";
    /// <summary>The images of the two cores overlap.</summary>
    public const string ValidationCoreImagesOverlap = "STM1303";
    /// <summary>The image does not start at the core's boot address.</summary>
    public const string ValidationNotAtBootAddress = "STM1304";
    /// <summary>The image's core could not be told (no core given and the image is in neither core's bank).</summary>
    public const string ValidationCoreUnknown = "STM1305";

    /// <summary>Two input files put bytes at the same address.</summary>
    public const string ValidationInputsOverlap = "STM1401";
}
