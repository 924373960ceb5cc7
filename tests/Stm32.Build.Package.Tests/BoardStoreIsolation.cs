using System.Runtime.CompilerServices;
using Stm32.Build.Flashing.Boards;

namespace Stm32.Build.Package.Tests;

/// <summary>Healthy flashes in these tests (and in the processes they start) remember boards in a temporary directory, never in the user's state directory.</summary>
internal static class BoardStoreIsolation
{
    [ModuleInitializer]
    internal static void Isolate()
    {
        if (Environment.GetEnvironmentVariable(RememberedBoardStore.DirectoryVariable) is not { Length: > 0 })
        {
            Environment.SetEnvironmentVariable(RememberedBoardStore.DirectoryVariable,
                Path.Combine(Path.GetTempPath(), "stm32-tests-boards-" + Environment.ProcessId));
        }
    }
}
