namespace Stm32.Build.StLink.Tests.Support;

/// <summary>
/// The test assembly's entry point, used only when a test starts this assembly as a second process:
/// <c>hold-lock DIR KEY SECONDS</c> takes a probe lock, prints "locked", and holds it until stdin closes or the
/// time runs out; <c>lock-default KEY</c> takes the lock in the default directory of the environment it was started
/// with and prints the lock file's path (or the coded error). Under the test runner it is never called.
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
        if (args.Length == 2 && args[0] == "lock-default")
        {
            try
            {
                using var held = ProbeLock.Acquire(args[1], TimeSpan.FromSeconds(5));
                Console.Out.WriteLine("locked " + held.FilePath);
                return 0;
            }
            catch (ProbeException ex)
            {
                Console.Out.WriteLine("error " + ex.Diagnostic.Code + " " + ex.Message);
                return 1;
            }
        }
        Console.Error.WriteLine("usage: hold-lock DIR KEY SECONDS | lock-default KEY");
        return 2;
    }
}
