/* FLASH programming, option bytes, IWDG1 and HSEM of the STM32H747 test firmware. Written for Stm32.Build
 * from RM0399 4.3.9 (flash word programming), 4.3.10 (sector erase), 4.4.2 (option byte modification),
 * 4.9 (FLASH registers), the IWDG chapter (key register sequence, PVU/RVU/WVU) and the HSEM chapter
 * (2-step lock through HSEM_Rx, 1-step lock by reading HSEM_RLRx, release by writing HSEM_Rx with LOCK = 0
 * and the owner's COREID, per-CPU interrupt enable/clear). The register order, flags and timeouts follow
 * ST's HAL_FLASH_*, HAL_FLASHEx_*, HAL_IWDG_Init and HAL_HSEM_* (facts only, our own code). */
#include "device.h"
#include "h747_hal.h"

#if defined(CORE_CM4)
#define HSEM_COREID_CURRENT (HSEM_COREID_CM4 << HSEM_R_COREID_Pos)
#else
#define HSEM_COREID_CURRENT (HSEM_COREID_CM7 << HSEM_R_COREID_Pos)
#endif

HAL_StatusTypeDef HAL_FLASH_Unlock(void)
{
    if ((FLASH_CR1 & FLASH_CR_LOCK) != 0u)
    {
        FLASH_KEYR1 = FLASH_KEY1;
        FLASH_KEYR1 = FLASH_KEY2;
        if ((FLASH_CR1 & FLASH_CR_LOCK) != 0u)
        {
            return HAL_ERROR;
        }
    }
    if ((FLASH_CR2 & FLASH_CR_LOCK) != 0u)
    {
        FLASH_KEYR2 = FLASH_KEY1;   /* @event flash-unlock-bank2 */
        FLASH_KEYR2 = FLASH_KEY2;
        if ((FLASH_CR2 & FLASH_CR_LOCK) != 0u)
        {
            return HAL_ERROR;
        }
    }
    return HAL_OK;
}

HAL_StatusTypeDef HAL_FLASH_Lock(void)
{
    FLASH_CR1 |= FLASH_CR_LOCK;
    if ((FLASH_CR1 & FLASH_CR_LOCK) == 0u)
    {
        return HAL_ERROR;
    }
    FLASH_CR2 |= FLASH_CR_LOCK;
    return (FLASH_CR2 & FLASH_CR_LOCK) != 0u ? HAL_OK : HAL_ERROR;
}

/* FLASH_WaitForLastOperation: QW of the bank clears (even on error), then the error flags are read and
 * cleared through FLASH_CCRx, and EOP is cleared. */
static HAL_StatusTypeDef WaitForLastOperation(uint32_t bank, uint32_t timeout)
{
    volatile uint32_t *sr = bank == 1u ? &FLASH_SR1 : &FLASH_SR2;
    volatile uint32_t *ccr = bank == 1u ? &FLASH_CCR1 : &FLASH_CCR2;
    uint32_t tickstart = HAL_GetTick();
    while ((*sr & FLASH_SR_QW) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > timeout)
        {
            return HAL_TIMEOUT;
        }
    }
    uint32_t errors = *sr & FLASH_SR_ALL_ERRORS;
    if (errors != 0u)
    {
        *ccr = errors;
        return HAL_ERROR;
    }
    if ((*sr & FLASH_SR_EOP) != 0u)
    {
        *ccr = FLASH_SR_EOP;
    }
    return HAL_OK;
}

/* HAL_FLASHEx_Erase for one sector of bank 2: PSIZE and SNB cleared, then SER + PSIZE (x32, voltage range 3)
 * + SNB + START in one write; QW polled; SER and SNB cleared afterwards. */
