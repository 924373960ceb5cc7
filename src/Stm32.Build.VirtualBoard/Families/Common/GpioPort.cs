using Stm32.Build.Execution;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>A GPIO pin's mode (GPIOx_MODER, two bits per pin: RM0399 GPIO registers, GPIOx_MODER).</summary>
public enum PinMode
{
    /// <summary>00: input.</summary>
    Input = 0,
    /// <summary>01: general-purpose output.</summary>
    Output = 1,
    /// <summary>10: alternate function (the number in GPIOx_AFRL/AFRH).</summary>
    Alternate = 2,
    /// <summary>11: analog (the reset state of most pins on the H7).</summary>
    Analog = 3,
}

/// <summary>A pin's function: its mode and alternate-function number (meaningful in <see cref="PinMode.Alternate"/>).</summary>
/// <param name="Mode">The mode.</param>
/// <param name="AlternateFunction">The AFRL/AFRH number, 0–15.</param>
public readonly record struct PinConfiguration(PinMode Mode, int AlternateFunction)
{
    /// <inheritdoc />
    public override string ToString() => Mode == PinMode.Alternate ? $"alternate function {AlternateFunction}" : Mode switch
    {
        PinMode.Input => "input",
        PinMode.Output => "general-purpose output",
        _ => "analog",
    };
}

/// <summary>
/// One STM32 GPIO port (the GPIO of the F2/F4/F7/H7/L4/G4 families; registers and reset values from the chip's
/// register table, which carries the manual's per-port reset values — on the H7 port A and B start with the debug
/// pins in their alternate functions, RM0399 GPIO registers). Modelled:
/// <list type="bullet">
/// <item>MODER/OTYPER/OSPEEDR/PUPDR/AFRL/AFRH as storage, frozen per pin once locked;</item>
/// <item>ODR, and BSRR setting (bits 15:0) and resetting (bits 31:16) ODR bits, set winning when both are written
/// (RM0399 GPIOx_BSRR: "if both BSx and BRx are set, BSx has priority"); BSRR reads 0;</item>
/// <item>LCKR's key sequence (RM0399 GPIOx_LCKR: write LCKK = 1 with LCK, LCKK = 0 with the same LCK, LCKK = 1
/// with the same LCK, then read; any other access in between aborts it; word writes only), after which LCKK reads 1
/// and the locked pins' configuration cannot change until the next reset;</item>
/// <item>IDR as the pin levels without an external circuit: an output drives its ODR bit (an open-drain output at 1
/// floats to its pull), an input or alternate-function pin reads its pull-up as 1 and anything else as 0 unless the
/// board drives it (<see cref="Drive"/>), an analog pin reads 0 (its Schmitt trigger is off);</item>
/// <item>the port's clock: with a clock tree, writes are ignored and reads return 0 while the port's RCC enable bit
/// is clear (logged once).</item>
/// </list>
/// Output speed and the electrical side of the pins are not modelled.
/// </summary>
public sealed class GpioPort : Peripheral
{
    private const uint BsrrOffset = 0x18, LckrOffset = 0x1C;
    private const uint LckkBit = 1u << 16;

    private readonly PeripheralClock _clock;
    private readonly Register _moder, _otyper, _ospeedr, _pupdr, _idr, _odr, _lckr, _afrl, _afrh;
    private uint _driven;
    private uint _drivenLevels;
    private uint _lastInputs;
    private int _lockStep;
    private uint _lockKey;
    private bool _locked;
    private bool _reportedUnclocked;

    /// <summary>Declares the port from its register-table entry (<c>GPIOA</c> … <c>GPIOK</c>).</summary>
    public GpioPort(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Letter = char.ToUpperInvariant(info.Name[^1]);
        _clock = new PeripheralClock(context, info.Name, 0);
        Registers.Declare(info);
        _moder = Registers["MODER"];
        _otyper = Registers["OTYPER"];
        _ospeedr = Registers["OSPEEDR"];
        _pupdr = Registers["PUPDR"];
        _idr = Registers["IDR"];
        _odr = Registers["ODR"];
        _lckr = Registers["LCKR"];
        _afrl = Registers["AFRL"];
        _afrh = Registers["AFRH"];
        Lockable(_moder, 2, 0);
        Lockable(_otyper, 1, 0);
        Lockable(_ospeedr, 2, 0);
        Lockable(_pupdr, 2, 0);
        Lockable(_afrl, 4, 0);
        Lockable(_afrh, 4, 8);
        _odr.OnWrite((_, _) => InputsMayHaveChanged());
        _idr.OnRead(_ => InputLevels);
        _lckr.OnRead(ReadLckr);
        Registers["BSRR"].Modelled();
        _lastInputs = ComputeInputs();
    }

