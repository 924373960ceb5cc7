using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Families.H7;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// The STM32H7 blocks (RM0399, RM0433, RM0468): the embedded flash interface with both banks, option bytes and CRC
/// unit (<see cref="FlashController"/>), DBGMCU and the debug APB components, boot selection by BOOT0 and the
/// BOOT_CMx_ADDx option bytes, core gating by BCMx; the RCC, PWR and SYSCFG models with the domains' low-power states
/// (Families/H7) when the register tables have them; clocks come from the RCC model, else the 64 MHz HSI the H7 runs
/// from after reset (RM0399 8.5.2). The family is the chip's <see cref="IDebugFreeze"/> (through DBGMCU).
/// </summary>
public sealed class H7Family : ChipFamily, IDebugFreeze
{
    /// <summary>The HSI clock after reset (RM0399 8.5.2: HSI at 64 MHz, HSIDIV = 1).</summary>
    public const long ResetClockHz = 64_000_000;

    /// <summary>The size of the flash interface register block (RM0399 2.3.2: 4 KiB).</summary>
    internal const uint FlashRegistersSize = 0x1000;

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;
    private VirtualChip _chip = null!;
    private IClockTree? _clocks;

    internal H7Family(DeviceDescription device, BoardCounters counters)
    {
        _device = device;
        _counters = counters;
    }

    /// <inheritdoc />
    public override string Name => "STM32H7";

    /// <summary>The flash interface (both banks, option bytes, CRC unit).</summary>
    public FlashController Flash { get; private set; } = null!;

    /// <summary>DBGMCU: identity, low-power debug bits, freeze registers.</summary>
    public H7Dbgmcu Dbgmcu { get; private set; } = null!;

    /// <summary>The reset and clock controller, or null when the part has no register table.</summary>
    public H7Rcc? Rcc { get; private set; }

    /// <summary>The power controller, or null when the part has no register table.</summary>
    public H7Pwr? Pwr { get; private set; }

    /// <summary>The domains' low-power states, or null without RCC and PWR models.</summary>
    public H7DomainPower? Domains { get; private set; }

    /// <summary>The check of the clocks against the flash wait states and the voltage scale.</summary>
    internal H7FlashLatencyCheck? LatencyCheck { get; private set; }

    internal DebugComponents DebugComponents { get; private set; } = null!;

    /// <inheritdoc />
    public override long CoreClockHz(int coreIndex) => _clocks?.CoreClockHz(coreIndex) ?? ResetClockHz;

    /// <inheritdoc />
    internal override int ReadoutLevel => Flash.Options.ReadoutLevel;

    /// <inheritdoc />
    internal override ISystemBus? DebugApb => _debugApb;

    private ISystemBus? _debugApb;

    /// <inheritdoc />
    internal override void Compose(VirtualChip chip, PeripheralContext context)
    {
        _chip = chip;
        Flash = new FlashController(_device, () => context.Now, _counters, context.Log)
        {
            CompletionScheduled = due => context.Scheduler.Schedule(due, () => Flash.CompleteDue(context.Now), "flash operation"),
            Activity = (kind, address, value, message) => context.Record(kind, "FLASH", address, value, message),
            Interrupt = chip.Interrupt("FLASH"), // RM0399 4.7: the FLASH global interrupt, NVIC position 4 on each core
        };
        Dbgmcu = new H7Dbgmcu(context, context.TablePeripheral("DBGMCU"), _device);
        var debugBase = _device.DbgmcuIdcodeAddress - DebugComponents.DbgmcuOffset;
        DebugComponents = new DebugComponents(Dbgmcu, context.Log, (_device.DbgmcuApbAddress ?? _device.DbgmcuIdcodeAddress) - DebugComponents.DbgmcuOffset);
        foreach (var bank in _device.FlashBanks)
        {
            chip.Compose(new ComposedTarget(bank.Start, bank.Size, new FlashArrayTarget(Flash, bank), []));
        }
        chip.Compose(new ComposedTarget(_device.FlashRegistersBase, FlashRegistersSize, new FlashRegisterTarget(Flash), []));
        chip.Compose(new ComposedTarget(debugBase, DebugComponents.Size, new DebugComponentsTarget(DebugComponents), []));
        if (_device.DbgmcuApbAddress is uint apb)
        {
            var apbBase = apb - DebugComponents.DbgmcuOffset;
            _debugApb = new BusMap(BusInitiator.Debugger(_device.DbgmcuAccessPort ?? 2),
                [new BusMapping(apbBase, DebugComponents.Size, new DebugComponentsTarget(DebugComponents))]);
        }
        ComposeClockAndPower(chip, context);
        Io = Families.H7.H7IoBlocks.Compose(chip, context);
    }

