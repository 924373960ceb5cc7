using Stm32.Build.VirtualBoard;
using Xunit;

namespace Stm32.Cli.Tests.Images;

/// <summary>Raw images go where <c>FILE@ADDRESS</c> or <c>--base-address</c> says; <c>FILE@CORE</c> keeps naming a core.</summary>
public sealed class ImageAddressTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stm32-address-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Data(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private byte[] Flash(string state, uint address, int length)
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = state });
        return board.Chip.FlashBank(1).Slice((int)(address - 0x0800_0000), length).ToArray();
    }

    [Fact]
    public void A_binary_at_an_address_is_programmed_there_beside_the_vector_table()
    {
        var state = Path.Combine(_dir, "a.state");
        var vectors = File("vectors.bin", Signals.TerminationSignalTests.Image(2048));
        var data = Data(4096, 1);
        var run = CliRun.Run("flash", "--probe", "sim", "--state", state, "--delay-guard", "0", vectors + "@CM7", File("data.bin", data) + "@0x08020000");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Out + run.Err);
        Assert.Equal(data, Flash(state, 0x0802_0000, data.Length));
        Assert.Equal(Signals.TerminationSignalTests.Image(2048), Flash(state, 0x0800_0000, 2048));
    }

    [Fact]
    public void Base_address_places_every_binary_without_its_own_address()
    {
        var state = Path.Combine(_dir, "b.state");
        var vectors = File("vectors.bin", Signals.TerminationSignalTests.Image(2048));
        var data = Data(2048, 2);
        var run = CliRun.Run("flash", "--probe", "sim", "--state", state, "--delay-guard", "0", "--base-address", "0x08040000",
            vectors + "@0x08000000", File("data.bin", data));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Out + run.Err);
        Assert.Equal(data, Flash(state, 0x0804_0000, data.Length));
    }

    [Fact]
    public void A_core_suffix_that_the_device_lacks_is_a_usage_error()
    {
        var run = CliRun.Run("validate", "--device", "STM32H747XI", File("x.bin", new byte[16]) + "@CM3");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error STM0004: 'CM3' is not a core of the STM32H747XI", run.Err, StringComparison.Ordinal);
    }
}
