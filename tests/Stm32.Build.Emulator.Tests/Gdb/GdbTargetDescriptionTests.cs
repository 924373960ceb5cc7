using Stm32.Build.Emulator.Gdb;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Gdb;

/// <summary>Target-description parsing: includes, implicit numbering and regnum jumps (GDB manual, Target Descriptions).</summary>
public sealed class GdbTargetDescriptionTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["target.xml"] = "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target><architecture>arm</architecture>"
            + "<xi:include href=\"core.xml\"/><xi:include href=\"fp.xml\"/></target>",
        ["core.xml"] = "<?xml version=\"1.0\"?><!DOCTYPE feature SYSTEM \"gdb-target.dtd\"><feature name=\"org.gnu.gdb.arm.m-profile\">"
            + "<reg name=\"r0\" bitsize=\"32\"/><reg name=\"r1\" bitsize=\"32\"/><reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
            + "<reg name=\"xpsr\" bitsize=\"32\" regnum=\"25\"/></feature>",
        ["fp.xml"] = "<feature name=\"org.gnu.gdb.arm.vfp\"><reg name=\"d0\" bitsize=\"64\" type=\"ieee_double\"/><reg name=\"fpscr\" bitsize=\"32\" group=\"float\"/></feature>",
    };

    [Fact]
    public void RegistersAreNumberedInOrderWithRegnumJumps()
    {
        var d = GdbTargetDescription.Load(f => Files[f]);
        Assert.Equal("arm", d.Architecture);
        Assert.Equal([0, 1, 2, 25, 26, 27], d.Registers.Select(r => r.Number));
        Assert.Equal("org.gnu.gdb.arm.vfp", d.Get("d0").Feature);
        Assert.Equal(8, d.Get("D0").ByteSize);
        Assert.Null(d.Find("s0"));
        Assert.Throws<GdbException>(() => d.Get("s0"));
    }

    [Fact]
    public void GPacketOffsetsPackRegistersThatFit()
    {
        var d = GdbTargetDescription.Load(f => Files[f]);
        var offsets = d.GPacketOffsets(16);
        Assert.Equal(0, offsets["r0"]);
        Assert.Equal(8, offsets["pc"]);
        Assert.Equal(12, offsets["xpsr"]);
        Assert.False(offsets.ContainsKey("d0"));
    }

    [Fact]
    public void MalformedXmlIsAProtocolError()
    {
        var ex = Assert.Throws<GdbException>(() => GdbTargetDescription.Load(_ => "<target><reg name="));
        Assert.Equal("STM7902", ex.Code);
    }
}
