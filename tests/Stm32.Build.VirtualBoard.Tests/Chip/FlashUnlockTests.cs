using Xunit;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>The FLASH_KEYRx / FLASH_OPTKEYR unlock sequences (RM0399 4.5.1, 4.9.2-4.9.4).</summary>
public sealed class FlashUnlockTests
{
    [Fact]
    public void Cr_is_locked_after_reset_with_the_manuals_reset_value()
    {
        var h = new ChipHarness();
        // RM0399 4.9.4: FLASH_CR1 reset value 0x00000031 (LOCK, PSIZE = x64).
        Assert.Equal(0x31u, h.ReadFlashRegister(1, FlashRegister.CR1));
        Assert.Equal(0x31u, h.ReadFlashRegister(2, FlashRegister.CR1));
    }

    [Fact]
    public void Key1_then_key2_unlocks_only_that_bank()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        Assert.Equal(0u, h.ReadFlashRegister(1, FlashRegister.CR1) & 1);
        Assert.Equal(1u, h.ReadFlashRegister(2, FlashRegister.CR1) & 1);
    }

    [Fact]
    public void A_locked_cr_ignores_writes()
    {
        var h = new ChipHarness();
        h.WriteFlashRegister(1, FlashRegister.CR1, 0x2);
        Assert.Equal(0x31u, h.ReadFlashRegister(1, FlashRegister.CR1));
    }

    [Fact]
    public void A_wrong_key_locks_until_reset_and_further_key_writes_are_bus_errors()
    {
        var h = new ChipHarness();
        h.WriteFlashRegister(1, FlashRegister.KEYR1, 0x1234_5678);
        Assert.Equal(KeySequenceState.Blocked, h.Chip.Flash.KeyState(1));
        var keyr = ChipHarness.Register(1, FlashRegister.KEYR1);
        Assert.Equal(BusStatus.Fault, h.Ap0.Write(keyr, AccessSize.Word, 0x4567_0123));
        Assert.Equal(1u, h.ReadFlashRegister(1, FlashRegister.CR1) & 1);

        h.Chip.SystemReset();
        h.Unlock(1);
        Assert.Equal(0u, h.ReadFlashRegister(1, FlashRegister.CR1) & 1);
    }

    [Fact]
    public void Keys_in_the_wrong_order_lock_until_reset()
    {
        var h = new ChipHarness();
        h.WriteFlashRegister(2, FlashRegister.KEYR1, 0xCDEF_89AB);
        h.Ap0.Write(ChipHarness.Register(2, FlashRegister.KEYR1), AccessSize.Word, 0x4567_0123);
        Assert.Equal(1u, h.ReadFlashRegister(2, FlashRegister.CR1) & 1);
        Assert.Equal(KeySequenceState.Blocked, h.Chip.Flash.KeyState(2));
    }

    [Fact]
    public void Unlocking_twice_is_a_wrong_sequence()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.WriteFlashRegister(1, FlashRegister.KEYR1, 0x4567_0123);
        Assert.Equal(KeySequenceState.Blocked, h.Chip.Flash.KeyState(1));
    }

    [Fact]
    public void Setting_lock_relocks_and_a_new_sequence_unlocks_again()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.WriteFlashRegister(1, FlashRegister.CR1, 0x1);
        Assert.Equal(1u, h.ReadFlashRegister(1, FlashRegister.CR1) & 1);
        h.Unlock(1);
        Assert.Equal(0u, h.ReadFlashRegister(1, FlashRegister.CR1) & 1);
    }

    [Fact]
    public void Option_keys_clear_optlock()
    {
        var h = new ChipHarness();
        Assert.Equal(1u, h.ReadFlashRegister(1, FlashRegister.OPTCR) & 1);
        h.UnlockOptions();
        Assert.Equal(0u, h.ReadFlashRegister(1, FlashRegister.OPTCR) & 1);
        // OPTCR is mirrored in bank 2's register block (+0x100).
        Assert.Equal(0u, h.Read(ChipHarness.FlashBase + 0x118) & 1);
    }

    [Fact]
    public void A_wrong_option_key_blocks_optkeyr_until_reset()
    {
        var h = new ChipHarness();
        h.WriteFlashRegister(1, FlashRegister.OPTKEYR, 0x4567_0123);
        Assert.Equal(BusStatus.Fault, h.Ap0.Write(ChipHarness.Register(1, FlashRegister.OPTKEYR), AccessSize.Word, 0x0819_2A3B));
        Assert.Equal(1u, h.ReadFlashRegister(1, FlashRegister.OPTCR) & 1);
    }
}
