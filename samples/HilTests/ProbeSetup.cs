using System.Runtime.CompilerServices;

namespace HilTests;

/// <summary>Lets <c>StLinkProbe.Open("sim")</c> build the virtual board: the driver knows it only once it is registered.</summary>
internal static class ProbeSetup
{
    [ModuleInitializer]
    internal static void RegisterVirtualBoard() => Stm32.Build.VirtualBoard.Driver.VirtualBoardProbes.Register();
}
