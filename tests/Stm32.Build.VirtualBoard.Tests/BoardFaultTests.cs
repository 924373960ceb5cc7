using Stm32.Build.Diagnostics;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests;

/// <summary>The board fault names shared by the API and the CLI.</summary>
public class BoardFaultTests
{
    [Theory]
    [InlineData("nrst-unwired", BoardFaultKind.NrstUnwired, 0L)]
    [InlineData("unplug-after=12", BoardFaultKind.UnplugAfter, 12L)]
    [InlineData("no-target-power", BoardFaultKind.NoTargetPower, 0L)]
    [InlineData("flash-error=OPERR", BoardFaultKind.FlashError, 1L << 22)]
    [InlineData("flash-error=dbeccerr", BoardFaultKind.FlashError, 1L << 26)]
    public void Names_parse_to_their_kind_and_value_and_print_back(string text, BoardFaultKind kind, long value)
    {
        var fault = BoardFault.Parse(text);
        Assert.Equal(kind, fault.Kind);
        Assert.Equal(value, fault.Value);
        Assert.Equal(fault, BoardFault.Parse(fault.ToString()));
    }

    [Theory]
    [InlineData("flash-error")]
    [InlineData("flash-error=EOP")]
    [InlineData("unplug-after")]
    [InlineData("nrst-unwired=3")]
    [InlineData("brownout")]
    public void Bad_faults_are_coded_errors(string text)
    {
        var ex = Assert.Throws<Stm32Exception>(() => BoardFault.Parse(text));
        Assert.Equal(DiagnosticCodes.InvalidArgument, ex.Code);
    }

    [Theory]
    [InlineData("supply-lockup", "--board custom-h747-ldo")]
    [InlineData("debug-lost-after-run=50", "PA13/PA14")]
    public void Retired_scripted_faults_say_where_the_failure_comes_from_now(string text, string hint)
    {
        var ex = Assert.Throws<Stm32Exception>(() => BoardFault.Parse(text));
        Assert.Equal(DiagnosticCodes.InvalidArgument, ex.Code);
        Assert.Contains("firmware", ex.Message, StringComparison.Ordinal);
        Assert.Contains(hint, ex.Message, StringComparison.Ordinal);
    }
}
