using System.Buffers.Binary;
using System.Diagnostics;
using Stm32.Build.Flashing.Loader;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>The embedded loader image is what its source builds to, and its symbols fit together.</summary>
public sealed class H7LoaderImageTests
{
    private static string LoaderDirectory => Path.Combine(RepositoryPaths.Root, "src", "Stm32.Build.Flashing", "Loader");

    [Fact]
    [Trait("Requires", "gcc")]
    public async Task The_checked_in_image_is_what_a_fresh_build_of_the_source_gives()
    {
        ArmToolchain.Require();
        var output = Path.Combine(Path.GetTempPath(), $"h7-loader-{Guid.NewGuid():N}");
        try
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(LoaderDirectory, "build-loader.sh"));
            info.ArgumentList.Add(output);
            info.Environment["ARM_NONE_EABI_PREFIX"] = ArmToolchain.Gcc[..^"gcc".Length];
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"build-loader.sh failed: {await stdout}{await stderr}");

            var fresh = File.ReadAllText(Path.Combine(output, "H7LoaderImage.g.cs"));
            var checkedIn = File.ReadAllText(Path.Combine(LoaderDirectory, "H7LoaderImage.g.cs"));
            Assert.True(fresh == checkedIn,
                "src/Stm32.Build.Flashing/Loader/H7LoaderImage.g.cs differs from a fresh build of h7_loader.c; regenerate it with: "
                + "dotnet build src/Stm32.Build.Flashing -p:Stm32RegenerateLoader=true");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public void The_image_starts_with_its_vector_table_and_leaves_room_for_control_block_and_stack()
    {
        var bytes = H7LoaderImage.Bytes;
        Assert.Equal(H7LoaderImage.StackTop, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(H7LoaderImage.Entry | 1, BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]));
        for (var vector = 2; vector < 16; vector++)
        {
            var handler = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(vector * 4)..]);
            Assert.Equal(1u, handler & 1); // Thumb
            Assert.InRange(handler, H7LoaderImage.LoadAddress, H7LoaderImage.LoadAddress + (uint)bytes.Length);
        }
        Assert.True(H7LoaderImage.ControlAddress >= H7LoaderImage.LoadAddress + (uint)bytes.Length);
        Assert.True(H7LoaderImage.StackTop >= H7LoaderImage.ControlAddress + H7LoaderImage.Layout.ControlSize + 0x100);
        Assert.True(H7LoaderImage.End >= H7LoaderImage.StackTop);
        Assert.Equal(0u, H7LoaderImage.ControlAddress % 32);
    }
}
