using Stm32.Build.Devices;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Emulator.Tests.Programs;
using Stm32.Build.Execution;
using Stm32.Build.Images;

namespace Stm32.Build.Emulator.Tests.Support;

/// <summary>
/// A board for seam tests: an <see cref="AsmProgram"/> in 128 KiB of read-only memory at 0x08000000 and 128 KiB of RAM
/// at 0x20000000 (or a compiled <see cref="TestProgram"/> on its target's memory map), and a block of 64 word registers at <see cref="PeripheralBase"/> whose every access is recorded with
/// the core's <see cref="IExecutableCore.Cycles"/> and <see cref="IExecutableCore.CurrentInstructionAddress"/> at the
/// time. It records the core's events and SEVs and can run on a schedule of host events.
/// </summary>
internal sealed class SeamHost : ICoreHost, ISystemBus
{
    /// <summary>Where the register block starts.</summary>
    public const uint PeripheralBase = 0x40000000;

    private readonly MemoryWindow[] _windows;
    private readonly SortedList<long, Action> _schedule = [];

    /// <summary>One access to the register block.</summary>
    public readonly record struct Access(long Cycles, uint Pc, uint Address, uint Value, bool Write);

    /// <summary>Assembles <paramref name="code"/> for <paramref name="part"/> (the H747's Cortex-M7 when null), loads it and resets the core with halting debug enabled.</summary>
    public SeamHost(string code, IReadOnlyDictionary<int, string>? handlers = null, TestDevices.Part? part = null)
    {
        var (binary, elf) = part is null ? AsmProgram.Build(code, handlers) : AsmProgram.Build(code, handlers, part.GccCpu);
        _windows = [new(0x08000000, new byte[0x20000], Writable: false), new(0x20000000, new byte[0x20000], Writable: true)];
        binary.CopyTo(_windows[0].Data, 0);
        Image = ImageReader.Read(elf);
        var description = part is null ? DeviceCatalog.BuiltIn.Get("STM32H747XI").FindCore("CM7")! : TestDevices.Get(part).Cores[0];
        Core = new CortexMCore(description, this);
        Core.Reset(CoreResetKind.PowerOn, 0x08000000);
        Core.WritePrivate(0xE000EDF0, AccessSize.Word, 0xA05F0001); // C_DEBUGEN: BKPT halts
    }

    /// <summary>Loads a compiled test program on its target's memory map (code and RAM as plain memory) and resets the core from address 0.</summary>
    public SeamHost(TestProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        _windows = [.. program.Target.Memory.Where(m => m.AliasOf is null).Select(m => new MemoryWindow(m.Start, new byte[m.Size], Writable: true))];
        Image = ImageReader.Read(program.ElfPath);
        foreach (var segment in Image.Segments)
        {
            var w = GetWindow(segment.Address) ?? throw new InvalidOperationException($"segment at 0x{segment.Address:X8} outside the memory map");
            segment.Data.Span.CopyTo(w.Data.AsSpan((int)(segment.Address - w.Start)));
        }
        Core = new CortexMCore(program.Target.Description, this);
        Core.Reset(CoreResetKind.PowerOn, 0);
        Core.WritePrivate(0xE000EDF0, AccessSize.Word, 0xA05F0001);
    }

    /// <summary>The program's ELF.</summary>
    public FirmwareImage Image { get; }

    /// <summary>The core.</summary>
    public CortexMCore Core { get; }

    /// <summary>The register block's values (word <c>i</c> at <see cref="PeripheralBase"/> + 4i).</summary>
    public uint[] Registers { get; } = new uint[64];

    /// <summary>Every access to the register block, in order.</summary>
    public List<Access> Accesses { get; } = [];

    /// <summary>Every event the core reported.</summary>
    public List<CoreEvent> Events { get; } = [];

    /// <summary>Called after each access to the register block (the core is inside the access).</summary>
    public Action<Access>? OnAccess { get; set; }

    /// <summary>How many SEVs the core sent.</summary>
    public int EventsSent { get; private set; }

