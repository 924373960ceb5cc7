using Stm32.Build.Devices;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.Preflight.Tests;

/// <summary>Builds preflight requests for the HAL-style STM32H747 firmware (tests/firmware/h747hal) on the boards under test.</summary>
internal static class PreflightHarness
{
    public static DeviceDescription H747 => DeviceCatalog.BuiltIn.Get("STM32H747XI");

    /// <summary>The LDO board without an HSE (tests/Stm32.Build.Preflight.Tests/Boards).</summary>
    public static BoardDescription NoHseBoard => BoardCatalog.ReadFile(Path.Combine(AppContext.BaseDirectory, "Boards", "h747-ldo-no-hse.json"));

    public static BoardDescription Board(string name) => name == "h747-ldo-no-hse" ? NoHseBoard : BoardCatalog.Resolve(name);

    public static PreflightImage Cm7(string elf) => new(ImageReader.Read(elf), "CM7", elf);

    public static PreflightImage Cm4(string elf) => new(ImageReader.Read(elf), "CM4", elf);

    public static PreflightResult Run(HalVariant variant, string? board, SupplyWiring? supply = null, RememberedSupply? remembered = null, TimeSpan? budget = null) =>
        PreflightRunner.Run(new PreflightRequest
        {
            Device = H747,
            Images = [Cm7(FirmwareBuilder.BuildH747Hal(variant))],
            Board = board is null ? null : Board(board),
            DeclaredSupply = supply,
            Remembered = remembered,
            Budget = budget,
        });

    public static PreflightResult RunDual(DualCoreVariant variant, string? board)
    {
        var images = FirmwareBuilder.BuildH747HalDualCore(variant);
        return PreflightRunner.Run(new PreflightRequest
        {
            Device = H747,
            Images = [Cm7(images.Cm7Elf), Cm4(images.Cm4Elf)],
            Board = board is null ? null : Board(board),
        });
    }
}
