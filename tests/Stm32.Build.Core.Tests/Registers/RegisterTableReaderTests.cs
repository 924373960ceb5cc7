using Stm32.Build.Diagnostics;
using Stm32.Build.Registers;
using Xunit;

namespace Stm32.Build.Tests.Registers;

/// <summary>
/// The table format (docs/registers.md) read from hand-written files: arrays, defaults and their inheritance, layouts
/// shared through the pool, aliases, and malformed input as STM5701 naming the file and line.
/// </summary>
public class RegisterTableReaderTests
{
    private const string Pool = """
        # comment lines and blank lines are skipped

        layout GPIO-1
        r MODER 0 ABFFFFFF
        f MODE{0-15} 1:0 +2
        r IDR 10 0 r size=16
        f ID{0-15} 0 +1
        r BSRR 18 0 w
        f BS{0-15} 0 +1
        f BR{0-15} 16 +1
        layout SEM-1
        r R{0-3} 0 0 +4
        f LOCK 31
        r ICR 20 0 w1c mask=FFFF
        f ISC 3:0
        f KEEP 4 wm rc
        """;

    private const string Table = """
        pool TEST
        p GPIOA 40020000 400 GPIO GPIO-1
        i EXTI0 6
        i EXTI1 7
        p GPIOB 40020400 400 GPIO GPIO-1 from=GPIOA
        p SEM 40030000 400 - SEM-1
        p EMPTY 40040000 100 - -
        """;

    private static TableFiles Files(string pool = Pool, string table = Table) =>
        new(("index.txt", "# names\nT1\nT2 = T1\n"), ("TEST.layouts.txt", pool), ("T1.txt", table));

    [Fact]
    public void Arrays_expand_to_one_element_per_index_each_a_step_further()
    {
        using var files = Files();
        var t = RegisterTableSource.FromDirectory(files.Path).Load("T1");
        var moder = t["GPIOA"]["MODER"];
        Assert.Equal(16, moder.Fields.Count);
        Assert.Equal((26, 2), (moder["MODE13"].Position, moder["MODE13"].Width));
        Assert.Equal(0xABFF_FFFFu, moder.ResetValue);
        Assert.Equal(32, t["GPIOA"]["BSRR"].Fields.Count);
        Assert.Equal(31, t["GPIOA"]["BSRR"]["BR15"].Position);
        var sem = t["SEM"];
        Assert.Equal(["R0", "R1", "R2", "R3", "ICR"], sem.Registers.Select(r => r.Name));
        Assert.Equal(0x4003_000Cu, sem["R3"].Address);
        Assert.Equal(31, sem["R2"]["LOCK"].Position);
    }

    [Fact]
    public void Defaults_apply_and_fields_inherit_their_registers_access_and_side_effects()
    {
        using var files = Files();
        var t = RegisterTableSource.FromDirectory(files.Path).Load("T1");
        var moder = t["GPIOA"]["MODER"];
        Assert.Equal(RegisterAccess.ReadWrite, moder.Access);
        Assert.Equal(32, moder.SizeBits);
        Assert.Equal(uint.MaxValue, moder.ResetMask);
        Assert.Equal(ModifiedWrite.Normal, moder.ModifiedWrite);
        var idr = t["GPIOA"]["IDR"];
        Assert.Equal(16, idr.SizeBits);
        Assert.Equal(RegisterAccess.ReadOnly, idr["ID3"].Access);        // inherited from the register
        var icr = t["SEM"]["ICR"];
        Assert.Equal(0xFFFFu, icr.ResetMask);
        Assert.Equal(ModifiedWrite.WriteOneToClear, icr["ISC"].ModifiedWrite); // inherited
        Assert.Equal(ModifiedWrite.Normal, icr["KEEP"].ModifiedWrite);          // its own
        Assert.Equal(ReadAction.ReadClears, icr["KEEP"].ReadAction);
        Assert.Equal(0x1Fu, icr.FieldMask);
    }

    [Fact]
    public void Peripherals_carry_group_base_interrupts_and_derivation_and_aliases_share_the_content()
    {
        using var files = Files();
        var source = RegisterTableSource.FromDirectory(files.Path);
        Assert.Equal(["T1", "T2"], source.Names);
        var t1 = source.Load("T1");
        var t2 = source.Load("T2");
        Assert.Equal("T2", t2.Name);
        Assert.Equal("T2", t2["GPIOA"].TableName);
        Assert.Equal([("EXTI0", 6), ("EXTI1", 7)], t1["GPIOA"].Interrupts.Select(i => (i.Name, i.Number)));
        Assert.Equal("GPIO", t1["GPIOB"].GroupName);
        Assert.Equal("GPIOA", t1["GPIOB"].DerivedFrom);
        Assert.Null(t1["SEM"].GroupName);
        Assert.Empty(t1["EMPTY"].Registers);
        Assert.Same(t1["GPIOA"]["MODER"].Fields, t2["GPIOB"]["MODER"].Fields); // one pool, one layout
    }

