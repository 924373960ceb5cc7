namespace Stm32.Build.Diagnostics;

// STM411x-STM419x: protection checks before erasing and the family flash drivers' own errors;
// STM431x-STM439x: readout protection, its regression, and option values;
// STM48xx: the family flash drivers (bank modes, drivers not yet proven on a virtual chip).
public static partial class DiagnosticCodes
{
    /// <summary>The erase plan touches write-protected sectors or pages (the message names them); nothing was erased.</summary>
    public const string SectorsWriteProtected = "STM4110";
    /// <summary>The erase plan touches a PCROP or secure area (the message names the area and the sectors); nothing was erased.</summary>
    public const string ProtectedAreaInPlan = "STM4111";
    /// <summary>The protection state could not be read or is not described for the device; nothing was erased.</summary>
    public const string ProtectionUnknown = "STM4112";
    /// <summary>A flash program or erase reported a family error flag (PROGERR, SIZERR, PGAERR, MISERR, FASTERR, PGPERR …), named with the address.</summary>
    public const string FlashFamilyError = "STM4113";

    /// <summary>The chip is at readout protection level 1: flashing is refused before erasing; the message explains the regression (a mass erase) and how to do it.</summary>
    public const string ReadoutProtected = "STM4310";
    /// <summary>The chip is at readout protection level 2: the debug port is closed for ever; nothing can be done through it.</summary>
    public const string ReadoutProtectedLevel2 = "STM4311";
    /// <summary>The regression of readout protection to level 0 (which mass-erases the flash) was asked for without its explicit confirmation.</summary>
    public const string RdpRegressionNotConfirmed = "STM4312";
    /// <summary>The regression of readout protection to level 0 did not complete (the option change failed or the level read back is not 0).</summary>
    public const string RdpRegressionFailed = "STM4313";
    /// <summary>An option byte value cannot be written as asked (out of range, not representable, or not on this part); nothing was touched.</summary>
    public const string OptionValueInvalid = "STM4314";
    /// <summary>The readout protection was regressed to level 0 and the flash mass-erased (information).</summary>
    public const string RdpRegressed = "STM4315";
    /// <summary>The protection state read before erasing (information).</summary>
    public const string ProtectionReport = "STM4316";

    /// <summary>The bank-mode option bit holds a value that selects none of the device's flash organisations.</summary>
    public const string BankModeUnknown = "STM4801";
    /// <summary>The family's flash driver is written against the reference manual but not yet proven on a virtual chip (warning).</summary>
    public const string FlashDriverUnproven = "STM4802";
}
