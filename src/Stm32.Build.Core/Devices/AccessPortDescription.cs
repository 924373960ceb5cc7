using System.Text.Json.Serialization;

namespace Stm32.Build.Devices;

/// <summary>The kind of an ADIv5 access port.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccessPortKind>))]
public enum AccessPortKind
{
    /// <summary>An AHB MEM-AP (AHB-AP).</summary>
    AhbAp,
    /// <summary>An APB MEM-AP (APB-AP).</summary>
    ApbAp,
}

/// <summary>One access port of the device's debug port.</summary>
public sealed record AccessPortDescription
{
    /// <summary>The APSEL index.</summary>
    public required int Index { get; init; }

    /// <summary>The kind of the access port.</summary>
    public required AccessPortKind Kind { get; init; }

    /// <summary>What the port reaches, in the reference manual's words.</summary>
    public required string Description { get; init; }

    /// <summary>Whether the port answers while NRST is held low (on the H7: the APB-D port to DBGMCU).</summary>
    public bool AvailableUnderReset { get; init; }
}
