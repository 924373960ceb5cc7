using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;
using Stm32.Build.Usb.Tests.Support;

namespace Stm32.Build.Usb.Tests;

/// <summary>
/// The probe leaving the USB bus in the middle of a flash — at connect, while erasing, while programming, during the
/// delay guard — is a coded probe error (STM3008), never a diagnosis of the firmware or the target, and once it is
/// plugged in again (a new enumeration through uevents) a second run reaches a verified image.
/// </summary>
[Trait("Requires", "umockdev")]
[Trait("Requires", "gcc")]
public sealed partial class UnplugOverUsbTests : IDisposable
{
    private const string Serial = "UNPLUGV3";
    private readonly Stm32Process _stm32 = new();

    [GeneratedRegex(@"\bSTM(4[45]\d\d)\b")]
    private static partial Regex FirmwareDiagnosis();

    /// <summary>
    /// The script run under <c>sim usb</c>: a verbose flash (with its report) in the background; when its progress
    /// prints a line starting with <paramref name="progress"/> (null: never), SIGUSR1 to <c>sim usb</c> pulls the
    /// cable; then SIGUSR2 plugs it in again and a second flash runs.
    /// </summary>
    private string[] Script(string image, string? progress, string flashOptions = "")
    {
        var cli = Stm32Process.Cli;
        var pull = progress is null ? "" : $$"""
            i=0
            until grep -q "^{{progress}}" "$err" || [ $i -ge 3000 ]; do sleep 0.01; i=$((i+1)); done
            kill -USR1 $PPID
            """;
        return _stm32.Script("unplug.sh", $$"""
            err={{_stm32.PathOf("first.err")}}
            dotnet {{cli}} flash --verbose --probe usb:{{Serial}} --report {{_stm32.PathOf("first.json")}} {{flashOptions}} {{image}} > {{_stm32.PathOf("first.out")}} 2> "$err" &
            pid=$!
            {{pull}}
            wait $pid
            echo "first exit $?"
            sleep 0.3
            kill -USR2 $PPID
            sleep 0.3
            dotnet {{cli}} flash --probe usb:{{Serial}} --delay-guard 0 {{image}}
            echo "second exit $?"
            """);
    }

    /// <summary>The first run's report (written even though the run failed).</summary>
    private System.Text.Json.JsonElement FirstReport() =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(_stm32.PathOf("first.json"))).RootElement;

    private void AssertProbeErrorThenRecovery(ProcessResult run, string phase, string image, Stm32.Build.Images.ImageReadOptions? read = null)
    {
        var first = File.ReadAllText(_stm32.PathOf("first.err")) + File.ReadAllText(_stm32.PathOf("first.out"));
        Assert.True(run.ExitCode == 0, run + "\n--- first\n" + first);
        Assert.Matches(@"first exit [1-9]", run.Out);
        Assert.Contains("stm32: " + phase, first, StringComparison.Ordinal);
        Assert.Contains("STM3008", first, StringComparison.Ordinal);                  // the probe was disconnected
        Assert.DoesNotMatch(FirmwareDiagnosis(), first);                               // no firmware or recovery diagnosis
        Assert.DoesNotContain("stm32 recover", first, StringComparison.Ordinal);      // nothing that would erase
        Assert.True(run.Out.Contains("second exit 0", StringComparison.Ordinal), "the second flash failed:\n" + run);
        Assert.True(run.Out.Contains("verify: crc passed", StringComparison.Ordinal), "the second flash did not verify:\n" + run);
        Assert.True(BoardState.Holds(_stm32.PathOf("board.state"), image, read), "the re-run left the image in flash");
    }

    [Fact]
    public void Unplugged_at_connect()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        // The board's own fault: the probe leaves the bus at its 6th command, while the pipeline connects.
        var run = _stm32.SimUsb(["--probe", "v3:" + Serial, "--state", _stm32.PathOf("board.state"), "--fault", "unplug-after=6"],
            Script(elf, progress: null), TimeSpan.FromSeconds(120));
        AssertProbeErrorThenRecovery(run, "connect", elf);
    }

    [Fact]
    public void Unplugged_while_erasing()
    {
        // Two sectors to erase: the cable is pulled once the first is done, while the second erases.
        var image = BoardState.TwoSectorHex(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), _stm32.PathOf("two-sectors.hex"));
        var run = _stm32.SimUsb(["--probe", "v3:" + Serial, "--state", _stm32.PathOf("board.state")],
            Script(image, "stm32: erase: 131072/262144"), TimeSpan.FromSeconds(120));
        AssertProbeErrorThenRecovery(run, "erase", image);
        var first = FirstReport();
        Assert.Equal(["1:0"], first.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()));
        // The streaming pipeline programs a sector as soon as its erase ends and erases the next sector of the bank
        // once that is done, so when the cable goes the first sector's words may or may not have been written (the
        // pull races the 10 ms poll of the progress line); nothing of the second sector (never erased) can be.
        var firstSector = Stm32.Build.Images.ImageReader.Read(image).Segments.Where(s => s.End <= 0x0802_0000)
            .Sum(s => (long)(((s.End + 31) & ~31UL) - (s.Address & ~31UL)));                   // in 256-bit flash words
        Assert.InRange(first.GetProperty("bytesProgrammed").GetInt64(), 0, firstSector);
    }

    [Fact]
    public void Unplugged_while_programming()
    {
        // A whole sector of pattern after the blinky: a programming phase of about a second over USB, long enough to
        // pull the cable after the first progress line (10 %).
        var image = BoardState.PatternImage(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), 0x31, 0x20000, _stm32.PathOf("pattern.bin"));
        var run = _stm32.SimUsb(["--probe", "v3:" + Serial, "--state", _stm32.PathOf("board.state")], Script(image, "stm32: program: "), TimeSpan.FromSeconds(120));
        AssertProbeErrorThenRecovery(run, "program", image, BoardState.BinaryAtFlash);
        Assert.False(FirstReport().TryGetProperty("verify", out _), "the first run never reached verify");
    }

    [Fact]
    public void Unplugged_during_the_delay_guard()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var run = _stm32.SimUsb(["--probe", "v3:" + Serial, "--state", _stm32.PathOf("board.state")],
            Script(elf, "stm32: delay-guard", "--delay-guard 3000"), TimeSpan.FromSeconds(120));
        AssertProbeErrorThenRecovery(run, "delay-guard", elf);
        var first = FirstReport();
        Assert.True(first.GetProperty("boot")[0].GetProperty("confirmed").GetBoolean());
        Assert.False(first.TryGetProperty("delayGuard", out var guard) && guard.GetProperty("result").GetString() == "passed");
    }

    public void Dispose() => _stm32.Dispose();
}