    /// <summary>The port letter (<c>A</c> for GPIOA).</summary>
    public char Letter { get; }

    /// <summary>The port index as SYSCFG_EXTICR counts it (A = 0, B = 1, …).</summary>
    public int Index => Letter - 'A';

    /// <summary>The levels software reads in IDR now.</summary>
    public uint InputLevels => ComputeInputs();

    /// <summary>The output data register.</summary>
    public uint OutputLevels => _odr.Value & 0xFFFF;

    /// <summary>Whether the lock key sequence completed (LCKK = 1) since the last reset.</summary>
    public bool IsLocked => _locked;

    /// <summary>The pins whose configuration is frozen (LCK bits, once locked).</summary>
    public uint LockedPins => _locked ? _lckr.Value & 0xFFFF : 0;

    /// <summary>Raised after software changed a pin's mode or alternate function: port, pin, old and new function.</summary>
    public event Action<GpioPort, int, PinConfiguration, PinConfiguration>? ConfigurationChanged;

    /// <summary>Raised when a pin's input level (IDR) changes: port, pin, new level.</summary>
    public event Action<GpioPort, int, bool>? InputChanged;

    /// <summary>The mode of <paramref name="pin"/>.</summary>
    public PinMode Mode(int pin) => (PinMode)((_moder.Value >> (2 * Check(pin))) & 3);

    /// <summary>The alternate-function number of <paramref name="pin"/> (AFRL for 0–7, AFRH for 8–15).</summary>
    public int AlternateFunction(int pin) =>
        (int)(((Check(pin) < 8 ? _afrl.Value : _afrh.Value) >> (4 * (pin & 7))) & 0xF);

    /// <summary>The function of <paramref name="pin"/>.</summary>
    public PinConfiguration Configuration(int pin) => new(Mode(pin), AlternateFunction(pin));

    /// <summary>The level software reads for <paramref name="pin"/> in IDR.</summary>
    public bool Input(int pin) => (InputLevels & (1u << Check(pin))) != 0;

    /// <summary>
    /// Drives <paramref name="pin"/> from the board (a button, another chip) to <paramref name="level"/>, or releases it
    /// (null). An output pin in push-pull mode keeps its own level.
    /// </summary>
    public void Drive(int pin, bool? level)
    {
        var bit = 1u << Check(pin);
        _driven = level is null ? _driven & ~bit : _driven | bit;
        _drivenLevels = level == true ? _drivenLevels | bit : _drivenLevels & ~bit;
        InputsMayHaveChanged();
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        _lockStep = 0;
        _locked = false;
        _reportedUnclocked = false;
        _lastInputs = ComputeInputs();
    }

