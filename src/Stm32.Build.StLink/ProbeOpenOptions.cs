namespace Stm32.Build.StLink;

/// <summary>How <see cref="StLinkProbe.Open(string, ProbeOpenOptions?)"/> opens and connects a probe.</summary>
public sealed record ProbeOpenOptions
{
    /// <summary>Whether to connect to the target (enter SWD, read the DP IDCODE). False opens the probe only (version, voltage).</summary>
    public bool Connect { get; init; } = true;

    /// <summary>The SWD clock to ask for, in kHz; the probe's nearest lower setting is used.</summary>
    public int SwdFrequencyKhz { get; init; } = 4000;

    /// <summary>Hold NRST low while connecting (connect under reset); release it with <see cref="StLinkProbe.AssertReset(bool)"/>.</summary>
    public bool ConnectUnderReset { get; init; }

    /// <summary>Whether to refuse to connect when the probe reads no target voltage (below 1.5 V).</summary>
    public bool RequireTargetPower { get; init; } = true;

    /// <summary>How long to wait for another process that holds the probe.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The lock directory (default <see cref="ProbeLock.DefaultDirectory"/>).</summary>
    public string? LockDirectory { get; init; }

    /// <summary>Skip the cross-process lock (for transports already exclusive by construction, e.g. a test's own board).</summary>
    public bool NoLock { get; init; }

    /// <summary>Told when the probe is held by another process and the open waits.</summary>
    public Action<string>? Waiting { get; init; }

    /// <summary>The timeout of each USB/TCP transfer.</summary>
    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// For <c>sim</c>: the virtual board's properties (<c>device</c>, <c>state</c>, <c>fault</c>, <c>probe</c>,
    /// <c>boot0</c>, ...), opaque to the driver and interpreted by the factory the virtual board registers (see
    /// <c>Stm32.Build.VirtualBoard.Driver.SimulatorProperties</c>); an unknown property is a coded error there.
    /// </summary>
    public IReadOnlyDictionary<string, string> Simulator { get; init; } = new Dictionary<string, string>();
}
