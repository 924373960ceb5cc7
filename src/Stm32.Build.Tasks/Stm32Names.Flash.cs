namespace Stm32.Build.Tasks;

// The names of the flashing targets (build/Stm32.Build.Flash.props and build/Stm32.Build.Flash.targets).
// Each group is a direct nested class so Stm32NamesTests sees every constant; names that do not start with Stm32
// (the Flash target, item metadata) sit one level deeper, as the test allows only Stm32 names at the first level.
public static partial class Stm32Names
{
    /// <summary>Properties of the flashing targets.</summary>
    public static class FlashProperties
    {
        /// <summary>The probe selection: <c>auto | usb | usb:SERIAL | tcp://HOST[:PORT][/SERIAL] | sim</c> (default <c>auto</c>).</summary>
        public const string Probe = "Stm32Probe";
        /// <summary>true to flash even when the preflight finds hazards (its errors become warnings); default false.</summary>
        public const string AllowHazards = "Stm32AllowHazards";
        /// <summary>false to skip the brick-hazard preflight (booting the images on the virtual board); default true.</summary>
        public const string Preflight = "Stm32Preflight";
        /// <summary>Virtual milliseconds the preflight boots the images for (default 300).</summary>
        public const string BootTime = "Stm32BootTime";
        /// <summary>The file holding the preflight's properties, an input of Stm32Validate (default in obj/).</summary>
        public const string PreflightInputsFile = "Stm32PreflightInputsFile";
        /// <summary>The after-link validation's preflight result, which the Flash target's gate uses instead of booting again (default in obj/).</summary>
        public const string PreflightResultFile = "Stm32PreflightResultFile";
        /// <summary>Where boards are remembered after healthy flashes (empty: the user's state directory, or STM32_BUILD_BOARDS_DIR).</summary>
        public const string BoardStoreDirectory = "Stm32BoardStoreDirectory";
        /// <summary>How to attach: <c>auto</c> (default), <c>normal</c> or <c>under-reset</c>.</summary>
        public const string Connect = "Stm32Connect";
        /// <summary>The SWD clock in kHz: one the probe offers (ST-LINK/V2, V2-1: 4000 ... 5; STLINK-V3: its GET_COM_FREQ list); empty: the fastest not above 4000.</summary>
        public const string SwdFrequency = "Stm32SwdFrequency";
        /// <summary>How to verify: <c>crc</c> (default), <c>readback</c> or <c>none</c>.</summary>
        public const string Verify = "Stm32Verify";
        /// <summary>true (default) to leave sectors whose CRC already matches untouched.</summary>
        public const string SkipUnchanged = "Stm32SkipUnchanged";
        /// <summary>Who writes the flash words: <c>auto</c> (default: the RAM loader where the family has one and it can run, else the host), <c>loader</c> (only the loader; STM4903 when it cannot run) or <c>host</c>.</summary>
        public const string FlashProgramPath = "Stm32FlashProgramPath";
        /// <summary>Milliseconds the firmware runs before the debug port must still answer (default 1000; 0 disables).</summary>
        public const string DelayGuard = "Stm32DelayGuard";
        /// <summary>true to report firmware that disables debug access as a warning instead of an error.</summary>
        public const string DebugLossIsWarning = "Stm32DebugLossIsWarning";
        /// <summary>true to reset with vector catch after programming and confirm the halt at the reset handler (default true).</summary>
        public const string ConfirmBoot = "Stm32ConfirmBoot";
        /// <summary>true to erase both banks entirely before programming (default false).</summary>
        public const string MassErase = "Stm32MassErase";
        /// <summary>true to flash after every build (hardware-in-the-loop test projects); default false.</summary>
        public const string FlashOnBuild = "Stm32FlashOnBuild";
        /// <summary>Where the JSON report of the last flash/erase/recover/reset run goes (default in obj/).</summary>
        public const string ReportPath = "Stm32ReportPath";
        /// <summary>For <c>Stm32Probe=sim</c>: the virtual board's state file (default: the driver's state directory).</summary>
        public const string SimStateFile = "Stm32SimStateFile";
        /// <summary>The board the target sits on: a bundled board's name or a board description file (its supply wiring, oscillators, NRST, BOOT0).</summary>
        public const string Board = "Stm32Board";
        /// <summary>For <c>Stm32Probe=sim</c>: the board (a bundled board's name or a board file); by default <c>Stm32Board</c>.</summary>
        public const string SimBoard = "Stm32SimBoard";
        /// <summary>The board's supply wiring (<c>ldo</c>, <c>direct-smps</c>, … or the HAL's <c>PWR_…</c> names), overriding the board description's.</summary>
        public const string BoardSupply = "Stm32BoardSupply";
        /// <summary>Show the current step of a probe task in the terminal logger's live line (default: on when the terminal logger is).</summary>
        public const string LiveProgress = "Stm32LiveProgress";
        /// <summary>The udev rules for ST-LINK access on Linux in the package (docs/udev/49-stm32-build-stlink.rules).</summary>
        public const string UdevRulesFile = "Stm32UdevRulesFile";
        /// <summary>The target framework whose inner build flashes in a multi-targeted project (default: the first of TargetFrameworks).</summary>
        public const string FlashTargetFramework = "Stm32FlashTargetFramework";
        /// <summary>Option bytes: BOOT_CM7_ADD0 to write after programming (empty writes nothing).</summary>
        public const string BootCm7Address = "Stm32BootCm7Address";
        /// <summary>Option bytes: BOOT_CM4_ADD0 to write after programming (empty writes nothing).</summary>
        public const string BootCm4Address = "Stm32BootCm4Address";
        /// <summary>Option bytes: the RDP level (0, 1, 2) to write after programming (empty writes nothing).</summary>
        public const string RdpLevel = "Stm32RdpLevel";
        /// <summary>Must be true for <c>Stm32RdpLevel=2</c>, which is irreversible (default false).</summary>
        public const string ConfirmRdpLevel2 = "Stm32ConfirmRdpLevel2";
        /// <summary>Stm32Recover: true to bring readout protection from level 1 back to 0, which erases the whole flash (default false).</summary>
        public const string RdpRegression = "Stm32RdpRegression";
        /// <summary>Stm32Recover: must be true for <c>Stm32RdpRegression</c>, which erases the whole flash (default false).</summary>
        public const string ConfirmMassErase = "Stm32ConfirmMassErase";
        /// <summary>Stm32Reset: <c>software</c> (default), <c>hardware</c> or <c>core</c>.</summary>
        public const string ResetKind = "Stm32ResetKind";
        /// <summary>Stm32Erase: the first address to erase (empty with an empty length: both banks).</summary>
        public const string EraseStart = "Stm32EraseStart";
        /// <summary>Stm32Erase: how many bytes to erase (whole sectors; empty: both banks).</summary>
        public const string EraseLength = "Stm32EraseLength";
        /// <summary>Stm32Probes and Stm32Info: also list the probes of this ST-LINK server (HOST[:PORT]).</summary>
        public const string ProbeServer = "Stm32ProbeServer";
        /// <summary>The stamp file of the incremental Stm32Validate target (in obj/).</summary>
        public const string ValidateStampFile = "Stm32ValidateStampFile";
        /// <summary>Targets Flash depends on (extension point).</summary>
        public const string FlashDependsOn = "Stm32FlashDependsOn";
        /// <summary>Targets Stm32Validate depends on (extension point).</summary>
        public const string ValidateDependsOn = "Stm32ValidateDependsOn";
        /// <summary>Targets Stm32Erase depends on (extension point).</summary>
        public const string EraseDependsOn = "Stm32EraseDependsOn";
        /// <summary>Targets Stm32Recover depends on (extension point).</summary>
        public const string RecoverDependsOn = "Stm32RecoverDependsOn";
        /// <summary>Targets Stm32Reset depends on (extension point).</summary>
        public const string ResetDependsOn = "Stm32ResetDependsOn";
        /// <summary>Targets Stm32Probes depends on (extension point).</summary>
        public const string ProbesDependsOn = "Stm32ProbesDependsOn";
        /// <summary>Targets Stm32Info depends on (extension point).</summary>
        public const string InfoDependsOn = "Stm32InfoDependsOn";
    }

