using System.Diagnostics;
using System.Net.Sockets;

namespace System;

/// <summary>Members of .NET 5 to 7 the libraries use (sockets with spans and cancellation, process id, ASCII tests, <c>ValueTask.CompletedTask</c>), for .NET Framework.</summary>
internal static class NetPolyfills
{
    extension(Environment)
    {
        /// <summary>This process's id.</summary>
        public static int ProcessId
        {
            get
            {
                using var self = Process.GetCurrentProcess();
                return self.Id;
            }
        }
    }

    extension(char)
    {
        /// <summary>Whether the character is an ASCII letter or digit.</summary>
        public static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

        /// <summary>Whether the character is an ASCII letter.</summary>
        public static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

        /// <summary>Whether the character is an ASCII digit.</summary>
        public static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

        /// <summary>Whether the character is an ASCII hexadecimal digit.</summary>
        public static bool IsAsciiHexDigit(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');
    }

    extension(ValueTask)
    {
        /// <summary>A completed task.</summary>
        public static ValueTask CompletedTask => default;
    }

    /// <summary>Whether the string contains the character under <paramref name="comparison"/>.</summary>
    public static bool Contains(this string s, char value, StringComparison comparison) => s.IndexOf(value.ToString(), comparison) >= 0;

    /// <summary>Sends the bytes; returns the number sent.</summary>
    public static int Send(this Socket socket, ReadOnlySpan<byte> buffer) => socket.Send(buffer.ToArray());

    /// <summary>Sends the bytes; returns the number sent.</summary>
    public static int Send(this Socket socket, Span<byte> buffer) => socket.Send(buffer.ToArray());

    /// <summary>Receives into the span; returns the number of bytes received (0 when the peer closed).</summary>
    public static int Receive(this Socket socket, Span<byte> buffer)
    {
        var array = new byte[buffer.Length];
        var n = socket.Receive(array);
        array.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>; cancelling closes the socket, which ends the
    /// attempt (the way .NET ends a cancelled connect).
    /// </summary>
    public static ValueTask ConnectAsync(this Socket socket, string host, int port, CancellationToken cancellationToken) =>
        new(ConnectCoreAsync(socket, host, port, cancellationToken));

    private static async Task ConnectCoreAsync(Socket socket, string host, int port, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using (cancellationToken.Register(socket.Close))
        {
            try
            {
                await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, host, port, null).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }
}
