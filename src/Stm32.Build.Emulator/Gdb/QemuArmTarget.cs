using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Emulator.Gdb;

/// <summary>Which QEMU board and CPU model serves as the reference for a core.</summary>
/// <param name="Machine">The <c>-M</c> machine (<c>mps2-an500</c>: Cortex-M7; <c>mps2-an386</c>: Cortex-M4; <c>mps2-an385</c>: Cortex-M3; <c>microbit</c>: Cortex-M0; <c>netduinoplus2</c>: STM32F405).</param>
/// <param name="Cpu">The <c>-cpu</c> model.</param>
public sealed record QemuBoard(string Machine, string Cpu)
{
    /// <summary>The MPS2 AN500 image with a Cortex-M7 (QEMU hw/arm/mps2.c: SSRAM1 at 0x0, SSRAM2/3 at 0x20000000, 4 MiB each).</summary>
    public static QemuBoard Mps2An500 { get; } = new("mps2-an500", "cortex-m7");

    /// <summary>The MPS2 AN386 image with a Cortex-M4 (same SSRAM layout as the AN500).</summary>
    public static QemuBoard Mps2An386 { get; } = new("mps2-an386", "cortex-m4");

    /// <summary>The MPS2 AN385 image with a Cortex-M3 (same SSRAM layout as the AN500).</summary>
    public static QemuBoard Mps2An385 { get; } = new("mps2-an385", "cortex-m3");

    /// <summary>The BBC micro:bit (nRF51822, Cortex-M0; QEMU hw/arm/nrf51_soc.c: 256 KiB flash at 0, 16 KiB SRAM at 0x20000000).</summary>
    public static QemuBoard Microbit { get; } = new("microbit", "cortex-m0");

    /// <summary>The Netduino Plus 2 (STM32F405, Cortex-M4F; QEMU hw/arm/stm32f405_soc.c: flash at 0x08000000 aliased at 0).</summary>
    public static QemuBoard NetduinoPlus2 { get; } = new("netduinoplus2", "cortex-m4");
}

/// <summary>
/// QEMU (<c>qemu-system-arm</c>) started halted with its gdbstub on a loopback port, driven through
/// <see cref="GdbRemoteClient"/>. The process is always ended on <see cref="Dispose"/>, and on process exit
/// for any instance left undisposed.
/// </summary>
public sealed class QemuArmTarget : IDisposable
{
    private static readonly ConcurrentDictionary<int, Process> s_live = new();
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private int _gLength = -1;
    private IReadOnlyDictionary<string, int>? _gOffsets;
    private int[]? _fpNumbers;

