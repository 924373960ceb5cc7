using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;

namespace Stm32.Cli.Tests;

/// <summary>
/// A child's standard error pipe read line by line under one lock, both by a background reader (so the child never
/// blocks on a full pipe) and on demand (<see cref="ReadNow"/>): whoever holds the lock reads every byte the pipe
/// holds before it looks at the lines, so a line written before the child sent anything else is seen by
/// <see cref="ReadNow"/> called after that something arrived.
/// </summary>
internal sealed class ErrPipe : IDisposable
{
    private const short PollIn = 0x001, PollHup = 0x010, PollErr = 0x008;

    private readonly Stream _stream;
    private readonly IntPtr _fd;
    private readonly Action<string> _onLine;
    private readonly object _gate = new();
    private readonly byte[] _buffer = new byte[4096];
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _unread = [];
    private readonly Thread _reader;
    private volatile bool _stopped;
    private bool _ended;

    public ErrPipe(Stream stream, Action<string> onLine)
    {
        _stream = stream;
        _fd = ((PipeStream)stream).SafePipeHandle.DangerousGetHandle();
        _onLine = onLine;
        _reader = new Thread(Run) { IsBackground = true, Name = "stderr pipe" };
        _reader.Start();
    }

    /// <summary>The lines written so far that no earlier call returned.</summary>
    public IReadOnlyList<string> ReadNow()
    {
        lock (_gate)
        {
            DrainLocked();
            var lines = _unread.ToArray();
            _unread.Clear();
            return lines;
        }
    }

    /// <summary>Waits (bounded) for the end of the pipe after the child exited, and passes on a last unterminated line.</summary>
    public void Finish()
    {
        _reader.Join(TimeSpan.FromSeconds(10));
        lock (_gate)
        {
            DrainLocked();
            if (_partial.Length > 0)
            {
                Emit(_partial.ToString());
                _partial.Clear();
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _reader.Join(TimeSpan.FromSeconds(1));
    }

    private void Run()
    {
        while (!_stopped)
        {
            if (!Readable(200))
            {
                continue;
            }
            lock (_gate)
            {
                DrainLocked();
                if (_ended)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Reads what the pipe holds now; never blocks (each read follows a poll that said it would not).</summary>
    private void DrainLocked()
    {
        while (!_ended && Readable(0))
        {
            var n = _stream.Read(_buffer, 0, _buffer.Length);
            if (n == 0)
            {
                _ended = true;
                return;
            }
            var chars = new char[_decoder.GetCharCount(_buffer, 0, n)];
            _decoder.GetChars(_buffer, 0, n, chars, 0);
            foreach (var c in chars)
            {
                if (c == '\n')
                {
                    Emit(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(c);
                }
            }
        }
    }

    private void Emit(string line)
    {
        _unread.Add(line);
        _onLine(line);
    }

    private bool Readable(int timeoutMs)
    {
        var fd = new PollFd { Fd = (int)_fd, Events = PollIn };
        return Poll(ref fd, 1, timeoutMs) > 0 && (fd.Revents & (PollIn | PollHup | PollErr)) != 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, nuint count, int timeoutMs);
}