    /// <summary>GPIO, EXTI, HSEM, watchdogs, U(S)ARTs and the board's virtual COM port (Families/H7).</summary>
    public Families.H7.H7IoBlocks Io { get; private set; } = null!;

    /// <inheritdoc />
    public override string? ConsoleText => Io?.Console?.Text;

    /// <inheritdoc />
    /// <remarks>
    /// A core sleeping with SLEEPDEEP is in CStop: its clock is stalled (RM0399 7.6, "CPU subsystem low-power
    /// modes") unless DBGMCU_CR.DBGSTOP_D1 (Cortex-M7) or DBGSTOP_D2 (Cortex-M4) disables the automatic clock stop
    /// for the debugger (RM0399 60.5.8) — which is why firmware that enters Stop without suspending SysTick wakes
    /// every tick under a debugger and sleeps for good without one.
    /// </remarks>
    public override bool DeepSleepStopsCoreClock(int coreIndex) =>
        !Dbgmcu.DebugInStop(coreIndex == 0 ? Families.H7.H7PowerDomain.D1 : Families.H7.H7PowerDomain.D2);

    /// <summary>RCC, PWR and SYSCFG from the register tables, the domains' power states and the flash wait-state check.</summary>
    private void ComposeClockAndPower(VirtualChip chip, PeripheralContext context)
    {
        if (context.TablePeripheral("RCC") is not { } rccInfo || context.TablePeripheral("PWR") is not { } pwrInfo)
        {
            return;
        }
        Rcc = new H7Rcc(context, rccInfo);
        chip.Compose(Rcc);
        Pwr = new H7Pwr(context, pwrInfo);
        chip.Compose(Pwr);
        if (context.TablePeripheral("SYSCFG") is { } syscfgInfo)
        {
            chip.Compose(new H7Syscfg(context, syscfgInfo));
        }
        Domains = new H7DomainPower(chip, Pwr, Rcc, Dbgmcu);
        Rcc.Domains = Domains;
        chip.AddDebugBlocker(Domains);
        LatencyCheck = new H7FlashLatencyCheck(context, Flash, Rcc, Pwr);
        UseClockTree(Rcc);
    }

    /// <inheritdoc />
    public bool IsFrozen(string peripheral) => Dbgmcu.IsFrozen(peripheral);

    /// <summary>Lets the RCC model drive the cores' clocks (called by the RCC model while composing).</summary>
    internal void UseClockTree(IClockTree clocks) => _clocks = clocks;

    /// <inheritdoc />
    internal override uint BootAddress(int coreIndex, bool boot0High) => Flash.Options.BootAddress(coreIndex, boot0High);

    /// <inheritdoc />
    internal override bool CoreBootEnabled(int coreIndex) => Flash.Options.CoreBootEnabled(coreIndex);

    /// <inheritdoc />
    internal override uint PeekFlashWord(uint address) => Flash.PeekWord(address);

    /// <inheritdoc />
    internal override byte[] BankArray(int bankNumber) => Flash.BankArray(bankNumber);

    /// <inheritdoc />
    internal override IReadOnlyList<int> EccBrokenWords(int bankNumber) => Flash.EccBrokenWords(bankNumber);

