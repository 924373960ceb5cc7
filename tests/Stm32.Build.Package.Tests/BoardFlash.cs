using Stm32.Build.VirtualBoard;

namespace Stm32.Build.Package.Tests;

/// <summary>Reads what a virtual board's state file holds in flash, to check what a Flash run programmed.</summary>
internal static class BoardFlash
{
    /// <summary>Bank 1 (0x08000000) of the STM32H747XI whose state is in <paramref name="stateFile"/>.</summary>
    public static byte[] Bank1(string stateFile)
    {
        Assert.True(File.Exists(stateFile), $"the virtual board's state file {stateFile} was not written");
        using var board = new VirtualBoard.VirtualBoard(new VirtualBoardOptions { Device = "STM32H747XI", StateFile = stateFile });
        return board.Chip.FlashBank(1).ToArray();
    }

    /// <summary>Asserts bank 1 starts with <paramref name="image"/> (a raw binary for 0x08000000).</summary>
    public static void AssertStartsWith(string stateFile, byte[] image)
    {
        var bank = Bank1(stateFile);
        Assert.True(bank.Length >= image.Length);
        var mismatch = bank.AsSpan(0, image.Length).CommonPrefixLength(image);
        Assert.True(mismatch == image.Length, $"flash differs from the image at offset 0x{mismatch:X} (of 0x{image.Length:X} bytes)");
    }
}
