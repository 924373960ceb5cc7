using System.Buffers.Binary;
using Stm32.Build.StLink.Transport;

namespace Stm32.Build.StLink.Tests.Support;

/// <summary>One recorded round trip: the 16-byte command block, the OUT data and the IN length asked for.</summary>
public sealed record Frame(byte[] Command, byte[] DataOut, int InLength)
{
    /// <summary>The command block as hex, e.g. "F2 07 ...".</summary>
    public string Hex => Convert.ToHexString(Command);
}

/// <summary>
/// A scripted ST-LINK for frame-level tests: answers each command as the public protocol describes
/// (OpenOCD stlink_usb.c layouts), records every frame, keeps a sparse memory and can be told to answer the next
/// status-bearing replies with given status bytes (WAIT, FAULT ...).
/// </summary>
public sealed class FakeStLink : IStLinkTransport
{
    private readonly Dictionary<uint, byte> _memory = [];
    private byte _lastRwStatus = 0x80;

    /// <summary>Creates a fake with the 16-bit GET_VERSION word, e.g. (2 &lt;&lt; 12) | (37 &lt;&lt; 6) | 7 for V2J37S7.</summary>
    public FakeStLink(ushort versionWord, ushort productId = 0x3748, byte[]? versionEx = null)
    {
        VersionWord = versionWord;
        ProductId = productId;
        VersionEx = versionEx;
        Probe = new ProbeDescriptor(ProbeTransportKind.Usb, "FAKE0001", 0x0483, productId, "fake", "test");
    }

    /// <summary>V2J37S7 on an ST-LINK/V2.</summary>
    public static FakeStLink V2(int jtag = 37) => new((ushort)((2 << 12) | (jtag << 6) | 7), 0x3748);

    /// <summary>An STLINK-V3 with J<paramref name="jtag"/> (GET_VERSION says 3.0.0, GET_VERSION_EX has the rest).</summary>
    public static FakeStLink V3(int jtag = 7) =>
        new(3 << 12, 0x374F, [3, 1, (byte)jtag, 2, 3, 0, 0, 0, 0x83, 0x04, 0x4F, 0x37]);

    public ushort VersionWord { get; }
    public ushort ProductId { get; }
    public byte[]? VersionEx { get; }
    public ProbeDescriptor Probe { get; }
    public List<Frame> Frames { get; } = [];
    public Queue<byte> Statuses { get; } = new();
    public byte Mode { get; set; } = 0x01;
    public uint IdCode { get; set; } = 0x6BA02477;
    public (uint Adc0, uint Adc1) Voltage { get; set; } = (1489, 2048);
    public int MaxPacketOverride { get; set; }
    public uint FaultAddress { get; set; }
    public bool Disposed { get; private set; }
    public Func<Frame, Exception?>? FailWith { get; set; }

    public int MaxPacket => MaxPacketOverride;

    public byte this[uint address]
    {
        get => _memory.GetValueOrDefault(address);
        set => _memory[address] = value;
    }

    /// <summary>The frames after the version handshake, as hex strings.</summary>
    public IEnumerable<string> Hex => Frames.Select(f => f.Hex);

    public int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn, TimeSpan timeout)
    {
        Assert.True(command.Length <= 16, "command block longer than 16 bytes");
        var block = new byte[16];
        command.CopyTo(block);
        var frame = new Frame(block, dataOut.ToArray(), dataIn.Length);
        Frames.Add(frame);
        if (FailWith?.Invoke(frame) is { } ex)
        {
            throw ex;
        }
        dataIn.Clear();
        switch (block[0])
        {
            case 0xF1:
                BinaryPrimitives.WriteUInt16BigEndian(dataIn, VersionWord);
                BinaryPrimitives.WriteUInt16LittleEndian(dataIn[2..], 0x0483);
                BinaryPrimitives.WriteUInt16LittleEndian(dataIn[4..], ProductId);
                return 6;
            case 0xFB:
                VersionEx!.CopyTo(dataIn);
                return 12;
            case 0xF5:
                dataIn[0] = Mode;
                return 2;
            case 0xF7:
                BinaryPrimitives.WriteUInt32LittleEndian(dataIn, Voltage.Adc0);
                BinaryPrimitives.WriteUInt32LittleEndian(dataIn[4..], Voltage.Adc1);
                return 8;
            case 0xF2:
                return Debug(block, dataOut, dataIn);
            default:
                return 0;
        }
    }

    private byte NextStatus() => Statuses.Count > 0 ? Statuses.Dequeue() : (byte)0x80;

    private int Debug(byte[] cmd, ReadOnlySpan<byte> dataOut, Span<byte> dataIn)
    {
        var address = BinaryPrimitives.ReadUInt32LittleEndian(cmd.AsSpan(2));
        var length = BinaryPrimitives.ReadUInt16LittleEndian(cmd.AsSpan(6));
        switch (cmd[1])
        {
            case 0x07 or 0x0C or 0x47: // READMEM_32/8/16
                _lastRwStatus = NextStatus();
                for (var i = 0; i < Math.Min(length, dataIn.Length); i++)
                {
                    dataIn[i] = this[address + (uint)i];
                }
                return dataIn.Length;
            case 0x08 or 0x0D or 0x48: // WRITEMEM_32/8/16
                _lastRwStatus = NextStatus();
                if (_lastRwStatus == 0x80)
                {
                    for (var i = 0; i < dataOut.Length; i++)
                    {
                        this[address + (uint)i] = dataOut[i];
                    }
                }
                return 0;
            case 0x3B or 0x3E: // GETLASTRWSTATUS(2)
                dataIn[0] = _lastRwStatus;
                if (dataIn.Length >= 8 && _lastRwStatus != 0x80)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(dataIn[4..], FaultAddress);
                }
                return dataIn.Length;
            case 0x21: // EXIT
                Mode = 0x01;
                return 0;
            case 0x30: // ENTER
                dataIn[0] = NextStatus();
                if (dataIn[0] == 0x80)
                {
                    Mode = 0x02;
                }
                return 2;
            case 0x31: // READ_IDCODES
                dataIn[0] = NextStatus();
                BinaryPrimitives.WriteUInt32LittleEndian(dataIn[4..], IdCode);
                return 12;
            case 0x36: // READDEBUGREG
            case 0x33: // READREG
            case 0x45: // READ_DAP_REG
                dataIn[0] = NextStatus();
                BinaryPrimitives.WriteUInt32LittleEndian(dataIn[4..], 0x12345678);
                return 8;
            case 0x3A: // READALLREGS
                dataIn[0] = NextStatus();
                for (var i = 0; i < 21; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(dataIn[(4 + 4 * i)..], (uint)(0x100 + i));
                }
                return 88;
            case 0x62: // GET_COM_FREQ: current 1000 kHz, 5 frequencies
                dataIn[0] = NextStatus();
                BinaryPrimitives.WriteUInt32LittleEndian(dataIn[4..], 1000);
                dataIn[8] = 5;
                uint[] f = [24000, 8000, 3300, 1000, 200];
                for (var i = 0; i < f.Length; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(dataIn[(12 + 4 * i)..], f[i]);
                }
                return 52;
            default:
                if (dataIn.Length > 0)
                {
                    dataIn[0] = NextStatus();
                }
                return dataIn.Length;
        }
    }

    public void Dispose() => Disposed = true;
}
