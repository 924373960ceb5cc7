using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Tests.Families;

/// <summary>
/// A debug session over a plain register file: reads return what was last written (or a preset value), the flash
/// is never busy, and every register write and memory write is recorded with its access size. For checking the
/// encodings a family driver writes (no chip behind it); each access costs 10 µs of target time.
/// </summary>
internal sealed class RegisterFileSession : IDebugSession, ITargetClock
{
    public Dictionary<uint, uint> Registers { get; } = [];
    public List<(uint Address, uint Value)> Writes { get; } = [];
    public List<(uint Address, int Length, int AccessBytes)> MemoryWrites { get; } = [];
    public TimeSpan Now { get; private set; }

    public string ProbeName => "register file";
    public string ProbeSelection => "register-file";
    public ITargetClock Clock => this;
    public bool IsConnected => true;
    public bool AdvancesOnItsOwn => false;

    public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.CompletedTask;
    public void Connect(bool holdInReset) { }
    public void Disconnect() { }
    public uint ReadDpIdcode() => 0x2BA0_1477;
    public double? ReadTargetVoltage() => 3.3;
    public void SetNrst(bool low) { }
    public uint ReadCoreRegister(int accessPort, int regsel) => 0;
    public void ReadMemory(int accessPort, uint address, Span<byte> buffer) => buffer.Fill(0xFF);
    public void Dispose() { }

    public uint ReadWord(int accessPort, uint address)
    {
        Now += TimeSpan.FromMicroseconds(10);
        return Registers.TryGetValue(address, out var value) ? value : 0;
    }

    public void WriteWord(int accessPort, uint address, uint value)
    {
        Now += TimeSpan.FromMicroseconds(10);
        Writes.Add((address, value));
        Registers[address] = value;
    }

    public void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data) => WriteMemory(accessPort, address, data, 4);

    public void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data, int accessBytes)
    {
        Now += TimeSpan.FromMicroseconds(10);
        MemoryWrites.Add((address, data.Length, accessBytes));
    }

    /// <summary>The values written to one register, in order.</summary>
    public List<uint> WritesTo(uint address) => [.. Writes.Where(w => w.Address == address).Select(w => w.Value)];
}
