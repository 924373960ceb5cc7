namespace Stm32.Build.Devices;

/// <summary>
/// The floating-point unit a core implements, parsed from the device data's <c>fpu</c> property of a core
/// (<see cref="CoreDescription.Fpu"/>: the arm-none-eabi-gcc <c>-mfpu</c> names <c>fpv4-sp-d16</c>, <c>fpv5-sp-d16</c>,
/// <c>fpv5-d16</c>; absent for a core without an FPU).
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

/// <summary>The device-data (and gcc <c>-mfpu</c>) names of <see cref="CoreFpu"/>.</summary>
public static class CoreFpuNames
{
    /// <summary>The names of the FPUs, in <see cref="CoreFpu"/> order from <see cref="CoreFpu.FpV4SpD16"/>.</summary>
    public static IReadOnlyList<string> All { get; } = ["fpv4-sp-d16", "fpv5-sp-d16", "fpv5-d16"];

    /// <summary>The device-data name; null for <see cref="CoreFpu.None"/>.</summary>
    public static string? ToName(this CoreFpu fpu) => fpu == CoreFpu.None ? null : All[(int)fpu - 1];

    /// <summary>Parses a device-data name (case-insensitive); null is <see cref="CoreFpu.None"/>; false for anything else.</summary>
    public static bool TryParse(string? name, out CoreFpu fpu)
    {
        fpu = CoreFpu.None;
        if (name is null)
        {
            return true;
        }
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], name, StringComparison.OrdinalIgnoreCase))
            {
                fpu = (CoreFpu)(i + 1);
                return true;
            }
        }
        return false;
    }
}
