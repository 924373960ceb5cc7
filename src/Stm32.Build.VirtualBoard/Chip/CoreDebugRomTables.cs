namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// The read-only CoreSight identification of a Cortex-M core's debug components, as its access port reaches them on
/// the private peripheral bus: the processor ROM table at 0xE00FE000 (where the AP's BASE points), the PPB ROM table
/// at 0xE00FF000 it leads to, and the peripheral/component ID registers (offsets 0xFD0–0xFFC) of the DWT, FPB and
/// ITM. This is the chip's wiring of the debug components, not the core's behaviour: the components' registers
/// themselves (DHCSR, FP_CTRL, DWT_CTRL, …) are the core's.
/// <para>Sources: ARM CoreSight Architecture Specification v2.0, "ROM table" (entry format: offset bits 31:12,
/// bit 1 32-bit format, bit 0 present; MEMTYPE at 0xFCC) and "Component and peripheral identification"; ARMv7-M ARM
/// C1.2 (the PPB ROM table and its SCS, DWT, FPB, ITM entries); the Cortex-M7 and Cortex-M4 TRMs ("ROM table",
/// part numbers); RM0399 "ROM tables" (the Cortex-M7's processor ROM table above the PPB one). Part numbers as
/// OpenOCD's arm_adi_v5.c names them (for the numbers only): Cortex-M7 ROM 0x4C8, Cortex-M7 PPB ROM 0x4C7,
/// Cortex-M4 ROM 0x4C4, SCS 0x00C, DWT 0x002, FPB 0x003 (FPB v2 of the Cortex-M7 0x00E), ITM 0x001.</para>
/// ETM, CTI and TPIU are not modelled and not listed.
/// </summary>
internal sealed class CoreDebugRomTables
{
    /// <summary>The processor ROM table (Cortex-M7 TRM "ROM table"), the AP BASE a debugger starts from.</summary>
    public const uint ProcessorRomTableBase = 0xE00F_E000;

    /// <summary>The PPB ROM table (ARMv7-M C1.2.1).</summary>
    public const uint PpbRomTableBase = 0xE00F_F000;

    private const uint IdRegistersStart = 0xFD0;
    private const uint MemTypeOffset = 0xFCC;
    private const uint RomTableClass = 0x1, GenericIpClass = 0xE;

    /// <summary>One 4 KiB CoreSight component: where it is, its part number, its class, and (for a ROM table) its entries.</summary>
    private sealed record Component(uint Base, uint Part, uint ComponentClass, IReadOnlyList<uint> Entries);

    private readonly IReadOnlyList<Component> _components;

    private CoreDebugRomTables(IReadOnlyList<Component> components) => _components = components;

    /// <summary>
    /// The tables of the core with CPUID <paramref name="cpuId"/> (PARTNO bits 15:4: 0xC27 Cortex-M7, else the
    /// Cortex-M4 layout, which has no processor ROM table above the PPB one: its AP BASE points at the PPB table).
    /// </summary>
    public static CoreDebugRomTables For(uint cpuId)
    {
        var isCortexM7 = ((cpuId >> 4) & 0xFFF) == 0xC27;
        uint scs = 0xE000_E000, dwt = 0xE000_1000, fpb = 0xE000_2000, itm = 0xE000_0000;
        var ppbEntries = new[] { scs, dwt, fpb, itm };
        var components = new List<Component>
        {
            new(PpbRomTableBase, isCortexM7 ? 0x4C7u : 0x4C4u, RomTableClass, ppbEntries),
            new(dwt, 0x002, GenericIpClass, []),
            new(fpb, isCortexM7 ? 0x00Eu : 0x003u, GenericIpClass, []),
            new(itm, 0x001, GenericIpClass, []),
        };
        // Both cores' access ports on the H7 report BASE 0xE00FE000 (device data), so the table there exists on both:
        // the Cortex-M7's processor ROM table, and for the Cortex-M4 a table with the same single entry.
        components.Add(new(ProcessorRomTableBase, isCortexM7 ? 0x4C8u : 0x4C4u, RomTableClass, [PpbRomTableBase]));
        return new CoreDebugRomTables(components);
    }

    /// <summary>Whether <paramref name="address"/> is one of these read-only registers.</summary>
    public bool Answers(uint address) => Find(address) is not null;

    /// <summary>The word at <paramref name="address"/> (aligned down), or null when the address is not one of these registers.</summary>
    public uint? Read(uint address)
    {
        var component = Find(address);
        if (component is null)
        {
            return null;
        }
        var offset = address & 0xFFC;
        if (component.ComponentClass == RomTableClass && offset < IdRegistersStart)
        {
            var index = (int)(offset / 4);
            if (offset == MemTypeOffset)
            {
                return 1; // MEMTYPE.SYSMEM: system memory is present on the bus (CoreSight "ROM table")
            }
            return index < component.Entries.Count
                ? ((component.Entries[index] - component.Base) & 0xFFFF_F000) | 0b11 // present, 32-bit format
                : 0; // the end marker, then reserved
        }
        return offset switch
        {
            0xFD0 => 0x04,                             // PIDR4: JEP106 continuation code 4 (ARM), 4 KiB
            0xFE0 => component.Part & 0xFF,            // PIDR0: part[7:0]
            0xFE4 => 0xB0 | (component.Part >> 8),     // PIDR1: JEP106 id[3:0] = 0xB, part[11:8]
            0xFE8 => 0x0B,                             // PIDR2: JEDEC, JEP106 id[6:4] = 3 (ARM 0x3B)
            0xFF0 => 0x0D,                             // CIDR0..3: preamble with the component class in CIDR1
            0xFF4 => component.ComponentClass << 4,
            0xFF8 => 0x05,
            0xFFC => 0xB1,
            _ => 0,
        };
    }

    private Component? Find(uint address)
    {
        var page = address & ~0xFFFu;
        foreach (var component in _components)
        {
            if (component.Base == page && (component.ComponentClass == RomTableClass || (address & 0xFFF) >= IdRegistersStart))
            {
                return component;
            }
        }
        return null;
    }
}
