using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The STM32H7 DBGMCU (RM0399 61.5, RM0433 60.5) on the register DSL: the device identity (IDC), the low-power debug
/// bits (CR: DBGSLEEP_Dx, DBGSTOP_Dx, DBGSTBY_Dx, D1DBGCKEN, D3DBGCKEN, TRACECLKEN) read by
/// <see cref="H7DomainPower"/>, and the APBxFZ1/APBxFZ2 freeze registers (<see cref="IDebugFreeze"/>: a peripheral
/// whose bit is set in FZ1 stops while the Cortex-M7 is halted, in FZ2 while the Cortex-M4 is). It lives in the debug
/// power domain: only a power-on reset resets it, so it survives NRST. It is reached on the system bus at
/// 0x5C001000 and through the debug APB at 0xE00E1000 (the family's debug components route both here).
/// </summary>
public sealed class H7Dbgmcu : Peripheral, IDebugFreeze
{
    /// <summary>
    /// DBGMCU_IDC bits 15:12, reserved in RM0399 61.5.1, read 0x6 on silicon: STM32H747I-DISCO and NUCLEO-H743 boards
    /// read DBGMCU_IDC = 0x20036450 (public bring-up logs; the SVD reset value 0x10006450 agrees).
    /// </summary>
    internal const uint IdcReservedBits = 0x6000;

    /// <summary>
    /// The freeze bits by peripheral (RM0399 61.5.5–61.5.9: DBGMCU_APB3FZ1 WWDG1; APB1LFZ1 TIM2–TIM7, TIM12–TIM14,
    /// LPTIM1, WWDG2, I2C1–I2C3; APB2FZ1 TIM1, TIM8, TIM15–TIM17, HRTIM; APB4FZ1 I2C4, LPTIM2–LPTIM5, RTC, IWDG1,
    /// IWDG2), the same positions in the FZ2 registers for the Cortex-M4.
    /// </summary>
    private static readonly (string Peripheral, string Register, int Bit)[] s_freezeBits =
    [
        ("WWDG1", "APB3FZ", 6),
        ("TIM2", "APB1LFZ", 0), ("TIM3", "APB1LFZ", 1), ("TIM4", "APB1LFZ", 2), ("TIM5", "APB1LFZ", 3),
        ("TIM6", "APB1LFZ", 4), ("TIM7", "APB1LFZ", 5), ("TIM12", "APB1LFZ", 6), ("TIM13", "APB1LFZ", 7),
        ("TIM14", "APB1LFZ", 8), ("LPTIM1", "APB1LFZ", 9), ("WWDG2", "APB1LFZ", 11), ("I2C1", "APB1LFZ", 21),
        ("I2C2", "APB1LFZ", 22), ("I2C3", "APB1LFZ", 23),
        ("TIM1", "APB2FZ", 0), ("TIM8", "APB2FZ", 1), ("TIM15", "APB2FZ", 16), ("TIM16", "APB2FZ", 17),
        ("TIM17", "APB2FZ", 18), ("HRTIM", "APB2FZ", 29),
        ("I2C4", "APB4FZ", 7), ("LPTIM2", "APB4FZ", 9), ("LPTIM3", "APB4FZ", 10), ("LPTIM4", "APB4FZ", 11),
        ("LPTIM5", "APB4FZ", 12), ("RTC", "APB4FZ", 16), ("IWDG1", "APB4FZ", 18), ("IWDG2", "APB4FZ", 19),
    ];

    private static readonly (uint Offset, string Name)[] s_registerMap =
    [
        (0x00, "IDC"), (0x04, "CR"), (0x34, "APB3FZ1"), (0x38, "APB3FZ2"), (0x3C, "APB1LFZ1"), (0x40, "APB1LFZ2"),
        (0x44, "APB1HFZ1"), (0x48, "APB1HFZ2"), (0x4C, "APB2FZ1"), (0x50, "APB2FZ2"), (0x54, "APB4FZ1"), (0x58, "APB4FZ2"),
    ];

    private readonly uint _idc;
    private readonly Register _cr;
    private readonly Dictionary<string, (Register Fz1, Register? Fz2, uint Mask)> _freeze = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _perDomainBits;