    /// <summary>How many system resets the core requested.</summary>
    public int ResetRequests { get; private set; }

    /// <inheritdoc />
    public ISystemBus Bus => this;

    /// <inheritdoc />
    public long ClockHz { get; set; } = 64_000_000;

    /// <summary>Whether the core's clock stops in deep sleep (the chip's Stop mode without the debug bit).</summary>
    public bool ClockStoppedInDeepSleep { get; set; }

    /// <summary>The address of a label of the program.</summary>
    public uint Symbol(string name) => (Image.FindSymbol(name) ?? throw new InvalidOperationException("no symbol " + name)).Address & ~1u;

    /// <inheritdoc />
    public void RequestSystemReset() => ResetRequests++;

    /// <inheritdoc />
    public void SendEvent() => EventsSent++;

    /// <inheritdoc />
    public void OnCoreEvent(in CoreEvent e) => Events.Add(e);

    /// <summary>Runs <paramref name="action"/> when the core's cycle count reaches <paramref name="cycle"/> (Advance budgets end there).</summary>
    public void At(long cycle, Action action) => _schedule.Add(cycle, action);

    /// <summary>Advances the core by <paramref name="cycles"/>, in budgets that end at scheduled events; stops early when the core halts or locks up.</summary>
    public void Run(long cycles)
    {
        var end = Core.Cycles + cycles;
        while (Core.Cycles < end && Core.State is CoreRunState.Running or CoreRunState.Sleeping)
        {
            var until = _schedule.Count > 0 ? Math.Min(end, _schedule.Keys[0]) : end;
            if (until > Core.Cycles && Core.Advance(until - Core.Cycles) == 0)
            {
                break;
            }
            while (_schedule.Count > 0 && _schedule.Keys[0] <= Core.Cycles)
            {
                var action = _schedule.Values[0];
                _schedule.RemoveAt(0);
                action();
            }
        }
    }

    /// <inheritdoc />
    public MemoryWindow? GetWindow(uint address)
    {
        foreach (var w in _windows)
        {
            if (address - w.Start < (uint)w.Data.Length)
            {
                return w;
            }
        }
        return null;
    }

    /// <summary>A copy of <paramref name="length"/> bytes of plain memory at <paramref name="address"/>.</summary>
    public byte[] ReadMemory(uint address, int length)
    {
        var w = GetWindow(address) ?? throw new ArgumentOutOfRangeException(nameof(address));
        return w.Data.AsSpan((int)(address - w.Start), length).ToArray();
    }

    /// <summary>A word of plain memory, e.g. a variable of the program (<see cref="Symbol"/>).</summary>
    public uint ReadWord(uint address) => BitConverter.ToUInt32(ReadMemory(address, 4));

    /// <inheritdoc />
    public BusStatus Read(uint address, AccessSize size, out uint value)
    {
        if (IsRegister(address))
        {
            value = Registers[(address - PeripheralBase) / 4];
            Record(address, value, write: false);
            return BusStatus.Ok;
        }
        var w = GetWindow(address);
        value = 0;
        if (w is null)
        {
            return BusStatus.Fault;
        }
        for (var i = 0; i < (int)size; i++)
        {
            value |= (uint)w.Data[address - w.Start + (uint)i] << (8 * i);
        }
        return BusStatus.Ok;
    }

    /// <inheritdoc />
    public BusStatus Write(uint address, AccessSize size, uint value)
    {
        if (IsRegister(address))
        {
            Registers[(address - PeripheralBase) / 4] = value;
            Record(address, value, write: true);
            return BusStatus.Ok;
        }
        return GetWindow(address) is null ? BusStatus.Fault : BusStatus.Ok; // flash ignores writes
    }

    private static bool IsRegister(uint address) => address - PeripheralBase < 64 * 4;

    private void Record(uint address, uint value, bool write)
    {
        var access = new Access(Core.Cycles, Core.CurrentInstructionAddress, address, value, write);
        Accesses.Add(access);
        OnAccess?.Invoke(access);
    }
}