    /// <summary>Items of the flashing targets.</summary>
    public static class FlashItems
    {
        /// <summary>An image to flash (ELF, HEX, S-record or .bin) with <see cref="Metadata"/> Device, Core and Address.</summary>
        public const string Flash = "Stm32Flash";
        /// <summary>The probes Stm32Probes found (output), with Selection, Model and SerialNumber metadata.</summary>
        public const string DetectedProbe = "Stm32DetectedProbe";

        /// <summary>Item metadata (not Stm32-prefixed, as MSBuild metadata usually is).</summary>
        public static class Metadata
        {
            /// <summary>The device an image is for (overrides Stm32Device).</summary>
            public const string Device = "Device";
            /// <summary>The core an image runs on: CM7 or CM4.</summary>
            public const string Core = "Core";
            /// <summary>Where a raw .bin goes (hex or decimal); the core's boot address when empty.</summary>
            public const string Address = "Address";
            /// <summary>A detected probe's selection string.</summary>
            public const string Selection = "Selection";
            /// <summary>A detected probe's model.</summary>
            public const string Model = "Model";
            /// <summary>A detected probe's serial number.</summary>
            public const string SerialNumber = "SerialNumber";
        }
    }

    /// <summary>Targets of the flashing targets file.</summary>
    public static class FlashTargets
    {
        /// <summary>Validates the images without a probe; incremental (Inputs/Outputs with a stamp file).</summary>
        public const string Validate = "Stm32Validate";
        /// <summary>Erases sectors (Stm32EraseStart/Stm32EraseLength) or both banks.</summary>
        public const string Erase = "Stm32Erase";
        /// <summary>The recovery sequence: connect under reset, mass erase, prove blank.</summary>
        public const string Recover = "Stm32Recover";
        /// <summary>Resets the target (Stm32ResetKind).</summary>
        public const string Reset = "Stm32Reset";
        /// <summary>Lists the probes.</summary>
        public const string Probes = "Stm32Probes";
        /// <summary>Shows the probe and the target.</summary>
        public const string Info = "Stm32Info";

