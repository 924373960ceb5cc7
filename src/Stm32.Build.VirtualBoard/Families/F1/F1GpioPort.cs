using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>An STM32F1 pin's configuration: GPIOx_CRL/CRH MODE[1:0] and CNF[1:0] (RM0008 9.2.1, 9.2.2).</summary>
/// <param name="Mode">MODE: 00 input, 01 output 10 MHz, 10 output 2 MHz, 11 output 50 MHz.</param>
/// <param name="Cnf">CNF: input 00 analog, 01 floating, 10 pull-up/down; output 00 push-pull, 01 open-drain, 10 alternate push-pull, 11 alternate open-drain.</param>
public readonly record struct F1PinConfiguration(int Mode, int Cnf)
{
    /// <summary>Whether the pin is an output (MODE ≠ 00).</summary>
    public bool IsOutput => Mode != 0;

    /// <summary>Whether an output pin is driven by a peripheral (CNF1 = 1).</summary>
    public bool IsAlternate => IsOutput && (Cnf & 2) != 0;

    /// <summary>Whether an output pin is open-drain (CNF0 = 1).</summary>
    public bool IsOpenDrain => IsOutput && (Cnf & 1) != 0;

    /// <inheritdoc />
    public override string ToString() => IsOutput
        ? $"{(IsAlternate ? "alternate-function" : "general-purpose")} {(IsOpenDrain ? "open-drain" : "push-pull")} output"
        : Cnf switch { 0 => "analog", 1 => "floating input", 2 => "input with pull-up/pull-down", _ => "input (reserved CNF 11)" };
}

/// <summary>
/// One STM32F1 GPIO port (RM0008 9.2; registers from the chip's register table: CRL, CRH, IDR, ODR, BSRR, BRR, LCKR).
/// The F1 has its own GPIO: four configuration bits per pin in CRL/CRH instead of MODER/OTYPER/PUPDR/AFR, the pull
/// direction of an input in ODR, and no alternate-function number (a peripheral takes the pin while the pin is in an
/// alternate-function output mode; remaps are in AFIO_MAPR). Modelled:
/// <list type="bullet">
/// <item>CRL/CRH as storage (reset 0x44444444: floating inputs), frozen per pin once locked;</item>
/// <item>ODR, BSRR (bits 15:0 set, 31:16 reset, set winning, 9.2.5) and BRR (bits 15:0 reset, 9.2.6); both read 0;</item>
/// <item>LCKR's key sequence (9.2.7: write LCKK = 1, 0, 1 with the same LCK bits, then read), after which the locked
/// pins' CRL/CRH bits cannot change until the next reset;</item>
/// <item>IDR as the pin levels without an external circuit: a general-purpose output drives its ODR bit (open-drain
/// at 1 floats high unless the board drives it low), an input with pull reads its ODR bit (1 = pull-up), a floating
/// input or alternate-function output reads what the board drives (else 0), an analog pin reads 0;</item>
/// <item>the port's clock (RCC_APB2ENR.IOPxEN): writes are ignored and reads return 0 while it is off.</item>
/// </list>
/// </summary>
public sealed class F1GpioPort : Peripheral
{
    private const uint CrlOffset = 0x00, CrhOffset = 0x04, BsrrOffset = 0x10, BrrOffset = 0x14, LckrOffset = 0x18;
    private const uint LckkBit = 1u << 16;

    private readonly PeripheralClock _clock;
    private readonly Register _crl, _crh, _idr, _odr, _lckr;
    private uint _driven, _drivenLevels;
    private int _lockStep;
    private uint _lockKey;
    private bool _locked;
    private bool _reportedUnclocked;

    /// <summary>Declares the port from its register-table entry (<c>GPIOA</c> … <c>GPIOG</c>).</summary>
    public F1GpioPort(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Letter = char.ToUpperInvariant(info.Name[^1]);
        _clock = new PeripheralClock(context, info.Name, 0);
        Registers.Declare(info);
        _crl = Registers["CRL"];
        _crh = Registers["CRH"];
        _idr = Registers["IDR"];
        _odr = Registers["ODR"];
        _lckr = Registers["LCKR"];
        Lockable(_crl, 0);
        Lockable(_crh, 8);
        _idr.OnRead(_ => InputLevels);
        _lckr.OnRead(ReadLckr);
        _odr.Modelled();
        Registers["BSRR"].Modelled();
        Registers["BRR"].Modelled();
    }

