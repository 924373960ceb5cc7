using Stm32.Build.Emulator.Tests.Programs;
using Xunit;
using Xunit.Abstractions;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>The encoding-coverage report written from lockstep runs.</summary>
[Trait("Requires", "gcc")]
[Trait("Requires", "qemu")]
public sealed class CoverageReportTests(ITestOutputHelper output)
{
    [Fact]
    public void DisassemblyMapsInstructionAddressesToMnemonics()
    {
        ToolCheck.RequireCompiler();
        var program = TestPrograms.Build("fpu_single", TestCore.M7, "-O2");
        var listing = CoverageReport.Disassemble(program.ElfPath);
        var image = Stm32.Build.Images.ImageReader.Read(program.ElfPath);
        // program_end is "bkpt #0; b ." in startup.c.
        Assert.Equal("bkpt", listing[image.FindSymbol("program_end")!.Address]);
        Assert.Contains(listing.Values, m => m.StartsWith("vfma", StringComparison.Ordinal));
        Assert.DoesNotContain(listing.Values, m => m.StartsWith('.'));
    }

    [Fact]
    public void ReportCountsWhatALockstepRunExecuted()
    {
        ToolCheck.RequireQemuAndCompiler();
        var program = TestPrograms.Build("crc32", TestCore.M4, "-Os");
        var result = LockstepRunner.Run(program);
        var text = CoverageReport.Record(result);
        output.WriteLine(text);
        Assert.True(File.Exists(CoverageReport.ReportPath));
        var snapshot = CoverageReport.Snapshot();
        var listing = CoverageReport.Disassemble(program.ElfPath);
        // Every address the run executed is an instruction in the listing, counted under its mnemonic.
        foreach (var address in result.ExecutedAddresses.Keys)
        {
            Assert.True(listing.ContainsKey(address), $"0x{address:X8} executed but not in the disassembly");
            Assert.True(snapshot[listing[address]].Executed > 0);
        }
        Assert.Contains("emitted but never executed", text, StringComparison.Ordinal);
    }
}
