using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard;

/// <summary>How to build a virtual board: which probe, which chip, which faults, which pins, which state file.</summary>
public sealed record VirtualBoardOptions
{
    /// <summary>The probe generation; STLINK-V3 by default.</summary>
    public ProbeModel Probe { get; init; } = ProbeModel.V3;

    /// <summary>The device name from the device data; the STM32H747XI by default. A <see cref="Board"/> names its own device, which wins.</summary>
    public string Device { get; init; } = "STM32H747XI";

    /// <summary>
    /// The board the chip sits on: supply wiring, oscillators, NRST, BOOT0, UART routing (<see cref="BoardCatalog"/>
    /// resolves bundled names and files). Null: the board the state file was created on, else the bare board of
    /// <see cref="Device"/> (LDO supply, no external oscillators).
    /// </summary>
    public BoardDescription? Board { get; init; }

    /// <summary>The supply wiring, overriding the board's (<c>--supply</c>); null keeps the board's.</summary>
    public SupplyWiring? Supply { get; init; }

    /// <summary>Board-level faults (properties of the board).</summary>
    public IReadOnlyList<BoardFault> Faults { get; init; } = [];

    /// <summary>The BOOT0 pin level at start.</summary>
    public bool Boot0High { get; init; }

    /// <summary>A file the board's flash, option bytes and pins are loaded from (when it exists) and saved to.</summary>
    public string? StateFile { get; init; }

    /// <summary>The probe's serial number as reported over USB.</summary>
    public string SerialNumber { get; init; } = "VIRTUAL0000000000000001";

    /// <summary>The target supply in volts (3.3 V unless <see cref="BoardFaultKind.NoTargetPower"/>).</summary>
    public double SupplyVoltage { get; init; } = 3.3;
}
