using Stm32.Build.Devices;

namespace Stm32.Build.StLink.Tests.Integration;

/// <summary>Programs one STM32H7 flash word through the driver (enough for tests that need programmed flash).</summary>
internal static class FlashProgramming
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");

    // RM0399 4.9: FLASH_KEYR1 (+0x04), FLASH_CR1 (+0x0C: LOCK bit 0, PG bit 1, PSIZE bits 5:4), FLASH_SR1 (+0x10: QW bit 2);
    // the key sequence 0x45670123, 0xCDEF89AB (RM0399 4.5.1).
    public static void ProgramFlashWord(StLinkProbe probe, uint address, ReadOnlySpan<byte> flashWord)
    {
        var flash = H747.FlashRegistersBase;
        probe.WriteWord(0, flash + 0x04, 0x45670123);
        probe.WriteWord(0, flash + 0x04, 0xCDEF89AB);
        probe.WriteWord(0, flash + 0x0C, (3u << 4) | (1u << 1));
        probe.WriteMemory(0, address, flashWord);
        for (var i = 0; (probe.ReadWord(0, flash + 0x10) & (1u << 2)) != 0; i++)
        {
            Assert.True(i < 10_000, "the flash word was never programmed (FLASH_SR1.QW stayed set)");
        }
        probe.WriteWord(0, flash + 0x0C, (3u << 4) | 1u);
    }

}
