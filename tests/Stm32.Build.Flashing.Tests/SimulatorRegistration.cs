using System.Runtime.CompilerServices;
using Stm32.Build.VirtualBoard.Driver;

namespace Stm32.Build.Flashing.Tests;

/// <summary>The tests select the virtual board as <c>sim</c>, as the CLI and the MSBuild tasks do: register it once.</summary>
internal static class SimulatorRegistration
{
    [ModuleInitializer]
    internal static void Register() => VirtualBoardProbes.Register();
}
