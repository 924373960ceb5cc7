using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stm32.Build.VirtualBoard.Usb.Native;

namespace Stm32.Build.VirtualBoard.Usb;

/// <summary>
/// The usbfs ioctls of one probe's device node, answered as the Linux kernel's <c>drivers/usb/core/devio.c</c>
/// does for what libusb 1.0.26 (<c>os/linux_usbfs.c</c>) and OpenOCD use: SUBMITURB, REAPURBNDELAY, DISCARDURB,
/// CONTROL, GET_CAPABILITIES, CLAIMINTERFACE/RELEASEINTERFACE/DISCONNECT_CLAIM, SETCONFIGURATION, SETINTERFACE,
/// CLEAR_HALT, RESET, GETDRIVER, CONNECTINFO, GET_SPEED; anything else is ENOTTY. URBs belong to the open file
/// (umockdev client) that submitted them and are reaped by it; OUT and control URBs complete at once, IN URBs when
/// the probe has their data (<see cref="StLinkUsbFunction"/>). An open file of an earlier enumeration (before an
/// unplug) gets ENODEV, after reaping what it had in flight. umockdev calls <see cref="OnHandleIoctl"/> on its test
/// bed's worker thread; <see cref="UsbfsProbeDevice.Sync"/> serialises it with unplugging and replugging.
/// </summary>
internal sealed unsafe class UsbfsIoctls
{
    private readonly UsbfsProbeDevice _device;
    private readonly List<Urb> _pendingIn = [];
    private readonly Dictionary<IntPtr, Queue<Urb>> _reapable = [];
    private IntPtr _claimant;
    private GCHandle _self;

    public UsbfsIoctls(UsbfsProbeDevice device)
    {
        _device = device;
        _self = GCHandle.Alloc(this);
        Handler = Umockdev.umockdev_ioctl_base_new();
        delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int> callback = &OnHandleIoctl;
        Umockdev.g_signal_connect_data(Handler, "handle-ioctl", (IntPtr)callback, GCHandle.ToIntPtr(_self), IntPtr.Zero, 0);
    }

    /// <summary>The UMockdevIoctlBase attached to the device node.</summary>
    public IntPtr Handler { get; private set; }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnHandleIoctl(IntPtr handler, IntPtr client, IntPtr self)
    {
        var ioctls = (UsbfsIoctls)GCHandle.FromIntPtr(self).Target!;
        nint result;
        int errno;
        try
        {
            (result, errno) = ioctls.Dispatch(client);
        }
        catch (Exception ex)
        {
            ioctls._device.Log?.Invoke("usb: ioctl failed: " + ex.Message);
            (result, errno) = (-1, UsbfsAbi.EIO);
        }
        Umockdev.umockdev_ioctl_client_complete(client, result, errno);
        return 1;
    }

