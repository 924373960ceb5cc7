using BenchmarkDotNet.Running;
using Stm32.Benchmarks;

// Run with: dotnet run -c Release --project tests/Stm32.Benchmarks -- --filter '*'
// Flash speed on the virtual clock: dotnet run -c Release --project tests/Stm32.Benchmarks -- flash-speed
if (args is ["flash-speed", ..])
{
    return FlashSpeed.Run(Console.Out);
}
if (args is ["flash-openocd", ..])
{
    return FlashSpeed.RunOpenOcd(Console.Out);
}
if (args is ["flash-cpu", ..])
{
    return FlashSpeed.RunHostCpu(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1);
}
// The twin's host time per virtual second: dotnet run -c Release --project tests/Stm32.Benchmarks -- twin [virtual ms]
if (args is ["twin", ..])
{
    return TwinSpeed.Run(Console.Out, args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
