using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// The device signature of the STM32F4/F7 (RM0090 39.1/39.2, RM0385/RM0410 41.1/41.2): the 96-bit unique ID at the
/// device data's <see cref="DeviceDescription.UniqueIdAddress"/> and the flash size in KiB (16 bits) at
/// <see cref="DeviceDescription.FlashSizeRegister"/>, composed as one read-only block where no system-memory region
/// of the device data already holds them.
/// </summary>
internal static class DeviceSignature
{
    /// <summary>The 96-bit unique ID the models report (three words, read-only).</summary>
    public static readonly uint[] UniqueId = [0x0033_0024, 0x3433_4711, 0x3532_3337];

    /// <summary>Composes the block onto <paramref name="chip"/>; does nothing where the device data covers it or the flash size register lies outside it.</summary>
    public static void Compose(VirtualChip chip, DeviceDescription device)
    {
        var start = device.UniqueIdAddress;
        if (chip.Memory.FindSystemMemory(start, 12) is not null || device.FlashSizeRegister < start + 12 || device.FlashSizeRegister - start > 0x100)
        {
            return;
        }
        // Up to the flash size register, rounded to 16 bytes: 0x20 on the F4 (size at +0x12), 0x30 on the F7 (+0x22).
        var size = (device.FlashSizeRegister - start + 2 + 0xF) & ~0xFu;
        var data = new byte[size];
        for (var i = 0; i < UniqueId.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(i * 4), UniqueId[i]);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan((int)(device.FlashSizeRegister - start)), (ushort)(device.FlashSize / 1024));
        chip.Compose(new ComposedTarget(start, size, new MemoryTarget("device signature", data, writable: false), []));
    }
}
