using System.Buffers.Binary;
using Stm32.Build.Devices;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// What the model puts in ST's read-only system memory: a minimal "bootloader" (a valid vector table whose reset
/// handler is an endless loop) so booting with BOOT0 high works, the flash size register and the unique ID.
/// </summary>
internal static class SystemMemoryImage
{
    /// <summary>How much stack the stand-in bootloader takes: the first 4 KiB of its RAM region.</summary>
    internal const uint BootloaderStackSize = 0x1000;

    /// <summary>Offset of the stand-in bootloader's reset handler (a Thumb <c>B .</c>) from the vector table.</summary>
    internal const uint BootloaderHandlerOffset = 0x200;

    /// <summary>Thumb encoding T2 of <c>B .</c> (ARMv7-M A7.7.12: imm11 = -2 halfwords): 0xE7FE.</summary>
    internal const ushort BranchToSelf = 0xE7FE;

    /// <summary>The 96-bit unique device ID the model reports (RM0399 61.1: three 32-bit words, read-only).</summary>
    internal static readonly uint[] UniqueId = [0x0031_0041, 0x3138_5110, 0x3437_3036];

    /// <summary>
    /// The initial stack pointer of the stand-in bootloader of <paramref name="core"/>: the top of the first 4 KiB of
    /// the largest RAM region the core reaches (the lowest of equals), so it lies in the part's own SRAM on every
    /// family (the AXI SRAM at 0x24000000 on the H7's Cortex-M7, the SRAM at 0x20000000 on the F1, F4, G0, L4, G4).
    /// </summary>
    internal static uint BootloaderStack(DeviceDescription device, CoreDescription core) =>
        device.RamRegions.Where(r => r.IsVisibleTo(core.Name) && r.Size >= BootloaderStackSize)
            .OrderByDescending(r => r.Size).ThenBy(r => r.Start)
            .Select(r => r.Start + BootloaderStackSize).FirstOrDefault();

    public static void Fill(DeviceDescription device, ChipMemory memory)
    {
        foreach (var core in device.Cores)
        {
            var table = core.SystemBootAddress;
            if (memory.FindSystemMemory(table, 8) is not { } segment || segment.Data.Length < BootloaderHandlerOffset + 2)
            {
                continue;
            }
            var offset = (int)(table - segment.Start);
            var data = segment.Data.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(data[offset..], BootloaderStack(device, core));
            BinaryPrimitives.WriteUInt32LittleEndian(data[(offset + 4)..], table + BootloaderHandlerOffset | 1);
            BinaryPrimitives.WriteUInt16LittleEndian(data[(offset + (int)BootloaderHandlerOffset)..], BranchToSelf);
        }
        if (memory.FindSystemMemory(device.FlashSizeRegister, 2) is { } sizeSegment)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(sizeSegment.Data.AsSpan((int)(device.FlashSizeRegister - sizeSegment.Start)),
                (ushort)(device.FlashSize / 1024));
        }
        if (memory.FindSystemMemory(device.UniqueIdAddress, 12) is { } idSegment)
        {
            var span = idSegment.Data.AsSpan((int)(device.UniqueIdAddress - idSegment.Start));
            for (var i = 0; i < UniqueId.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i * 4)..], UniqueId[i]);
            }
        }
    }
}
