namespace Stm32.Build.Diagnostics;

/// <summary>
/// Base of every exception the product throws on purpose. It carries a <see cref="Diagnostic"/>, so front ends
/// (the CLI, MSBuild tasks) print a coded message and never a stack trace.
/// </summary>
public class Stm32Exception : Exception
{
    /// <summary>Creates the exception from its diagnostic.</summary>
    public Stm32Exception(Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic.Message, inner)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>The coded diagnostic describing the failure.</summary>
    public Diagnostic Diagnostic { get; }

    /// <summary>The STMxxxx code.</summary>
    public string Code => Diagnostic.Code;
}
