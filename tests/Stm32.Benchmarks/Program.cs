using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project tests/Stm32.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
