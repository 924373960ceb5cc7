using Stm32.Build.Diagnostics;
using Stm32.SvdGen.Model;
using Stm32.SvdGen.Svd;
using Xunit;

namespace Stm32.SvdGen.Tests;

/// <summary>Reading SVD XML: dim arrays, clusters, derivedFrom, inherited properties, bit-range forms, errors.</summary>
public class SvdReaderTests
{
    private static DeviceModel Read(string peripherals, string? defaults = null) =>
        SvdReader.Read(defaults is null ? SvdSamples.Device(peripherals) : SvdSamples.Device(peripherals, defaults), "TEST", "test.svd");

    [Fact]
    public void Register_arrays_expand_with_their_names_offsets_and_index_lists()
    {
        var dma = Read(SvdSamples.Arrays).Find("DMA")!;
        Assert.Equal(["ISR0", "ISR1", "ISR2", "ISR3"], dma.Registers.Take(4).Select(r => r.Name));
        Assert.Equal([0u, 4u, 8u, 12u], dma.Registers.Take(4).Select(r => r.Offset));
        Assert.All(dma.Registers.Take(4), r => Assert.Equal(Access.ReadOnly, r.Access));
        var arr = dma.Registers.Where(r => r.Name.StartsWith("ARR", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ARR6", "ARR7"], arr.Select(r => r.Name));           // [%s] with a dimIndex range
        Assert.Equal([0x20u, 0x30u], arr.Select(r => r.Offset));
        Assert.All(arr, r => Assert.Equal((16, 0x1234u), (r.SizeBits, r.ResetValue)));
    }

    [Fact]
    public void Field_arrays_expand_with_a_list_index()
    {
        var isr = Read(SvdSamples.Arrays).Find("DMA")!.Find("ISR2")!;
        Assert.Equal(["FLAGA", "FLAGB", "FLAGC", "FLAGD"], isr.Fields.Select(f => f.Name));
        Assert.Equal([0, 2, 4, 6], isr.Fields.Select(f => f.Position));
        Assert.All(isr.Fields, f => Assert.Equal((2, Access.ReadOnly), (f.Width, f.Access)));
    }

    [Fact]
    public void Cluster_arrays_become_prefixed_registers_at_the_clusters_offset()
    {
        var dma = Read(SvdSamples.Arrays).Find("DMA")!;
        var ch1 = dma.Find("CH1_CR")!;
        Assert.Equal(0x120u, ch1.Offset);
        Assert.Equal(0x80u, ch1.ResetValue);
        Assert.Equal(ModifiedWrite.OneToClear, ch1.ModifiedWrite);
        Assert.Equal(0x104u, dma.Find("CH0_CR2")!.Offset);                // derived register: its own offset
        Assert.Equal(0x124u, dma.Find("CH1_CR2")!.Offset);
        Assert.Equal(["EN", "MODE", "FIFO"], dma.Find("CH1_CR2")!.Fields.Select(f => f.Name)); // the base's fields
    }

    [Fact]
    public void Bit_ranges_in_all_three_forms_and_field_side_effects_are_read()
    {
        var cr = Read(SvdSamples.Arrays).Find("DMA")!.Find("CH0_CR")!;
        Assert.Equal((0, 1), (cr.Find("EN")!.Position, cr.Find("EN")!.Width));      // lsb/msb
        Assert.Equal((4, 2), (cr.Find("MODE")!.Position, cr.Find("MODE")!.Width));  // bitRange
        Assert.Equal((8, 8), (cr.Find("FIFO")!.Position, cr.Find("FIFO")!.Width));  // bitOffset/bitWidth
        Assert.Equal(ModifiedWrite.OneToClear, cr.Find("EN")!.ModifiedWrite);       // from the register
        Assert.Equal(ModifiedWrite.Modify, cr.Find("MODE")!.ModifiedWrite);         // its own
        Assert.Equal((Access.ReadOnly, ReadAction.Clear), (cr.Find("FIFO")!.Access, cr.Find("FIFO")!.ReadAction));
    }

    [Fact]
    public void Derived_peripherals_take_the_bases_registers_group_and_size_but_keep_their_own_interrupts()
    {
        var device = Read(SvdSamples.Derived);
        var usart2 = device.Find("USART2")!;
        Assert.Equal("USART1", usart2.DerivedFrom);
        Assert.True(usart2.InheritsRegisters);
        Assert.Equal("USART", usart2.GroupName);
        Assert.Equal(0x400u, usart2.Size);
        Assert.Equal(["CR1", "ISR"], usart2.Registers.Select(r => r.Name));
        Assert.Equal([("USART2", 38)], usart2.Interrupts.Select(i => (i.Name, i.Number)));
        Assert.Empty(device.Find("USART3")!.Interrupts);
        Assert.NotSame(device.Find("USART1")!.Registers[0], usart2.Registers[0]); // a copy, correctable alone
    }

    [Fact]
    public void Register_properties_are_inherited_from_the_device_and_peripheral()
    {
        var device = Read("""
            <peripheral>
              <name>P</name><baseAddress>0x1000</baseAddress>
              <size>16</size><access>write-only</access><resetValue>0xFF</resetValue>
              <registers><register><name>R</name><addressOffset>0</addressOffset></register></registers>
            </peripheral>
            """, defaults: "<size>32</size><access>read-only</access><resetValue>0</resetValue><resetMask>0xFFFF</resetMask>");
        var r = device.Find("P")!.Find("R")!;
        Assert.Equal((16, Access.WriteOnly, 0xFFu, 0xFFFFu), (r.SizeBits, r.Access, r.ResetValue, r.ResetMask));
    }

    [Theory]
    [InlineData("<peripheral><name>P</name>", "not valid XML")]
    [InlineData("<peripheral><baseAddress>0</baseAddress></peripheral>", "has no <name>")]
    [InlineData("<peripheral><name>P</name><baseAddress>0xZZ</baseAddress></peripheral>", "not a 32-bit number")]
    [InlineData("<peripheral derivedFrom=\"Q\"><name>P</name><baseAddress>0</baseAddress></peripheral>", "'Q'")]
    [InlineData("<peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><name>R</name><addressOffset>0</addressOffset><fields><field><name>F</name><bitOffset>30</bitOffset><bitWidth>4</bitWidth></field></fields></register></registers></peripheral>", "does not fit")]
    [InlineData("<peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><dim>2</dim><dimIncrement>4</dimIncrement><name>R</name><addressOffset>0</addressOffset></register></registers></peripheral>", "no %s")]
    [InlineData("<peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><dim>3</dim><dimIncrement>4</dimIncrement><dimIndex>A,B</dimIndex><name>R%s</name><addressOffset>0</addressOffset></register></registers></peripheral>", "does not match")]
    [InlineData("<peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><name>R</name><addressOffset>0</addressOffset><access>sometimes</access></register></registers></peripheral>", "unknown access")]
    [InlineData("<peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><name>R</name><addressOffset>0</addressOffset><size>64</size></register></registers></peripheral>", "not supported")]
    public void Bad_SVD_is_STM5710_naming_file_and_line(string peripherals, string expected)
    {
        var ex = Assert.Throws<SvdGenException>(() => Read(peripherals));
        Assert.Equal(DiagnosticCodes.SvdInvalid, ex.Code);
        Assert.Equal("test.svd", ex.Diagnostic.File);
        Assert.NotNull(ex.Diagnostic.Line);
        Assert.Contains(expected, ex.Message);
    }
}