HAL_StatusTypeDef HAL_FLASHEx_Erase_Bank2Sector(uint32_t sector)
{
    if (WaitForLastOperation(2u, FLASH_TIMEOUT_VALUE) != HAL_OK)
    {
        return HAL_ERROR;
    }
    FLASH_CR2 &= ~(FLASH_CR_PSIZE_Msk | FLASH_CR_SNB_Msk);
    FLASH_CR2 |= FLASH_CR_SER | FLASH_CR_PSIZE_X32 | (sector << FLASH_CR_SNB_Pos) | FLASH_CR_START;   /* @event flash-erase */
    HAL_StatusTypeDef status = WaitForLastOperation(2u, FLASH_TIMEOUT_VALUE);
    FLASH_CR2 &= ~(FLASH_CR_SER | FLASH_CR_SNB_Msk);
    return status;
}

/* HAL_FLASH_Program(FLASH_TYPEPROGRAM_FLASHWORD): PG set, eight 32-bit writes fill the 256-bit write buffer
 * (the eighth write starts the programming), QW polled, PG cleared. */
HAL_StatusTypeDef HAL_FLASH_Program_FlashWord(uint32_t address, const uint32_t *data)
{
    uint32_t bank = address >= FLASH_BANK2_BASE ? 2u : 1u;
    volatile uint32_t *cr = bank == 1u ? &FLASH_CR1 : &FLASH_CR2;
    if (WaitForLastOperation(bank, FLASH_TIMEOUT_VALUE) != HAL_OK)
    {
        return HAL_ERROR;
    }
    *cr |= FLASH_CR_PG;
    __ISB();
    __DSB();
    volatile uint32_t *dest = (volatile uint32_t *)(uintptr_t)address;
    for (uint32_t i = 0u; i < FLASH_WORD_BYTES / 4u; i++)
    {
        dest[i] = data[i];   /* @event flash-program */
    }
    __ISB();
    __DSB();
    HAL_StatusTypeDef status = WaitForLastOperation(bank, FLASH_TIMEOUT_VALUE);
    *cr &= ~FLASH_CR_PG;
    return status;
}

HAL_StatusTypeDef HAL_FLASH_OB_Unlock(void)
{
    if ((FLASH_OPTCR & FLASH_OPTCR_OPTLOCK) != 0u)
    {
        FLASH_OPTKEYR = FLASH_OPT_KEY1;   /* @event ob-unlock */
        FLASH_OPTKEYR = FLASH_OPT_KEY2;
        if ((FLASH_OPTCR & FLASH_OPTCR_OPTLOCK) != 0u)
        {
            return HAL_ERROR;
        }
    }
    return HAL_OK;
}

HAL_StatusTypeDef HAL_FLASH_OB_Lock(void)
{
    FLASH_OPTCR |= FLASH_OPTCR_OPTLOCK;
    return (FLASH_OPTCR & FLASH_OPTCR_OPTLOCK) != 0u ? HAL_OK : HAL_ERROR;
}

/* HAL_FLASHEx_OBProgram with OPTIONBYTE_USER / OB_USER_BCM4: both banks idle, then the BCM4 bit of
 * FLASH_OPTSR_PRG modified; nothing reaches the option bytes until HAL_FLASH_OB_Launch. */
HAL_StatusTypeDef HAL_FLASHEx_OBProgram_BCM4(uint32_t enable)
{
    if (WaitForLastOperation(1u, FLASH_TIMEOUT_VALUE) != HAL_OK || WaitForLastOperation(2u, FLASH_TIMEOUT_VALUE) != HAL_OK)
    {
        return HAL_ERROR;
    }
    MODIFY_BITS(FLASH_OPTSR_PRG, FLASH_OPTSR_BCM4, enable ? FLASH_OPTSR_BCM4 : 0u);   /* @event ob-program */
    return HAL_OK;
}

