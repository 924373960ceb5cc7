namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>Register addresses and bits the H7 clock and power tests use (RM0399 8.7 RCC, 7.8 PWR, 61.5 DBGMCU register maps).</summary>
internal static class H7Addresses
{
    public const uint Rcc = 0x5802_4400;
    public const uint RccCr = Rcc + 0x00, RccCfgr = Rcc + 0x10, RccD1Cfgr = Rcc + 0x18, RccD2Cfgr = Rcc + 0x1C, RccD3Cfgr = Rcc + 0x20;
    public const uint RccPllCkSelR = Rcc + 0x28, RccPllCfgR = Rcc + 0x2C, RccPll1DivR = Rcc + 0x30, RccD2Ccip2R = Rcc + 0x54;
    public const uint RccCier = Rcc + 0x60, RccCifr = Rcc + 0x64, RccCicr = Rcc + 0x68, RccBdcr = Rcc + 0x70, RccCsr = Rcc + 0x74;
    public const uint RccGcr = Rcc + 0xA0, RccRsr = Rcc + 0xD0, RccAhb4Enr = Rcc + 0xE0, RccApb2Enr = Rcc + 0xF0, RccApb4Enr = Rcc + 0xF4;
    public const uint RccC1Rsr = Rcc + 0x130, RccC1Ahb4Enr = Rcc + 0x140, RccC2Rsr = Rcc + 0x190, RccC2Ahb4Enr = Rcc + 0x1A0;

    public const uint HsiRdy = 1u << 2, HseOn = 1u << 16, HseRdy = 1u << 17, HseByp = 1u << 18, D2CkRdy = 1u << 15;
    public const uint Pll1On = 1u << 24, Pll1Rdy = 1u << 25;

    public const uint Pwr = 0x5802_4800;
    public const uint PwrCr1 = Pwr + 0x00, PwrCsr1 = Pwr + 0x04, PwrCr3 = Pwr + 0x0C, PwrCpuCr = Pwr + 0x10, PwrCpu2Cr = Pwr + 0x14, PwrD3Cr = Pwr + 0x18;
    public const uint ActVosRdy = 1u << 13, VosRdy = 1u << 13, Dbp = 1u << 8;

    public const uint SyscfgPwrCr = 0x5800_042C;
    public const uint FlashAcr = 0x5200_2000;
    public const uint DbgmcuCr = 0x5C00_1004, DbgmcuApb4Fz1 = 0x5C00_1054, DbgmcuApb4Fz2 = 0x5C00_1058;
    public const uint Dhcsr = 0xE000_EDF0;
}
