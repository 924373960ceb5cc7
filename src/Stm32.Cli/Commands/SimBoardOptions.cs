using System.CommandLine;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Driver;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>--board NAME|FILE</c> and <c>--supply NAME</c> for the commands that build a virtual board (<c>sim serve</c>,
/// <c>sim run</c>, <c>sim usb</c>): the board description (a bundled board or a board file; it carries the device)
/// and the supply wiring that overrides the board's. Both are checked before anything starts.
/// </summary>
internal sealed class SimBoardOptions
{
    private readonly Option<string?> _board = new("--board")
    {
        Description = "The board: a bundled board (" + string.Join(", ", BoardCatalog.Bundled.Select(b => b.Name)) + ") or a board description file. It carries the device.",
    };

    private readonly Option<string?> _supply = new("--supply")
    {
        Description = "The supply wiring, overriding the board's: ldo, direct-smps, smps-1v8-supplies-ldo, … or the HAL's PWR_… names.",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_board);
        command.Options.Add(_supply);
    }

    /// <summary>The board named by --board, or null.</summary>
    public BoardDescription? Board(ParseResult parse) => parse.GetValue(_board) is { } text ? Unwrap(() => SimulatorProperties.ParseBoard(text)) : null;

    /// <summary>The supply named by --supply, or null.</summary>
    public SupplyWiring? Supply(ParseResult parse) => parse.GetValue(_supply) is { } text ? Unwrap(() => SimulatorProperties.ParseSupply(text)) : null;

    /// <summary>
    /// Applies --board and --supply to <paramref name="options"/>; a --device given explicitly beside a board that
    /// carries another part is STM5105.
    /// </summary>
    public VirtualBoardOptions Apply(ParseResult parse, VirtualBoardOptions options, Option<string> device)
    {
        var board = Board(parse);
        if (board is not null)
        {
            if (parse.GetResult(device) is { Implicit: false })
            {
                BoardCatalog.RequireDevice(board, options.Device);
            }
            options = options with { Board = board, Device = board.Device };
        }
        return Supply(parse) is { } supply ? options with { Supply = supply } : options;
    }

    /// <summary>Adds the board and supply to a simulator property bag (for probes built from properties).</summary>
    public void AddTo(ParseResult parse, IDictionary<string, string> properties)
    {
        if (parse.GetValue(_board) is { } board)
        {
            _ = Board(parse);
            properties[SimulatorProperties.Board] = board;
        }
        if (parse.GetValue(_supply) is { } supply)
        {
            _ = Supply(parse);
            properties[SimulatorProperties.Supply] = supply;
        }
    }

    private static T Unwrap<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ProbeException ex)
        {
            throw new Stm32Exception(ex.Diagnostic); // a bad board or supply is an input error, not a probe error
        }
    }
}
