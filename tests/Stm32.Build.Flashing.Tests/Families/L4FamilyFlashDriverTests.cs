using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Families;

namespace Stm32.Build.Flashing.Tests.Families;

/// <summary>
/// The G0/G4/L4 driver's encodings against RM0351/RM0440/RM0444 3.7.5 (no chip). Proven for the families whose
/// virtual chips it has flashed end to end (L4 and G4: tests/Stm32.Cli.Tests/FlashCommandL4Tests; the G071:
/// FlashCommandG0Tests; the G0B1: FlashCommandG0B1Tests).
/// </summary>
public sealed class L4FamilyFlashDriverTests
{
    private static (L4FamilyFlashDriver Driver, RegisterFileSession Session) Create(string name, uint optr = 0xFFEF_F8AA)
    {
        var session = new RegisterFileSession();
        session.Registers[0x4002_2020] = optr;
        return ((L4FamilyFlashDriver)FlashDrivers.Create(session, DeviceCatalog.BuiltIn.Get(name), 3.3), session);
    }

    [Theory]
    // FLASH_CR: PER bit 1, PNB from bit 3, BKER bit 11 (L4/G4) or 13 (G0).
    [InlineData("STM32L476RG", 0, 255, (1u << 1) | (255u << 3))]
    [InlineData("STM32L476RG", 1, 3, (1u << 1) | (3u << 3) | (1u << 11))]
    [InlineData("STM32G474RE", 1, 0, (1u << 1) | (1u << 11))]
    [InlineData("STM32G0B1RE", 1, 0, (1u << 1) | (256u << 3) | (1u << 13))]
    [InlineData("STM32G071RB", 0, 63, (1u << 1) | (63u << 3))]
    public void A_page_erase_names_the_page_and_the_bank(string name, int bank, int page, uint expected)
    {
        var (driver, _) = Create(name);
        Assert.Equal(expected, driver.PageEraseControl(new FlashSector(driver.Banks[bank], page)));
    }

    [Theory]
    [InlineData("STM32L476RG", true)]
    [InlineData("STM32L432KC", true)]
    [InlineData("STM32G431RB", true)]
    [InlineData("STM32G474RE", true)]
    [InlineData("STM32G071RB", true)]
    [InlineData("STM32G0B1RE", true)]
    public void It_is_proven_for_the_l4_g4_and_g0_parts_the_virtual_chips_and_openocd_prove(string name, bool proven)
    {
        var (driver, _) = Create(name);
        Assert.Equal(proven, driver.IsProven);
    }

    [Fact]
    public void The_G474_in_single_bank_mode_has_128_pages_of_4_KiB()
    {
        var (driver, _) = Create("STM32G474RE", optr: 0xFFEF_F8AA & ~(1u << 22));
        var bank = Assert.Single(driver.Banks);
        Assert.Equal(0x1000u, bank.SectorSize);
        Assert.Equal(128, bank.SectorCount);
    }

    [Fact]
    public async Task Programming_writes_whole_double_words_a_memory_command_at_a_time()
    {
        var (driver, session) = Create("STM32L432KC");
        var plan = new FlashProgramPlan([new BankProgram(driver.Banks[0], [new ProgramRun(0x0800_0800, new byte[1032])])]);

        await driver.ProgramAsync(plan, null, default);

        Assert.Equal([(0x0800_0800u, 1024, 4), (0x0800_0C00u, 8, 4)], session.MemoryWrites);
        Assert.Equal(1u, session.WritesTo(0x4002_2014)[0]); // PG
        await Assert.ThrowsAsync<ArgumentException>(() => driver.ProgramAsync(
            new FlashProgramPlan([new BankProgram(driver.Banks[0], [new ProgramRun(0x0800_0004, new byte[8])])]), null, default));
    }

    [Theory]
    // RM0444 2.5/3.7.1: FLASH_ACR.EMPTY (bit 16) latched on a blank chip is cleared once the first word is programmed.
    [InlineData("STM32G071RB", 0x2000_9000u, true)]
    [InlineData("STM32G071RB", 0xFFFF_FFFFu, false)]
    [InlineData("STM32L432KC", 0x2000_9000u, false)]
    public async Task After_programming_a_g0_whose_empty_flag_is_set_the_flag_is_cleared_once_the_first_word_is_programmed(string name, uint firstWord, bool cleared)
    {
        var (driver, session) = Create(name);
        session.Registers[0x4002_2000] = 0x600 | (1u << 16);
        session.Registers[0x0800_0000] = firstWord;
        var plan = new FlashProgramPlan([new BankProgram(driver.Banks[0], [new ProgramRun(0x0800_0000, new byte[8])])]);

        await driver.ProgramAsync(plan, null, default);

        Assert.Equal(cleared ? new List<uint> { 0x600 } : new List<uint>(), session.WritesTo(0x4002_2000));
    }

    [Theory]
    // RM0444 3.7.4: the dual-bank G0B1 has BSY2 (bit 17) for bank 2's operations; on the G071 bit 17 is reserved.
    [InlineData("STM32G0B1RE", 1, true)]
    [InlineData("STM32G0B1RE", 0, true)]
    [InlineData("STM32G071RB", 0, false)]
    public async Task The_dual_bank_g0_waits_on_bsy2_too(string name, int bank, bool waits)
    {
        var (driver, session) = Create(name);
        session.Registers[0x4002_2010] = 1u << 17; // FLASH_SR: BSY2 stays set

        var erase = driver.EraseAsync(driver.PlanErase([new FlashSector(driver.Banks[bank], 0)]), null, default);

        if (waits)
        {
            var ex = await Assert.ThrowsAnyAsync<Stm32Exception>(() => erase);
            Assert.Equal(DiagnosticCodes.FlashTimeout, ex.Diagnostic.Code);
        }
        else
        {
            await erase;
            Assert.Contains((1u << 1) | (1u << 16), session.WritesTo(0x4002_2014)); // PER + STRT of page 0 went out
        }
    }
}
