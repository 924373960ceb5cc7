namespace Stm32.Build.StLink.Tests.Support;

/// <summary>
/// The test assembly's entry point, used only when a test starts this assembly as a second process
/// (<c>dotnet Stm32.Build.StLink.Tests.dll hold-lock DIR KEY SECONDS</c>): it takes a probe lock, prints
/// "locked", and holds it until stdin closes or the time runs out. Under the test runner it is never called.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "hold-lock")
        {
            using var held = ProbeLock.Acquire(args[2], TimeSpan.FromSeconds(10), args[1]);
            Console.Out.WriteLine("locked");
            Console.Out.Flush();
            var seconds = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
            var reader = Task.Run(() => Console.In.ReadLine());
            reader.Wait(TimeSpan.FromSeconds(seconds));
            return 0;
        }
        Console.Error.WriteLine("usage: hold-lock DIR KEY SECONDS");
        return 2;
    }
}
