using Stm32.Build.Devices;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Families;

namespace Stm32.Build.Flashing.Tests.Families;

/// <summary>
/// The STM32F4/F7 driver's register encodings against RM0090 3.9 (no chip: a register file records the writes).
/// The sequences themselves are proven only on an F4/F7 virtual chip, which does not exist yet.
/// </summary>
public sealed class F4FlashDriverTests
{
    private const uint Base = 0x4002_3C00, Cr = Base + 0x10, OptCr = Base + 0x14;

    private static (F4FlashDriver Driver, RegisterFileSession Session) Create(string name, double volts = 3.3)
    {
        var device = DeviceCatalog.BuiltIn.Get(name);
        var session = new RegisterFileSession();
        session.Registers[OptCr] = 0x0FFF_AAED;
        var driver = (F4FlashDriver)FlashDrivers.Create(session, device, volts);
        return (driver, session);
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(11, 11u)]
    [InlineData(12, 16u)]
    [InlineData(23, 27u)]
    public void Sector_numbers_from_12_on_are_SNB_0b1xxxx(int sector, uint snb) => Assert.Equal(snb, F4FlashDriver.Snb(sector));

    [Theory]
    // RM0090 3.9.8 FLASH_CR: SER bit 1, SNB bits 7:3, PSIZE bits 9:8 (x32 = 10, x16 = 01, x8 = 00), STRT bit 16.
    [InlineData(3.3, 0, 0, 0x0000_0202u)]
    [InlineData(3.3, 1, 0, (16u << 3) | 0x0000_0202u)]
    [InlineData(2.4, 0, 5, (5u << 3) | 0x0000_0102u)]
    [InlineData(1.8, 0, 1, (1u << 3) | 0x0000_0002u)]
    public async Task A_sector_erase_writes_SER_SNB_and_PSIZE_then_STRT(double volts, int bank, int index, uint expected)
    {
        var (driver, session) = Create("STM32F429ZI", volts);
        var sector = new FlashSector(driver.Banks[bank], index);

        await driver.EraseAsync(driver.PlanErase([sector]), null, default);

        Assert.Equal([expected, expected | (1u << 16), 0u], session.WritesTo(Cr).Skip(0).Take(3));
    }

    [Fact]
    public async Task Programming_uses_accesses_of_the_PSIZE_width()
    {
        var (driver, session) = Create("STM32F407VG", volts: 2.5);
        var plan = new FlashProgramPlan([new BankProgram(driver.Banks[0], [new ProgramRun(0x0800_0000, new byte[2048])])]);

        await driver.ProgramAsync(plan, null, default);

        Assert.Equal((1u << 8) | 1u, session.WritesTo(Cr)[0]); // PG with PSIZE x16
        Assert.All(session.MemoryWrites, w => Assert.Equal(2, w.AccessBytes));
        Assert.Equal([(0x0800_0000u, 1024, 2), (0x0800_0400u, 1024, 2)], session.MemoryWrites);
        Assert.StartsWith("x16 (target voltage 2.50 V < 2.7 V)", ((IFlashDriver)driver).Parallelism);
    }

    [Fact]
    public async Task RDP_level_1_writes_0x55_into_OPTCR_then_OPTSTRT()
    {
        var (driver, session) = Create("STM32F407VG");
        session.Registers[OptCr] = 0x0FFF_AAED; // OPTLOCK set (bit 0)

        await driver.WriteOptionBytesAsync(new OptionBytesRequest { RdpLevel = 1 }, default);

        Assert.Equal([0x0819_2A3Bu, 0x4C5D_6E7Fu], session.WritesTo(Base + 0x08));
        var optcr = session.WritesTo(OptCr);
        Assert.Equal(0x0FFF_55EDu, optcr[0]);
        Assert.Equal(0x0FFF_55EFu, optcr[1]); // OPTSTRT
    }

    [Fact]
    public void The_STM32H7_boot_options_are_refused_on_an_F4_before_anything_is_written()
    {
        var (driver, session) = Create("STM32F407VG");
        var ex = Assert.Throws<FlashException>(() => driver.ValidateOptionBytes(new OptionBytesRequest { BootCm7Address0 = 0x0800_0000 }));
        Assert.Equal(Diagnostics.DiagnosticCodes.OptionValueInvalid, ex.Code);
        Assert.Empty(session.Writes);
    }
}
