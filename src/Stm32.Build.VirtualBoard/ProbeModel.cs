namespace Stm32.Build.VirtualBoard;

/// <summary>The ST-LINK generation the virtual probe impersonates.</summary>
public enum ProbeModel
{
    /// <summary>ST-LINK/V2 (USB full speed, PID 0x3748).</summary>
    V2,
    /// <summary>ST-LINK/V2-1 as on Nucleo/Discovery boards (USB full speed, PID 0x374B).</summary>
    V2_1,
    /// <summary>STLINK-V3 (USB high speed, PID 0x374F).</summary>
    V3,
}
