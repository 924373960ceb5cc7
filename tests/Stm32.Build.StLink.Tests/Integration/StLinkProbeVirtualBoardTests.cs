using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;
using Stm32.Build.StLink.Target;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.StLink.Tests.Integration;

/// <summary>The whole driver against the virtual board (simulated ST-LINK + STM32H747) in process.</summary>
public sealed class StLinkProbeVirtualBoardTests
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");
    private const uint AxiSram = 0x24000000;

    [Theory]
    [InlineData(ProbeModel.V2, StLinkGeneration.V2)]
    [InlineData(ProbeModel.V2_1, StLinkGeneration.V2_1)]
    [InlineData(ProbeModel.V3, StLinkGeneration.V3)]
    public void Connects_with_each_generation_and_reads_the_dp_idcode(ProbeModel model, StLinkGeneration generation)
    {
        var (board, probe) = VirtualBoardFixture.Open(new VirtualBoardOptions { Probe = model });
        using (board)
        using (probe)
        {
            Assert.Equal(generation, probe.Version.Generation);
            Assert.Equal(H747.DpIdcode, probe.DpIdcode);
            Assert.True(probe.SwdFrequencyKhz > 0);
            var data = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
            probe.WriteMemory(0, AxiSram + 0x100, data);
            Assert.Equal(data, probe.ReadMemory(0, AxiSram + 0x100, data.Length));
        }
    }

    [Fact]
    public void Target_voltage_is_the_board_supply()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            Assert.InRange(probe.ReadTargetVoltage(), 3.2, 3.4);
        }
    }

    [Fact]
    public void Identifies_the_STM32H747()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            var id = probe.IdentifyTarget();
            Assert.Equal(H747.DevId, id.DevId);
            Assert.Equal((int)(H747.FlashSize / 1024), id.FlashSizeKiB);
            Assert.Contains(id.Candidates, d => d.Name == "STM32H747XI");
            Assert.All(id.Candidates, d => Assert.True(d.IsDualCore)); // AP 3 (the Cortex-M4 MEM-AP) answers
            Assert.NotNull(id.Revision);
            Assert.Equal(12, id.UniqueId!.Length);
            Assert.NotNull(id.OptionBytes);
            // Factory option bytes (RM0399 4.4): RDP 0xAA (level 0), BOOT_CM7_ADD0 0x0800, BOOT_CM4_ADD0 0x0810.
            Assert.Equal(0, id.OptionBytes!.RdpLevel);
            Assert.Equal(H747.Cores[0].DefaultBootAddress, id.OptionBytes.BootCm7Address0);
            Assert.Equal(H747.Cores[1].DefaultBootAddress, id.OptionBytes.BootCm4Address0);
        }
    }

    [Fact]
    public void Identifies_through_the_debug_apb_while_nrst_is_held()
    {
        var (board, probe) = VirtualBoardFixture.Open(open: VirtualBoardFixture.NoLock with { ConnectUnderReset = true });
        using (board)
        using (probe)
        {
            var id = probe.IdentifyTarget(H747);
            Assert.Equal(H747.DevId, id.DevId);
            Assert.Null(id.FlashSizeKiB); // not read under reset
            probe.AssertReset(false);
        }
    }

    [Fact]
    public void Memory_round_trip_with_unaligned_head_and_tail_and_16_bit_reads()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            var data = new byte[3001];
            new Random(7).NextBytes(data);
            probe.WriteMemory(0, AxiSram + 3, data);
            Assert.Equal(data, probe.ReadMemory(0, AxiSram + 3, data.Length));
            var half = probe.ReadHalfWord(0, AxiSram + 4);
            Assert.Equal((ushort)(data[1] | (data[2] << 8)), half);
            probe.WriteWord(0, AxiSram, 0xCAFEF00D);
            Assert.Equal(0xCAFEF00Du, probe.ReadWord(0, AxiSram));
        }
    }

    [Fact]
    public void Flash_reads_as_erased_on_a_new_board()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            Assert.All(probe.ReadMemory(0, 0x08000000, 64), b => Assert.Equal(H747.ErasedValue, b));
        }
    }

    [Fact]
    public async Task Halt_registers_and_resume()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            var status = await probe.HaltAsync(0, TimeSpan.FromSeconds(1));
            Assert.True(status.IsHalted);
            probe.WriteCoreRegister(0, CoreRegister.R0, 0x11223344);
            Assert.Equal(0x11223344u, probe.ReadCoreRegister(0, CoreRegister.R0));
            probe.Resume(0);
            Assert.False(probe.ReadCoreStatus(0).IsHalted);
            var e = Assert.Throws<ProbeException>(() => probe.ReadCoreRegister(0, CoreRegister.PC));
            Assert.Equal(DiagnosticCodes.InvalidProbeRequest, e.Code);
        }
    }

    [Fact]
    public async Task Reset_and_halt_stops_at_the_reset_vector()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            var status = await probe.ResetSystemAsync(0, halt: true);
            Assert.True(status!.Value.IsHalted);
            Assert.True(board.Counters.Resets > 0);
        }
    }

    [Fact]
    public void Hardware_reset_pulses_nrst()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            var before = board.Counters.Resets;
            probe.ResetHardware();
            Assert.True(board.Counters.Resets > before);
        }
    }

    [Fact]
    public void An_unpowered_target_is_a_coded_error()
    {
        var e = Assert.Throws<ProbeException>(() => VirtualBoardFixture.Open(new VirtualBoardOptions { Faults = [new BoardFault(BoardFaultKind.NoTargetPower)] }));
        Assert.Equal(DiagnosticCodes.TargetNotPowered, e.Code);
    }

    [Fact]
    public void Without_the_power_check_an_unpowered_target_does_not_answer()
    {
        var e = Assert.ThrowsAny<ProbeException>(() => VirtualBoardFixture.Open(
            new VirtualBoardOptions { Faults = [new BoardFault(BoardFaultKind.NoTargetPower)] },
            VirtualBoardFixture.NoLock with { RequireTargetPower = false }));
        Assert.Equal(DiagnosticCodes.DebugPortNotResponding, e.Code);
    }

    [Fact]
    public void Unplug_mid_session_is_a_typed_disconnect_and_dispose_still_completes()
    {
        var (board, probe) = VirtualBoardFixture.Open(new VirtualBoardOptions { Faults = [new BoardFault(BoardFaultKind.UnplugAfter, 40)] });
        using (board)
        {
            var e = Assert.Throws<TransportException>(() =>
            {
                for (var i = 0; i < 100; i++)
                {
                    probe.ReadWord(0, AxiSram);
                }
            });
            Assert.Equal(TransportErrorKind.Disconnected, e.Kind);
            Assert.Equal(DiagnosticCodes.ProbeDisconnected, e.Code);
            probe.Dispose();
            Assert.Throws<ProbeException>(() => probe.ReadWord(0, AxiSram));
        }
    }

    [Fact]
    public void Dispose_leaves_the_probe_usable_for_the_next_session()
    {
        using var board = new Board(new VirtualBoardOptions());
        using (var first = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "t"), VirtualBoardFixture.NoLock))
        {
            first.WriteWord(0, AxiSram, 0x600DF00D);
        }
        Assert.False(board.StLink.Mode == Stm32.Build.VirtualBoard.Probe.StLinkMode.Debug);
        using var second = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "t"), VirtualBoardFixture.NoLock);
        Assert.Equal(0x600DF00Du, second.ReadWord(0, AxiSram));
    }

    [Fact]
    public void The_cortex_m4_is_reached_through_access_port_3()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            var cpuid = probe.ReadWord(H747.Cores[1].AccessPort, 0xE000ED00);
            Assert.Equal(H747.Cores[1].CpuId, cpuid);
            Assert.Equal(H747.Cores[0].CpuId, probe.ReadWord(0, 0xE000ED00));
        }
    }

    [Fact]
    public void A_fault_reading_unmapped_memory_names_the_address()
    {
        var (board, probe) = VirtualBoardFixture.Open();
        using (board)
        using (probe)
        {
            var e = Assert.Throws<StLinkCommandException>(() => probe.ReadMemory(0, 0x30050000, 16));
            Assert.Equal(DiagnosticCodes.MemoryAccessFault, e.Code);
            Assert.Equal(0x30050000u, e.Diagnostic.Address);
            // The session survives a fault.
            Assert.Equal(H747.DevId, probe.IdentifyTarget(H747).DevId);
        }
    }
}
