using Stm32.Build.Devices;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing;

/// <summary>What to flash and how: the entry of <see cref="FlashPipeline.FlashAsync"/>. No MSBuild types.</summary>
public sealed record FlashRequest
{
    /// <summary>The device the images are built for.</summary>
    public required DeviceDescription Device { get; init; }

    /// <summary>The images (with their core on dual-core parts).</summary>
    public required IReadOnlyList<ImageInput> Images { get; init; }

    /// <summary>Validation settings (boot addresses moved by the option bytes, single-bank rule).</summary>
    public ValidationOptions Validation { get; init; } = new();

    /// <summary>How to attach (default: auto — normal, then under reset).</summary>
    public ConnectMode Connect { get; init; } = ConnectMode.Auto;

    /// <summary>Connection attempts per mode.</summary>
    public int ConnectAttempts { get; init; } = 2;

    /// <summary>The pause between connection attempts (target time).</summary>
    public TimeSpan ConnectRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How to verify (default: the flash CRC unit).</summary>
    public VerifyMode Verify { get; init; } = VerifyMode.Crc;

    /// <summary>Leave sectors whose CRC already matches the image untouched (Stm32SkipUnchanged, default on).</summary>
    public bool SkipUnchanged { get; init; } = true;

    /// <summary>
    /// Who writes the flash words: <see cref="Drivers.ProgramPath.Auto"/> (default) uses the family's RAM loader on the
    /// target core where it has one and it can run, else the host; <see cref="Drivers.ProgramPath.Loader"/> only the
    /// loader (STM4903 when the family has none or it cannot run); <see cref="Drivers.ProgramPath.Host"/> always the host.
    /// </summary>
    public Drivers.ProgramPath ProgramPath { get; init; } = Drivers.ProgramPath.Auto;

    /// <summary>Erase both banks entirely first (only on request).</summary>
    public bool MassErase { get; init; }

    /// <summary>Option bytes to write after programming and verifying (only on request; validated before the probe is touched); null writes none.</summary>
    public OptionBytesRequest? OptionBytes { get; init; }

    /// <summary>Reset with vector catch after programming and confirm the halt at the reset handler (default on).</summary>
    public bool ConfirmBoot { get; init; } = true;

    /// <summary>How long to let the firmware run before checking that the debug port still answers; zero disables.</summary>
    public TimeSpan DelayGuard { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Report "the firmware disables debug access" as a warning instead of an error.</summary>
    public bool DebugLossIsWarning { get; init; }

    /// <summary>Leave the firmware running at the end (default); false leaves the cores halted.</summary>
    public bool Run { get; init; } = true;

    /// <summary>
    /// Where the board observed after a healthy flash is remembered (its unique ID, PWR_CR3 and supply configuration):
    /// <see cref="Boards.RememberedBoardStore.Default"/> when null; see <see cref="RememberBoard"/>.
    /// </summary>
    public Boards.RememberedBoardStore? BoardStore { get; init; }

    /// <summary>Whether to remember the board after a healthy flash (default true).</summary>
    public bool RememberBoard { get; init; } = true;

    /// <summary>
    /// The brick-hazard preflight, run after connecting and before anything is erased; a verdict with
    /// <see cref="PreflightVerdict.Stop"/> ends the flash with STM1538 and the board untouched. Null: none.
    /// </summary>
    public PreflightGate? Preflight { get; init; }

    /// <summary>Evidence from a dry run made before the request (ranked in STM4501 with the gate's).</summary>
    public IReadOnlyList<HazardEvidence> Evidence { get; init; } = [];
}

/// <summary>The phases a flash run goes through, for progress events.</summary>
public enum FlashPhase
{
    /// <summary>Validating the images.</summary>
    Validate,
    /// <summary>Connecting and identifying the chip.</summary>
    Connect,
    /// <summary>Comparing sectors with the image (flash CRC unit, or read-back).</summary>
    Compare,
    /// <summary>Erasing sectors.</summary>
    Erase,
    /// <summary>Programming flash words.</summary>
    Program,
    /// <summary>Verifying.</summary>
    Verify,
    /// <summary>Reading or writing option bytes.</summary>
    OptionBytes,
    /// <summary>Resetting and confirming the halt at the reset handler.</summary>
    ConfirmBoot,
    /// <summary>Waiting the delay guard and checking the debug port.</summary>
    DelayGuard,
    /// <summary>Regaining control (connect under reset) or recovering.</summary>
    Recover,
    /// <summary>Reading memory back.</summary>
    Read,
    /// <summary>Done.</summary>
    Done,
}

/// <summary>One progress event for front ends.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="BytesDone">Bytes done in this phase.</param>
/// <param name="BytesTotal">Bytes this phase will do.</param>
/// <param name="Sector">The sector being worked on, when there is one.</param>
/// <param name="Message">A line for people, when there is one.</param>
public sealed record FlashProgress(FlashPhase Phase, long BytesDone, long BytesTotal, string? Sector = null, string? Message = null);