    /// <summary>Declares DBGMCU from the register table entry <paramref name="info"/> of <paramref name="device"/>.</summary>
    public H7Dbgmcu(PeripheralContext context, PeripheralInfo? info, DeviceDescription device)
        : base(context, info?.Name ?? "DBGMCU", info?.BaseAddress ?? device.DbgmcuIdcodeAddress, info?.Size ?? 0x400)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (info is not null)
        {
            Registers.Declare(info);
        }
        else
        {
            // No register table for this part: the manual's register map (RM0399 61.5.8), fields added below.
            foreach (var (offset, name) in s_registerMap)
            {
                Registers.Define(offset, name);
            }
        }
        // The newest revision the device data knows (the H747's rev V is 0x2003).
        var revision = device.Revisions.Keys
            .Select(k => uint.Parse(k.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0x1000u)
            .Max();
        _idc = revision << 16 | IdcReservedBits | (device.DevId & 0xFFFu);
        // By offset: the tables name the registers IDC, CR… or DBGMCU_IDC, DBGMCU_CR… (RM0468 parts).
        Registers.Ensure(0x00, "IDC").OnRead(_ => _idc);

        _cr = Registers.Ensure(0x04, "CR");
        _perDomainBits = device.Cores.Count > 1;
        _cr.Bit(0, "DBGSLEEP_D1"); // CSleep does not silence the debug port in the model, with or without it (doc)
        _cr.Bit(1, "DBGSTOP_D1");
        _cr.Bit(2, "DBGSTBY_D1");
        if (_perDomainBits)
        {
            _cr.Bit(3, "DBGSLEEP_D2");
            _cr.Bit(4, "DBGSTOP_D2");
            _cr.Bit(5, "DBGSTBY_D2");
            _cr.Bit(7, "DBGSTOP_D3");
            _cr.Bit(8, "DBGSTBY_D3");
        }
        _cr.Bit(20, "TRACECLKEN").Unmodelled("trace (ETM, SWO, TPIU) is not modelled");
        _cr.Bit(21, "D1DBGCKEN"); // the D1/D3 debug clocks feed trace and cross-trigger components, not modelled (doc)
        _cr.Bit(22, "D3DBGCKEN");
        if (_cr.FindField("TRGOEN") is { } trgoen)
        {
            trgoen.Unmodelled("the debug trigger output is not modelled");
        }
        _cr.Modelled();

        foreach (var (peripheral, register, bit) in s_freezeBits)
        {
            var offset = s_registerMap.First(r => r.Name == register + "1").Offset;
            var fz1 = Registers.Ensure(offset, register + "1");
            var fz2 = device.Cores.Count > 1 ? Registers.Ensure(offset + 4, register + "2") : null;
            foreach (var fz in new[] { fz1, fz2 })
            {
                fz?.Bit(bit, "DBG_" + peripheral);
                fz?.Modelled();
            }
            _freeze[peripheral] = (fz1, fz2, 1u << bit);
        }
    }

    /// <summary>DBGMCU_IDC as read: REV_ID[31:16], DEV_ID[11:0] (RM0399 61.5.1).</summary>
    public uint Idc => _idc;

    /// <summary>DBGMCU_CR.</summary>
    public uint Cr => _cr.Value;

    /// <summary>The peripherals <see cref="IsFrozen"/> knows, by the manual's names.</summary>
    public IEnumerable<string> FreezablePeripherals => _freeze.Keys;

    /// <summary>Only a power-on reset resets DBGMCU (RM0399 61.5: the debug domain is not reset by NRST or a system reset).</summary>
    public override void Reset(ResetKind kind)
    {
        if (kind == ResetKind.PowerOn)
        {
            base.Reset(kind);
        }
    }

    /// <inheritdoc />
    public bool IsFrozen(string peripheral)
    {
        if (!_freeze.TryGetValue(peripheral ?? "", out var bits))
        {
            return false;
        }
        return ((bits.Fz1.Value & bits.Mask) != 0 && Context.Chip.IsCoreHalted(0))
            || (bits.Fz2 is { } fz2 && (fz2.Value & bits.Mask) != 0 && Context.Chip.Cores.Count > 1 && Context.Chip.IsCoreHalted(1));
    }

    /// <summary>
    /// Whether the freeze bit of <paramref name="peripheral"/> is set for CPU <paramref name="cpu"/> (0: FZ1, the
    /// counter stops while the CM7 is halted; 1: FZ2, while the CM4 is), whatever the cores are doing now.
    /// </summary>
    public bool FreezeBitSet(string peripheral, int cpu)
    {
        if (!_freeze.TryGetValue(peripheral ?? "", out var bits))
        {
            return false;
        }
        var register = cpu == 0 ? bits.Fz1 : bits.Fz2;
        return register is not null && (register.Value & bits.Mask) != 0;
    }

    /// <summary>Whether the debug logic of <paramref name="domain"/> is kept alive in DStop (DBGSTOP_Dx; single-core parts have D1's bits only).</summary>
    public bool DebugInStop(H7PowerDomain domain) => (_cr.Value & (1u << DomainBit(domain, stop: true))) != 0;

    /// <summary>Whether the debug logic of <paramref name="domain"/> is kept alive in DStandby (DBGSTBY_Dx).</summary>
    public bool DebugInStandby(H7PowerDomain domain) => (_cr.Value & (1u << DomainBit(domain, stop: false))) != 0;

    private int DomainBit(H7PowerDomain domain, bool stop) => (_perDomainBits ? domain : H7PowerDomain.D1) switch
    {
        H7PowerDomain.D1 => stop ? 1 : 2,
        H7PowerDomain.D2 => stop ? 4 : 5,
        _ => stop ? 7 : 8,
    };
}
