using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Flashing.Boards;
using Stm32.Build.Images;
using Stm32.Build.Registers;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.Flashing.Tests.Boards;

/// <summary>
/// A healthy flash of the HAL-style firmware (tests/firmware/h747hal) on the virtual board wired for its supply
/// records what the board runs with: the unique ID the chip reports, PWR_CR3 as the firmware wrote it.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class FlashRemembersBoardTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "stm32-flash-boards-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static BoardRig Rig(SupplyWiring supply) =>
        new(new VirtualBoardOptions { Board = BoardCatalog.Resolve("custom-h747-ldo"), Supply = supply });

    private FlashRequest Request(HalVariant variant) => BoardRig.Request(new ImageInput(ImageReader.Read(FirmwareBuilder.BuildH747Hal(variant)), "CM7"))
        with { BoardStore = new RememberedBoardStore(_dir) };

    private static uint SupplyBits(uint cr3)
    {
        var register = RegisterTable.Load("STM32H747_CM7")["PWR"]["CR3"];
        return cr3 & (register["BYPASS"].Mask | register["LDOEN"].Mask | register["SDEN"].Mask | register["SDEXTHP"].Mask | register["SDLEVEL"].Mask);
    }

    [Theory]
    [InlineData(HalVariant.Clean, SupplyWiring.Ldo, "PWR_LDO_SUPPLY")]
    [InlineData(HalVariant.CleanSmps, SupplyWiring.DirectSmps, "PWR_DIRECT_SMPS_SUPPLY")]
    public async Task A_healthy_flash_remembers_the_unique_id_and_the_supply_the_firmware_latched(HalVariant variant, SupplyWiring wiring, string supply)
    {
        using var rig = Rig(wiring);
        var report = await rig.Pipeline().FlashAsync(Request(variant));
        report.ThrowIfFailed();
        Assert.Equal("passed", report.DelayGuard!.Result);

        // What `stm32 info` reports: the driver's identification of the chip.
        var uid = rig.Session.Probe.IdentifyTarget(BoardRig.Device).UniqueIdText!;
        // What the firmware wrote: the argument SystemClock_Config passes to HAL_PWREx_ConfigSupply.
        var written = (uint)Assert.Single(ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(variant)).R0AtCallsTo("SystemClock_Config", "HAL_PWREx_ConfigSupply"))!;
        // And the chip's own register, read on the core's bus.
        Assert.Equal(BusStatus.Ok, rig.Board.Chip.SystemBus("CM7").Read(0x5802_480C, AccessSize.Word, out var chipCr3));

        var observed = report.Board!;
        Assert.Equal(uid, observed.UniqueId);
        Assert.Equal($"0x{chipCr3:X8}", observed.PwrCr3);
        Assert.Equal(written, SupplyBits(Convert.ToUInt32(observed.PwrCr3, 16)));
        Assert.Equal(supply, observed.SupplyName);
        Assert.Contains("\"board\": {", report.ToJson(), StringComparison.Ordinal);

        var remembered = new RememberedBoardStore(_dir).Recall(uid, out var problem);
        Assert.Null(problem);
        Assert.Equal(new RememberedBoard(uid, "STM32H747XI", chipCr3, supply, observed.Observed), remembered);
        Assert.Equal(new RememberedBoardStore(_dir).FileOf(uid), observed.RememberedIn);
        Assert.Contains(report.Diagnostics, d => d.Code == Diagnostics.DiagnosticCodes.BoardObserved);
    }

    [Fact]
    public async Task A_corrupt_store_file_does_not_fail_the_flash_and_is_replaced()
    {
        using var rig = Rig(SupplyWiring.Ldo);
        rig.Session.Connect(holdInReset: false);
        var uid = rig.Session.Probe.IdentifyTarget(BoardRig.Device).UniqueIdText!;
        rig.Session.Disconnect();
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, uid + ".json"), "{ \"format\": 1, \"uniq");
        var other = new RememberedBoard("0024003A-3438510B-32363934", "STM32H747XI", 0x04, "PWR_DIRECT_SMPS_SUPPLY", DateTimeOffset.UnixEpoch);
        new RememberedBoardStore(_dir).Remember(other);

        var report = await rig.Pipeline().FlashAsync(Request(HalVariant.Clean));
        report.ThrowIfFailed();

        Assert.Equal("PWR_LDO_SUPPLY", new RememberedBoardStore(_dir).Recall(uid, out var problem)!.SupplyName);
        Assert.Null(problem);
        Assert.Equal(other, new RememberedBoardStore(_dir).Recall(other.UniqueId, out _)); // another board stays as it was
    }

    [Fact]
    public async Task Without_the_delay_guard_nothing_is_observed_or_remembered()
    {
        using var rig = Rig(SupplyWiring.Ldo);
        var report = await rig.Pipeline().FlashAsync(Request(HalVariant.Clean) with { DelayGuard = TimeSpan.Zero });
        report.ThrowIfFailed();
        Assert.Null(report.Board);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public async Task A_flash_that_loses_the_board_remembers_nothing()
    {
        using var rig = Rig(SupplyWiring.Ldo);
        var report = await rig.Pipeline().FlashAsync(Request(HalVariant.SupplySmpsOnLdo));
        Assert.False(report.Succeeded);
        Assert.Null(report.Board);
        Assert.False(Directory.Exists(_dir));
    }
}
