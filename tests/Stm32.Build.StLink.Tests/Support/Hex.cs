namespace Stm32.Build.StLink.Tests.Support;

/// <summary>Builds expected command blocks from hex with spaces, padded to 16 bytes.</summary>
public static class Cmd
{
    public static string Of(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var block = new byte[16];
        bytes.CopyTo(block, 0);
        return Convert.ToHexString(block);
    }
}
