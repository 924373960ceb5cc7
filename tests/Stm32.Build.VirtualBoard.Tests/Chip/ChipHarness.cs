using Xunit;
using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>A chip on its own clock with the register addresses and sequences the tests share.</summary>
internal sealed class ChipHarness
{
    // RM0399 4.9 register addresses (flash interface at 0x52002000, bank 2 registers at +0x100).
    public const uint FlashBase = 0x5200_2000;
    public const uint Bank1Start = 0x0800_0000;
    public const uint Bank2Start = 0x0810_0000;
    public const uint SectorSize = 0x2_0000;

    public ChipHarness(string device = "STM32H747XI", Func<CoreDescription, ICoreHost, IExecutableCore>? coreFactory = null)
    {
        Device = DeviceCatalog.BuiltIn.Get(device);
        Chip = new VirtualChip(Device, Clock, Counters, coreFactory);
    }

    public DeviceDescription Device { get; }
    public VirtualClock Clock { get; } = new();
    public BoardCounters Counters { get; } = new();
    public VirtualChip Chip { get; }

    /// <summary>The Cortex-M7's access port view (AP0), as a debugger sees the chip.</summary>
    public ISystemBus Ap0 => Chip.AccessPortBus(0)!;

    public static uint Register(int bank, FlashRegister register) =>
        FlashBase + (uint)register + (bank == 2 && (uint)register < 0x100 && IsBankRegister(register) ? 0x100u : 0u);

    private static bool IsBankRegister(FlashRegister register) => register is FlashRegister.KEYR1 or FlashRegister.CR1
        or FlashRegister.SR1 or FlashRegister.CCR1 or FlashRegister.PRAR_PRG1 or FlashRegister.PRAR_CUR1
        or FlashRegister.SCAR_CUR1 or FlashRegister.SCAR_PRG1 or FlashRegister.WPSN_CUR1R or FlashRegister.WPSN_PRG1R
        or FlashRegister.CRCCR1 or FlashRegister.CRCSADD1R or FlashRegister.CRCEADD1R or FlashRegister.ECC_FA1R;

    public uint Read(uint address)
    {
        Assert.Equal(BusStatus.Ok, Ap0.Read(address, AccessSize.Word, out var value));
        return value;
    }

    public void Write(uint address, uint value) => Assert.Equal(BusStatus.Ok, Ap0.Write(address, AccessSize.Word, value));

    public uint ReadFlashRegister(int bank, FlashRegister register) => Read(Register(bank, register));

    public void WriteFlashRegister(int bank, FlashRegister register, uint value) => Write(Register(bank, register), value);

    public uint Sr(int bank) => ReadFlashRegister(bank, FlashRegister.SR1);

    /// <summary>KEY1 then KEY2 into FLASH_KEYRx (RM0399 4.5.1).</summary>
    public void Unlock(int bank)
    {
        WriteFlashRegister(bank, FlashRegister.KEYR1, 0x4567_0123);
        WriteFlashRegister(bank, FlashRegister.KEYR1, 0xCDEF_89AB);
    }

    /// <summary>OPTKEY1 then OPTKEY2 into FLASH_OPTKEYR.</summary>
    public void UnlockOptions()
    {
        WriteFlashRegister(1, FlashRegister.OPTKEYR, 0x0819_2A3B);
        WriteFlashRegister(1, FlashRegister.OPTKEYR, 0x4C5D_6E7F);
    }

    /// <summary>Sets CRx to PG with x64 parallelism (PSIZE = 11).</summary>
    public void EnableProgramming(int bank) => WriteFlashRegister(bank, FlashRegister.CR1, (1u << 1) | (3u << 4));

    /// <summary>Writes one 32-byte flash word as eight 32-bit writes.</summary>
    public void WriteFlashWord(uint address, ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < 32; i += 4)
        {
            Write(address + (uint)i, BitConverter.ToUInt32(data[i..]));
        }
    }

    /// <summary>Advances the clock in 1 ms steps until the bank's QW/BSY clear; bounded at <paramref name="limit"/>.</summary>
    public TimeSpan WaitIdle(int bank, TimeSpan? limit = null)
    {
        var start = Clock.Nanoseconds;
        var max = (limit ?? TimeSpan.FromSeconds(60)).Ticks * 100;
        while ((Sr(bank) & 0x5) != 0)
        {
            Assert.True(Clock.Nanoseconds - start < max, "flash stayed busy past the bound");
            Clock.Advance(1_000_000);
            Chip.AdvanceTo(Clock.Nanoseconds);
        }
        return TimeSpan.FromTicks((Clock.Nanoseconds - start) / 100);
    }

    public static byte[] Pattern(int seed, int length = 32)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i * 7 + 1);
        }
        return bytes;
    }

    /// <summary>Unlocks, enables x64 programming, writes a word and waits for it to be programmed.</summary>
    public void Program(int bank, uint address, ReadOnlySpan<byte> data)
    {
        if ((ReadFlashRegister(bank, FlashRegister.CR1) & 1) != 0)
        {
            Unlock(bank);
        }
        EnableProgramming(bank);
        WriteFlashWord(address, data);
        WaitIdle(bank);
    }

    public void AdvanceBy(TimeSpan duration)
    {
        Clock.Advance(duration);
        Chip.AdvanceTo(Clock.Nanoseconds);
    }
}
