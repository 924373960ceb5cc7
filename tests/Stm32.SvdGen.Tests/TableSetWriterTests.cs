using Stm32.Build.Registers;
using Stm32.SvdGen.Model;
using ModifiedWrite = Stm32.SvdGen.Model.ModifiedWrite;
using ReadAction = Stm32.SvdGen.Model.ReadAction;
using Stm32.SvdGen.Output;
using Stm32.SvdGen.Svd;
using Xunit;

namespace Stm32.SvdGen.Tests;

/// <summary>
/// The written tables: what the generator writes, Stm32.Build.Core reads back with the same facts; derived peripherals
/// and identical register layouts are stored once, identical tables aliased, runs folded.
/// </summary>
public sealed class TableSetWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stm32-svdgen-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private RegisterTableSource Write(params DeviceModel[] devices)
    {
        var files = TableSetWriter.Write(devices.Select(d => new GeneratedTable(d, "TEST", null)).ToList());
        Directory.CreateDirectory(_directory);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(_directory, name), text);
        }
        return RegisterTableSource.FromDirectory(_directory);
    }

    private static DeviceModel Read(string name, string peripherals) => SvdReader.Read(SvdSamples.Device(peripherals), name, name + ".svd");

    [Fact]
    public void What_is_written_reads_back_with_the_same_facts()
    {
        var device = Read("ROUND", SvdSamples.Arrays + SvdSamples.Derived);
        var table = Write(device).Load("ROUND");
        foreach (var peripheral in device.Peripherals)
        {
            var read = table[peripheral.Name];
            Assert.Equal((peripheral.BaseAddress, peripheral.Size, peripheral.GroupName, peripheral.DerivedFrom),
                (read.BaseAddress, read.Size, read.GroupName, read.DerivedFrom));
            Assert.Equal(peripheral.Interrupts.Select(i => (i.Name, i.Number)), read.Interrupts.Select(i => (i.Name, i.Number)));
            Assert.Equal(peripheral.Registers.Count, read.Registers.Count);
            foreach (var register in peripheral.Registers)
            {
                var r = read[register.Name];
                Assert.Equal((register.Offset, register.SizeBits, register.ResetValue, register.ResetMask, (int)register.Access, (int)register.ModifiedWrite, (int)register.ReadAction),
                    (r.Offset, r.SizeBits, r.ResetValue, r.ResetMask, (int)r.Access, (int)r.ModifiedWrite, (int)r.ReadAction));
                Assert.Equal(register.Fields.Count, r.Fields.Count);
                foreach (var field in register.Fields)
                {
                    var f = r[field.Name];
                    Assert.Equal((field.Position, field.Width, (int)field.Access, (int)field.ModifiedWrite, (int)field.ReadAction),
                        (f.Position, f.Width, (int)f.Access, (int)f.ModifiedWrite, (int)f.ReadAction));
                }
            }
        }
    }

    [Fact]
    public void Every_access_write_and_read_code_survives_the_round_trip()
    {
        // One register per value of each enumeration, its field differing from it, so that no default hides a code.
        var device = new DeviceModel { Name = "CODES" };
        var peripheral = new PeripheralModel { Name = "P", BaseAddress = 0x1000, Size = 0x400 };
        device.Peripherals.Add(peripheral);
        var offset = 0u;
        foreach (var access in Enum.GetValues<Access>())
        {
            foreach (var write in Enum.GetValues<ModifiedWrite>())
            {
                foreach (var read in Enum.GetValues<ReadAction>())
                {
                    var register = new RegisterModel { Name = $"R{offset / 4}X", Offset = offset, Access = access, ModifiedWrite = write, ReadAction = read };
                    register.Fields.Add(new FieldModel { Name = "F", Position = 3, Width = 2, Access = (Access)(((int)access + 1) % 5), ModifiedWrite = (ModifiedWrite)(((int)write + 1) % 9), ReadAction = (ReadAction)(((int)read + 1) % 5) });
                    peripheral.Registers.Add(register);
                    offset += 4;
                }
            }
        }
        var table = Write(device).Load("CODES");
        foreach (var register in peripheral.Registers)
        {
            var read = table["P"][register.Name];
            Assert.Equal(((int)register.Access, (int)register.ModifiedWrite, (int)register.ReadAction), ((int)read.Access, (int)read.ModifiedWrite, (int)read.ReadAction));
            var field = register.Fields[0];
            Assert.Equal(((int)field.Access, (int)field.ModifiedWrite, (int)field.ReadAction), ((int)read["F"].Access, (int)read["F"].ModifiedWrite, (int)read["F"].ReadAction));
        }
    }

    [Fact]
    public void Derived_peripherals_are_one_line_referring_to_the_bases_layout()
    {
        var files = TableSetWriter.Write([new GeneratedTable(Read("T", SvdSamples.Derived), "TEST", null)]);
        var lines = files["T.txt"].Split('\n');
        var usart1 = lines.Single(l => l.StartsWith("p USART1 ", StringComparison.Ordinal)).Split(' ');
        var usart3 = lines.Single(l => l.StartsWith("p USART3 ", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(usart1[5], usart3[5]);                               // the same layout id
        Assert.Equal("from=USART1", usart3[6]);
        Assert.Single(files["TEST.layouts.txt"].Split('\n'), l => l.StartsWith("r CR1 ", StringComparison.Ordinal)); // stored once
    }

    [Fact]
    public void Identical_tables_are_stored_once_and_aliased_in_the_index()
    {
        var files = TableSetWriter.Write(
        [
            new GeneratedTable(Read("B_CM7", SvdSamples.Derived), "TEST", null),
            new GeneratedTable(Read("A_CM7", SvdSamples.Derived), "TEST", null),
            new GeneratedTable(Read("C", SvdSamples.Arrays), "TEST", null),
        ]);
        Assert.True(files.ContainsKey("A_CM7.txt"));
        Assert.False(files.ContainsKey("B_CM7.txt"));
        Assert.Contains("B_CM7 = A_CM7\n", files["index.txt"]);
        Assert.Contains("\nC\n", files["index.txt"]);
        var source = Write(Read("B_CM7", SvdSamples.Derived), Read("A_CM7", SvdSamples.Derived));
        Assert.Equal(0x4000_4400u, source.Load("B_CM7")["USART2"].BaseAddress);
    }

    [Fact]
    public void Runs_of_indexed_registers_and_fields_are_folded_into_one_line()
    {
        var files = TableSetWriter.Write([new GeneratedTable(Read("T", SvdSamples.Arrays), "TEST", null)]);
        var pool = files["TEST.layouts.txt"];
        Assert.Contains("r ISR{0-3} 0 0 r +4\n", pool);
        Assert.Contains("f FLAGA 1:0\n", pool);                           // letters are not folded
        Assert.DoesNotContain("ARR{", pool);                              // two elements: below the shortest run
        Assert.Contains("r CH0_CR 100 80 w1c\nf EN 0\nf MODE 5:4 wm\nf FIFO 15:8 r rc\n", pool); // defaults and inherited values left out
    }

    [Fact]
    public void Rolling_needs_consecutive_indices_a_constant_step_and_equal_attributes()
    {
        static ArrayRoller.Item I(string name, long at, string rest = "x") => new(name, at, rest);
        Assert.Equal(["MODE{0-2}"], ArrayRoller.Roll([I("MODE0", 0), I("MODE1", 2), I("MODE2", 4)]).Select(r => r.Name));
        Assert.Equal(["A0", "A2", "A3"], ArrayRoller.Roll([I("A0", 0), I("A2", 2), I("A3", 3)]).Select(r => r.Name));
        Assert.Equal(["B0", "B1", "B2"], ArrayRoller.Roll([I("B0", 0), I("B1", 1), I("B2", 3)]).Select(r => r.Name));
        Assert.Equal(["C0", "C1", "C2"], ArrayRoller.Roll([I("C0", 0), I("C1", 1), I("C2", 2, "y")]).Select(r => r.Name));
        Assert.Equal(["R0{1-3}"], ArrayRoller.Roll([I("R01", 0), I("R02", 4), I("R03", 8)]).Select(r => r.Name)); // leading zero kept in the prefix
        Assert.Equal(["X{8-10}_EN"], ArrayRoller.Roll([I("X8_EN", 8), I("X9_EN", 9), I("X10_EN", 10)]).Select(r => r.Name));
    }
}
