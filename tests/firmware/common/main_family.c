/* main() of the single-core family firmware (F1, F4, F7, G0, G4, L4), laid out like a CubeMX main.c:
 * HAL_Init, SystemClock_Config, MX_GPIO_Init, the console UART init, then the banner, the variant's extra
 * step (Board_BeforeMainLoop; LowPower_AfterBoot in the low-power variants) and for ever: toggle the board LED, print "blink N", HAL_Delay(250).
 * Written for Stm32.Build. */
#include "device.h"
#include "family_hal.h"

#define BLINK_PERIOD_MS 250u

volatile uint32_t blink_count;

void Console_Write(const char *text, uint32_t length)
{
    (void)HAL_UART_Transmit(CONSOLE_UART_BASE, (const uint8_t *)text, (uint16_t)length, 100u);
}

int main(void)
{
    HAL_Init();
    SystemClock_Config();
    MX_GPIO_Init();
    MX_CONSOLE_UART_INIT();

    Console_Print("clock ok ");
    Console_PrintU32(SystemCoreClock);
    Console_Print("\r\n");
    Board_BeforeMainLoop();
#if defined(LOW_POWER_STOP) || defined(LOW_POWER_STANDBY)
    LowPower_AfterBoot();   /* lowpower.c: the low-power variants */
#endif
    Console_Print("main loop\r\n");
    for (;;)
    {
        Board_ToggleLed();
        blink_count++;
        Console_Print("blink ");
        Console_PrintU32(blink_count);
        Console_Print("\r\n");
        HAL_Delay(BLINK_PERIOD_MS);
    }
}
