using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class Stm32H7Chip
{
    /// <summary>The Cortex-M private peripheral bus (ARMv7-M B3.1): routed to the core's debug and system registers.</summary>
    internal const uint PpbStart = 0xE000_0000;

    /// <summary>The last address of the private peripheral bus.</summary>
    internal const uint PpbEnd = 0xE00F_FFFF;

    /// <summary>The size of the flash interface register block at <see cref="DeviceDescription.FlashRegistersBase"/> (RM0399 2.3.2: 4 KiB).</summary>
    internal const uint FlashRegistersSize = 0x1000;

    /// <summary>The size of the DBGMCU register block (RM0399 2.3.2 / 61.5: 1 KiB).</summary>
    internal const uint DbgmcuSize = 0x400;

    /// <summary>The bus-master name of a system-bus access port: it sees memories shared by all cores, not a core's TCMs or aliases.</summary>
    private const string SystemBusMaster = "AHB-AP";

    private ChipMemory _memory = null!;
    private FlashController _flash = null!;
    private Dbgmcu _dbgmcu = null!;
    private DebugComponents _debugComponents = null!;
    private readonly Dictionary<int, ISystemBus> _apBuses = [];

    /// <summary>The flash interface (both banks, option bytes, CRC unit), for inspection.</summary>
    public FlashController Flash => _flash;

    /// <summary>Writes the chip's models received but do not model (register bits, blocks), oldest first.</summary>
    public UnmodelledAccessLog UnmodelledAccesses { get; } = new();

    /// <summary>
    /// What MEM-AP <paramref name="apIndex"/> reaches (RM0399 60.4 / 2.3): 0 = the Cortex-M7's view with its
    /// private peripheral bus, 1 = the D3 AHB (the system without the TCMs), 2 = the debug APB (DBGMCU at
    /// 0xE00E1000), 3 = the Cortex-M4's view with its private peripheral bus. Null when the AP does not exist.
    /// </summary>
    public ISystemBus? AccessPortBus(int apIndex)
    {
        if (_apBuses.TryGetValue(apIndex, out var bus))
        {
            return bus;
        }
        var ap = Device.AccessPorts.FirstOrDefault(a => a.Index == apIndex);
        if (ap is null)
        {
            return null;
        }
        if (apIndex == Device.DbgmcuAccessPort)
        {
            bus = new DebugApbBus(this);
        }
        else
        {
            var coreIndex = -1;
            for (var i = 0; i < Device.Cores.Count; i++)
            {
                if (Device.Cores[i].AccessPort == apIndex)
                {
                    coreIndex = i;
                }
            }
            bus = coreIndex >= 0
                ? new ChipBus(this, Device.Cores[coreIndex].Name, _cores[coreIndex], debugger: true)
                : new ChipBus(this, SystemBusMaster, privateCore: null, debugger: true);
        }
        _apBuses[apIndex] = bus;
        return bus;
    }

    /// <summary>
    /// Whether access port <paramref name="apIndex"/> answers: none when unpowered or at RDP level 2 (debug
    /// disabled, RM0399 4.8.3); while NRST is low only the ports the device data marks as available under reset
    /// (the debug APB: the H7's AXI/AHB are held in reset).
    /// </summary>
    public bool IsAccessPortAvailable(int apIndex)
    {
        var ap = Device.AccessPorts.FirstOrDefault(a => a.Index == apIndex);
        if (ap is null || !_powered || _flash.Options.ReadoutLevel == 2)
        {
            return false;
        }
        return !_nrstLow || ap.AvailableUnderReset;
    }

    /// <summary>The core private peripheral bus window (ARMv7-M B3.1: 0xE0000000–0xE00FFFFF).</summary>
    private const uint PrivateBusStart = 0xE000_0000, PrivateBusEnd = 0xE010_0000;

    /// <summary>
    /// Whether an access through AP <paramref name="apIndex"/> to <paramref name="address"/> completes now. While NRST
    /// is held the H7's AXI/AHB system bus does not answer, but the debug APB (AP2) and each core's private
    /// peripheral bus — its debug registers DHCSR/DEMCR, in the always-on debug domain — still do, which is what
    /// lets a debugger arm a reset vector catch under reset (RM0399 chapter 61 debug infrastructure; ARMv7-M C1.4:
    /// the debug logic is reset only by a power-on reset).
    /// </summary>
    public bool IsAccessPortAddressReachable(int apIndex, uint address)
    {
        if (IsAccessPortAvailable(apIndex))
        {
            return true;
        }
        if (!_powered || _flash.Options.ReadoutLevel == 2 || !_nrstLow)
        {
            return false;
        }
        var isCorePort = Device.Cores.Any(c => c.AccessPort == apIndex);
        return isCorePort && address >= PrivateBusStart && address < PrivateBusEnd;
    }

    /// <summary>
    /// The system bus as the named core sees it (its TCMs and aliases, no private peripheral bus): what firmware
    /// running on that core reaches. Tools and tests use it to act as firmware would.
    /// </summary>
    public ISystemBus SystemBus(string core) => _hosts[CoreIndex(core)].Bus;

    /// <summary>
    /// Makes the next flash program or erase operation (either bank) end with <paramref name="srErrorFlag"/> set in
    /// FLASH_SR instead of EOP, leaving the array unchanged: a failing flash array, for the board's
    /// <c>flash-error=FLAG</c> property.
    /// </summary>
    public void FailNextFlashOperation(uint srErrorFlag) => _flash.PendingFailure = srErrorFlag;

    /// <summary>Read-only view of one flash bank's array (bank numbers as in RM0399: 1 and 2).</summary>
    public ReadOnlySpan<byte> FlashBank(int bankNumber) => _flash.BankData(bankNumber);

    private void InitializeMemory()
    {
        _memory = new ChipMemory(Device);
        SystemMemoryImage.Fill(Device, _memory);
        _flash = new FlashController(Device, _clock, _counters, UnmodelledAccesses);
        _dbgmcu = new Dbgmcu(Device, UnmodelledAccesses);
        _debugComponents = new DebugComponents(_dbgmcu, UnmodelledAccesses,
            (Device.DbgmcuApbAddress ?? Device.DbgmcuIdcodeAddress) - DebugComponents.DbgmcuOffset);
    }

    private void ClearVolatileMemory() => _memory.ClearVolatile();

    /// <summary>
    /// The system bus as one core, or a debugger through a MEM-AP, sees it: RAM, flash (reads from the array,
    /// writes into the flash interface's write buffer), system memory (read-only), the flash interface and DBGMCU
    /// registers, and optionally a core's private peripheral bus. Anything else is a bus fault.
    /// </summary>
    private sealed class ChipBus(Stm32H7Chip chip, string? core, IExecutableCore? privateCore, bool debugger = false) : ISystemBus
    {
        public BusStatus Read(uint address, AccessSize size, out uint value)
        {
            value = 0;
            var n = (int)size;
            if (address is >= PpbStart and <= PpbEnd)
            {
                return privateCore is null ? BusStatus.Fault : privateCore.ReadPrivate(address, size, out value);
            }
            var ramAddress = address;
            if (chip._memory.FindRam(ref ramAddress, n, core) is { } ram)
            {
                value = ram.Read(ramAddress, size);
                return BusStatus.Ok;
            }
            if (chip._flash.IsFlashAddress(address))
            {
                return chip._flash.ReadArray(address, size, debugger, out value);
            }
            if (chip._memory.FindSystemMemory(address, n) is { } system)
            {
                value = system.Read(address, size);
                return BusStatus.Ok;
            }
            if (InBlock(address, chip.Device.FlashRegistersBase, FlashRegistersSize))
            {
                return chip._flash.ReadRegister(address - chip.Device.FlashRegistersBase, size, out value);
            }
            var debugBase = chip.Device.DbgmcuIdcodeAddress - DebugComponents.DbgmcuOffset;
            if (InBlock(address, debugBase, DebugComponents.Size))
            {
                return chip._debugComponents.Read(address - debugBase, size, out value);
            }
            return BusStatus.Fault;
        }

        public BusStatus Write(uint address, AccessSize size, uint value)
        {
            var n = (int)size;
            if (address is >= PpbStart and <= PpbEnd)
            {
                return privateCore is null ? BusStatus.Fault : privateCore.WritePrivate(address, size, value);
            }
            var ramAddress = address;
            if (chip._memory.FindRam(ref ramAddress, n, core) is { } ram)
            {
                ram.Write(ramAddress, size, value);
                return BusStatus.Ok;
            }
            if (chip._flash.IsFlashAddress(address))
            {
                return chip._flash.WriteArray(address, size, value, debugger);
            }
            if (chip._memory.FindSystemMemory(address, n) is not null)
            {
                return BusStatus.Fault;
            }
            if (InBlock(address, chip.Device.FlashRegistersBase, FlashRegistersSize))
            {
                return chip._flash.WriteRegister(address - chip.Device.FlashRegistersBase, size, value);
            }
            var debugBase = chip.Device.DbgmcuIdcodeAddress - DebugComponents.DbgmcuOffset;
            if (InBlock(address, debugBase, DebugComponents.Size))
            {
                return chip._debugComponents.Write(address - debugBase, size, value);
            }
            return BusStatus.Fault;
        }

        public MemoryWindow? GetWindow(uint address)
        {
            if (address is >= PpbStart and <= PpbEnd)
            {
                return null;
            }
            if (chip._memory.FindAlias(address) is { } alias)
            {
                var target = alias.Target;
                var segment = chip._memory.FindRam(ref target, 1, core);
                if (segment is null || (core is not null && alias.Cores.Count > 0 && !alias.Cores.Contains(core, StringComparer.OrdinalIgnoreCase)))
                {
                    return null;
                }
                return new MemoryWindow(alias.Start - (alias.Target - segment.Start), segment.Data, Writable: true);
            }
            var ramAddress = address;
            if (chip._memory.FindRam(ref ramAddress, 1, core) is { } ram)
            {
                return new MemoryWindow(ram.Start, ram.Data, Writable: true);
            }
            if (chip.Device.FindBank(address) is { } bank && !debugger)
            {
                return new MemoryWindow(bank.Start, chip._flash.BankArray(bank.Number), Writable: false);
            }
            if (chip._memory.FindSystemMemory(address, 1) is { } system)
            {
                return new MemoryWindow(system.Start, system.Data, Writable: false);
            }
            return null;
        }

        private static bool InBlock(uint address, uint start, uint size) => address >= start && address - start < size;
    }

    /// <summary>
    /// The debug APB (RM0399 60.2): the system ROM table, DBGMCU at <see cref="DeviceDescription.DbgmcuApbAddress"/>
    /// and the SWO funnel (<see cref="DebugComponents"/>); reachable under reset.
    /// </summary>
    private sealed class DebugApbBus(Stm32H7Chip chip) : ISystemBus
    {
        public BusStatus Read(uint address, AccessSize size, out uint value)
        {
            value = 0;
            if (chip.Device.DbgmcuApbAddress is uint dbgmcu && address - (dbgmcu - DebugComponents.DbgmcuOffset) < DebugComponents.Size)
            {
                return chip._debugComponents.Read(address - (dbgmcu - DebugComponents.DbgmcuOffset), size, out value);
            }
            return BusStatus.Fault;
        }

        public BusStatus Write(uint address, AccessSize size, uint value)
        {
            if (chip.Device.DbgmcuApbAddress is uint dbgmcu && address - (dbgmcu - DebugComponents.DbgmcuOffset) < DebugComponents.Size)
            {
                return chip._debugComponents.Write(address - (dbgmcu - DebugComponents.DbgmcuOffset), size, value);
            }
            return BusStatus.Fault;
        }

        public MemoryWindow? GetWindow(uint address) => null;
    }
}
