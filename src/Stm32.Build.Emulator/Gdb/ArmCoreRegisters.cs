using System.Globalization;
using System.Text;

namespace Stm32.Build.Emulator.Gdb;

/// <summary>
/// The architectural registers compared between two Cortex-M models: R0–R15, xPSR and, when the FPU is
/// present, D0–D15 (S0–S31 are their halves: S(2n) is the low word of Dn) and FPSCR.
/// </summary>
public sealed class ArmCoreRegisters : IEquatable<ArmCoreRegisters>
{
    /// <summary>R0–R15 (R13 = SP, R14 = LR, R15 = PC).</summary>
    public uint[] R { get; } = new uint[16];

    /// <summary>The combined program status register.</summary>
    public uint Xpsr { get; set; }

    /// <summary>D0–D15 as raw bits, or null when the FP registers are not compared.</summary>
    public ulong[]? D { get; set; }

    /// <summary>The FP status and control register (only meaningful when <see cref="D"/> is not null).</summary>
    public uint Fpscr { get; set; }

    /// <summary>The program counter.</summary>
    public uint Pc => R[15];

    /// <summary>Single-precision register <paramref name="n"/> (0–31), the low or high word of D(n/2).</summary>
    public uint S(int n) => D is null ? 0 : (uint)(D[n >> 1] >> ((n & 1) * 32));

    /// <summary>The names and values of every register that differs from <paramref name="other"/>, as <c>name: this vs other</c>.</summary>
    public IReadOnlyList<string> Differences(ArmCoreRegisters other, bool compareFp)
    {
        var list = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            if (R[i] != other.R[i])
            {
                list.Add(string.Create(CultureInfo.InvariantCulture, $"R{i}: 0x{R[i]:X8} vs 0x{other.R[i]:X8}"));
            }
        }
        if (Xpsr != other.Xpsr)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"xPSR: 0x{Xpsr:X8} vs 0x{other.Xpsr:X8}"));
        }
        if (compareFp && D is not null && other.D is not null)
        {
            for (var i = 0; i < 16; i++)
            {
                if (D[i] != other.D[i])
                {
                    list.Add(string.Create(CultureInfo.InvariantCulture, $"D{i} (S{2 * i + 1}:S{2 * i}): 0x{D[i]:X16} vs 0x{other.D[i]:X16}"));
                }
            }
            if (Fpscr != other.Fpscr)
            {
                list.Add(string.Create(CultureInfo.InvariantCulture, $"FPSCR: 0x{Fpscr:X8} vs 0x{other.Fpscr:X8}"));
            }
        }
        return list;
    }

    /// <inheritdoc />
    public bool Equals(ArmCoreRegisters? other) => other is not null && Differences(other, compareFp: true).Count == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ArmCoreRegisters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(R[15], R[13], R[0], Xpsr);

    /// <summary>One register per line, <c>R0=0x1234ABCD</c> ... <c>xPSR=0x01000000</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"R{i}=0x{R[i]:X8}").Append('\n');
        }
        sb.Append(CultureInfo.InvariantCulture, $"xPSR=0x{Xpsr:X8}");
        return sb.ToString();
    }
}