    private (nint Result, int Errno) Dispatch(IntPtr client)
    {
        var request = (ulong)Umockdev.umockdev_ioctl_client_get_request(client);
        var arg = new IoctlData(Umockdev.umockdev_ioctl_client_get_arg(client));
        lock (_device.Sync)
        {
            var current = _device.Present && Marshal.PtrToStringUTF8(Umockdev.umockdev_ioctl_client_get_devnode(client)) == _device.DeviceNode;
            if (request == UsbfsAbi.ReapUrbNoDelay)
            {
                return Reap(client, arg, current);
            }
            if (request == UsbfsAbi.DiscardUrb)
            {
                return Discard(client, MemoryMarshal.Read<ulong>(arg.Bytes));
            }
            if (!current)
            {
                return (-1, UsbfsAbi.ENODEV);
            }
            if (request == UsbfsAbi.SubmitUrb)
            {
                return Submit(client, arg);
            }
            if (request == UsbfsAbi.Control)
            {
                return Control(arg);
            }
            if (request == UsbfsAbi.GetCapabilities)
            {
                return Write(arg, sizeof(uint), d => MemoryMarshal.Write(d,
                    UsbfsAbi.CapZeroPacket | UsbfsAbi.CapBulkContinuation | UsbfsAbi.CapNoPacketSizeLimit | UsbfsAbi.CapReapAfterDisconnect));
            }
            if (request == UsbfsAbi.ClaimInterface || request == UsbfsAbi.DisconnectClaim)
            {
                return Claim(client, ReadUInt(arg, 0));
            }
            if (request == UsbfsAbi.ReleaseInterface)
            {
                return ReleaseInterface(client, ReadUInt(arg, 0));
            }
            if (request == UsbfsAbi.SetConfiguration)
            {
                return ReadUInt(arg, 0) == 1 ? (0, 0) : (-1, UsbfsAbi.EINVAL);
            }
            if (request == UsbfsAbi.SetInterface)
            {
                return ReadUInt(arg, 0) == 0 && ReadUInt(arg, 4) == 0 ? (0, 0) : (-1, UsbfsAbi.EINVAL);
            }
            if (request == UsbfsAbi.ClearHalt)
            {
                _device.Function.ClearHalt((byte)ReadUInt(arg, 0));
                return (0, 0);
            }
            if (request == UsbfsAbi.Reset)
            {
                _device.Function.Reset();
                return (0, 0);
            }
            if (request == UsbfsAbi.GetDriver || request == UsbfsAbi.Ioctl)
            {
                return (-1, UsbfsAbi.ENODATA); // no kernel driver is bound to the interface
            }
            if (request == UsbfsAbi.ConnectInfo)
            {
                var address = (uint)_device.Address;
                return Write(arg, 8, d =>
                {
                    MemoryMarshal.Write(d, address);
                    d[UsbfsAbi.ConnectInfoSlow] = 0;
                });
            }
            if (request == UsbfsAbi.GetSpeed)
            {
                return (_device.Descriptors.HighSpeed ? UsbfsAbi.SpeedHigh : UsbfsAbi.SpeedFull, 0);
            }
            _device.Log?.Invoke($"usb: {_device.DeviceNode}: ioctl 0x{request:X8} is not emulated (ENOTTY)");
            return (-1, UsbfsAbi.ENOTTY);
        }
    }

    private (nint, int) Submit(IntPtr client, IoctlData arg)
    {
        ForgetClosedFiles();
        var clientAddress = MemoryMarshal.Read<ulong>(arg.Bytes);
        var data = arg.Resolve(0, UsbfsAbi.UrbSize);
        var urb = new Urb(client, clientAddress, data);
        var done = false;
        try
        {
            if (urb.Type == UsbfsAbi.UrbTypeControl)
            {
                if (urb.Endpoint != 0 || urb.Length < UsbfsAbi.SetupSize)
                {
                    return (-1, UsbfsAbi.EINVAL);
                }
                urb.Buffer = data.Resolve(UsbfsAbi.UrbBuffer, urb.Length);
                var bytes = urb.Buffer.Bytes;
                var n = UsbControlRequests.Answer(_device.Descriptors, _device.Function, bytes[..UsbfsAbi.SetupSize], bytes[UsbfsAbi.SetupSize..]);
                Complete(urb, n < 0 ? -UsbfsAbi.EPIPE : 0, Math.Max(n, 0));
                done = true;
                return (0, 0);
            }
            if (urb.Type != UsbfsAbi.UrbTypeBulk)
            {
                return (-1, UsbfsAbi.EINVAL);
            }
            if (!_device.Descriptors.HasEndpoint(urb.Endpoint))
            {
                return (-1, UsbfsAbi.ENOENT); // no such endpoint in the active configuration
            }
            if (ClaimedByAnother(client))
            {
                return (-1, UsbfsAbi.EBUSY);
            }
            urb.Buffer = urb.Length > 0 ? data.Resolve(UsbfsAbi.UrbBuffer, urb.Length) : default;
            done = true;
            if ((urb.Endpoint & 0x80) == 0)
            {
                Out(urb);
            }
            else
            {
                _pendingIn.Add(urb);
            }
            ServeIn();
            return (0, 0);
        }
        finally
        {
            if (!done)
            {
                urb.Release();
            }
        }
    }

