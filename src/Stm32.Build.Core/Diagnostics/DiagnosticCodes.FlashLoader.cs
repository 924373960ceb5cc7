namespace Stm32.Build.Diagnostics;

// STM4900–STM4949: the RAM flash loader on the target core and its streaming (src/Stm32.Build.Flashing/Loader).
public static partial class DiagnosticCodes
{
    /// <summary>
    /// Information: the flash was programmed by the host through the debug port instead of the RAM loader, and why
    /// (the loader could not run: the core did not halt after reset, the RAM did not hold the loader, the loader
    /// faulted or stopped answering, or the host-driven path was asked for).
    /// </summary>
    public const string FlashLoaderFallback = "STM4900";

    /// <summary>
    /// The loader image could not be built: arm-none-eabi-gcc or binutils are missing (build-loader.sh, only when
    /// the loader is regenerated; flashing never needs the toolchain).
    /// </summary>
    public const string FlashLoaderToolchainMissing = "STM4901";

    /// <summary>
    /// The loader refused a buffer the host gave it: outside the plan's ranges or malformed (nothing of it was
    /// written); the message names the bank, the address and the length.
    /// </summary>
    public const string FlashLoaderPlanRefused = "STM4902";

    /// <summary>
    /// The RAM loader was required (<c>--program-path loader</c>, <c>Stm32FlashProgramPath=loader</c>) but cannot run:
    /// the device's flash driver has none (refused before the probe is touched), or the loader could not run on the
    /// target (the message says why and which sectors were erased; the flash is relocked). <c>auto</c> would have
    /// programmed through the host instead.
    /// </summary>
    public const string FlashLoaderRequired = "STM4903";
}
