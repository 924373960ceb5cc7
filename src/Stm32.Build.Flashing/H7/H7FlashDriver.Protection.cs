using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.StLink.Target;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

public sealed partial class H7FlashDriver
{
    /// <summary>The highest boot address BOOT_CMx_ADD0 can hold (RM0399 4.4.7: 0x0000 0000 to 0x3FFF 0000 in 64 KiB steps).</summary>
    public const uint MaxBootAddress = 0x3FFF_0000;

    /// <inheritdoc />
    public FlashProtection ReadProtection() => FlashProtection.Read(_device, Banks, address => _session.ReadWord(_ap, address));

    /// <inheritdoc />
    public OptionBytesState ReadOptionBytes() => ToState(ReadH7OptionBytes());

    /// <inheritdoc />
    public async Task<OptionBytesState> WriteOptionBytesAsync(OptionBytesRequest request, CancellationToken cancellationToken) =>
        ToState(await WriteH7OptionBytesAsync(request, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Checks a request against the STM32H7's option bytes: RDP 0-2 (2 only confirmed), boot addresses 64 KiB
    /// aligned and at most <see cref="MaxBootAddress"/> (the option bytes keep bits 31:16, so anything else would be
    /// silently changed), the Cortex-M4's options only on dual-core parts.
    /// </summary>
    public void ValidateOptionBytes(OptionBytesRequest request) => Validate(_device, request);

    /// <summary>The checks of <see cref="ValidateOptionBytes"/>, without a connected chip.</summary>
    public static void Validate(Devices.DeviceDescription device, OptionBytesRequest request)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(request);
        if (request.RdpLevel is int level && level is < 0 or > 2)
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionValueInvalid, $"RDP level {level} does not exist (0, 1 or 2); nothing was changed");
        }
        if (request.RdpLevel == 2 && !request.ConfirmRdpLevel2)
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionRdp2Refused,
                "RDP level 2 was requested but not confirmed: level 2 disables the debug port for ever and cannot be undone (RM0399 4.8.3); set the explicit confirmation (Stm32ConfirmRdpLevel2=true / --confirm-rdp2) if that is really wanted");
        }
        foreach (var (name, address) in new[] { ("BOOT_CM7_ADD0", request.BootCm7Address0), ("BOOT_CM4_ADD0", request.BootCm4Address0) })
        {
            if (address is uint a && ((a & 0xFFFF) != 0 || a > MaxBootAddress))
            {
                throw FlashErrors.Create(DiagnosticCodes.OptionValueInvalid,
                    $"{name} cannot be {Diagnostic.Hex(a)}: the option byte holds address bits 31:16, so a boot address is a multiple of 64 KiB from 0x00000000 to {Diagnostic.Hex(MaxBootAddress)} (RM0399 4.4.7); {Diagnostic.Hex(a & 0xFFFF_0000)} is the nearest below. Nothing was changed", a);
            }
        }
        if (!device.IsDualCore && (request.BootCm4Address0 is not null || request.BootCm4 is not null || request.BootCm7 is not null))
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionValueInvalid,
                $"the {device.Name} has one core: BCM7, BCM4 and BOOT_CM4_ADD0 exist only on the dual-core STM32H745/H747/H755/H757; nothing was changed");
        }
    }

    /// <summary>
    /// RDP level 1 → 0 (RM0399 4.8.3 "RDP regression"): OPTSR_PRG.RDP = 0xAA and OPTSTART; the chip erases both
    /// banks before the option change completes, so the wait allows a bank erase on top of the option change.
    /// The level read back afterwards must be 0.
    /// </summary>
    public async Task<OptionBytesState> RegressReadoutProtectionAsync(CancellationToken cancellationToken)
    {
        var ct = Token(cancellationToken);
        UnlockOptions();
        try
        {
            var optsr = _session.ReadWord(_ap, SharedReg(OptSrPrg));
            _session.WriteWord(_ap, SharedReg(OptSrPrg), (optsr & ~(0xFFu << OptSrRdpShift)) | ((uint)RdpLevel0 << OptSrRdpShift));
            await StartOptionChangeAsync(H7FlashTimings.BankErase(Parallelism) + H7FlashTimings.OptionChangeMax, DiagnosticCodes.RdpRegressionFailed, ct).ConfigureAwait(false);
        }
        finally
        {
            RelockOptions();
        }
        var after = ReadH7OptionBytes();
        if (after.RdpLevel != 0)
        {
            throw FlashErrors.Create(DiagnosticCodes.RdpRegressionFailed,
                $"the readout protection did not go back to level 0: FLASH_OPTSR_CUR reads RDP 0x{after.Rdp:X2} after the option change");
        }
        return ToState(after);
    }

    /// <summary>The generic view of the STM32H7 option bytes.</summary>
    private OptionBytesState ToState(H7OptionBytes o)
    {
        var boot = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase) { [_device.Cores[0].Name] = o.BootCm7Address0 };
        var gates = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        if (o.BootCm4Address0 is uint cm4 && _device.Cores.Count > 1)
        {
            boot[_device.Cores[1].Name] = cm4;
            gates[_device.Cores[0].Name] = o.BootCm7;
            gates[_device.Cores[1].Name] = o.BootCm4;
        }
        return new OptionBytesState
        {
            RdpLevel = o.RdpLevel,
            Summary = o.Summary,
            BootAddresses = boot,
            CoreBoot = gates,
            Fields = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase)
            {
                ["OPTSR_CUR"] = o.OptsrCur,
                ["BOOT7_CURR"] = o.Boot7Cur,
            },
        };
    }
}