/* HAL_FLASH_OB_Launch: CRC_BUSY of both banks clear, OPTSTART, OPT_BUSY polled, OPTCHANGEERR checked. */
HAL_StatusTypeDef HAL_FLASH_OB_Launch(void)
{
    uint32_t tickstart = HAL_GetTick();
    while ((FLASH_SR1 & FLASH_SR_CRC_BUSY) != 0u || (FLASH_SR2 & FLASH_SR_CRC_BUSY) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > FLASH_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    FLASH_OPTCR |= FLASH_OPTCR_OPTSTART;   /* @event ob-launch */
    tickstart = HAL_GetTick();
    while ((FLASH_OPTSR_CUR & FLASH_OPTSR_OPT_BUSY) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > FLASH_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    if ((FLASH_OPTSR_CUR & FLASH_OPTSR_OPTCHANGEERR) != 0u)
    {
        FLASH_OPTCCR |= FLASH_OPTCCR_CLR_OPTCHANGEERR;
        return HAL_ERROR;
    }
    return HAL_OK;
}

/* HAL_IWDG_Init: 0xCCCC starts the watchdog (and the LSI), 0x5555 opens PR/RLR/WINR, prescaler and reload
 * written, PVU/RVU/WVU polled until the values reached the LSI domain (HAL_IWDG_DEFAULT_TIMEOUT), then
 * WINR written if it differs from its reset value, else a reload (0xAAAA). */
HAL_StatusTypeDef HAL_IWDG_Init(uint32_t prescaler, uint32_t reload)
{
    IWDG_KR = IWDG_KEY_ENABLE;        /* @event iwdg-start */
    IWDG_KR = IWDG_KEY_WRITE_ACCESS;
    IWDG_PR = prescaler;
    IWDG_RLR = reload;
    uint32_t tickstart = HAL_GetTick();
    while ((IWDG_SR & (IWDG_SR_PVU | IWDG_SR_RVU | IWDG_SR_WVU)) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > IWDG_DEFAULT_TIMEOUT
            && (IWDG_SR & (IWDG_SR_PVU | IWDG_SR_RVU | IWDG_SR_WVU)) != 0u)
        {
            return HAL_TIMEOUT;
        }
    }
    if (IWDG_WINR != 0x0FFFu)
    {
        IWDG_WINR = 0x0FFFu;
    }
    else
    {
        IWDG_KR = IWDG_KEY_RELOAD;
    }
    return HAL_OK;
}

void HAL_IWDG_Refresh(void)
{
    IWDG_KR = IWDG_KEY_RELOAD;   /* @event iwdg-refresh */
}

/* 2-step lock: write LOCK + COREID + PROCID to HSEM_Rx, read back; taken when it reads the same. */
HAL_StatusTypeDef HAL_HSEM_Take(uint32_t SemID, uint32_t ProcessID)
{
    HSEM_R(SemID) = ProcessID | HSEM_COREID_CURRENT | HSEM_R_LOCK;
    return HSEM_R(SemID) == (ProcessID | HSEM_COREID_CURRENT | HSEM_R_LOCK) ? HAL_OK : HAL_ERROR;
}

/* 1-step lock: reading HSEM_RLRx locks a free semaphore for the reading core with PROCID 0. */
HAL_StatusTypeDef HAL_HSEM_FastTake(uint32_t SemID)
{
    return HSEM_RLR(SemID) == (HSEM_COREID_CURRENT | HSEM_R_LOCK) ? HAL_OK : HAL_ERROR;   /* @event hsem-take */
}

/* Release: LOCK = 0 with the owner's COREID and PROCID; the HSEM raises the release interrupt/event on every
 * core that enabled this semaphore in its HSEM_CxIER. */
void HAL_HSEM_Release(uint32_t SemID, uint32_t ProcessID)
{
    HSEM_R(SemID) = ProcessID | HSEM_COREID_CURRENT;   /* @event hsem-release */
}

void HAL_HSEM_ActivateNotification(uint32_t SemMask)
{
#if defined(CORE_CM4)
    HSEM_C2IER |= SemMask;   /* @event hsem-notify */
#else
    HSEM_C1IER |= SemMask;
#endif
}

/* __HAL_HSEM_CLEAR_FLAG: write 1 to the core's HSEM_CxICR bit. */
void HAL_HSEM_ClearFlag(uint32_t SemMask)
{
#if defined(CORE_CM4)
    HSEM_C2ICR |= SemMask;   /* @event hsem-clear */
#else
    HSEM_C1ICR |= SemMask;
#endif
}
