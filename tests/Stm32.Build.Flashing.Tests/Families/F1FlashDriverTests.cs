using Stm32.Build.Devices;
using Stm32.Build.Flashing.Drivers;

namespace Stm32.Build.Flashing.Tests.Families;

/// <summary>The STM32F1 driver's encodings against PM0075 (no chip; the driver is proven end to end on the virtual STM32F103 in the CLI and OpenOCD tests).</summary>
public sealed class F1FlashDriverTests
{
    private const uint Base = 0x4002_2000;

    [Fact]
    public async Task A_page_erase_puts_the_page_address_in_FLASH_AR_between_PER_and_STRT()
    {
        var session = new RegisterFileSession();
        var driver = FlashDrivers.Create(session, DeviceCatalog.BuiltIn.Get("STM32F103C8"), 3.3);

        await driver.EraseAsync(driver.PlanErase([new FlashSector(driver.Banks[0], 5)]), null, default);

        var writes = session.Writes.Where(w => w.Address is Base + 0x10 or Base + 0x14).ToList();
        Assert.Equal([(Base + 0x10, 0x2u), (Base + 0x14, 0x0800_1400u), (Base + 0x10, 0x42u), (Base + 0x10, 0u)], writes);
    }

    [Fact]
    public async Task Programming_writes_half_words()
    {
        var session = new RegisterFileSession();
        var driver = FlashDrivers.Create(session, DeviceCatalog.BuiltIn.Get("STM32F103RB"), 3.3);

        await driver.ProgramAsync(new FlashProgramPlan([new BankProgram(driver.Banks[0], [new ProgramRun(0x0800_0000, new byte[64])])]), null, default);

        Assert.Equal([(0x0800_0000u, 64, 2)], session.MemoryWrites);
        Assert.Equal(1u, session.WritesTo(Base + 0x10)[0]); // PG
        Assert.True(driver.IsProven); // flashed end to end on the virtual STM32F1 (FlashCommandF1Tests)
        Assert.Null(driver.Checksum);
    }

    [Fact]
    public void RDP_level_2_does_not_exist_on_the_F1()
    {
        var driver = FlashDrivers.Create(new RegisterFileSession(), DeviceCatalog.BuiltIn.Get("STM32F103C8"), 3.3);
        var ex = Assert.Throws<FlashException>(() => driver.ValidateOptionBytes(new OptionBytesRequest { RdpLevel = 2, ConfirmRdpLevel2 = true }));
        Assert.Contains("RDP level 2 does not exist on the STM32F103C8", ex.Message);
    }
}
