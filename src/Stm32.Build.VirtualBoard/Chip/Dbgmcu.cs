using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>DBGMCU register offsets (RM0399 61.5.8 register map; the same on the system bus and the debug APB).</summary>
public enum DbgmcuRegister : uint
{
    /// <summary>DBGMCU_IDC: REV_ID[31:16], DEV_ID[11:0]; read-only.</summary>
    IDC = 0x00,
    /// <summary>DBGMCU_CR: low-power debug, trace and debug clock enables.</summary>
    CR = 0x04,
    /// <summary>DBGMCU_APB3FZ1: APB3 freeze for the Cortex-M7 (WWDG1).</summary>
    APB3FZ1 = 0x34,
    /// <summary>DBGMCU_APB3FZ2: APB3 freeze for the Cortex-M4.</summary>
    APB3FZ2 = 0x38,
    /// <summary>DBGMCU_APB1LFZ1: APB1L freeze for the Cortex-M7 (TIM2..TIM14, LPTIM1, WWDG2, I2C1..3).</summary>
    APB1LFZ1 = 0x3C,
    /// <summary>DBGMCU_APB1LFZ2: APB1L freeze for the Cortex-M4.</summary>
    APB1LFZ2 = 0x40,
    /// <summary>DBGMCU_APB1HFZ1: APB1H freeze for the Cortex-M7.</summary>
    APB1HFZ1 = 0x44,
    /// <summary>DBGMCU_APB1HFZ2: APB1H freeze for the Cortex-M4.</summary>
    APB1HFZ2 = 0x48,
    /// <summary>DBGMCU_APB2FZ1: APB2 freeze for the Cortex-M7 (TIM1, TIM8, TIM15..17, HRTIM).</summary>
    APB2FZ1 = 0x4C,
    /// <summary>DBGMCU_APB2FZ2: APB2 freeze for the Cortex-M4.</summary>
    APB2FZ2 = 0x50,
    /// <summary>DBGMCU_APB4FZ1: APB4 freeze for the Cortex-M7 (I2C4, LPTIM2..5, RTC, IWDG1/2).</summary>
    APB4FZ1 = 0x54,
    /// <summary>DBGMCU_APB4FZ2: APB4 freeze for the Cortex-M4.</summary>
    APB4FZ2 = 0x58,
}

/// <summary>
/// The DBGMCU block (RM0399 61.5): the device identity and the debug configuration a debugger sets before
/// connecting under reset or to a sleeping core. Its registers are reset by a power-on reset only (they live in
/// the debug power domain), so they survive NRST.
/// </summary>
internal sealed class Dbgmcu
{
    /// <summary>The DBGMCU_CR bits the manual defines (RM0399 61.5.2): DBGSLEEP/STOP/STBY_D1 (0..2), _D2 (3..5),
    /// DBGSTOP_D3 (7), DBGSTBY_D3 (8), TRACECLKEN (20), D1DBGCKEN (21), D3DBGCKEN (22), TRGOEN (28).</summary>
    /// <summary>The size of the DBGMCU register block (RM0399 2.3.2 / 61.5: 1 KiB).</summary>
    internal const uint Size = 0x400;

    internal const uint CrDefinedBits = 0x0000_003F | 0x0000_0180 | 0x0070_0000 | 0x1000_0000;

    /// <summary>
    /// DBGMCU_IDC bits 15:12, reserved in RM0399 61.5.1, read 0x6 on silicon: STM32H747I-DISCO and NUCLEO-H743 boards
    /// read DBGMCU_IDC = 0x20036450 (public bring-up logs; the SVD reset value 0x10006450 agrees).
    /// </summary>
    internal const uint IdcReservedBits = 0x6000;

    private readonly UnmodelledAccessLog _log;
    private readonly uint _idc;
    private readonly uint _base;
    private readonly Dictionary<uint, uint> _registers = [];

    public Dbgmcu(DeviceDescription device, UnmodelledAccessLog log)
    {
        _log = log;
        _base = device.DbgmcuIdcodeAddress;
        // The newest revision the device data knows (the H747's rev V is 0x2003).
        var revision = device.Revisions.Keys
            .Select(k => uint.Parse(k.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0x1000u)
            .Max();
        _idc = revision << 16 | IdcReservedBits | (device.DevId & 0xFFFu);
    }

    /// <summary>DBGMCU_IDC as read.</summary>
    public uint Idc => _idc;

    /// <summary>DBGMCU_CR.</summary>
    public uint Cr => _registers.GetValueOrDefault((uint)DbgmcuRegister.CR);

    public void PowerOnReset() => _registers.Clear();

    public BusStatus Read(uint offset, AccessSize size, out uint value)
    {
        var aligned = offset & ~3u;
        value = 0;
        uint word;
        if (aligned == (uint)DbgmcuRegister.IDC)
        {
            word = _idc;
        }
        else if (Enum.IsDefined(typeof(DbgmcuRegister), aligned))
        {
            word = _registers.GetValueOrDefault(aligned);
        }
        else
        {
            return BusStatus.Fault;
        }
        value = Extract(word, offset, size);
        return BusStatus.Ok;
    }

    public BusStatus Write(uint offset, AccessSize size, uint value)
    {
        var aligned = offset & ~3u;
        if (!Enum.IsDefined(typeof(DbgmcuRegister), aligned))
        {
            return BusStatus.Fault;
        }
        if (aligned == (uint)DbgmcuRegister.IDC)
        {
            return BusStatus.Ok; // read-only: writes ignored
        }
        var shift = (int)(offset & 3) * 8;
        var mask = size == AccessSize.Word ? 0xFFFF_FFFFu : ((1u << ((int)size * 8)) - 1) << shift;
        var old = _registers.GetValueOrDefault(aligned);
        var word = (old & ~mask) | ((value << shift) & mask);
        _registers[aligned] = word;
        var register = (DbgmcuRegister)aligned;
        var note = register == DbgmcuRegister.CR
            ? "stored; low-power and trace behaviour not modelled"
            : "stored; peripheral freeze not modelled (no timers or watchdogs in the model)";
        if (word != 0)
        {
            _log.Add(new UnmodelledAccess("DBGMCU", register.ToString(), _base + aligned, word, note));
        }
        return BusStatus.Ok;
    }

    internal static uint Extract(uint word, uint offset, AccessSize size)
    {
        var shift = (int)(offset & 3) * 8;
        return size switch
        {
            AccessSize.Byte => (word >> shift) & 0xFF,
            AccessSize.HalfWord => (word >> shift) & 0xFFFF,
            _ => word,
        };
    }
}
