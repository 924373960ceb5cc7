using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

public sealed partial class H7FlashDriver
{
    /// <summary>
    /// Asks the flash CRC unit for the CRC of one sector (RM0399 4.3.12: CRC_EN in FLASH_CRx, CRC_BY_SECT with the
    /// sector list emptied (CLEAN_SECT) and the sector added (ADD_SECT), START_CRC, wait for CRC_BUSY to clear,
    /// read FLASH_CRCDATAR, clear CRCEND). The bank must be unlocked (CRx is not writable otherwise).
    /// </summary>
    public async Task<uint> SectorCrcAsync(FlashSector sector, CancellationToken cancellationToken = default)
    {
        var bank = sector.Bank;
        var cr = ReadControl(bank) & ~(CrStart | CrFw | CrPg | CrSer | CrBer);
        _session.WriteWord(_ap, Reg(bank, Cr), cr | CrCrcEn);
        try
        {
            _session.WriteWord(_ap, Reg(bank, Ccr), SrCrcEnd);
            const uint burst = 0u << CrcCrBurstShift; // 4 flash words per burst: whole sectors are whole bursts
            _session.WriteWord(_ap, Reg(bank, CrcCr), CrcCrBySect | burst | CrcCrCleanSect | CrcCrCleanCrc);
            _session.WriteWord(_ap, Reg(bank, CrcCr), CrcCrBySect | burst | ((uint)sector.Index << CrcCrSectShift) | CrcCrAddSect);
            _session.WriteWord(_ap, Reg(bank, CrcCr), CrcCrBySect | burst | CrcCrStart);
            var sr = await WaitIdleAsync(bank, SrCrcBusy, H7FlashTimings.CrcMax, "computing the CRC of " + sector, sector.Start, cancellationToken).ConfigureAwait(false);
            CheckErrors(bank, sr, "computing the CRC of " + sector, sector.Start);
            if ((sr & SrCrcEnd) == 0)
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashOperationError,
                    $"the flash CRC unit of bank {bank.Number} did not report CRCEND for {sector} (FLASH_SR{bank.Number} = 0x{sr:X8})", sector.Start);
            }
            return _session.ReadWord(_ap, SharedReg(CrcData));
        }
        finally
        {
            try
            {
                _session.WriteWord(_ap, Reg(bank, Ccr), SrCrcEnd);
                _session.WriteWord(_ap, Reg(bank, Cr), cr & ~CrCrcEn);
            }
            catch (Stm32Exception)
            {
            }
        }
    }

    /// <inheritdoc />
    public IFlashChecksum? Checksum => _checksum ??= new CrcUnit(this);

    private IFlashChecksum? _checksum;

    /// <summary>The flash CRC unit as the pipeline's checksum (<see cref="Stm32H7FlashCrc"/> on the host side).</summary>
    private sealed class CrcUnit(H7FlashDriver driver) : IFlashChecksum
    {
        public SectorCheckMethod Method => SectorCheckMethod.FlashCrcUnit;

        public string Name => "the flash CRC unit";

        public uint Expected(ReadOnlySpan<byte> content) => Stm32H7FlashCrc.Compute(content);

        public Task<uint> ComputeAsync(FlashSector sector, CancellationToken cancellationToken) => driver.SectorCrcAsync(sector, cancellationToken);
    }
}
