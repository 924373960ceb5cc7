namespace Stm32.Build.Diagnostics;

// STM8xxx: MSBuild integration (task assembly, properties and items of build/Stm32.Build.props/.targets).
public static partial class DiagnosticCodes
{
    /// <summary>The Stm32.Build task assembly was not found at $(Stm32TasksAssembly).</summary>
    public const string TaskAssemblyMissing = "STM8001";
    /// <summary>An MSBuild property or item metadata value is not valid.</summary>
    public const string InvalidBuildProperty = "STM8002";
    /// <summary>A task failed with an unexpected error; the message names the task.</summary>
    public const string TaskFailed = "STM8003";
    /// <summary>A dual-core project lists a core project that does not exist.</summary>
    public const string CoreProjectMissing = "STM8004";

    /// <summary>A boolean MSBuild property is neither one of MSBuild's true spellings (true, on, yes, !false, !off, !no) nor its false spellings.</summary>
    public const string InvalidBooleanProperty = "STM8010";
    /// <summary>Stm32SwdFrequency is not a whole number of kHz in the range any ST-LINK can set.</summary>
    public const string InvalidSwdFrequency = "STM8011";
}
