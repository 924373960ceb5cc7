namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>Where an unlock sequence stands.</summary>
public enum KeySequenceState
{
    /// <summary>Locked; waiting for the first key.</summary>
    Locked,
    /// <summary>The first key was written; waiting for the second.</summary>
    FirstKeyWritten,
    /// <summary>Unlocked.</summary>
    Unlocked,
    /// <summary>A wrong key or a repeated sequence: locked until the next reset; further key writes are bus errors.</summary>
    Blocked,
}

/// <summary>
/// A two-key unlock sequence as the STM32H7 flash interface uses for FLASH_CRx (KEY1 0x45670123 then KEY2
/// 0xCDEF89AB) and FLASH_OPTCR (OPTKEY1 0x08192A3B then OPTKEY2 0x4C5D6E7F). RM0399 4.9.2/4.9.3/4.9.4: "if a wrong
/// sequence is executed, or if the unlock sequence is performed twice, the register remains locked until the next
/// system reset", and a write to the key register in that state is answered with a bus error.
/// </summary>
public sealed class FlashKeySequence(uint key1, uint key2)
{
    /// <summary>The state.</summary>
    public KeySequenceState State { get; private set; } = KeySequenceState.Locked;

    /// <summary>Whether the guarded register is unlocked.</summary>
    public bool IsUnlocked => State == KeySequenceState.Unlocked;

    /// <summary>Handles a write to the key register; returns false when the write must be answered with a bus error.</summary>
    public bool Write(uint value)
    {
        switch (State)
        {
            case KeySequenceState.Blocked:
                return false;
            case KeySequenceState.Locked when value == key1:
                State = KeySequenceState.FirstKeyWritten;
                return true;
            case KeySequenceState.FirstKeyWritten when value == key2:
                State = KeySequenceState.Unlocked;
                return true;
            default:
                // A wrong key, or any key while already unlocked (the sequence performed twice).
                State = KeySequenceState.Blocked;
                return true;
        }
    }

    /// <summary>Software set the lock bit again: a new sequence may unlock (unless blocked).</summary>
    public void Relock()
    {
        if (State != KeySequenceState.Blocked)
        {
            State = KeySequenceState.Locked;
        }
    }

    /// <summary>A system or power-on reset: locked, and a blocked sequence is released.</summary>
    public void Reset() => State = KeySequenceState.Locked;
}
