using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks.Tests;

/// <summary>Boolean properties read MSBuild's own spellings; anything else is STM8010 naming the property and the value.</summary>
public class MSBuildBooleanTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData(" yes ", true)]
    [InlineData("On", true)]
    [InlineData("!false", true)]
    [InlineData("!off", true)]
    [InlineData("!no", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("!true", false)]
    [InlineData("!on", false)]
    [InlineData("!yes", false)]
    public void MSBuild_spellings_are_read(string value, bool expected) =>
        Assert.Equal(expected, MSBuildBoolean.Parse(value, !expected, "Stm32ConfirmBoot"));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", false)]
    [InlineData("  ", true)]
    public void Empty_is_the_default(string? value, bool defaultValue) =>
        Assert.Equal(defaultValue, MSBuildBoolean.Parse(value, defaultValue, "Stm32ConfirmBoot"));

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("maybe")]
    [InlineData("treu")]
    public void Anything_else_is_a_coded_error_naming_the_property(string value)
    {
        var ex = Assert.Throws<Stm32Exception>(() => MSBuildBoolean.Parse(value, true, "Stm32ConfirmBoot"));
        Assert.Equal(DiagnosticCodes.InvalidBooleanProperty, ex.Code);
        Assert.Contains($"Stm32ConfirmBoot='{value}' is not a boolean", ex.Message, StringComparison.Ordinal);
    }
}