    /// <inheritdoc />
    internal override byte[] SaveOptionBytes() => OptionByteCodec.Encode(Flash.Options);

    /// <inheritdoc />
    internal override void RestoreFlash(IReadOnlyList<byte[]> banks, ReadOnlySpan<byte> optionBytes, IReadOnlyList<IReadOnlyList<int>> eccBroken) =>
        Flash.Restore(banks, OptionByteCodec.Decode(optionBytes, _device), eccBroken);

    /// <inheritdoc />
    internal override void FailNextFlashOperation(uint flag) => Flash.PendingFailure = flag;

    /// <inheritdoc />
    internal override void PowerOnReset()
    {
        Flash.PowerOnReset();
        Dbgmcu.Reset(ResetKind.PowerOn);
        DebugComponents.PowerOnReset();
    }

    /// <inheritdoc />
    internal override void SystemReset() => Flash.SystemReset();

    /// <inheritdoc />
    internal override void PowerLost() => Flash.AbortOnPowerLoss();

    /// <summary>A flash bank's array on the bus: reads from the array, writes into the bank's write buffer.</summary>
    private sealed class FlashArrayTarget(FlashController flash, FlashBank bank) : IBusTarget
    {
        public string Name => $"FLASH bank {bank.Number}";

        public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value) =>
            flash.ReadArray(bank.Start + offset, size, initiator.IsDebugger, out value);

        public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator) =>
            flash.WriteArray(bank.Start + offset, size, value, initiator.IsDebugger);

        public TargetWindow? GetWindow(uint offset, BusInitiator initiator) =>
            initiator.IsDebugger ? null : new TargetWindow(0, flash.BankArray(bank.Number), Writable: false);
    }

    /// <summary>The flash interface's registers.</summary>
    private sealed class FlashRegisterTarget(FlashController flash) : IBusTarget
    {
        public string Name => "FLASH";

        public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value) =>
            flash.ReadRegister(offset, size, out value);

        public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator) =>
            flash.WriteRegister(offset, size, value);

        public TargetWindow? GetWindow(uint offset, BusInitiator initiator) => null;
    }

    /// <summary>The ROM table, DBGMCU and trace funnel block.</summary>
    private sealed class DebugComponentsTarget(DebugComponents components) : IBusTarget
    {
        public string Name => "DBGMCU";

        public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value) =>
            components.Read(offset, size, initiator, out value);

        public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator) =>
            components.Write(offset, size, value, initiator);

        public TargetWindow? GetWindow(uint offset, BusInitiator initiator) => null;
    }
}

/// <summary>The H7 option bytes as the state file stores them: OPTSR, BOOT7, BOOT4, then per bank PRAR, SCAR, WPSN (little-endian words).</summary>
internal static class OptionByteCodec
{
    public static byte[] Encode(OptionByteValues o)
    {
        var words = new List<uint> { o.Optsr, o.Boot7, o.Boot4 };
        for (var i = 0; i < o.Prar.Length; i++)
        {
            words.Add(o.Prar[i]);
            words.Add(o.Scar[i]);
            words.Add(o.Wpsn[i]);
        }
        var bytes = new byte[words.Count * 4];
        for (var i = 0; i < words.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        }
        return bytes;
    }

    public static OptionByteValues Decode(ReadOnlySpan<byte> bytes, DeviceDescription device)
    {
        var words = new uint[bytes.Length / 4];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }
        uint Word(int i) => words[i];
        var banks = (bytes.Length / 4 - 3) / 3;
        var factory = OptionByteValues.Factory(device);
        return factory with
        {
            Optsr = Word(0),
            Boot7 = Word(1),
            Boot4 = Word(2),
            Prar = Enumerable.Range(0, banks).Select(b => Word(3 + b * 3)).ToArray(),
            Scar = Enumerable.Range(0, banks).Select(b => Word(4 + b * 3)).ToArray(),
            Wpsn = Enumerable.Range(0, banks).Select(b => Word(5 + b * 3)).ToArray(),
        };
    }
}