    private void Out(Urb urb)
    {
        BulkOutcome outcome;
        lock (_device.Gate ?? _device.Sync)
        {
            _device.KeepRealTime();
            outcome = _device.Function.Out(urb.Buffer.IsNull ? [] : urb.Buffer.Bytes);
        }
        switch (outcome)
        {
            case BulkOutcome.Completed:
                Complete(urb, 0, urb.Length);
                break;
            case BulkOutcome.Stalled:
                _device.Log?.Invoke($"usb: {_device.DeviceNode}: OUT endpoint halted: {_device.Function.LastFault}");
                Complete(urb, -UsbfsAbi.EPIPE, 0);
                break;
            default:
                Complete(urb, -UsbfsAbi.ESHUTDOWN, 0);
                _device.LeftTheBus();
                break;
        }
    }

    /// <summary>Moves reply bytes into the IN URBs waiting for them, in submission order.</summary>
    private void ServeIn()
    {
        for (var i = 0; i < _pendingIn.Count;)
        {
            var urb = _pendingIn[i];
            if (!urb.ClientConnected)
            {
                _pendingIn.RemoveAt(i); // its file was closed: the kernel kills its URBs
                urb.Release();
                continue;
            }
            var received = urb.Received;
            var outcome = _device.Function.In(urb.Endpoint, urb.Buffer.IsNull ? [] : urb.Buffer.Bytes, ref received);
            urb.Received = received;
            if (outcome == BulkOutcome.Pending)
            {
                i++;
                continue;
            }
            _pendingIn.RemoveAt(i);
            var status = outcome == BulkOutcome.Stalled ? -UsbfsAbi.EPIPE
                : received < urb.Length && (urb.Flags & UsbfsAbi.UrbFlagShortNotOk) != 0 ? -UsbfsAbi.EREMOTEIO
                : 0;
            Complete(urb, status, received);
        }
    }

    private (nint, int) Reap(IntPtr client, IoctlData arg, bool current)
    {
        if (_reapable.TryGetValue(client, out var queue) && queue.TryDequeue(out var urb))
        {
            var slot = arg.Resolve(0, sizeof(ulong));
            try
            {
                var bytes = urb.Data.Bytes;
                MemoryMarshal.Write(bytes[UsbfsAbi.UrbStatus..], urb.Status);
                MemoryMarshal.Write(bytes[UsbfsAbi.UrbActualLength..], urb.Received);
                Umockdev.umockdev_ioctl_data_set_ptr(slot.Handle, 0, urb.Data.Handle);
            }
            finally
            {
                slot.Unref();
                urb.Release(); // the reply tree holds what it needs until umockdev has written it back
            }
            return (0, 0);
        }
        return current ? (-1, UsbfsAbi.EAGAIN) : (-1, UsbfsAbi.ENODEV);
    }

    private (nint, int) Discard(IntPtr client, ulong clientAddress)
    {
        var urb = _pendingIn.Find(u => u.Client == client && u.ClientAddress == clientAddress);
        if (urb is null)
        {
            return (-1, UsbfsAbi.EINVAL); // not in flight (already completed, or never submitted)
        }
        _pendingIn.Remove(urb);
        Complete(urb, -UsbfsAbi.ENOENT, urb.Received);
        return (0, 0);
    }

    private (nint, int) Control(IoctlData arg)
    {
        var transfer = arg.Resolve(0, UsbfsAbi.CtrlTransferSize);
        try
        {
            var t = transfer.Bytes;
            var length = MemoryMarshal.Read<ushort>(t[UsbfsAbi.CtrlLength..]);
            Span<byte> setup = stackalloc byte[UsbfsAbi.SetupSize];
            t[..UsbfsAbi.SetupSize].CopyTo(setup);
            var data = length > 0 ? transfer.Resolve(UsbfsAbi.CtrlData, length) : default;
            try
            {
                var n = UsbControlRequests.Answer(_device.Descriptors, _device.Function, setup, data.IsNull ? [] : data.Bytes);
                return n < 0 ? (-1, UsbfsAbi.EPIPE) : (n, 0);
            }
            finally
            {
                data.Unref();
            }
        }
        finally
        {
            transfer.Unref();
        }
    }

    private (nint, int) Claim(IntPtr client, uint interfaceNumber)
    {
        if (interfaceNumber != 0)
        {
            return (-1, UsbfsAbi.ENOENT);
        }
        if (ClaimedByAnother(client))
        {
            return (-1, UsbfsAbi.EBUSY);
        }
        if (_claimant != client)
        {
            Umockdev.g_object_ref(client);
            if (_claimant != IntPtr.Zero)
            {
                Umockdev.g_object_unref(_claimant);
            }
            _claimant = client;
        }
        return (0, 0);
    }

