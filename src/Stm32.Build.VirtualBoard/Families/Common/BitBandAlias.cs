using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// A bit-band alias region of a Cortex-M3/M4 (ARMv7-M B3.5 is optional; the Cortex-M3 and M4 TRMs, "Bit-banding",
/// implement it): each word of the alias maps to one bit of the bit-band region, the bit at
/// <c>(alias offset / 32)</c> bytes and bit <c>(alias offset / 4) % 8</c>. A read returns that bit (0 or 1); a
/// write reads the byte holding it, changes the bit to bit 0 of the written value and writes the byte back (one
/// read-modify-write on the bus, as the core's bus matrix does it, so a peripheral sees a byte access). ST's F1/F4
/// HAL and CMSIS drivers use the peripheral alias (0x42000000 for 0x40000000) to set single bits of RCC and PWR
/// registers.
/// </summary>
public sealed class BitBandAlias : IBusTarget
{
    private readonly uint _regionStart;
    private readonly Func<BusInitiator, ISystemBus?> _bus;

    /// <summary>The alias of the bit-band region starting at <paramref name="regionStart"/>, reaching it through the initiator's bus.</summary>
    public BitBandAlias(string name, uint regionStart, Func<BusInitiator, ISystemBus?> bus)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _regionStart = regionStart;
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
    }

    /// <summary>The size of an alias region: 32 MiB for a 1 MiB bit-band region.</summary>
    public const uint AliasSize = 0x0200_0000;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value)
    {
        value = 0;
        if (_bus(initiator) is not { } bus)
        {
            return BusStatus.Fault;
        }
        var (address, bit) = Target(offset);
        var status = bus.Read(address, AccessSize.Byte, out var b);
        value = (b >> bit) & 1;
        return status;
    }

    /// <inheritdoc />
    public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator)
    {
        if (_bus(initiator) is not { } bus)
        {
            return BusStatus.Fault;
        }
        var (address, bit) = Target(offset);
        var status = bus.Read(address, AccessSize.Byte, out var b);
        if (status != BusStatus.Ok)
        {
            return status;
        }
        b = (value & 1) != 0 ? b | (1u << bit) : b & ~(1u << bit);
        return bus.Write(address, AccessSize.Byte, b & 0xFF);
    }

    /// <inheritdoc />
    public TargetWindow? GetWindow(uint offset, BusInitiator initiator) => null;

    private (uint Address, int Bit) Target(uint offset) => (_regionStart + (offset >> 5), (int)((offset >> 2) & 7));
}
