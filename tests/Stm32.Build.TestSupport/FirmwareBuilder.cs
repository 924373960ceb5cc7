using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Stm32.Build.TestSupport;

/// <summary>The ready-made STM32H747 test programs (sources in <c>tests/firmware/h747</c>).</summary>
public enum FirmwareVariant
{
    /// <summary>Cortex-M7 blinky at 0x08000000; .data in DTCM and AXI SRAM, loaded from flash; .bss; const table.</summary>
    Cm7Blinky,
    /// <summary>Cortex-M4 blinky at 0x08100000 (bank 2); RAM through the D2 alias at 0x10000000.</summary>
    Cm4Blinky,
    /// <summary>Cortex-M7 image of about 2 MiB (a pseudo-random const payload) spanning both flash banks.</summary>
    Cm7Large,
    /// <summary>Cortex-M7 program that takes a HardFault right after boot and stays in its handler.</summary>
    Cm7HardFault,
    /// <summary>Cortex-M7 program that turns PA13/PA14 (SWDIO/SWCLK) into GPIO outputs: the debug port goes silent.</summary>
    Cm7SwdOff,
    /// <summary>The same for the Cortex-M4 (bank 2 at 0x08100000): the second core silences the debug port as soon as it runs.</summary>
    Cm4SwdOff,
}

/// <summary>How to build one firmware image.</summary>
/// <param name="Name">A short name (used in file names).</param>
/// <param name="Cpu">The <c>-mcpu</c> value (<c>cortex-m7</c>, <c>cortex-m4</c>).</param>
/// <param name="LinkerScript">The linker script, relative to the spec's <see cref="FirmwareSpec.Folder"/> or absolute.</param>
/// <param name="Sources">C and assembly sources, relative to the spec's <see cref="FirmwareSpec.Folder"/> or absolute.</param>
/// <param name="Defines">Preprocessor definitions (<c>NAME</c> or <c>NAME=value</c>).</param>
/// <param name="PayloadBytes">When non-zero, a deterministic pseudo-random payload of this size is generated and
/// passed to the sources as <c>PAYLOAD_FILE</c> (see <c>large.S</c>).</param>
public sealed record FirmwareSpec(
    string Name,
    string Cpu,
    string LinkerScript,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Defines,
    int PayloadBytes = 0)
{
    /// <summary>The folder under <c>tests/firmware</c> the sources, the linker script and the headers are in
    /// (default <c>h747</c>, the original test programs).</summary>
    public string Folder { get; init; } = "h747";

    /// <summary>More folders under <c>tests/firmware</c> for <c>-I</c> and <c>-L</c> (e.g. <c>common</c>); their
    /// files are part of the cache key.</summary>
    public IReadOnlyList<string> IncludeFolders { get; init; } = [];

    /// <summary>Compiler flags after <see cref="FirmwareBuilder.CommonFlags"/> (later flags win: <c>-mfpu=…</c>,
    /// <c>-mfloat-abi=hard</c>).</summary>
    public IReadOnlyList<string> ExtraFlags { get; init; } = [];

    /// <summary>Libraries after the sources (<c>-lgcc</c> for the division helpers of ARMv6-M and 64-bit
    /// arithmetic).</summary>
    public IReadOnlyList<string> Libraries { get; init; } = [];
}

/// <summary>
/// Builds the test firmware with <c>arm-none-eabi-gcc</c> into a cache under the system temp folder
/// (<c>$TMPDIR/stm32build-firmware/&lt;hash&gt;/</c>), keyed by a hash of the sources, linker scripts, flags and
/// compiler version, so every test (in every test process) reuses one build. Thread- and process-safe.
/// <para>Typical use: <c>var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);</c> then
/// <c>FirmwareBuilder.Convert(elf, "ihex")</c> for objcopy's HEX of the same image.</para>
/// Throws <see cref="ToolchainException"/> when the toolchain is missing, so the calling test fails with install
/// instructions.
/// </summary>
public static partial class FirmwareBuilder
{
    /// <summary>Flags common to every image: size-optimised Thumb code, no libc, no start files, deterministic output.</summary>
    public static readonly IReadOnlyList<string> CommonFlags =
    [
        "-mthumb", "-mfloat-abi=soft", "-Os", "-g", "-ffreestanding", "-ffunction-sections", "-fdata-sections",
        "-nostdlib", "-nostartfiles", "-Wall", "-Wextra", "-Werror",
        "-Wl,--gc-sections", "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
    ];

    /// <summary>The payload size of <see cref="FirmwareVariant.Cm7Large"/>: 0x1F0000 bytes, so code plus payload fill most of the 2 MiB of both banks.</summary>
    public const int LargePayloadBytes = 0x1F_0000;

