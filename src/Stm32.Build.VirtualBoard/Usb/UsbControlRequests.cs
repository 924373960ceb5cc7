using System.Buffers.Binary;

namespace Stm32.Build.VirtualBoard.Usb;

/// <summary>
/// The standard requests on the default control pipe the probe answers (USB 2.0 9.4): GET_DESCRIPTOR,
/// GET_CONFIGURATION, GET_STATUS, SET_CONFIGURATION, SET_INTERFACE and CLEAR_FEATURE(ENDPOINT_HALT). Anything else
/// is a request error: the device answers with a STALL (USB 2.0 9.2.7).
/// </summary>
internal static class UsbControlRequests
{
    private const byte GetStatus = 0, ClearFeature = 1, GetDescriptor = 6, GetConfiguration = 8, SetConfiguration = 9, SetInterface = 11;
    private const byte DeviceToHost = 0x80, RecipientMask = 0x1F, RecipientEndpoint = 2, TypeMask = 0x60;
    private const ushort EndpointHalt = 0;

    /// <summary>
    /// Answers the SETUP packet <paramref name="setup"/>; IN data goes to <paramref name="data"/>. Returns the number
    /// of data bytes (IN: written, OUT: accepted), or -1 for a STALL.
    /// </summary>
    public static int Answer(StLinkUsbDescriptors descriptors, StLinkUsbFunction function, ReadOnlySpan<byte> setup, Span<byte> data)
    {
        var requestType = setup[0];
        var request = setup[1];
        var value = BinaryPrimitives.ReadUInt16LittleEndian(setup[2..]);
        var index = BinaryPrimitives.ReadUInt16LittleEndian(setup[4..]);
        var length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(setup[6..]), data.Length);
        if ((requestType & TypeMask) != 0)
        {
            return -1; // class and vendor requests: the debug interface has none
        }
        var input = (requestType & DeviceToHost) != 0;
        switch (request)
        {
            case GetDescriptor when input:
                return Copy(descriptors.Descriptor((byte)(value >> 8), (byte)value, index), data, length);
            case GetConfiguration when input:
                return Copy([1], data, length);
            case GetStatus when input:
                return Copy([0, 0], data, length); // bus powered, no remote wakeup, no endpoint halted that matters here
            case SetConfiguration when !input:
                return value is 0 or 1 ? 0 : -1;
            case SetInterface when !input:
                return value == 0 && index == 0 ? 0 : -1;
            case ClearFeature when !input && (requestType & RecipientMask) == RecipientEndpoint && value == EndpointHalt:
                function.ClearHalt((byte)index);
                return 0;
            default:
                return -1;
        }
    }

    private static int Copy(ReadOnlySpan<byte> answer, Span<byte> data, int length)
    {
        if (answer.IsEmpty && length > 0)
        {
            return -1;
        }
        var n = Math.Min(answer.Length, length);
        answer[..n].CopyTo(data);
        return n;
    }
}
