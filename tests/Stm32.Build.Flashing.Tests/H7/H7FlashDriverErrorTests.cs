using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Tests.H7;

/// <summary>Every FLASH_SRx error flag is reported by its RM0399 name with the address, and cleared.</summary>
public sealed class H7FlashDriverErrorTests
{
    private const uint FlashBase = 0x5200_2000;

    public static TheoryData<H7FlashError, uint> Flags() => new()
    {
        { H7FlashError.WRPERR, 17 }, { H7FlashError.PGSERR, 18 }, { H7FlashError.STRBERR, 19 }, { H7FlashError.INCERR, 21 },
        { H7FlashError.OPERR, 22 }, { H7FlashError.RDPERR, 23 }, { H7FlashError.RDSERR, 24 }, { H7FlashError.SNECCERR, 25 },
        { H7FlashError.DBECCERR, 26 },
    };

    [Theory]
    [MemberData(nameof(Flags))]
    public async Task EraseError_NamesTheFlagAndTheSectorAddress(H7FlashError flag, uint bit)
    {
        Assert.Equal(1u << (int)bit, (uint)flag); // RM0399 4.9.5 bit positions
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var session = new ScriptedSession { StatusAfterOperation = (uint)flag };
        var driver = new H7FlashDriver(session, device, FlashParallelism.X64);
        var bank2 = device.FlashBanks[1];

        var ex = await Assert.ThrowsAsync<FlashException>(() => driver.EraseSectorsAsync([new FlashSector(bank2, 3)]));

        Assert.Equal(DiagnosticCodes.FlashOperationError, ex.Code);
        Assert.Contains(flag.ToString(), ex.Message);
        Assert.Contains("FLASH_SR2", ex.Message);
        Assert.Equal(0x0816_0000u, ex.Diagnostic.Address);
        Assert.Contains("0x08160000", ex.Message);
        Assert.Contains(session.Writes, w => w.Address == FlashBase + 0x100 + 0x14 && (w.Value & (uint)flag) != 0);
    }

    [Fact]
    public async Task ProgramError_NamesTheFirstFlashWordThatDidNotProgram()
    {
        // Four flash words in one chunk; the flash programs two, then reports PGSERR.
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var session = new ScriptedSession { StatusAfterOperation = (uint)H7FlashError.PGSERR, FailAfterWords = 2 };
        var driver = new H7FlashDriver(session, device, FlashParallelism.X64);
        var data = Enumerable.Range(0, 128).Select(i => (byte)i).ToArray();

        var ex = await Assert.ThrowsAsync<FlashException>(() => driver.ProgramAsync(device.FlashBanks[0], 0x0800_0100, data));

        Assert.Equal(0x0800_0140u, ex.Diagnostic.Address);
        Assert.Contains("PGSERR", ex.Message);
        Assert.Contains("0x08000100..0x0800017F", ex.Message);
        // PG is turned off again after the failure.
        Assert.Equal(3u << 4, session.Writes.Last(w => w.Address == FlashBase + 0x0C).Value);
    }

    [Fact]
    public async Task Programming_writes_a_memory_command_of_flash_words_then_checks_the_status_once()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var session = new ScriptedSession();
        var driver = new H7FlashDriver(session, device, FlashParallelism.X64);

        // 3 KiB from 0x08000200: chunks end at each 1 KiB boundary (0x400, 0x800, 0xC00) and at the end.
        await driver.ProgramAsync(device.FlashBanks[0], 0x0800_0200, new byte[3 * 1024]);

        Assert.Equal([(0x0800_0200u, 512), (0x0800_0400u, 1024), (0x0800_0800u, 1024), (0x0800_0C00u, 512)], session.MemoryWrites);
        // One status read before programming, then one per chunk (the flash is idle at once here).
        Assert.Equal(1 + 4, session.StatusReads);
    }

    [Fact]
    public async Task AnOperationThatNeverEnds_TimesOutOnTheTargetClock()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var session = new ScriptedSession { NeverIdle = true };
        var driver = new H7FlashDriver(session, device, FlashParallelism.X64);

        var ex = await Assert.ThrowsAsync<FlashException>(() => driver.EraseSectorsAsync([new FlashSector(device.FlashBanks[0], 1)]));

        Assert.Equal(DiagnosticCodes.FlashTimeout, ex.Code);
        Assert.InRange(session.Now, H7FlashTimings.SectorErase(FlashParallelism.X64), H7FlashTimings.SectorErase(FlashParallelism.X64) + TimeSpan.FromMilliseconds(5));
    }

    /// <summary>
    /// A session whose flash status register reports <see cref="StatusAfterOperation"/> once an erase was started
    /// or a flash word written; each register access costs 100 µs of target time.
    /// </summary>
    private sealed class ScriptedSession : IDebugSession, ITargetClock
    {
        private bool _operationDone;
        private int _words;

        public uint StatusAfterOperation { get; init; }
        public int FailAfterWords { get; init; }
        public bool NeverIdle { get; init; }
        public List<(uint Address, uint Value)> Writes { get; } = [];
        public List<(uint Address, int Length)> MemoryWrites { get; } = [];
        public int StatusReads { get; private set; }
        private readonly Dictionary<uint, byte> _programmed = [];
        public TimeSpan Now { get; private set; }

        public string ProbeName => "scripted";
        public string ProbeSelection => "scripted";
        public ITargetClock Clock => this;
        public bool IsConnected => true;
        public bool AdvancesOnItsOwn => false;

        public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.CompletedTask;
        public void Connect(bool holdInReset) { }
        public void Disconnect() { }
        public uint ReadDpIdcode() => 0x6BA02477;
        public double? ReadTargetVoltage() => 3.3;
        public void SetNrst(bool low) { }
        public uint ReadCoreRegister(int accessPort, int regsel) => 0;
        public void ReadMemory(int accessPort, uint address, Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = _programmed.TryGetValue(address + (uint)i, out var b) ? b : (byte)0xFF;
            }
        }
        public void Dispose() { }

        public uint ReadWord(int accessPort, uint address)
        {
            Now += TimeSpan.FromMicroseconds(100);
            var offset = (address - FlashBase) % 0x100;
            if (offset == 0x10)
            {
                StatusReads++;
                if (NeverIdle)
                {
                    return 1u << 2; // QW
                }
                return _operationDone ? StatusAfterOperation : 0;
            }
            return 0; // CRx unlocked
        }

        public void WriteWord(int accessPort, uint address, uint value)
        {
            Now += TimeSpan.FromMicroseconds(100);
            Writes.Add((address, value));
            if ((address - FlashBase) % 0x100 == 0x0C && (value & (1u << 7)) != 0)
            {
                _operationDone = true; // START
            }
        }

        /// <summary>Flash words program one after the other; from word FailAfterWords + 1 on the flash reports the failure and programs nothing.</summary>
        public void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data)
        {
            Now += TimeSpan.FromMicroseconds(100);
            MemoryWrites.Add((address, data.Length));
            for (var word = 0; word < data.Length / 32; word++)
            {
                _words++;
                if (FailAfterWords > 0 && _words > FailAfterWords)
                {
                    _operationDone = true;
                    continue;
                }
                for (var i = 0; i < 32; i++)
                {
                    _programmed[address + (uint)(word * 32 + i)] = data[word * 32 + i];
                }
            }
        }
    }
}
