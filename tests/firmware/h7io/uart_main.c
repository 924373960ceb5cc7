/* USART1 console on PA9 at 115200 baud, on the reset clocks (64 MHz HSI). Written for Stm32.Build.
 * Build switch UART_AF=n: the alternate function given to PA9 (7 is USART1_TX, DS12930 port A alternate functions). */
#include "io.h"

#ifndef UART_AF
#define UART_AF 7u
#endif

volatile uint32_t loop_count;

int main(void)
{
    Console_Init(UART_AF);
    Console_Write("clock ok 64000000\r\n");
    Console_Write("main loop\r\n");
    for (;;)
    {
        loop_count++;
    }
}
