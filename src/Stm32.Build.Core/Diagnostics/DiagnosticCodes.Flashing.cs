namespace Stm32.Build.Diagnostics;

// STM4xxx: flashing, boot confirmation, delay guard and recovery (src/Stm32.Build.Flashing).
// STM40xx connect and identify, STM41xx flash programming, STM42xx verify, STM43xx option bytes,
// STM44xx boot confirmation and delay guard, STM45xx recovery, STM46xx erase/read/reset commands.
public static partial class DiagnosticCodes
{
    /// <summary>The chip on the probe is not the device the image was validated for (DEV_ID or flash size differ).</summary>
    public const string WrongDevice = "STM4001";
    /// <summary>The target could not be reached, neither normally nor under reset (auto mode).</summary>
    public const string ConnectFailed = "STM4002";
    /// <summary>Connect under reset did not work: NRST does not reach the chip (not wired) or the core did not halt.</summary>
    public const string ConnectUnderResetFailed = "STM4003";
    /// <summary>The images have validation errors; nothing was programmed.</summary>
    public const string ImageInvalid = "STM4004";
    /// <summary>The device's flash is not programmable by this pipeline (flash driver not supported).</summary>
    public const string FlashDriverUnsupported = "STM4005";
    /// <summary>The operation was cancelled; the flash was locked again.</summary>
    public const string FlashCancelled = "STM4006";
    /// <summary>A core could not be halted before programming.</summary>
    public const string HaltFailed = "STM4007";

    /// <summary>The flash bank could not be unlocked (FLASH_CRx.LOCK stayed set after the key sequence).</summary>
    public const string FlashUnlockFailed = "STM4101";
    /// <summary>A flash operation reported an error flag in FLASH_SRx (the message names the flag and the address).</summary>
    public const string FlashOperationError = "STM4102";
    /// <summary>A flash operation did not finish within the datasheet's maximum time (QW/BSY stayed set).</summary>
    public const string FlashTimeout = "STM4103";
    /// <summary>The image has bytes in flash outside every bank of the device.</summary>
    public const string FlashAddressOutOfRange = "STM4104";
    /// <summary>The flash could not be locked again after the operation.</summary>
    public const string FlashRelockFailed = "STM4105";

    /// <summary>Verification failed: the flash read back differs from the image (the message gives the first address).</summary>
    public const string VerifyFailed = "STM4201";
    /// <summary>The flash CRC unit disagreed with the expected CRC but a read-back matched (information).</summary>
    public const string CrcDisagreed = "STM4202";

    /// <summary>The option bytes could not be read.</summary>
    public const string OptionBytesUnreadable = "STM4301";
    /// <summary>BCM7 is 0 in the option bytes: the Cortex-M7 does not boot (a known way to lose the chip).</summary>
    public const string OptionBcm7Disabled = "STM4302";
    /// <summary>The image's boot address does not match the boot address in the option bytes.</summary>
    public const string OptionBootAddressMismatch = "STM4303";
    /// <summary>RDP level 2 (irreversible) was requested without the explicit confirmation.</summary>
    public const string OptionRdp2Refused = "STM4304";
    /// <summary>Writing the option bytes failed (OPTCHANGEERR, or the values read back differ).</summary>
    public const string OptionWriteFailed = "STM4305";
    /// <summary>The option bytes in effect (information).</summary>
    public const string OptionBytesReport = "STM4306";

    /// <summary>After the reset with vector catch the core did not halt at the image's reset handler with the image's initial SP.</summary>
    public const string BootNotConfirmed = "STM4401";
    /// <summary>The firmware disables debug access within N ms of reset; control was regained under reset.</summary>
    public const string DebugAccessLost = "STM4402";
    /// <summary>Target voltage below the level for x64 programming: a lower parallelism was used (information).</summary>
    public const string ParallelismReduced = "STM4403";

    /// <summary>Nothing answers, even under reset: the recovery diagnostic with the likely causes and the recovery steps.</summary>
    public const string TargetUnrecoverable = "STM4501";
    /// <summary>Recover could not prove the flash blank after the mass erase.</summary>
    public const string RecoverFailed = "STM4502";

    /// <summary>A read of target memory for <c>stm32 read</c> failed or the range is not valid.</summary>
    public const string ReadFailed = "STM4601";

    /// <summary>The image run on the instruction emulator (<c>stm32 sim run</c>) locked up the core (a fault during a fault).</summary>
    public const string CoreLockedUp = "STM4700";
}
