using Xunit;

namespace Stm32.Cli.Tests.Input;

/// <summary>
/// Inputs are read with a size bound: <c>/dev/zero</c> (a device whose length reads as 0) as an image or as a state
/// file is a coded error after at most the bound, never an out-of-memory crash; a regular file over the bound is
/// refused by its length before it is read.
/// </summary>
public sealed class BoundedInputTests
{
    [Fact]
    public void Validate_on_dev_zero_is_a_coded_error()
    {
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "/dev/zero");
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        Assert.Contains("/dev/zero: error STM2002: the file goes on past 268435456 bytes", run.Out + run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_file_on_dev_zero_is_a_coded_error()
    {
        var run = CliRun.Run("info", "--probe", "sim", "--state", "/dev/zero");
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        Assert.Contains("/dev/zero: error STM0008: cannot load virtual board state: the file goes on past", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regular_file_over_the_bound_is_refused_by_its_length_before_reading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stm32-sparse-{Guid.NewGuid():N}.bin");
        try
        {
            using (var sparse = File.Create(path))
            {
                sparse.SetLength(Stm32.Build.Images.ImageReader.MaxFileSize + 1); // sparse: no disk space, no reading
            }
            var run = CliRun.Run("validate", "--device", "STM32H747XI", path);
            Assert.Equal(ExitCodes.Errors, run.ExitCode);
            Assert.Contains($"error STM2002: the file is {Stm32.Build.Images.ImageReader.MaxFileSize + 1} bytes", run.Out + run.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
