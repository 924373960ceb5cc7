namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// One clock source of the RCC (HSI, CSI, HSI48, HSE, LSE, LSI): switched on and off by software, ready after its
/// start-up time. Its ready flag is computed from the time of the read; the RCC schedules an event at
/// <see cref="ReadyAt"/> so a core polling the flag is not run past it. An oscillator the board does not provide
/// (no HSE fitted, a crystal driven as an external clock) never becomes ready.
/// </summary>
internal sealed class H7Oscillator
{
    public H7Oscillator(string name, long frequencyHz, long startupNs)
    {
        Name = name;
        FrequencyHz = frequencyHz;
        StartupNs = startupNs;
    }

    /// <summary>The manual's name, e.g. <c>HSE</c>.</summary>
    public string Name { get; }

    /// <summary>The frequency once ready, in Hz.</summary>
    public long FrequencyHz { get; set; }

    /// <summary>How long it takes to become ready after it is switched on.</summary>
    public long StartupNs { get; set; }

    /// <summary>Whether the board lets it oscillate now (fitted, driven the way the enable bits select).</summary>
    public bool Available { get; set; } = true;

    /// <summary>Whether software (or hardware) has it switched on.</summary>
    public bool On { get; private set; }

    /// <summary>When it is (or became) ready; <see cref="long.MaxValue"/> while it is off or never becomes ready.</summary>
    public long ReadyAt { get; private set; } = long.MaxValue;

    /// <summary>Switches it on at <paramref name="now"/>; returns when it becomes ready (or <see cref="long.MaxValue"/>).</summary>
    public long Start(long now)
    {
        if (!On)
        {
            On = true;
            ReadyAt = Available ? now + StartupNs : long.MaxValue;
        }
        return ReadyAt;
    }

    /// <summary>Switches it off: its ready flag drops at once.</summary>
    public void Stop()
    {
        On = false;
        ReadyAt = long.MaxValue;
    }

    /// <summary>Puts it in its reset state: on and already ready (the HSI after reset), or off.</summary>
    public void Reset(bool onAndReady)
    {
        On = onAndReady;
        ReadyAt = onAndReady ? long.MinValue : long.MaxValue;
    }

    /// <summary>Whether it is ready at <paramref name="now"/>.</summary>
    public bool IsReady(long now) => On && now >= ReadyAt;

    /// <summary>Its output frequency at <paramref name="now"/>: <see cref="FrequencyHz"/> when ready, else 0.</summary>
    public long Hz(long now) => IsReady(now) ? FrequencyHz : 0;

    /// <inheritdoc />
    public override string ToString() => $"{Name} {(On ? "on" : "off")}";
}
