using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Debug;

/// <summary>
/// What the SW-DP needs from the chip behind it: the buses its access ports reach, whether they can reach them,
/// power, the NRST pin and how long user firmware has run. <c>VirtualChip</c> provides this through an adapter in
/// <see cref="VirtualBoard"/>; tests use a small fake.
/// </summary>
public interface IDebugPortTarget
{
    /// <summary>Catches the chip up with the board's clock (cores advance, flash operations complete).</summary>
    void AdvanceTo(long nanoseconds);

    /// <summary>The bus MEM-AP <paramref name="apIndex"/> reaches, or null when the AP does not exist.</summary>
    ISystemBus? AccessPortBus(int apIndex);

    /// <summary>Whether the AP can perform bus transactions now (false for the AHB-APs while NRST is low on the H7).</summary>
    bool IsAccessPortAvailable(int apIndex);

    /// <summary>Whether an access through AP <paramref name="apIndex"/> to <paramref name="address"/> completes now (under NRST only some windows answer).</summary>
    bool IsAccessPortAddressReachable(int apIndex, uint address);

    /// <summary>Whether the chip is powered.</summary>
    bool Powered { get; }

    /// <summary>Why the DP does not drive the line although the chip has power (core supply collapsed, SWD pins taken), or null.</summary>
    string? DebugPortSilentReason { get; }

    /// <summary>The level at the chip's NRST pin (true = held in reset).</summary>
    bool NrstLow { get; set; }

    /// <summary>Virtual time user firmware has been running since the last reset.</summary>
    TimeSpan UserFirmwareRunTime { get; }
}
