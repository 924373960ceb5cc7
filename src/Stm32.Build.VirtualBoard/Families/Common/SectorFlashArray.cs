using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// A flash bank's array of a <see cref="SectorFlashInterface"/> on the bus: reads from the array, writes are program
/// operations. Composed at the bank's address, and on the STM32F7 also at its ITCM alias (RM0385 2.3.1: the flash
/// on the ITCM interface at 0x00200000, the same bytes), where writes are refused.
/// </summary>
/// <param name="flash">The flash interface.</param>
/// <param name="bank">The bank of the device data whose array this is.</param>
/// <param name="name">The target's name.</param>
/// <param name="writable">Whether writes program (the AXIM/AHB address) or are bus errors (an alias).</param>
internal sealed class SectorFlashArray(SectorFlashInterface flash, FlashBank bank, string name, bool writable = true) : IBusTarget
{
    public string Name => name;

    public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value) =>
        flash.ReadArray(bank.Start + offset, size, initiator, out value);

    public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator) =>
        writable ? flash.WriteArray(bank.Start + offset, size, value, initiator) : BusStatus.Fault;

    public TargetWindow? GetWindow(uint offset, BusInitiator initiator) =>
        initiator.IsDebugger ? null : new TargetWindow(0, flash.BankArray(bank.Number), Writable: false);
}
