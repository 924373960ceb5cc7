namespace Stm32.SvdGen.Tests;

/// <summary>Small hand-written SVD files exercising what ST's files do not use (dim, clusters, derivedFrom below peripherals).</summary>
internal static class SvdSamples
{
    /// <summary>An SVD document around the given peripherals, with device-level defaults.</summary>
    public static string Device(string peripherals, string defaults = "<size>32</size><access>read-write</access><resetValue>0</resetValue><resetMask>0xFFFFFFFF</resetMask>") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <device schemaVersion="1.1">
          <name>TEST</name>
          <version>1.0</version>
          {defaults}
          <peripherals>
        {peripherals}
          </peripherals>
        </device>
        """;

    /// <summary>A peripheral with dim arrays, a cluster array, derived registers and fields, and side effects.</summary>
    public const string Arrays = """
            <peripheral>
              <name>DMA</name>
              <groupName>DMA</groupName>
              <baseAddress>0x40020000</baseAddress>
              <addressBlock><offset>0</offset><size>0x400</size><usage>registers</usage></addressBlock>
              <interrupt><name>DMA_CH0</name><value>11</value></interrupt>
              <registers>
                <register>
                  <dim>4</dim><dimIncrement>4</dimIncrement>
                  <name>ISR%s</name>
                  <description>not copied</description>
                  <addressOffset>0x0</addressOffset>
                  <access>read-only</access>
                  <fields>
                    <field><dim>4</dim><dimIncrement>2</dimIncrement><dimIndex>A,B,C,D</dimIndex><name>FLAG%s</name><bitOffset>0</bitOffset><bitWidth>2</bitWidth></field>
                  </fields>
                </register>
                <register>
                  <dim>2</dim><dimIncrement>0x10</dimIncrement><dimIndex>6-7</dimIndex>
                  <name>ARR[%s]</name>
                  <addressOffset>0x20</addressOffset>
                  <size>16</size>
                  <resetValue>0x1234</resetValue>
                </register>
                <cluster>
                  <dim>2</dim><dimIncrement>0x20</dimIncrement>
                  <name>CH%s</name>
                  <addressOffset>0x100</addressOffset>
                  <register>
                    <name>CR</name>
                    <addressOffset>0x0</addressOffset>
                    <resetValue>0x80</resetValue>
                    <modifiedWriteValues>oneToClear</modifiedWriteValues>
                    <fields>
                      <field><name>EN</name><lsb>0</lsb><msb>0</msb></field>
                      <field><name>MODE</name><bitRange>[5:4]</bitRange><modifiedWriteValues>modify</modifiedWriteValues></field>
                      <field><name>FIFO</name><bitOffset>8</bitOffset><bitWidth>8</bitWidth><access>read-only</access><readAction>clear</readAction></field>
                    </fields>
                  </register>
                  <register derivedFrom="CR">
                    <name>CR2</name>
                    <addressOffset>0x4</addressOffset>
                  </register>
                </cluster>
              </registers>
            </peripheral>
        """;

    /// <summary>A base peripheral with registers and two derived instances that give only their base address (and one an interrupt).</summary>
    public const string Derived = """
            <peripheral>
              <name>USART1</name>
              <groupName>USART</groupName>
              <baseAddress>0x40011000</baseAddress>
              <addressBlock><offset>0</offset><size>0x400</size><usage>registers</usage></addressBlock>
              <interrupt><name>USART1</name><value>37</value></interrupt>
              <registers>
                <register><name>CR1</name><addressOffset>0x0</addressOffset><fields><field><name>UE</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field></fields></register>
                <register><name>ISR</name><addressOffset>0x1C</addressOffset><access>read-only</access><resetValue>0xC0</resetValue></register>
              </registers>
            </peripheral>
            <peripheral derivedFrom="USART1">
              <name>USART2</name>
              <baseAddress>0x40004400</baseAddress>
              <interrupt><name>USART2</name><value>38</value></interrupt>
            </peripheral>
            <peripheral derivedFrom="USART1">
              <name>USART3</name>
              <baseAddress>0x40004800</baseAddress>
            </peripheral>
        """;
}