    /// <inheritdoc />
    protected override BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value)
    {
        if (!Clocked(offset, 0))
        {
            value = 0;
            return BusStatus.Ok;
        }
        return base.ReadWord(offset, initiator, out value);
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        if (!Clocked(offset, value & laneMask))
        {
            return BusStatus.Ok;
        }
        switch (offset)
        {
            case BsrrOffset:
                var written = value & laneMask;
                var set = written & 0xFFFF;
                var reset = written >> 16;
                _odr.Value = (_odr.Value & ~reset | set) & 0xFFFF;
                InputsMayHaveChanged();
                return BusStatus.Ok;
            case LckrOffset:
                WriteLckr(value, laneMask);
                return BusStatus.Ok;
            default:
                return base.WriteWord(offset, value, laneMask, initiator);
        }
    }

    private bool Clocked(uint offset, uint bits)
    {
        if (_clock.IsRunning)
        {
            return true;
        }
        if (!_reportedUnclocked)
        {
            _reportedUnclocked = true;
            Context.Log.Add(new UnmodelledAccess(Name, Registers.At(offset)?.Name ?? $"+0x{offset:X3}", BaseAddress + offset, bits,
                $"ignored: the {Name} clock is off (its RCC enable bit is clear), so the port reads 0 and keeps its reset configuration"));
        }
        return false;
    }

    /// <summary>Makes <paramref name="register"/> keep the bits of locked pins and report mode/AF changes.</summary>
    private void Lockable(Register register, int bitsPerPin, int firstPin)
    {
        register.OnWrite((old, _) =>
        {
            var locked = ExpandLock(bitsPerPin, firstPin);
            register.Value = (register.Value & ~locked) | (old & locked);
            if (register.Value != old)
            {
                PinsChanged(register, old, bitsPerPin, firstPin);
            }
        });
    }

    private uint ExpandLock(int bitsPerPin, int firstPin)
    {
        var pins = LockedPins;
        uint mask = 0;
        var perPin = (1u << bitsPerPin) - 1;
        for (var i = 0; i * bitsPerPin < 32; i++)
        {
            if ((pins & (1u << (firstPin + i))) != 0)
            {
                mask |= perPin << (i * bitsPerPin);
            }
        }
        return mask;
    }

    private void PinsChanged(Register register, uint old, int bitsPerPin, int firstPin)
    {
        InputsMayHaveChanged();
        if (register != _moder && register != _afrl && register != _afrh)
        {
            return;
        }
        var perPin = (1u << bitsPerPin) - 1;
        for (var i = 0; i * bitsPerPin < 32; i++)
        {
            if ((((old ^ register.Value) >> (i * bitsPerPin)) & perPin) == 0)
            {
                continue;
            }
            var pin = firstPin + i;
            var now = Configuration(pin);
            var before = register == _moder
                ? now with { Mode = (PinMode)((old >> (2 * pin)) & 3) }
                : now with { AlternateFunction = (int)((old >> (4 * i)) & 0xF) };
            ConfigurationChanged?.Invoke(this, pin, before, now);
        }
    }

    private void WriteLckr(uint value, uint laneMask)
    {
        if (_locked)
        {
            return; // LCKR is frozen until the next reset
        }
        var key = value & 0xFFFF;
        var lckk = (value & LckkBit) != 0;
        if (laneMask != 0xFFFF_FFFF)
        {
            _lockStep = 0; // the sequence is made of word writes; anything else aborts it
            _lckr.Value = (_lckr.Value & ~laneMask) | (value & laneMask & 0xFFFF);
            return;
        }
        _lckr.Value = key; // LCK bits are writable while LCKK is 0; LCKK itself only changes through the sequence
        _lockStep = (_lockStep, lckk) switch
        {
            (1, false) when key == _lockKey => 2,
            (2, true) when key == _lockKey => 3,
            (_, true) => 1,
            _ => 0,
        };
        if (_lockStep == 1)
        {
            _lockKey = key;
        }
    }

    private uint ReadLckr(uint value)
    {
        if (_lockStep == 3)
        {
            _locked = true; // the read after the third write completes the sequence
        }
        _lockStep = 0;
        return (value & 0xFFFF) | (_locked ? LckkBit : 0);
    }

    private uint ComputeInputs()
    {
        uint levels = 0;
        var moder = _moder.Value;
        var pupdr = _pupdr.Value;
        var odr = _odr.Value;
        var otyper = _otyper.Value;
        for (var pin = 0; pin < 16; pin++)
        {
            var bit = 1u << pin;
            var pull = (pupdr >> (2 * pin)) & 3;
            var external = (_driven & bit) != 0 ? (_drivenLevels & bit) != 0 : (bool?)null;
            var level = (PinMode)((moder >> (2 * pin)) & 3) switch
            {
                PinMode.Output when (otyper & bit) == 0 => (odr & bit) != 0,
                PinMode.Output => (odr & bit) != 0 && (external ?? pull == 1),
                PinMode.Analog => false,
                _ => external ?? pull == 1,
            };
            if (level)
            {
                levels |= bit;
            }
        }
        return levels;
    }

    private void InputsMayHaveChanged()
    {
        var now = ComputeInputs();
        var changed = now ^ _lastInputs;
        _lastInputs = now;
        for (var pin = 0; changed != 0 && pin < 16; pin++)
        {
            if ((changed & (1u << pin)) != 0)
            {
                InputChanged?.Invoke(this, pin, (now & (1u << pin)) != 0);
            }
        }
    }

    private static int Check(int pin) =>
        pin is >= 0 and < 16 ? pin : throw new ArgumentOutOfRangeException(nameof(pin), pin, "a GPIO port has pins 0 to 15");
}
