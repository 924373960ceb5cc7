using Stm32.Build.Diagnostics;
using Stm32.SvdGen.Corrections;
using Stm32.SvdGen.Model;
using Stm32.SvdGen.Svd;
using Xunit;

namespace Stm32.SvdGen.Tests;

/// <summary>Corrections: parsing, applying them (derived peripherals follow their base), and refusing lines that do not apply.</summary>
public class CorrectionTests
{
    private static DeviceModel Device(string name = "TEST") => SvdReader.Read(SvdSamples.Device(SvdSamples.Derived), name, "test.svd");

    private static DeviceModel Apply(params string[] lines)
    {
        var device = Device();
        var applier = new CorrectionApplier(CorrectionParser.Parse(lines, "fix.txt"));
        applier.Apply(device);
        applier.CheckAllUsed();
        return device;
    }

    [Fact]
    public void Register_field_and_interrupt_properties_change_as_the_line_says()
    {
        var device = Apply(
            "* USART1.ISR reset=0x0C0 access=r mask=0xFF | RM 1.1",
            "* USART1.CR1.UE bits=1 access=w write=w1c read=rc | RM 1.2",
            "* USART1@USART1 number=40 name=USART1_GLOBAL | RM 1.3");
        var usart1 = device.Find("USART1")!;
        Assert.Equal(0xFFu, usart1.Find("ISR")!.ResetMask);
        var ue = usart1.Find("CR1")!.Find("UE")!;
        Assert.Equal((1, 1, Access.WriteOnly, ModifiedWrite.OneToClear, ReadAction.Clear), (ue.Position, ue.Width, ue.Access, ue.ModifiedWrite, ue.ReadAction));
        Assert.Equal([("USART1_GLOBAL", 40)], usart1.Interrupts.Select(i => (i.Name, i.Number)));
    }

    [Fact]
    public void Additions_and_deletions_of_peripherals_registers_fields_and_interrupts()
    {
        var device = Apply(
            "* +DBGMCU base=0x5C001000 size=0x400 group=DBGMCU | RM 61.5",
            "* +DBGMCU.CR offset=0x4 reset=0x1 | RM 61.5.2",
            "* +DBGMCU.CR.DBGSLEEP bits=0 | RM 61.5.2",
            "* +DBGMCU.CR2 offset=0x8 from=CR | RM 61.5.3",
            "* +DBGMCU@DBG number=5 | RM 19",
            "* -USART1.ISR | RM 1.4",
            "* -USART1.CR1.UE | RM 1.5",
            "* -USART2@USART2 | RM 1.6",
            "* -USART3 | RM 1.7");
        var dbgmcu = device.Find("DBGMCU")!;
        Assert.Equal((0x5C00_1000u, 0x400u, "DBGMCU"), (dbgmcu.BaseAddress, dbgmcu.Size, dbgmcu.GroupName));
        Assert.Equal((0x4u, 1u), (dbgmcu.Find("CR")!.Offset, dbgmcu.Find("CR")!.ResetValue));
        Assert.Equal(["DBGSLEEP"], dbgmcu.Find("CR2")!.Fields.Select(f => f.Name)); // a copy of CR at its own offset
        Assert.Equal(0x8u, dbgmcu.Find("CR2")!.Offset);
        Assert.Equal(5, dbgmcu.Interrupts.Single().Number);
        Assert.Null(device.Find("USART1")!.Find("ISR"));
        Assert.Empty(device.Find("USART1")!.Find("CR1")!.Fields);
        Assert.Empty(device.Find("USART2")!.Interrupts);
        Assert.Null(device.Find("USART3"));
    }

