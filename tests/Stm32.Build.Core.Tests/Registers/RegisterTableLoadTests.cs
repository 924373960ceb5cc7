using Stm32.Build.Registers;
using Xunit;

namespace Stm32.Build.Tests.Registers;

public class RegisterTableLoadTests
{
    [Fact]
    public void Every_table_loads()
    {
        foreach (var name in RegisterTable.Names)
        {
            var table = RegisterTable.Load(name);
            Assert.Equal(name, table.Name);
            Assert.NotEmpty(table.Peripherals);
        }
    }
}