    /// <summary>The port letter (<c>A</c> for GPIOA).</summary>
    public char Letter { get; }

    /// <summary>The output data register.</summary>
    public uint OutputLevels => _odr.Value & 0xFFFF;

    /// <summary>Whether the lock key sequence completed since the last reset.</summary>
    public bool IsLocked => _locked;

    /// <summary>The configuration of <paramref name="pin"/>.</summary>
    public F1PinConfiguration Configuration(int pin)
    {
        var bits = ((Check(pin) < 8 ? _crl.Value : _crh.Value) >> (4 * (pin & 7))) & 0xF;
        return new F1PinConfiguration((int)(bits & 3), (int)(bits >> 2));
    }

    /// <summary>The levels software reads in IDR now.</summary>
    public uint InputLevels
    {
        get
        {
            uint levels = 0;
            for (var pin = 0; pin < 16; pin++)
            {
                var bit = 1u << pin;
                var config = Configuration(pin);
                bool? external = (_driven & bit) != 0 ? (_drivenLevels & bit) != 0 : null;
                var odr = (_odr.Value & bit) != 0;
                var level = config switch
                {
                    { IsOutput: true, IsAlternate: false, IsOpenDrain: false } => odr,
                    { IsOutput: true, IsAlternate: false } => odr && (external ?? true),
                    { IsOutput: false, Cnf: 0 } => false,
                    { IsOutput: false, Cnf: 2 } => external ?? odr,
                    _ => external ?? false,
                };
                levels |= level ? bit : 0;
            }
            return levels;
        }
    }

    /// <summary>Drives <paramref name="pin"/> from the board to <paramref name="level"/>, or releases it (null).</summary>
    public void Drive(int pin, bool? level)
    {
        var bit = 1u << Check(pin);
        _driven = level is null ? _driven & ~bit : _driven | bit;
        _drivenLevels = level == true ? _drivenLevels | bit : _drivenLevels & ~bit;
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        _lockStep = 0;
        _locked = false;
        _reportedUnclocked = false;
    }

    /// <inheritdoc />
    protected override BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value)
    {
        if (!Clocked(offset, 0))
        {
            value = 0;
            return BusStatus.Ok;
        }
        if (offset is BsrrOffset or BrrOffset)
        {
            value = 0; // write-only
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
        var written = value & laneMask;
        switch (offset)
        {
            case BsrrOffset:
                _odr.Value = (_odr.Value & ~(written >> 16) | (written & 0xFFFF)) & 0xFFFF;
                return BusStatus.Ok;
            case BrrOffset:
                _odr.Value &= ~(written & 0xFFFF);
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
                $"ignored: the {Name} clock is off (RCC_APB2ENR.IOP{Letter}EN is clear), so the port reads 0 and keeps its reset configuration"));
        }
        return false;
    }

    /// <summary>Makes <paramref name="register"/> (CRL for pins 0-7, CRH for 8-15) keep the bits of locked pins.</summary>
    private void Lockable(Register register, int firstPin) => register.OnWrite((old, _) =>
    {
        var pins = _locked ? (_lckr.Value >> firstPin) & 0xFF : 0;
        uint mask = 0;
        for (var i = 0; i < 8; i++)
        {
            mask |= (pins & (1u << i)) != 0 ? 0xFu << (4 * i) : 0;
        }
        register.Value = (register.Value & ~mask) | (old & mask);
    });

    private void WriteLckr(uint value, uint laneMask)
    {
        if (_locked)
        {
            return; // LCKR is frozen until the next reset
        }
        if (laneMask != 0xFFFF_FFFF)
        {
            _lockStep = 0; // the sequence is made of word writes; anything else aborts it
            _lckr.Value = (_lckr.Value & ~laneMask) | (value & laneMask & 0xFFFF);
            return;
        }
        var key = value & 0xFFFF;
        var lckk = (value & LckkBit) != 0;
        _lckr.Value = key;
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

    private static int Check(int pin) =>
        pin is >= 0 and < 16 ? pin : throw new ArgumentOutOfRangeException(nameof(pin), pin, "a GPIO port has pins 0 to 15");
}
