using System.Globalization;
using System.Text;

namespace Stm32.Build.Emulator.Gdb;

public sealed partial class GdbRemoteClient
{
    /// <summary>
    /// Sends <c>qSupported</c> announcing what this client understands, records the stub's features and its
    /// packet size, and switches to no-ack mode when the stub offers <c>QStartNoAckMode</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> QuerySupported()
    {
        var reply = Request("qSupported:swbreak+;hwbreak+;vContSupported+;xmlRegisters=arm");
        var features = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in reply.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                features[item[..eq]] = item[(eq + 1)..];
            }
            else if (item.EndsWith('+') || item.EndsWith('-') || item.EndsWith('?'))
            {
                features[item[..^1]] = item[^1..];
            }
        }
        Features = features;
        if (features.TryGetValue("PacketSize", out var size)
            && int.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var packetSize) && packetSize >= 64)
        {
            PacketSize = packetSize;
        }
        if (features.TryGetValue("QStartNoAckMode", out var noAck) && noAck == "+" && Request("QStartNoAckMode") == "OK")
        {
            NoAckMode = true;
        }
        return features;
    }

    /// <summary><c>?</c>: why the target is stopped.</summary>
    public GdbStopReply QueryHaltReason() => GdbStopReply.Parse(Request("?"));

    /// <summary><c>g</c>: all registers of the <c>g</c> packet, in target byte order.</summary>
    public byte[] ReadAllRegisters()
    {
        var reply = Request("g");
        ThrowIfError("g", reply);
        // Registers the stub cannot read come back as 'x' digits; they read as zero here.
        return GdbPacket.FromHex(reply.Replace('x', '0'));
    }

    /// <summary><c>G</c>: writes all registers of the <c>g</c> packet.</summary>
    public void WriteAllRegisters(ReadOnlySpan<byte> registers) => RequestOk("G" + GdbPacket.ToHex(registers));

    /// <summary><c>p</c>: one register by its target-description number.</summary>
    public byte[] ReadRegister(int number)
    {
        var request = "p" + number.ToString("x", CultureInfo.InvariantCulture);
        var reply = Request(request);
        ThrowIfError(request, reply);
        if (reply.Length == 0)
        {
            throw GdbException.Protocol($"register {number} is not supported by the stub");
        }
        return GdbPacket.FromHex(reply.Replace('x', '0'));
    }

    /// <summary><c>P</c>: writes one register (bytes in target order).</summary>
    public void WriteRegister(int number, ReadOnlySpan<byte> value) =>
        RequestOk("P" + number.ToString("x", CultureInfo.InvariantCulture) + "=" + GdbPacket.ToHex(value));

    /// <summary><c>m</c>: reads memory, split into packets that fit the stub's packet size.</summary>
    public byte[] ReadMemory(uint address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var result = new byte[length];
        var chunk = Math.Max(16, (PacketSize - 8) / 2);
        for (var done = 0; done < length;)
        {
            var n = Math.Min(chunk, length - done);
            var at = unchecked(address + (uint)done);
            var request = string.Create(CultureInfo.InvariantCulture, $"m{at:x},{n:x}");
            var reply = Request(request);
            ThrowIfError(request, reply, at);
            var bytes = GdbPacket.FromHex(reply);
            if (bytes.Length == 0)
            {
                throw GdbException.ErrorReply(request, "(empty)", at);
            }
            bytes.AsSpan(0, Math.Min(bytes.Length, n)).CopyTo(result.AsSpan(done));
            done += Math.Min(bytes.Length, n);
        }
        return result;
    }

    /// <summary><c>M</c>: writes memory, split into packets that fit the stub's packet size.</summary>
    public void WriteMemory(uint address, ReadOnlySpan<byte> data)
    {
        var chunk = Math.Max(16, (PacketSize - 32) / 2);
        for (var done = 0; done < data.Length;)
        {
            var n = Math.Min(chunk, data.Length - done);
            var at = unchecked(address + (uint)done);
            RequestOk(string.Create(CultureInfo.InvariantCulture, $"M{at:x},{n:x}:") + GdbPacket.ToHex(data.Slice(done, n)), at);
            done += n;
        }
    }

    /// <summary><c>s</c>: executes one instruction and returns the stop reply.</summary>
    public GdbStopReply Step() => GdbStopReply.Parse(Request("s"));

    /// <summary>
    /// <c>c</c>: lets the target run until it stops (breakpoint, exit) or <paramref name="timeout"/> passes;
    /// then it is interrupted and the reply says <see cref="ContinueResult.TimedOut"/>.
    /// </summary>
    public ContinueResult Continue(TimeSpan timeout)
    {
        Send("c");
        try
        {
            return new ContinueResult(GdbStopReply.Parse(ReceivePacket(DateTime.UtcNow + timeout, "c")), false);
        }
        catch (GdbException ex) when (ex.Code == Stm32.Build.Diagnostics.DiagnosticCodes.GdbTimeout)
        {
            Interrupt();
            return new ContinueResult(GdbStopReply.Parse(ReceivePacket(DateTime.UtcNow + Timeout, "the stop after an interrupt")), true);
        }
    }

    /// <summary><c>Z0</c>: inserts a software breakpoint (<paramref name="kind"/> 2 = 16-bit Thumb, 4 = 32-bit).</summary>
    public void InsertBreakpoint(uint address, int kind = 2) =>
        RequestOk(string.Create(CultureInfo.InvariantCulture, $"Z0,{address:x},{kind:x}"), address);

    /// <summary><c>z0</c>: removes a software breakpoint.</summary>
    public void RemoveBreakpoint(uint address, int kind = 2) =>
        RequestOk(string.Create(CultureInfo.InvariantCulture, $"z0,{address:x},{kind:x}"), address);

    /// <summary><c>qXfer:features:read</c>: reads a whole target-description file (<c>target.xml</c> and its includes).</summary>
    public string ReadFeatureFile(string annex)
    {
        var text = new StringBuilder();
        var chunk = Math.Max(64, PacketSize - 5);
        for (var offset = 0; ; )
        {
            var request = string.Create(CultureInfo.InvariantCulture, $"qXfer:features:read:{annex}:{offset:x},{chunk:x}");
            var reply = Request(request);
            ThrowIfError(request, reply);
            if (reply.Length == 0)
            {
                throw GdbException.Protocol($"the stub does not provide the feature file '{annex}'");
            }
            text.Append(reply, 1, reply.Length - 1);
            offset += reply.Length - 1;
            if (reply[0] == 'l')
            {
                return text.ToString();
            }
            if (reply[0] != 'm')
            {
                throw GdbException.Protocol($"'{request}' answered with '{reply[0]}' instead of m or l");
            }
            if (text.Length > 1 << 20)
            {
                throw GdbException.Protocol($"the feature file '{annex}' is larger than 1 MiB");
            }
        }
    }

    /// <summary><c>k</c>: asks the stub to kill the target. QEMU exits without replying, so no reply is awaited.</summary>
    public void Kill()
    {
        try
        {
            Send("k");
        }
        catch (GdbException)
        {
            // The stub may already be gone; killing is best effort and the caller also ends the process.
        }
    }

    private static void ThrowIfError(string request, string reply, uint? address = null)
    {
        if (IsError(reply))
        {
            throw GdbException.ErrorReply(request, reply, address);
        }
    }
}

/// <summary>The outcome of <see cref="GdbRemoteClient.Continue"/>.</summary>
/// <param name="Stop">The stop reply.</param>
/// <param name="TimedOut">Whether the target had to be interrupted because it ran past the time limit.</param>
public sealed record ContinueResult(GdbStopReply Stop, bool TimedOut);
