using Stm32.Build.Diagnostics;
using Stm32.Build.Registers;
using Xunit;

namespace Stm32.Build.Tests.Registers;

/// <summary>Loading the embedded tables: names, caching, thread safety, unknown names.</summary>
public class RegisterTableLoadTests
{
    private static readonly string[] s_required =
    [
        "STM32H723", "STM32H733", "STM32H743", "STM32H753", "STM32H745_CM7", "STM32H745_CM4", "STM32H747_CM7",
        "STM32H747_CM4", "STM32H755_CM7", "STM32H755_CM4", "STM32H757_CM7", "STM32H757_CM4", "STM32F103", "STM32F401",
        "STM32F407", "STM32F411", "STM32F429", "STM32F446", "STM32F746", "STM32F767", "STM32G071", "STM32G0B1",
        "STM32G431", "STM32G474", "STM32L432", "STM32L476",
    ];

    [Fact]
    public void Every_required_table_is_embedded_and_loads_with_its_own_name()
    {
        Assert.Equal(s_required.Order(StringComparer.Ordinal), RegisterTable.Names);
        foreach (var name in RegisterTable.Names)
        {
            var table = RegisterTable.Load(name);
            Assert.Equal(name, table.Name);
            Assert.Contains(table.Peripherals, p => p.Name.Equals("RCC", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(table.Peripherals, p => p.Name.Equals("FLASH", StringComparison.OrdinalIgnoreCase));
            Assert.All(table.Peripherals, p => Assert.Equal(name, p.TableName));
            // Every layout parses (they are read on first use) and every field lies inside its register.
            Assert.All(table.Peripherals.SelectMany(p => p.Registers), r =>
                Assert.All(r.Fields, f => Assert.True(f.Position + f.Width <= r.SizeBits, $"{r} {f}")));
            Assert.True(table.Peripherals.Sum(p => p.Registers.Count) > 500, name);
        }
    }

    [Fact]
    public void Loading_is_cached_and_case_insensitive()
    {
        Assert.Same(RegisterTable.Load("STM32H747_CM7"), RegisterTable.Load("stm32h747_cm7"));
        Assert.True(RegisterTable.TryLoad("STM32F103", out var f103));
        Assert.Same(f103, RegisterTable.Load("STM32F103"));
    }

    [Fact]
    public void Concurrent_first_loads_return_one_instance()
    {
        var source = RegisterTableSource.FromDirectory(TableFiles.Directory);
        var tables = new RegisterTable[8];
        Parallel.For(0, tables.Length, i => tables[i] = source.Load("STM32G474"));
        Assert.All(tables, t => Assert.Same(tables[0], t));
    }

    [Fact]
    public void An_unknown_name_is_STM5700_listing_the_known_names()
    {
        var ex = Assert.Throws<Stm32Exception>(() => RegisterTable.Load("STM32H999"));
        Assert.Equal(DiagnosticCodes.UnknownRegisterTable, ex.Code);
        Assert.Contains("STM32H999", ex.Message);
        Assert.Contains("STM32H747_CM7", ex.Message);
        Assert.Contains("STM32F103", ex.Message);
        Assert.False(RegisterTable.TryLoad("STM32H999", out _));
    }
}
