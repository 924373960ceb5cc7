/* Cortex-M4 main program of the STM32H747 dual-core test firmware, laid out like the CM4 main.c of a
 * CubeMX dual-core project ("boot both cores, CM4 waits in D2 Stop for the CM7"). Written for Stm32.Build.
 *
 * Boot handshake (RM0399 HSEM chapter; PWR chapter 7 D2 Stop; EXTI event input 78 unmasked for this core
 * by the Cortex-M7's SystemInit):
 *   1. HSEM clock on, release notification of semaphore 0 enabled in HSEM_C2IER;
 *   2. pending events cleared (SEV + WFE), D2 put in Stop: CPU2CR.PDDS_D2 = 0, SLEEPDEEP, WFE;
 *      the Cortex-M7 sees D2CKRDY clear in RCC_CR, configures the clocks, then takes and releases HSEM 0;
 *   3. the release raises this core's HSEM interrupt (pending, SEVONPEND) and the EXTI event: WFE returns;
 *   4. the semaphore 0 interrupt status is cleared through HSEM_C2ICR; HAL_Init (SysTick from the 240 MHz
 *      D2 clock the Cortex-M7 set up); LD2 blinks and lines go to USART1 with the prefix "CM4 ",
 *      each line under HSEM 1, the console semaphore both cores use.
 * Build switch SWD_AS_GPIO_EARLY: PA13/PA14 become outputs first thing in main, before the handshake. */
#include "device.h"
#include "h747_hal.h"

#define BLINK_PERIOD_MS  500u
#define LED2_PIN         GPIO_PIN(13)   /* LD2 orange, PI13 */
#define HSEM_ID_BOOT     0u
#define HSEM_ID_CONSOLE  1u

volatile uint32_t cm4_blink_count;

static void ClockEnable(volatile uint32_t *enr, uint32_t bit)
{
    volatile uint32_t readback;
    *enr |= bit;
    readback = *enr & bit;
    (void)readback;
}

/* One line at a time on the shared USART1 (initialised by the Cortex-M7), under HSEM 1. */
void Console_Write(const char *text, uint32_t length)
{
    while (HAL_HSEM_Take(HSEM_ID_CONSOLE, 4u) != HAL_OK)
    {
    }
    (void)HAL_UART_Transmit(USART1_BASE, (const uint8_t *)"CM4 ", 4u, 100u);
    (void)HAL_UART_Transmit(USART1_BASE, (const uint8_t *)text, (uint16_t)length, 100u);
    HAL_HSEM_Release(HSEM_ID_CONSOLE, 4u);
}

static void PrintCounter(const char *label, uint32_t value)
{
    char line[24];
    uint32_t n = 0u;
    while (label[n] != '\0' && n < 12u)
    {
        line[n] = label[n];
        n++;
    }
    char digits[10];
    uint32_t count = 0u;
    do
    {
        digits[count++] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0u);
    while (count > 0u)
    {
        line[n++] = digits[--count];
    }
    line[n++] = '\r';
    line[n++] = '\n';
    Console_Write(line, n);
}

int main(void)
{
#if defined(SWD_AS_GPIO_EARLY)
    /* PA13/PA14 as outputs within microseconds of reset: the SWD pins go before any debugger can attach. */
    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOAEN);
    MODIFY_BITS(GPIO_MODER(GPIO_PORT_A), (3u << 26) | (3u << 28), (1u << 26) | (1u << 28));   /* @event cm4-swd-off */
#endif

    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_HSEMEN);
    HAL_HSEM_ActivateNotification(1u << HSEM_ID_BOOT);

    HAL_PWREx_ClearPendingEvent();
    HAL_PWREx_EnterSTOPMode(PWR_MAINREGULATOR_ON, PWR_STOPENTRY_WFE, PWR_D2_DOMAIN);   /* @event cm4-d2-stop */

    HAL_HSEM_ClearFlag(1u << HSEM_ID_BOOT);

    HAL_Init();

    GPIO_InitTypeDef init = {0};
    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOIEN);
    HAL_GPIO_WritePin(GPIO_PORT_I, LED2_PIN, 1);
    init.Pin = LED2_PIN;
    init.Mode = GPIO_MODE_OUTPUT_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    HAL_GPIO_Init(GPIO_PORT_I, &init);

    Console_Print("main loop\r\n");
    for (;;)
    {
        HAL_GPIO_TogglePin(GPIO_PORT_I, LED2_PIN);
        cm4_blink_count++;
        PrintCounter("blink ", cm4_blink_count);
        HAL_Delay(BLINK_PERIOD_MS);
    }
}
