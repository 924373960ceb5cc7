using Xunit;
using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Debug;

namespace Stm32.Build.VirtualBoard.Tests.Debug;

/// <summary>
/// A small stand-in for the chip behind the debug port: 64 KiB of RAM at 0x20000000 on every AHB-AP, one 32-bit
/// register at 0xE00E1000 (DBGMCU_IDC's place) on the APB-AP, bus faults everywhere else; pins and run time set by the test.
/// </summary>
internal sealed class FakeDebugTarget : IDebugPortTarget
{
    public const uint RamStart = 0x20000000;
    public const int RamSize = 0x10000;
    public const uint ApbRegister = 0xE00E1000;

    public FakeDebugTarget()
    {
        Bus = new ArrayBus(this);
    }

    public byte[] Ram { get; } = new byte[RamSize];
    public uint ApbValue { get; set; } = 0x10016450;
    public ArrayBus Bus { get; }
    public bool Powered { get; set; } = true;
    public bool NrstLow { get; set; }
    public TimeSpan UserFirmwareRunTime { get; set; }
    public string? DebugPortSilentReason => null;
    public long AdvancedTo { get; private set; }
    public int BusWrites { get; private set; }

    public void AdvanceTo(long nanoseconds) => AdvancedTo = nanoseconds;

    public ISystemBus? AccessPortBus(int apIndex) => apIndex is >= 0 and <= 3 ? Bus : null;

    public bool IsAccessPortAvailable(int apIndex) => Powered && (apIndex == 2 || !NrstLow);

    public bool IsAccessPortAddressReachable(int apIndex, uint address) => IsAccessPortAvailable(apIndex);

    /// <summary>The standard H747 access ports (AP0/1/3 AHB, AP2 APB).</summary>
    public static DeviceDescription Device => DeviceCatalog.BuiltIn.Get("STM32H747XI");

    internal sealed class ArrayBus(FakeDebugTarget owner) : ISystemBus
    {
        public BusStatus Read(uint address, AccessSize size, out uint value)
        {
            value = 0;
            if (address == ApbRegister && size == AccessSize.Word)
            {
                value = owner.ApbValue;
                return BusStatus.Ok;
            }
            if (address < RamStart || address + (uint)size > RamStart + RamSize)
            {
                return BusStatus.Fault;
            }
            var span = owner.Ram.AsSpan((int)(address - RamStart));
            value = size switch
            {
                AccessSize.Byte => span[0],
                AccessSize.HalfWord => BinaryPrimitives.ReadUInt16LittleEndian(span),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(span),
            };
            return BusStatus.Ok;
        }

        public BusStatus Write(uint address, AccessSize size, uint value)
        {
            if (address == ApbRegister && size == AccessSize.Word)
            {
                owner.ApbValue = value;
                return BusStatus.Ok;
            }
            if (address < RamStart || address + (uint)size > RamStart + RamSize)
            {
                return BusStatus.Fault;
            }
            owner.BusWrites++;
            var span = owner.Ram.AsSpan((int)(address - RamStart));
            switch (size)
            {
                case AccessSize.Byte: span[0] = (byte)value; break;
                case AccessSize.HalfWord: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
                default: BinaryPrimitives.WriteUInt32LittleEndian(span, value); break;
            }
            return BusStatus.Ok;
        }

        public MemoryWindow? GetWindow(uint address) => null;
    }
}