    [Fact]
    public void A_correction_of_the_base_reaches_derived_peripherals_and_one_of_a_derived_peripheral_stays_there()
    {
        var device = Apply(
            "* USART2.ISR reset=0xC8 | RM 2.1",      // a line about the derived peripheral, placed first
            "* USART1.ISR access=w | RM 2.2",        // the base: reaches USART2 and USART3
            "* USART[23].CR1 reset=0x5 | RM 2.3");   // a pattern over peripheral names
        Assert.Equal((Access.WriteOnly, 0xC0u, 0u), Facts(device, "USART1"));
        Assert.Equal((Access.WriteOnly, 0xC8u, 5u), Facts(device, "USART2"));
        Assert.Equal((Access.WriteOnly, 0xC0u, 5u), Facts(device, "USART3"));

        static (Access, uint, uint) Facts(DeviceModel d, string p) =>
            (d.Find(p)!.Find("ISR")!.Access, d.Find(p)!.Find("ISR")!.ResetValue, d.Find(p)!.Find("CR1")!.ResetValue);
    }

    [Fact]
    public void Table_patterns_select_which_devices_a_line_applies_to()
    {
        var corrections = CorrectionParser.Parse(["STM32X1*,STM32Y? USART1.ISR reset=0 | RM 3"], "fix.txt");
        var applier = new CorrectionApplier(corrections);
        var x = Device("STM32X1_CM7");
        var z = Device("STM32Z1");
        applier.Apply(x);
        applier.Apply(z);
        applier.CheckAllUsed();
        Assert.Equal(0u, x.Find("USART1")!.Find("ISR")!.ResetValue);
        Assert.Equal(0xC0u, z.Find("USART1")!.Find("ISR")!.ResetValue);
    }

    [Theory]
    [InlineData("* USART1.ISR reset=0", "no source")]
    [InlineData("* USART1.ISR | RM 1", "nothing to change")]
    [InlineData("* USART1.ISR colour=red | RM 1", "'colour' is not a property of a register")]
    [InlineData("* USART1.ISR reset=0xZZ | RM 1", "reset")]
    [InlineData("* USART1.CR1.UE bits=33 | RM 1", "bits")]
    [InlineData("* USART1.ISR access=sometimes | RM 1", "access code")]
    [InlineData("* USART1.ISR write=w7c | RM 1", "modifiedWriteValues code")]
    [InlineData("* USART1.ISR size=12 | RM 1", "8, 16 or 32")]
    [InlineData("* -USART1.ISR reset=0 | RM 1", "deletion takes no properties")]
    [InlineData("* USART1..ISR reset=0 | RM 1", "not a target")]
    [InlineData("* USART1.ISR reset=0 reset=1 | RM 1", "given twice")]
    [InlineData("* +USART* base=0 size=4 | RM 1", "literal name")]
    public void Malformed_lines_are_STM5711_naming_file_and_line(string line, string expected)
    {
        var ex = Assert.Throws<SvdGenException>(() => CorrectionParser.Parse(["# a comment", "", line], "fix.txt"));
        Assert.Equal(DiagnosticCodes.SvdCorrectionInvalid, ex.Code);
        Assert.Equal(("fix.txt", 3), (ex.Diagnostic.File, ex.Diagnostic.Line));
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("* USART1.ISR reset=0xC0 | RM 1", "already has these values")]   // the SVD says so already
    [InlineData("STM32Q* USART1.ISR reset=0 | RM 1", "selects no table")]
    [InlineData("* USART9.ISR reset=0 | RM 1", "no peripheral 'USART9'")]
    [InlineData("* USART1.SR reset=0 | RM 1", "no register SR")]
    [InlineData("* USART1.CR1.XX bits=2 | RM 1", "no field XX")]
    [InlineData("* +USART1.ISR offset=0x20 | RM 1", "already has register ISR")]
    [InlineData("* +USART1 base=0 size=4 | RM 1", "already has a peripheral")]
    [InlineData("* +USART1.CR1.TE access=r | RM 1", "needs bits")]
    [InlineData("* USART1@USART9 number=1 | RM 1", "no interrupt USART9")]
    public void Lines_that_do_not_apply_are_STM5712_naming_file_and_line(string line, string expected)
    {
        var ex = Assert.Throws<SvdGenException>(() => Apply(line));
        Assert.Equal(DiagnosticCodes.SvdCorrectionNotApplicable, ex.Code);
        Assert.Equal(("fix.txt", 1), (ex.Diagnostic.File, ex.Diagnostic.Line));
        Assert.Contains(expected, ex.Message);
    }
}