    static QemuArmTarget()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in s_live.Values)
            {
                TryKill(process);
            }
        };
    }

    private QemuArmTarget(Process process, GdbRemoteClient client, GdbTargetDescription description)
    {
        _process = process;
        Client = client;
        Description = description;
    }

    /// <summary>The GDB connection.</summary>
    public GdbRemoteClient Client { get; }

    /// <summary>The target description QEMU reported.</summary>
    public GdbTargetDescription Description { get; }

    /// <summary>Whether the target has the FP registers (d0–d15 and fpscr).</summary>
    public bool HasFpu => Description.Find("d0") is not null && Description.Find("fpscr") is not null;

    /// <summary>The qemu-system-arm executable used (the <c>STM32_QEMU</c> environment variable overrides the PATH lookup).</summary>
    public static string Executable => Environment.GetEnvironmentVariable("STM32_QEMU") is { Length: > 0 } path ? path : "qemu-system-arm";

    /// <summary>Whether qemu-system-arm can be found.</summary>
    public static bool IsAvailable()
    {
        if (Path.IsPathRooted(Executable))
        {
            return File.Exists(Executable);
        }
        var paths = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return paths.Any(p => File.Exists(Path.Combine(p, Executable)));
    }

    /// <summary>
    /// Starts QEMU halted at reset with <paramref name="elfPath"/> loaded (<c>-S -gdb tcp:127.0.0.1:PORT
    /// -nographic -monitor none -serial none -kernel FILE</c>), connects and reads the target description.
    /// </summary>
    public static QemuArmTarget Start(QemuBoard board, string elfPath, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        if (!File.Exists(elfPath))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FileNotReadable, DiagnosticSeverity.Error, "the image does not exist", elfPath));
        }
        // The free port is found by binding port 0 and releasing it; another process may take it before QEMU
        // binds it, so a start that fails is retried on a new port (three attempts in all).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return StartOnce(board, elfPath, wait);
            }
            catch (Stm32Exception ex) when (ex.Code == DiagnosticCodes.QemuStart && attempt < 3 && ex.InnerException is GdbException)
            {
                // QEMU did not come up on that port: the next attempt picks another one.
            }
        }
    }

    private static QemuArmTarget StartOnce(QemuBoard board, string elfPath, TimeSpan wait)
    {
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-M", board.Machine, "-cpu", board.Cpu, "-S", "-gdb", "tcp:127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "-nographic", "-monitor", "none", "-serial", "none", "-kernel", elfPath,
        })
        {
            info.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.QemuStart, DiagnosticSeverity.Error,
                $"could not start {Executable}: {ex.Message}"), ex);
        }
        s_live[process.Id] = process;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        GdbRemoteClient? client = null;
        try
        {
            client = GdbRemoteClient.Connect("127.0.0.1", port, wait, () => !process.HasExited);
            client.Timeout = wait;
            client.QuerySupported();
            var description = GdbTargetDescription.Load(client.ReadFeatureFile);
            var target = new QemuArmTarget(process, client, description);
            lock (stderr)
            {
                target._stderr.Append(stderr);
            }
            return target;
        }
        catch (Exception ex) when (ex is GdbException)
        {
            client?.Dispose();
            TryKill(process);
            s_live.TryRemove(process.Id, out _);
            string text;
            lock (stderr)
            {
                text = stderr.ToString().Trim();
            }
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.QemuStart, DiagnosticSeverity.Error,
                $"{Executable} -M {board.Machine} did not come up: {ex.Message}{(text.Length > 0 ? " (" + text + ")" : string.Empty)}", elfPath), ex);
        }
    }

    /// <summary>Reads R0–R15, xPSR and (with <paramref name="withFp"/>) D0–D15 and FPSCR with one <c>g</c> packet.</summary>
    public ArmCoreRegisters ReadRegisters(bool withFp)
    {
        var raw = Client.ReadAllRegisters();
        if (_gOffsets is null || _gLength != raw.Length)
        {
            _gOffsets = Description.GPacketOffsets(raw.Length);
            _gLength = raw.Length;
        }
        var regs = new ArmCoreRegisters();
        for (var i = 0; i < 16; i++)
        {
            regs.R[i] = Word(raw, RegisterName(i));
        }
        regs.Xpsr = Word(raw, "xpsr");
        if (withFp && HasFpu)
        {
            regs.D = ReadFpRegisters(out var fpscr);
            regs.Fpscr = fpscr;
        }
        return regs;
    }

    /// <summary>
    /// Reads D0–D15 and FPSCR. QEMU's <c>g</c> packet for M-profile holds only R0–R15 and xPSR, so the FP
    /// registers come from <c>p</c> packets (one per register), taken from the <c>g</c> packet when a stub includes them.
    /// </summary>
    public ulong[] ReadFpRegisters(out uint fpscr)
    {
        var d = new ulong[16];
        _fpNumbers ??= Enumerable.Range(0, 16).Select(i => Description.Get("d" + i.ToString(CultureInfo.InvariantCulture)).Number)
            .Append(Description.Get("fpscr").Number).ToArray();
        for (var i = 0; i < 16; i++)
        {
            d[i] = BinaryPrimitives.ReadUInt64LittleEndian(Client.ReadRegister(_fpNumbers[i]));
        }
        fpscr = BinaryPrimitives.ReadUInt32LittleEndian(Client.ReadRegister(_fpNumbers[16]));
        return d;
    }

    /// <summary>Single-steps one instruction; throws when the stub reports anything but a trap.</summary>
    public void Step()
    {
        var stop = Client.Step();
        if (stop.Kind != GdbStopKind.Signal)
        {
            throw GdbException.Protocol($"the target {stop.Kind.ToString().ToLowerInvariant()} ({stop.Code}) during a single step");
        }
    }

    /// <summary>What QEMU printed on its standard error so far (start-up messages, guest errors).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Client.Kill();
        Client.Dispose();
        TryKill(_process);
        s_live.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private static string RegisterName(int i) => i switch
    {
        13 => "sp",
        14 => "lr",
        15 => "pc",
        _ => "r" + i.ToString(CultureInfo.InvariantCulture),
    };

    private int Offset(string name) =>
        _gOffsets!.TryGetValue(name, out var offset) ? offset : throw GdbException.Protocol($"the g packet has no register '{name}'");

    private uint Word(byte[] raw, string name) => BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(Offset(name), 4));

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(2000);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
