using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.StLink.Target;

namespace Stm32.Build.StLink;

public sealed partial class StLinkProbe
{
    /// <summary>
    /// Identifies the target: the DP IDCODE, DBGMCU_IDCODE (DEV_ID, REV_ID and the revision letter from the device
    /// data), the flash size register, the 96-bit unique ID and, on the STM32H7, the option bytes in effect.
    /// DBGMCU is read through the system bus (AP 0) or, while NRST is held or the bus does not answer, through the
    /// debug APB access port. Pass <paramref name="device"/> when it is known; otherwise the device data is
    /// searched by DEV_ID and flash size. Reads that fail leave their field null.
    /// </summary>
    public TargetIdentity IdentifyTarget(DeviceDescription? device = null, DeviceCatalog? catalog = null)
    {
        ThrowIfNotConnected();
        catalog ??= DeviceCatalog.BuiltIn;
        var places = device is not null
            ? [device]
            : catalog.Devices.DistinctBy(d => (d.DbgmcuIdcodeAddress, d.DbgmcuApbAddress, d.DbgmcuAccessPort)).ToList();
        uint idcode = 0, unknown = 0;
        ProbeException? failure = null;
        foreach (var place in places)
        {
            foreach (var (ap, address) in DbgmcuRoutes(place))
            {
                try
                {
                    idcode = ReadWord(ap, address);
                    // Families keep DBGMCU at different addresses (0x5C001000 on the H7, 0xE0042000 on F1/F4/F7/G4/L4,
                    // 0x40015800 on the G0): a value read at one family's address counts only when a part with that
                    // address has that DEV_ID, or nothing else is found.
                    if ((idcode & 0xFFF) != 0 && (device is not null || catalog.Devices.Any(d => d.DevId == (idcode & 0xFFF) && SamePlace(d, place))))
                    {
                        break;
                    }
                    unknown = unknown == 0 ? idcode : unknown;
                    idcode = 0;
                }
                catch (StLinkCommandException ex)
                {
                    failure = ex;
                }
            }
            if ((idcode & 0xFFF) != 0)
            {
                break;
            }
        }
        idcode = idcode == 0 ? unknown : idcode;
        if ((idcode & 0xFFF) == 0 && failure is not null)
        {
            throw failure;
        }

        var devId = (ushort)(idcode & 0xFFF);
        var revId = (ushort)(idcode >> 16);
        var candidates = catalog.FindByDevId(devId).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var reference = device ?? candidates.FirstOrDefault();
        int? flashKiB = null;
        byte[]? uid = null;
        H7OptionBytes? options = null;
        if (reference is not null && !_nrstLow)
        {
            flashKiB = Try(() => (int)ReadHalfWord(0, reference.FlashSizeRegister));
            if (flashKiB is int kib && device is null)
            {
                var sized = candidates.Where(c => c.FlashSize == (uint)kib * 1024).ToList();
                if (sized.Count > 0)
                {
                    candidates = sized;
                }
            }
            if (device is null && candidates.Any(c => c.IsDualCore) && candidates.Any(c => !c.IsDualCore))
            {
                // Dual-core parts have a second core's MEM-AP: a non-zero IDR (ADIv5.2 C1.2.5, AP register 0xFC) on its index.
                var secondAp = candidates.First(c => c.IsDualCore).Cores[1].AccessPort;
                if (TryReadApIdr(secondAp) is uint idr)
                {
                    var dualCore = idr != 0;
                    candidates = candidates.Where(c => c.IsDualCore == dualCore).ToList();
                }
            }
            uid = Try(() => ReadMemory(0, reference.UniqueIdAddress, 12));
            if (reference.Family == "STM32H7")
            {
                var dual = device?.IsDualCore ?? (candidates.Count > 0 && candidates.All(c => c.IsDualCore));
                options = Try(() => new H7OptionBytes(
                    ReadWord(0, reference.FlashRegistersBase + H7OptionBytes.OptsrCurOffset),
                    ReadWord(0, reference.FlashRegistersBase + H7OptionBytes.Boot7CurOffset),
                    dual ? ReadWord(0, reference.FlashRegistersBase + H7OptionBytes.Boot4CurOffset) : null));
            }
        }
        var chosen = device ?? (candidates.Count == 1 ? candidates[0] : null);
        var letterSource = chosen ?? candidates.FirstOrDefault();
        return new TargetIdentity
        {
            DpIdcode = DpIdcode,
            DbgmcuIdcode = idcode,
            Revision = letterSource is null ? null : RevisionLetter(letterSource, revId),
            Device = chosen,
            Candidates = candidates,
            FlashSizeKiB = flashKiB,
            UniqueId = uid,
            OptionBytes = options,
        };
    }

    private static bool SamePlace(DeviceDescription a, DeviceDescription b) =>
        a.DbgmcuIdcodeAddress == b.DbgmcuIdcodeAddress && a.DbgmcuApbAddress == b.DbgmcuApbAddress && a.DbgmcuAccessPort == b.DbgmcuAccessPort;

    private IEnumerable<(int Ap, uint Address)> DbgmcuRoutes(DeviceDescription d)
    {
        var apb = d.DbgmcuAccessPort is int ap && d.DbgmcuApbAddress is uint a && Version.Has(StLinkFeatures.MultiAp | StLinkFeatures.DpBankSelect)
            ? (ap, a) : ((int, uint)?)null;
        if (_nrstLow && apb is { } first)
        {
            yield return first;
            yield break;
        }
        yield return (0, d.DbgmcuIdcodeAddress);
        if (apb is { } fallback)
        {
            yield return fallback;
        }
    }

    /// <summary>The revision letter for a REV_ID from the device data, or null.</summary>
    public static string? RevisionLetter(DeviceDescription device, ushort revId)
    {
        var key = "0x" + revId.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var (k, v) in device.Revisions)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }
        return null;
    }

    private uint? TryReadApIdr(int accessPort)
    {
        if (!Version.Has(StLinkFeatures.DapRegisters | StLinkFeatures.MultiAp))
        {
            return null;
        }
        try
        {
            return ReadAccessPortRegister(accessPort, 0xFC);
        }
        catch (StLinkCommandException)
        {
            return 0;
        }
    }

    private static T? Try<T>(Func<T> read) where T : class
    {
        try
        {
            return read();
        }
        catch (StLinkCommandException)
        {
            return null;
        }
    }

    private static int? Try(Func<int> read)
    {
        try
        {
            return read();
        }
        catch (StLinkCommandException)
        {
            return null;
        }
    }
}
