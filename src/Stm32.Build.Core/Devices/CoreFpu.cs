namespace Stm32.Build.Devices;

/// <summary>
/// The floating-point unit a core implements. In the device data it is the core's optional <c>fpu</c> property,
/// written with the arm-none-eabi-gcc <c>-mfpu</c> names: <c>none</c>, <c>fpv4-sp-d16</c>, <c>fpv5-sp-d16</c>,
/// <c>fpv5-d16</c>.
/// </summary>
public enum CoreFpu
{
    /// <summary>No FPU (Cortex-M0/M0+/M3, a Cortex-M4 or M7 built without one): CP10/CP11 instructions fault.</summary>
    None,
    /// <summary>FPv4-SP-D16, single precision (Cortex-M4F).</summary>
    FpV4SpD16,
    /// <summary>FPv5-SP-D16, single precision with the FPv5 additions (Cortex-M7 of the STM32F74x/F75x).</summary>
    FpV5SpD16,
    /// <summary>FPv5-D16, single and double precision (Cortex-M7 of the STM32F76x/F77x and STM32H7).</summary>
    FpV5D16,
}

/// <summary>The device-data names of <see cref="CoreFpu"/> and the defaults per architecture.</summary>
public static class CoreFpuNames
{
    /// <summary>The names, in <see cref="CoreFpu"/> order (gcc's <c>-mfpu</c> values, <c>none</c> for no FPU).</summary>
    public static IReadOnlyList<string> All { get; } = ["none", "fpv4-sp-d16", "fpv5-sp-d16", "fpv5-d16"];

    /// <summary>The device-data (and gcc <c>-mfpu</c>) name.</summary>
    public static string ToName(this CoreFpu fpu) => All[(int)fpu];

    /// <summary>Parses a device-data name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string text, out CoreFpu fpu)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], text, StringComparison.OrdinalIgnoreCase))
            {
                fpu = (CoreFpu)i;
                return true;
            }
        }
        fpu = CoreFpu.None;
        return false;
    }

    /// <summary>
    /// The FPU a core of <paramref name="architecture"/> has when the device data does not say: FPv5-D16 for a
    /// Cortex-M7 (every STM32H7), FPv4-SP-D16 for a Cortex-M4, none otherwise.
    /// </summary>
    public static CoreFpu DefaultFor(string architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.Contains("M7", StringComparison.OrdinalIgnoreCase))
        {
            return CoreFpu.FpV5D16;
        }
        return architecture.Contains("M4", StringComparison.OrdinalIgnoreCase) ? CoreFpu.FpV4SpD16 : CoreFpu.None;
    }
}
