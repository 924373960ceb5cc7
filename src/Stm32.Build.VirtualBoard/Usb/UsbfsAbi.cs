namespace Stm32.Build.VirtualBoard.Usb;

/// <summary>
/// The Linux usbfs ABI as libusb 1.0.26's Linux backend uses it (<c>libusb/os/linux_usbfs.h</c>, mirroring the
/// kernel's <c>include/uapi/linux/usbdevice_fs.h</c>) on 64-bit Linux: ioctl request numbers (built from
/// <c>_IOC(dir, 'U', nr, size)</c>, <c>include/uapi/asm-generic/ioctl.h</c>), struct layouts, URB types, flags and
/// capability bits, and the errno values the kernel answers with (<c>asm-generic/errno-base.h</c>, <c>errno.h</c>).
/// </summary>
internal static class UsbfsAbi
{
    private const int IocNone = 0, IocWrite = 1, IocRead = 2;
    private const byte Type = (byte)'U';

    /// <summary>_IOC: direction in bits 31-30, size in 29-16, type in 15-8, number in 7-0.</summary>
    private static ulong Ioc(int direction, int number, int size) =>
        ((ulong)(uint)direction << 30) | ((ulong)(uint)size << 16) | ((ulong)Type << 8) | (uint)number;

    /// <summary>sizeof(struct usbdevfs_urb) without iso descriptors: 56 bytes.</summary>
    public const int UrbSize = 56;
    /// <summary>sizeof(struct usbdevfs_ctrltransfer): 24 bytes.</summary>
    public const int CtrlTransferSize = 24;

    // ioctl request numbers.
    public static readonly ulong Control = Ioc(IocRead | IocWrite, 0, CtrlTransferSize);
    public static readonly ulong SetInterface = Ioc(IocRead, 4, 8);
    public static readonly ulong SetConfiguration = Ioc(IocRead, 5, 4);
    public static readonly ulong GetDriver = Ioc(IocWrite, 8, 4 + 256);
    public static readonly ulong SubmitUrb = Ioc(IocRead, 10, UrbSize);
    public static readonly ulong DiscardUrb = Ioc(IocNone, 11, 0);
    public static readonly ulong ReapUrb = Ioc(IocWrite, 12, 8);
    public static readonly ulong ReapUrbNoDelay = Ioc(IocWrite, 13, 8);
    public static readonly ulong ClaimInterface = Ioc(IocRead, 15, 4);
    public static readonly ulong ReleaseInterface = Ioc(IocRead, 16, 4);
    public static readonly ulong ConnectInfo = Ioc(IocWrite, 17, 8);
    public static readonly ulong Ioctl = Ioc(IocRead | IocWrite, 18, 16);
    public static readonly ulong Reset = Ioc(IocNone, 20, 0);
    public static readonly ulong ClearHalt = Ioc(IocRead, 21, 4);
    public static readonly ulong GetCapabilities = Ioc(IocRead, 26, 4);
    public static readonly ulong DisconnectClaim = Ioc(IocRead, 27, 4 + 4 + 256);
    public static readonly ulong GetSpeed = Ioc(IocNone, 31, 0);

    // struct usbdevfs_urb.
    public const int UrbType = 0, UrbEndpoint = 1, UrbStatus = 4, UrbFlags = 8, UrbBuffer = 16, UrbBufferLength = 24, UrbActualLength = 28;
    // struct usbdevfs_ctrltransfer.
    public const int CtrlRequestType = 0, CtrlRequest = 1, CtrlValue = 2, CtrlIndex = 4, CtrlLength = 6, CtrlData = 16;
    // struct usbdevfs_connectinfo: devnum (u32), slow (u8).
    public const int ConnectInfoDevnum = 0, ConnectInfoSlow = 4;

    /// <summary>USBDEVFS_URB_TYPE_*.</summary>
    public const byte UrbTypeIso = 0, UrbTypeInterrupt = 1, UrbTypeControl = 2, UrbTypeBulk = 3;

    /// <summary>The 8-byte SETUP packet at the start of a control URB's buffer (USB 2.0 9.3).</summary>
    public const int SetupSize = 8;

    /// <summary>USBDEVFS_CAP_*: what this emulated kernel offers (no scatter-gather, like many host controllers).</summary>
    public const uint CapZeroPacket = 0x01, CapBulkContinuation = 0x02, CapNoPacketSizeLimit = 0x04, CapReapAfterDisconnect = 0x10;

    /// <summary>USBDEVFS_URB_SHORT_NOT_OK: a short IN packet ends the URB with -EREMOTEIO.</summary>
    public const uint UrbFlagShortNotOk = 0x01;

    /// <summary>enum usb_device_speed values GET_SPEED returns.</summary>
    public const int SpeedFull = 2, SpeedHigh = 3;

    // errno.
    public const int ENOENT = 2, EIO = 5, EAGAIN = 11, ENOMEM = 12, EBUSY = 16, ENODEV = 19, EINVAL = 22, ENOTTY = 25, EPIPE = 32,
        ENODATA = 61, ESHUTDOWN = 108, EREMOTEIO = 121;
}
