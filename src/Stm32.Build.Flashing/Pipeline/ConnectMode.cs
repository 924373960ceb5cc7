namespace Stm32.Build.Flashing.Pipeline;

/// <summary>How the pipeline attaches to the target.</summary>
public enum ConnectMode
{
    /// <summary>Attach without reset (the firmware keeps running until halted).</summary>
    Normal,
    /// <summary>Hold NRST low while entering SWD and arming the halt; release NRST and confirm the halt.</summary>
    UnderReset,
    /// <summary>Normal first; under reset when the target does not answer.</summary>
    Auto,
}

/// <summary>How the pipeline verifies what it programmed.</summary>
public enum VerifyMode
{
    /// <summary>The flash CRC unit per sector (a disagreement is confirmed by a read-back).</summary>
    Crc,
    /// <summary>A full read-back of every programmed sector.</summary>
    ReadBack,
    /// <summary>No verification.</summary>
    None,
}

/// <summary>The kinds of reset <c>stm32 reset</c> performs.</summary>
public enum ResetKind
{
    /// <summary>An NRST pulse from the probe.</summary>
    Hardware,
    /// <summary>AIRCR.SYSRESETREQ through the primary core: the whole system resets.</summary>
    Software,
    /// <summary>A reset of the core with vector catch: the core halts at its reset handler.</summary>
    Core,
}
