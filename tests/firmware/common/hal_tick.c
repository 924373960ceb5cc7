/* SysTick time base and console formatting for the test firmware. Written for Stm32.Build.
 * SysTick programming: ARMv7-M ARM B3.3 (the same on ARMv6-M): reload = clock / 1000 - 1 (24 bits), current
 * value cleared, CLKSOURCE = processor clock, TICKINT and ENABLE set; the priority is written first to the
 * lowest level and then to TickPriority, the order ST's HAL_InitTick uses (SysTick_Config then
 * HAL_NVIC_SetPriority). */
#include "device.h"
#include "hal_common.h"

volatile uint32_t uwTick;
uint32_t uwTickPrio = 1u << NVIC_PRIO_BITS; /* invalid until HAL_InitTick runs, as in HAL */

HAL_StatusTypeDef HAL_InitTick(uint32_t TickPriority)
{
    uint32_t ticks = SystemCoreClock / 1000u;
    if (ticks == 0u || ticks - 1u > SYST_RVR_RELOAD_Msk)
    {
        return HAL_ERROR;
    }
    SYST_RVR = ticks - 1u;
    NVIC_SetPriority(SysTick_IRQn, (1u << NVIC_PRIO_BITS) - 1u);
    SYST_CVR = 0u;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;

    if (TickPriority >= (1u << NVIC_PRIO_BITS))
    {
        return HAL_ERROR;
    }
    NVIC_SetPriority(SysTick_IRQn, TickPriority);
    uwTickPrio = TickPriority;
    return HAL_OK;
}

void HAL_IncTick(void)
{
    uwTick += 1u;
}

uint32_t HAL_GetTick(void)
{
    return uwTick;
}

void HAL_Delay(uint32_t Delay)
{
    uint32_t tickstart = HAL_GetTick();
    uint32_t wait = Delay;
    if (wait < HAL_MAX_DELAY)
    {
        wait += 1u; /* at least one full tick, as HAL_Delay */
    }
    while ((HAL_GetTick() - tickstart) < wait)
    {
#if defined(HAL_DELAY_SLEEP)
        __asm volatile("wfi"); /* sleep until the next interrupt (SysTick): the idle loop of a low-power main loop */
#endif
    }
}

void Console_Print(const char *text)
{
    uint32_t length = 0u;
    while (text[length] != '\0')
    {
        length++;
    }
    Console_Write(text, length);
}

void Console_PrintU32(uint32_t value)
{
    char digits[10];
    uint32_t count = 0u;
    do
    {
        digits[sizeof digits - 1u - count] = (char)('0' + value % 10u);
        value /= 10u;
        count++;
    } while (value != 0u);
    Console_Write(&digits[sizeof digits - count], count);
}

void Console_PrintHex32(uint32_t value)
{
    static const char hex[] = "0123456789ABCDEF";
    char text[10] = {'0', 'x'};
    for (uint32_t i = 0u; i < 8u; i++)
    {
        text[9u - i] = hex[(value >> (4u * i)) & 0xFu];
    }
    Console_Write(text, sizeof text);
}
