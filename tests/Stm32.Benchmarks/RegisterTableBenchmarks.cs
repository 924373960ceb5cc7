using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Stm32.Build.Registers;

namespace Stm32.Benchmarks;

/// <summary>
/// The first <c>RegisterTable.Load("STM32H747_CM7")</c> in a fresh process: each launch is a new process that loads
/// the table once (resource read, layout pool and table parsed, JIT of the reader included). Target: under 20 ms.
/// Run (out of process, one load per launch):
/// <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- --filter '*RegisterTableFirstLoad*'</c>
/// </summary>
[Config(typeof(FirstLoadConfig))]
public class RegisterTableFirstLoadBenchmarks
{
    /// <summary>Cold start: 15 launches of one invocation each; a generous build timeout for a busy machine.</summary>
    private sealed class FirstLoadConfig : ManualConfig
    {
        public FirstLoadConfig()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.ColdStart).WithLaunchCount(15).WithWarmupCount(0)
                .WithIterationCount(1).WithInvocationCount(1).WithUnrollFactor(1));
            WithBuildTimeout(TimeSpan.FromMinutes(15));
        }
    }

    /// <summary>Load the H747 CM7 table once in this process.</summary>
    [Benchmark]
    public int FirstLoadH747Cm7() => RegisterTable.Load("STM32H747_CM7").Peripherals.Count;
}

/// <summary>
/// Reading a table again (a new, empty cache each time), JIT and resource stream warm: the steady-state cost of the
/// reader and what it allocates, for the load alone and with every register layout parsed.
/// Run: <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- --filter '*RegisterTableParse*' --job short --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class RegisterTableParseBenchmarks
{
    /// <summary>Load STM32H747_CM7 (the H7 pool, the largest) from the embedded resources: index the pool, read the table.</summary>
    [Benchmark(Baseline = true)]
    public int ParseH747Cm7() => RegisterTableSource.NewEmbedded().Load("STM32H747_CM7").Peripherals.Count;

    /// <summary>Load STM32H747_CM7 and use every peripheral's registers (every layout the table refers to parsed).</summary>
    [Benchmark]
    public int ParseH747Cm7AllRegisters()
    {
        var count = 0;
        foreach (var peripheral in RegisterTableSource.NewEmbedded().Load("STM32H747_CM7").Peripherals)
        {
            count += peripheral.Registers.Count;
        }
        return count;
    }

    /// <summary>Parse STM32F103 (a small pool).</summary>
    [Benchmark]
    public int ParseF103() => RegisterTableSource.NewEmbedded().Load("STM32F103").Peripherals.Count;
}
