using System.Globalization;
using Stm32.Build.Flashing;

namespace Stm32.Cli.Output;

/// <summary>
/// Follows the pipeline's progress: always remembers the phase (for the message after a signal), and with
/// <c>-v</c> prints on standard error each phase as it starts, its messages, and for phases with a size (compare,
/// erase, program, verify, read) the bytes done and the percentage at every 10 %.
/// </summary>
internal sealed class ProgressPrinter(TextWriter error, bool verbose) : IProgress<FlashProgress>
{
    private int _lastTenth = -1;

    /// <summary>The phase of the last event, null before the first.</summary>
    public FlashPhase? Phase { get; private set; }

    /// <summary>The last event with a size in the current phase (bytes done and total), when any.</summary>
    public FlashProgress? LastSized { get; private set; }

    /// <summary>The phase name as printed (<c>program</c>, <c>delay-guard</c>).</summary>
    public static string Name(FlashPhase phase) => phase switch
    {
        FlashPhase.ConfirmBoot => "confirm-boot",
        FlashPhase.DelayGuard => "delay-guard",
        FlashPhase.OptionBytes => "option-bytes",
        _ => phase.ToString().ToLowerInvariant(),
    };

    /// <inheritdoc />
    public void Report(FlashProgress value)
    {
        var started = value.Phase != Phase;
        Phase = value.Phase;
        if (started)
        {
            _lastTenth = -1;
            LastSized = null;
        }
        if (value.BytesTotal > 0)
        {
            LastSized = value;
        }
        if (!verbose)
        {
            return;
        }
        if (value.Phase == FlashPhase.Done)
        {
            Write("stm32: done");
            return;
        }
        if (value.Message is not null)
        {
            Write($"stm32: {Name(value.Phase)}: {value.Message}");
        }
        if (value.BytesTotal > 0 && value.Phase is not FlashPhase.DelayGuard)
        {
            var tenth = (int)Math.Min(10, value.BytesDone * 10 / value.BytesTotal);
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                Write(string.Create(CultureInfo.InvariantCulture,
                    $"stm32: {Name(value.Phase)}: {value.BytesDone}/{value.BytesTotal} bytes ({value.BytesDone * 100 / value.BytesTotal}%){(value.Sector is null ? "" : ", " + value.Sector)}"));
            }
        }
        else if (started && value.Message is null)
        {
            Write($"stm32: {Name(value.Phase)}");
        }
    }

    private void Write(string line)
    {
        error.WriteLine(line);
        error.Flush();
    }
}