    private static readonly ConcurrentDictionary<string, Lazy<string>> s_builds = new();

    /// <summary>The folder holding the firmware sources (<c>tests/firmware/h747</c>).</summary>
    public static string SourceDirectory => RepositoryPaths.Combine("tests", "firmware", "h747");

    /// <summary>The cache folder.</summary>
    public static string CacheDirectory => Path.Combine(Path.GetTempPath(), "stm32build-firmware");

    /// <summary>The build recipe of a variant.</summary>
    public static FirmwareSpec SpecFor(FirmwareVariant variant) => variant switch
    {
        FirmwareVariant.Cm7Blinky => new("cm7-blinky", "cortex-m7", "cm7.ld", ["startup.c", "blinky.c"], ["WITH_AXI_SRAM"]),
        FirmwareVariant.Cm4Blinky => new("cm4-blinky", "cortex-m4", "cm4.ld", ["startup.c", "blinky.c"], ["LED_PIN=13u"]),
        FirmwareVariant.Cm7Large => new("cm7-large", "cortex-m7", "cm7_large.ld", ["startup.c", "large_main.c", "large.S"], [], LargePayloadBytes),
        FirmwareVariant.Cm7HardFault => new("cm7-hardfault", "cortex-m7", "cm7.ld", ["startup.c", "hardfault.c"], []),
        FirmwareVariant.Cm7SwdOff => new("cm7-swdoff", "cortex-m7", "cm7.ld", ["startup.c", "swd_off.c"], []),
        FirmwareVariant.Cm4SwdOff => new("cm4-swdoff", "cortex-m4", "cm4.ld", ["startup.c", "swd_off.c"], []),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    /// <summary>Builds (or finds in the cache) a ready-made STM32H747 test program; returns the .elf path.</summary>
    public static string BuildH747(FirmwareVariant variant) => Build(SpecFor(variant));

    /// <summary>Builds (or finds in the cache) the image <paramref name="spec"/> describes; returns the .elf path.</summary>
    public static string Build(FirmwareSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArmToolchain.Require();
        string key = CacheKey(spec);
        var lazy = s_builds.GetOrAdd(key, k => new Lazy<string>(() => BuildUncached(spec, k), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>
    /// objcopy's conversion of <paramref name="elf"/> to <paramref name="bfdTarget"/> (<c>ihex</c>, <c>srec</c>,
    /// <c>binary</c>), cached next to the ELF as <c>firmware.hex/.srec/.bin</c>. objcopy runs in the ELF's folder with
    /// the relative output name, so an S-record's S0 header holds just that name (e.g. <c>firmware.srec</c>).
    /// </summary>
    public static string Convert(string elf, string bfdTarget)
    {
        string extension = bfdTarget switch { "ihex" => ".hex", "srec" => ".srec", "binary" => ".bin", _ => "." + bfdTarget };
        string dir = Path.GetDirectoryName(Path.GetFullPath(elf))!;
        string name = Path.GetFileNameWithoutExtension(elf) + extension;
        string target = Path.Combine(dir, name);
        if (File.Exists(target))
        {
            return target;
        }
        // Convert in a private folder (same output name, for the S0 header), then move into place atomically.
        string work = Path.Combine(dir, "convert-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            ArmToolchain.RunObjcopy(["-O", bfdTarget, Path.GetFullPath(elf), name], work);
            try
            {
                File.Move(Path.Combine(work, name), target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // another process converted it first: same content
            }
        }
        finally
        {
            TryDelete(work);
        }
        return target;
    }

    /// <summary>Runs objcopy on <paramref name="elf"/> with extra arguments into <paramref name="output"/> (uncached), e.g. <c>--gap-fill 0xff</c>.</summary>
    public static string ConvertTo(string elf, string bfdTarget, string output, params string[] extraArguments)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(dir);
        ArmToolchain.RunObjcopy([.. extraArguments, "-O", bfdTarget, Path.GetFullPath(elf), Path.GetFileName(output)], dir);
        return output;
    }

    private static string BuildUncached(FirmwareSpec spec, string key)
    {
        string final = Path.Combine(CacheDirectory, $"{spec.Name}-{key}");
        string elf = Path.Combine(final, "firmware.elf");
        if (File.Exists(elf))
        {
            return elf;
        }
        Directory.CreateDirectory(CacheDirectory);
        string work = Path.Combine(CacheDirectory, $"{spec.Name}-{key}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var args = new List<string> { "-mcpu=" + spec.Cpu };
            args.AddRange(MergeFlags(CommonFlags, spec.ExtraFlags));
            foreach (var folder in FoldersOf(spec))
            {
                args.Add("-I" + folder);
                args.Add("-L" + folder); // linker scripts INCLUDE common.ld / sections.ld
            }
            args.Add("-T" + Resolve(spec, spec.LinkerScript));
            args.AddRange(spec.Defines.Select(d => "-D" + d));
            if (spec.PayloadBytes > 0)
            {
                string payload = Path.Combine(work, "payload.bin");
                File.WriteAllBytes(payload, Payload(spec.PayloadBytes));
                // the final path: the build runs in 'work', which is renamed to 'final' afterwards; .incbin reads at assembly time
                args.Add($"-DPAYLOAD_FILE=\"{payload}\"");
            }
            args.AddRange(spec.Sources.Select(f => Resolve(spec, f)));
            args.AddRange(spec.Libraries);
            args.Add("-o");
            args.Add(Path.Combine(work, "firmware.elf"));
            ArmToolchain.RunChecked(ArmToolchain.Gcc, args, work);
            File.WriteAllText(Path.Combine(work, "build.txt"), string.Join('\n', args));
            try
            {
                Directory.Move(work, final);
            }
            catch (IOException) when (File.Exists(elf))
            {
                // another process built the same key first
            }
        }
        finally
        {
            TryDelete(work);
        }
        if (!File.Exists(elf))
        {
            throw new ToolchainException($"the firmware build of {spec.Name} produced no {elf}");
        }
        return elf;
    }

    /// <summary>A deterministic pseudo-random payload (xorshift32, seed 0x2545F491).</summary>
    public static byte[] Payload(int length)
    {
        var data = new byte[length];
        uint x = 0x2545F491;
        for (int i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            data[i] = (byte)x;
        }
        return data;
    }

    /// <summary>The folder of <paramref name="spec"/>'s sources (<c>tests/firmware/&lt;Folder&gt;</c>).</summary>
    public static string SourceDirectoryOf(FirmwareSpec spec) => RepositoryPaths.Combine("tests", "firmware", spec.Folder);

    /// <summary>The full paths of the sources <paramref name="spec"/> compiles.</summary>
    public static IReadOnlyList<string> SourcePaths(FirmwareSpec spec) => [.. spec.Sources.Select(f => Resolve(spec, f))];

    private static IEnumerable<string> FoldersOf(FirmwareSpec spec) =>
        spec.IncludeFolders.Select(f => RepositoryPaths.Combine("tests", "firmware", f)).Prepend(SourceDirectoryOf(spec));

    private static string Resolve(FirmwareSpec spec, string file) =>
        Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(SourceDirectoryOf(spec), file));

    /// <summary><paramref name="common"/> followed by <paramref name="extra"/>, without the common flags an extra
    /// flag replaces: the same option before '=' (<c>-mfloat-abi=hard</c> replaces <c>-mfloat-abi=soft</c>, which
    /// matters because gcc picks the libgcc multilib from them) or another optimisation level (<c>-O…</c>).</summary>
    public static IReadOnlyList<string> MergeFlags(IEnumerable<string> common, IReadOnlyList<string> extra)
    {
        static string Group(string flag) =>
            flag.StartsWith("-O", StringComparison.Ordinal) ? "-O" : flag.Contains('=', StringComparison.Ordinal) ? flag[..flag.IndexOf('=', StringComparison.Ordinal)] : flag;
        var replaced = extra.Select(Group).ToHashSet(StringComparer.Ordinal);
        return [.. common.Where(f => !replaced.Contains(Group(f))), .. extra];
    }

    private static readonly string[] s_sourceExtensions = [".c", ".h", ".S", ".s", ".ld"];

    private static string CacheKey(FirmwareSpec spec)
    {
        var sb = new StringBuilder();
        sb.Append("v2\n").Append(ArmToolchain.GccVersion).Append('\n');
        sb.Append(spec.Name).Append('\n').Append(spec.Cpu).Append('\n').Append(spec.PayloadBytes).Append('\n');
        sb.AppendJoin(' ', CommonFlags).Append('\n').AppendJoin(' ', spec.Defines).Append('\n');
        sb.Append(spec.Folder).Append('\n').AppendJoin(' ', spec.IncludeFolders).Append('\n');
        sb.AppendJoin(' ', spec.ExtraFlags).Append('\n').AppendJoin(' ', spec.Libraries).Append('\n');
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
        // Every source, header and linker script of the folders (headers and INCLUDEd scripts matter too)
        // plus the listed sources.
        var files = FoldersOf(spec)
            .SelectMany(d => Directory.GetFiles(d).Where(f => s_sourceExtensions.Contains(Path.GetExtension(f), StringComparer.Ordinal)))
            .Concat(spec.Sources.Select(f => Resolve(spec, f)).Append(Resolve(spec, spec.LinkerScript)))
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/') + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return System.Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