    private (nint, int) ReleaseInterface(IntPtr client, uint interfaceNumber)
    {
        if (interfaceNumber != 0 || _claimant != client)
        {
            return (-1, UsbfsAbi.EINVAL);
        }
        Umockdev.g_object_unref(_claimant);
        _claimant = IntPtr.Zero;
        return (0, 0);
    }

    /// <summary>Whether another open file, still open, has claimed the interface.</summary>
    private bool ClaimedByAnother(IntPtr client) =>
        _claimant != IntPtr.Zero && _claimant != client && Umockdev.umockdev_ioctl_client_get_connected(_claimant) != 0;

    /// <summary>Fails every IN URB in flight with <paramref name="status"/> (a disconnect: -ESHUTDOWN) and forgets the claim.</summary>
    public void FailInFlight(int status)
    {
        foreach (var urb in _pendingIn)
        {
            Complete(urb, status, urb.Received);
        }
        _pendingIn.Clear();
        if (_claimant != IntPtr.Zero)
        {
            Umockdev.g_object_unref(_claimant);
            _claimant = IntPtr.Zero;
        }
    }

    /// <summary>Drops every URB and reference (the bus is closing).</summary>
    public void Release()
    {
        lock (_device.Sync)
        {
            FailInFlight(-UsbfsAbi.ESHUTDOWN);
            foreach (var queue in _reapable.Values)
            {
                foreach (var urb in queue)
                {
                    urb.Release();
                }
            }
            _reapable.Clear();
        }
    }

    /// <summary>Releases the completed URBs of files closed without reaping them.</summary>
    private void ForgetClosedFiles()
    {
        foreach (var (client, queue) in _reapable.Where(q => q.Value.Count > 0 && !q.Value.Peek().ClientConnected).ToList())
        {
            while (queue.TryDequeue(out var urb))
            {
                urb.Release();
            }
            _reapable.Remove(client);
        }
    }

    private void Complete(Urb urb, int status, int received)
    {
        urb.Status = status;
        urb.Received = received;
        if (!_reapable.TryGetValue(urb.Client, out var queue))
        {
            _reapable[urb.Client] = queue = new Queue<Urb>();
        }
        queue.Enqueue(urb);
    }

    private static uint ReadUInt(IoctlData arg, int offset)
    {
        var value = arg.Resolve(0, offset + sizeof(uint));
        try
        {
            return MemoryMarshal.Read<uint>(value.Bytes[offset..]);
        }
        finally
        {
            value.Unref();
        }
    }

    private static (nint, int) Write(IoctlData arg, int size, SpanAction write)
    {
        var value = arg.Resolve(0, size);
        try
        {
            write(value.Bytes);
            return (0, 0);
        }
        finally
        {
            value.Unref();
        }
    }

    private delegate void SpanAction(Span<byte> bytes);

    /// <summary>One URB in flight: the client's struct usbdevfs_urb and its buffer, resolved into local memory; it holds a reference on its client.</summary>
    private sealed class Urb
    {
        public Urb(IntPtr client, ulong clientAddress, IoctlData data)
        {
            Client = Umockdev.g_object_ref(client);
            ClientAddress = clientAddress;
            Data = data;
        }

        public IntPtr Client { get; }
        public bool ClientConnected => Umockdev.umockdev_ioctl_client_get_connected(Client) != 0;
        public ulong ClientAddress { get; }
        public IoctlData Data { get; }
        public IoctlData Buffer { get; set; }
        public byte Type => Data.Bytes[UsbfsAbi.UrbType];
        public byte Endpoint => Data.Bytes[UsbfsAbi.UrbEndpoint];
        public uint Flags => MemoryMarshal.Read<uint>(Data.Bytes[UsbfsAbi.UrbFlags..]);
        public int Length => Math.Max(0, MemoryMarshal.Read<int>(Data.Bytes[UsbfsAbi.UrbBufferLength..]));
        public int Status { get; set; }
        public int Received { get; set; }

        public void Release()
        {
            Buffer.Unref();
            Data.Unref();
            Umockdev.g_object_unref(Client);
        }
    }
}
