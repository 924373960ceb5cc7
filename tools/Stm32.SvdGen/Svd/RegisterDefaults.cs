using System.Xml.Linq;
using Stm32.SvdGen.Model;

namespace Stm32.SvdGen.Svd;

/// <summary>
/// The SVD <c>registerPropertiesGroup</c> (size, access, resetValue, resetMask) as inherited from device to
/// peripheral to cluster to register: each level gives only what it changes.
/// </summary>
internal readonly record struct RegisterDefaults(int SizeBits, Access Access, uint ResetValue, uint ResetMask)
{
    /// <summary>What applies when no level says anything (CMSIS-SVD: 32-bit, read-write, reset 0, mask all ones).</summary>
    public static RegisterDefaults Initial => new(32, Access.ReadWrite, 0, 0xFFFF_FFFF);

    /// <summary>The properties an element gives, on top of <paramref name="outer"/>.</summary>
    public static RegisterDefaults Read(SvdReader reader, XElement element, RegisterDefaults outer)
    {
        var size = reader.Number(element, "size");
        if (size is not (null or 8 or 16 or 32))
        {
            throw reader.Error(element.Element("size")!, $"register size {size} bits is not supported (8, 16 or 32)");
        }
        var access = outer.Access;
        if (SvdReader.Text(element, "access") is { } text && !Codes.TryParseSvdAccess(text, out access))
        {
            throw reader.Error(element.Element("access")!, $"unknown access '{text}'");
        }
        return new RegisterDefaults(
            (int?)size ?? outer.SizeBits,
            access,
            reader.Number(element, "resetValue") ?? outer.ResetValue,
            reader.Number(element, "resetMask") ?? outer.ResetMask);
    }
}