    [Theory]
    [InlineData("layout X\nr A 0 0\nf B 32\n", "TEST.layouts.txt", 3)]                  // bit beyond 31
    [InlineData("layout X\nr A 0 0 size=16\nf B 16\n", "TEST.layouts.txt", 3)]        // beyond a 16-bit register
    [InlineData("layout X\nr A 0 0 size=12\n", "TEST.layouts.txt", 2)]                 // no such size
    [InlineData("layout X\nr A 0 ZZ\n", "TEST.layouts.txt", 2)]                        // not hex
    [InlineData("layout X\nr A 0 0 frob\n", "TEST.layouts.txt", 2)]                    // unknown attribute
    [InlineData("layout X\nr R{0-3} 0 0\n", "TEST.layouts.txt", 2)]                    // array without a step
    [InlineData("layout X\nr R{3-1} 0 0 +4\n", "TEST.layouts.txt", 2)]                 // backwards range
    [InlineData("layout X\nf B 1\n", "TEST.layouts.txt", 2)]                           // field before a register
    [InlineData("r A 0 0\n", "TEST.layouts.txt", 1)]                                   // register before a layout
    [InlineData("layout X\nr A 0 0\nlayout X\nr A 0 0\n", "TEST.layouts.txt", 3)]      // defined twice
    [InlineData("layout X\nr A 0 0\nq\n", "TEST.layouts.txt", 3)]                      // unknown line kind
    public void Malformed_pool_lines_are_STM5701_naming_file_and_line(string pool, string file, int line)
    {
        // A layout is parsed when its peripheral's registers are first used; the pool's layout lines when it is read.
        using var files = Files(pool: pool, table: "pool TEST\np A 0 4 - X\n");
        var ex = Assert.Throws<Stm32Exception>(() => RegisterTableSource.FromDirectory(files.Path).Load("T1")["A"].Registers);
        Assert.Equal(DiagnosticCodes.RegisterTableCorrupt, ex.Code);
        Assert.EndsWith(file, ex.Diagnostic.File);
        Assert.Equal(line, ex.Diagnostic.Line);
    }

    [Theory]
    [InlineData("p A 0 4 - X\n", 1)]                                 // no pool line first
    [InlineData("pool TEST\np A 0 4 - NOSUCH\n", 2)]                 // unknown layout
    [InlineData("pool TEST\ni X 1\n", 2)]                            // interrupt with no peripheral
    [InlineData("pool TEST\np A 0 4 - GPIO-1 derived=B\n", 2)]       // not from=
    [InlineData("pool TEST\np A 0 4\n", 2)]                          // too short
    [InlineData("pool TEST\np A 0 4 - GPIO-1\ni X 99999\n", 3)]      // interrupt number out of range
    public void Malformed_table_lines_are_STM5701_naming_file_and_line(string table, int line)
    {
        using var files = Files(table: table);
        var ex = Assert.Throws<Stm32Exception>(() => RegisterTableSource.FromDirectory(files.Path).Load("T1"));
        Assert.Equal(DiagnosticCodes.RegisterTableCorrupt, ex.Code);
        Assert.EndsWith("T1.txt", ex.Diagnostic.File);
        Assert.Equal(line, ex.Diagnostic.Line);
    }

    [Fact]
    public void A_missing_pool_file_is_STM5701_naming_it()
    {
        using var files = new TableFiles(("index.txt", "T1\n"), ("T1.txt", "pool NOPE\n"));
        var ex = Assert.Throws<Stm32Exception>(() => RegisterTableSource.FromDirectory(files.Path).Load("T1"));
        Assert.Equal(DiagnosticCodes.RegisterTableCorrupt, ex.Code);
        Assert.EndsWith("NOPE.layouts.txt", ex.Diagnostic.File);
    }

    [Fact]
    public void An_unknown_name_in_a_folder_is_STM5700()
    {
        using var files = Files();
        var ex = Assert.Throws<Stm32Exception>(() => RegisterTableSource.FromDirectory(files.Path).Load("T3"));
        Assert.Equal(DiagnosticCodes.UnknownRegisterTable, ex.Code);
        Assert.Contains("T1, T2", ex.Message);
    }
}