        /// <summary>Targets whose names are not Stm32-prefixed because users type them.</summary>
        public static class Unprefixed
        {
            /// <summary><c>dotnet build -t:Flash</c>: build, validate, program, verify, confirm boot.</summary>
            public const string Flash = "Flash";
        }
    }

    /// <summary>Task class names of the flashing targets (as UsingTask declares them).</summary>
    public static class FlashTasks
    {
        /// <summary>The Stm32Flash task.</summary>
        public const string Flash = "Stm32.Build.Tasks.Stm32Flash";
        /// <summary>The Stm32Validate task.</summary>
        public const string Validate = "Stm32.Build.Tasks.Stm32Validate";
        /// <summary>The Stm32Erase task.</summary>
        public const string Erase = "Stm32.Build.Tasks.Stm32Erase";
        /// <summary>The Stm32Recover task.</summary>
        public const string Recover = "Stm32.Build.Tasks.Stm32Recover";
        /// <summary>The Stm32Reset task.</summary>
        public const string Reset = "Stm32.Build.Tasks.Stm32Reset";
        /// <summary>The Stm32Probes task.</summary>
        public const string Probes = "Stm32.Build.Tasks.Stm32Probes";
        /// <summary>The Stm32Info task.</summary>
        public const string Info = "Stm32.Build.Tasks.Stm32Info";
        /// <summary>The task of the progress targets (build/Stm32.Build.Progress.targets).</summary>
        public const string ProgressStep = "Stm32.Build.Tasks.Terminal.Stm32ProgressStep";
    }

    /// <summary>Private names of the flashing targets (not a contract).</summary>
    public static class FlashPrivate
    {
        /// <summary><c>_Stm32FlashPropsImported</c>.</summary>
        public const string PropsImported = "_Stm32FlashPropsImported";
        /// <summary><c>_Stm32FlashImage</c>: the images Flash and Stm32Validate work on.</summary>
        public const string FlashImage = "_Stm32FlashImage";
        /// <summary><c>_Stm32CollectFlashImages</c>.</summary>
        public const string CollectFlashImages = "_Stm32CollectFlashImages";
        /// <summary><c>_Stm32PreflightInputs</c>: writes the preflight's properties file and lists the board file.</summary>
        public const string PreflightInputs = "_Stm32PreflightInputs";
        /// <summary><c>_Stm32PreflightInput</c>: the preflight's inputs beyond the images (items).</summary>
        public const string PreflightInput = "_Stm32PreflightInput";
        /// <summary><c>_Stm32PreflightInputsNew</c>: the preflight's properties file did not exist before this build.</summary>
        public const string PreflightInputsNew = "_Stm32PreflightInputsNew";
        /// <summary><c>_Stm32BuildBeforeFlash</c>: builds before Flash unless a plain project only lists prebuilt images.</summary>
        public const string BuildBeforeFlash = "_Stm32BuildBeforeFlash";
        /// <summary><c>Stm32: flash</c>: runs the Stm32Flash task (named for the terminal logger's live line).</summary>
        public const string FlashCore = "Stm32: flash";
        /// <summary><c>_Stm32FlashAfterBuild</c>.</summary>
        public const string FlashAfterBuild = "_Stm32FlashAfterBuild";
        /// <summary><c>Stm32: validate images</c>: runs the Stm32Validate task (named for the terminal logger's live line).</summary>
        public const string ValidateCore = "Stm32: validate images";
        /// <summary><c>_Stm32ProbeAllowed</c>: true outside design-time builds and restore.</summary>
        public const string ProbeAllowed = "_Stm32ProbeAllowed";
        /// <summary><c>_Stm32CheckProbeAllowed</c>.</summary>
        public const string CheckProbeAllowed = "_Stm32CheckProbeAllowed";
        /// <summary><c>_Stm32FlashesInThisBuild</c>: false in the inner builds of a multi-targeted project that do not flash.</summary>
        public const string FlashesInThisBuild = "_Stm32FlashesInThisBuild";
        /// <summary><c>_Stm32CheckFlashTargetFramework</c> (buildMultiTargeting/).</summary>
        public const string CheckFlashTargetFramework = "_Stm32CheckFlashTargetFramework";
        /// <summary><c>Stm32ProgressStep</c>: the task element of the progress targets (build/Stm32.Build.Progress.targets).</summary>
        public const string ProgressStepTask = "Stm32ProgressStep";
        /// <summary><c>_Stm32ProgressTargetsImported</c>.</summary>
        public const string ProgressTargetsImported = "_Stm32ProgressTargetsImported";
        /// <summary><c>_Stm32ValidateAfterBuild</c>: validates Stm32Flash items after every build.</summary>
        public const string ValidateAfterBuild = "_Stm32ValidateAfterBuild";
    }
}
