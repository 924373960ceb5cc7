using Stm32.Build.Devices;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// The board every case starts from: an STM32H747XI whose sixteen sectors all hold a background pattern (so an erase
/// anywhere shows), saved once as a state file and loaded into a fresh virtual board per case.
/// </summary>
internal sealed class CampaignBoard : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-campaign-{Guid.NewGuid():N}.state");
    private readonly Dictionary<string, string> _variants = [];

    public CampaignBoard()
    {
        using var board = new Board(new VirtualBoardOptions());
        using (var session = DebugSessions.Open(new VirtualProbeTransport(board)))
        {
            // The background is flashed the way a user would: one image per bank through the pipeline.
            var images = Device.FlashBanks.Select(bank => new ImageInput(
                ImageReader.Read(CampaignImages.Image((int)bank.Size, bank.Number == 1 ? 0x2002_0000u : 0x1004_8000u, bank.Start, seed: 1000 + bank.Number),
                    $"background-{bank.Number}.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = bank.Start }),
                bank.Number == 1 ? "CM7" : "CM4")).ToList();
            var report = new FlashPipeline(session).FlashAsync(new FlashRequest { Device = Device, Images = images, ConfirmBoot = false, Run = false, DelayGuard = TimeSpan.Zero })
                .GetAwaiter().GetResult();
            if (!report.Succeeded)
            {
                throw new InvalidOperationException("the campaign's background could not be flashed: " + report.Error);
            }
        }
        Background = Device.FlashBanks.ToDictionary(b => b.Number, b => board.Chip.FlashBank(b.Number).ToArray());
        FactoryOptions = board.Chip.Flash.Options.Copy();
        board.Chip.SaveState(_state);
    }

    /// <summary>The part of every case.</summary>
    public static DeviceDescription Device { get; } = DeviceCatalog.BuiltIn.Get("STM32H747XI");

    /// <summary>What each bank holds before a case.</summary>
    public IReadOnlyDictionary<int, byte[]> Background { get; }

    /// <summary>The option bytes before a case (the factory values).</summary>
    public OptionByteValues FactoryOptions { get; }

    /// <summary>
    /// A fresh board holding the background (and the option bytes of <paramref name="variant"/>, when given), with
    /// <paramref name="faults"/> (board properties). Its probe has served no command yet, so <c>unplug-after=N</c> and
    /// the phase windows count from the same 0.
    /// </summary>
    public Board NewBoard(BoardVariant? variant, params string[] faults)
    {
        var board = new Board(new VirtualBoardOptions { Faults = faults.Select(BoardFault.Parse).ToList() });
        board.Chip.LoadState(variant is null ? _state : VariantState(variant));
        return board;
    }

    private string VariantState(BoardVariant variant)
    {
        lock (_variants)
        {
            if (!_variants.TryGetValue(variant.Name, out var path))
            {
                path = Path.ChangeExtension(_state, variant.Name + ".state");
                using var board = NewBoard(null);
                variant.Apply(board);
                board.Chip.SaveState(path);
                _variants[variant.Name] = path;
            }
            return path;
        }
    }

    public void Dispose()
    {
        File.Delete(_state);
        foreach (var path in _variants.Values)
        {
            File.Delete(path);
        }
    }
}

/// <summary>What a board holds that a flash must not lose: both banks and the option bytes.</summary>
internal sealed record BoardSnapshot(IReadOnlyDictionary<int, byte[]> Banks, OptionByteValues Options)
{
    public static BoardSnapshot Of(Board board) => new(
        CampaignBoard.Device.FlashBanks.ToDictionary(b => b.Number, b => board.Chip.FlashBank(b.Number).ToArray()),
        board.Chip.Flash.Options.Copy());

    /// <summary>The bytes of one sector.</summary>
    public ReadOnlySpan<byte> Sector(int bankNumber, int sector)
    {
        var bank = CampaignBoard.Device.FlashBanks.First(b => b.Number == bankNumber);
        return Banks[bankNumber].AsSpan((int)(bank.SectorStart(sector) - bank.Start), (int)bank.SectorSizeOf(sector));
    }

    /// <summary>Whether two sets of option bytes are the same, field by field.</summary>
    public static bool SameOptions(OptionByteValues a, OptionByteValues b) =>
        a.Optsr == b.Optsr && a.Boot7 == b.Boot7 && a.Boot4 == b.Boot4
        && a.Prar.SequenceEqual(b.Prar) && a.Scar.SequenceEqual(b.Scar) && a.Wpsn.SequenceEqual(b.Wpsn);
}
