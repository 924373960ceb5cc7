using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class VirtualChip
{
    /// <summary>The Cortex-M private peripheral bus (ARMv7-M B3.1; ARMv6-M B3.1): the core's debug and system registers.</summary>
    internal const uint PrivateBusStart = 0xE000_0000, PrivateBusSize = 0x10_0000;

    /// <summary>The bus-master name of a system-bus access port: it sees memories shared by all cores, not a core's TCMs or aliases.</summary>
    private const string SystemBusMaster = "AHB-AP";

    private readonly Dictionary<int, ISystemBus> _apBuses = [];
    private readonly List<BusMap> _coreBuses = [];

    /// <summary>
    /// What MEM-AP <paramref name="apIndex"/> reaches: a core's access port sees what that core sees plus its private
    /// peripheral bus; a system AHB-AP sees every memory and peripheral; the debug APB port sees the family's debug
    /// components. Null when the device has no such AP.
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
        if (apIndex == Device.DbgmcuAccessPort && Family.DebugApb is { } apb)
        {
            bus = apb;
        }
        else
        {
            var coreIndex = Device.Cores.ToList().FindIndex(c => c.AccessPort == apIndex);
            // A system AHB-AP is a bus master of its own: it reaches what every master reaches, not a core's TCMs.
            bus = BuildMap(BusInitiator.Debugger(apIndex), coreIndex >= 0 ? Device.Cores[coreIndex].Name : SystemBusMaster,
                coreIndex >= 0 ? _cores[coreIndex] : null);
        }
        _apBuses[apIndex] = bus;
        return bus;
    }

    /// <summary>
    /// The system bus as the named core sees it (its TCMs and aliases, no private peripheral bus): what firmware
    /// running on that core reaches. Tools and tests use it to act as firmware would (the access is the debugger's
    /// as far as flash read protection goes: use the core's own execution for firmware behaviour).
    /// </summary>
    public ISystemBus SystemBus(string core) => _coreBuses[CoreIndex(core)];

    private void BuildBusMaps()
    {
        for (var i = 0; i < Device.Cores.Count; i++)
        {
            _coreBuses.Add(BuildMap(BusInitiator.Core(i), Device.Cores[i].Name, privateCore: null));
        }
    }

    /// <summary>
    /// One master's map: RAM (with aliases) and system memory from the device data, then the family's targets.
    /// <paramref name="core"/> null means a system bus master that sees every memory (an AHB-AP).
    /// </summary>
    private BusMap BuildMap(BusInitiator initiator, string? core, IExecutableCore? privateCore)
    {
        var mappings = new List<BusMapping>();
        var ramTargets = new Dictionary<MemorySegment, MemoryTarget>();
        foreach (var segment in Memory.Ram)
        {
            var target = RamTarget(segment);
            ramTargets[segment] = target;
            if (segment.IsVisibleTo(core))
            {
                mappings.Add(new BusMapping(segment.Start, (uint)segment.Data.Length, target));
            }
        }
        foreach (var alias in Memory.Aliases)
        {
            if (core is not null && alias.Cores.Count > 0 && !alias.Cores.Contains(core, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            var segment = Memory.Ram.First(s => s.Start == alias.Target);
            mappings.Add(new BusMapping(alias.Start, alias.Size, ramTargets[segment]));
        }
        foreach (var system in Memory.SystemMemory)
        {
            if (system.IsVisibleTo(core))
            {
                mappings.Add(new BusMapping(system.Start, (uint)system.Data.Length, SystemMemoryTarget(system)));
            }
        }
        foreach (var t in _targets)
        {
            if (t.DebuggerOnly && !initiator.IsDebugger)
            {
                continue;
            }
            if (core is not null && t.Cores.Count > 0 && !t.Cores.Contains(core, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            mappings.Add(new BusMapping(t.Start, t.Size, t.Target));
        }
        if (privateCore is not null)
        {
            mappings.Add(new BusMapping(PrivateBusStart, PrivateBusSize, new PrivateBusTarget(privateCore, CoreDebugRomTables.For(Device.Cores[_cores.IndexOf(privateCore)].CpuId), UnmodelledAccesses)));
        }
        return new BusMap(initiator, mappings);
    }

    private readonly Dictionary<MemorySegment, MemoryTarget> _memoryTargets = [];

    private MemoryTarget RamTarget(MemorySegment segment)
    {
        if (!_memoryTargets.TryGetValue(segment, out var target))
        {
            target = new MemoryTarget(segment.Name, segment.Data, writable: true);
            _memoryTargets[segment] = target;
        }
        return target;
    }

    private MemoryTarget SystemMemoryTarget(MemorySegment segment)
    {
        if (!_memoryTargets.TryGetValue(segment, out var target))
        {
            target = new MemoryTarget(segment.Name, segment.Data, writable: false);
            _memoryTargets[segment] = target;
        }
        return target;
    }

    /// <summary>
    /// Whether access port <paramref name="apIndex"/> answers: none when unpowered, at RDP level 2 (debug disabled)
    /// or while something silences the debug port; while NRST is low only the ports the device data marks as
    /// available under reset (the H7's debug APB: its AXI/AHB are held in reset).
    /// </summary>
    public bool IsAccessPortAvailable(int apIndex)
    {
        var ap = Device.AccessPorts.FirstOrDefault(a => a.Index == apIndex);
        if (ap is null || !_powered || Family.ReadoutLevel == 2 || AccessPortBlockReason(apIndex) is not null)
        {
            return false;
        }
        return !_nrstLow || ap.AvailableUnderReset;
    }

    /// <summary>
    /// Whether an access through AP <paramref name="apIndex"/> to <paramref name="address"/> completes now. While NRST
    /// is held the system bus does not answer, but the debug APB and each core's private peripheral bus — its debug
    /// registers DHCSR/DEMCR, in the always-on debug domain — still do, which is what lets a debugger arm a reset
    /// vector catch under reset (ARMv7-M C1.4: the debug logic is reset only by a power-on reset).
    /// </summary>
    public bool IsAccessPortAddressReachable(int apIndex, uint address)
    {
        if (IsAccessPortAvailable(apIndex))
        {
            return true;
        }
        if (!_powered || Family.ReadoutLevel == 2 || !_nrstLow || AccessPortBlockReason(apIndex) is not null)
        {
            return false;
        }
        var isCorePort = Device.Cores.Any(c => c.AccessPort == apIndex);
        return isCorePort && address >= PrivateBusStart && address - PrivateBusStart < PrivateBusSize;
    }

    /// <summary>
    /// Why the debug port does not answer now (the supply collapsed, SWD pins taken by firmware, a domain in a
    /// low-power mode without its debug bits), or null when nothing silences it. NRST held low restores pins that
    /// a reset restores, so a condition may clear under reset.
    /// </summary>
    public string? DebugBlockReason
    {
        get
        {
            foreach (var blocker in _debugBlockers)
            {
                if (blocker.Reason is { } reason)
                {
                    return reason;
                }
            }
            return null;
        }
    }

    /// <summary>
    /// Why the SW-DP itself does not answer now (no acknowledge to any transfer: the core supply collapsed, the SWD
    /// pins were taken), or null. Conditions that only make access-port transactions fail are not included.
    /// </summary>
    public string? DebugPortSilentReason
    {
        get
        {
            foreach (var blocker in _debugBlockers)
            {
                if (blocker.SilencesDebugPort && blocker.Reason is { } reason)
                {
                    return reason;
                }
            }
            return null;
        }
    }

    /// <summary>Why access port <paramref name="apIndex"/> cannot make transactions now, or null.</summary>
    public string? AccessPortBlockReason(int apIndex)
    {
        foreach (var blocker in _debugBlockers)
        {
            if (blocker.Reason is not null && (blocker.SilencesDebugPort ? blocker.Reason : blocker.AccessPortReason(apIndex)) is { } reason)
            {
                return reason;
            }
        }
        return null;
    }

    /// <summary>
    /// A core's private peripheral bus as its access port reaches it: the chip's CoreSight identification of the
    /// core's debug components (<see cref="CoreDebugRomTables"/>: ROM tables, component IDs; read-only) and the
    /// core's own registers behind it. An access the core does not model is logged on the chip.
    /// </summary>
    private sealed class PrivateBusTarget(IExecutableCore core, CoreDebugRomTables romTables, UnmodelledAccessLog log) : IBusTarget
    {
        public string Name => core.Name + " PPB";

        public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value)
        {
            var address = PrivateBusStart + offset;
            if (romTables.Read(address) is uint word)
            {
                value = Lanes.Extract(word, address, size);
                return BusStatus.Ok;
            }
            var before = UnmodelledCount();
            var status = core.ReadPrivate(address, size, out value);
            NoteUnmodelled(before, address, 0, "reads 0; the core does not model this register");
            return status;
        }

        public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator)
        {
            var address = PrivateBusStart + offset;
            if (romTables.Answers(address))
            {
                return BusStatus.Ok; // ROM tables and ID registers are read-only; writes are ignored
            }
            var before = UnmodelledCount();
            var status = core.WritePrivate(address, size, value);
            NoteUnmodelled(before, address, value, "ignored; the core does not model this register");
            return status;
        }

        public TargetWindow? GetWindow(uint offset, BusInitiator initiator) => null;

        private long UnmodelledCount() => core is CortexMCore emulated ? emulated.UnmodelledPrivateAccesses : 0;

        private void NoteUnmodelled(long before, uint address, uint value, string note)
        {
            if (UnmodelledCount() != before)
            {
                log.Add(new UnmodelledAccess(core.Name, "PPB", address & ~3u, value, note));
            }
        }
    }
}
