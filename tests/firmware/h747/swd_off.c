/* Turns the SWD pins into GPIO outputs after boot, so the debug port stops answering until
 * connect-under-reset. RM0399 section 12.4 (GPIOx_MODER, two bits per pin, 01 = output); PA13 = SWDIO and
 * PA14 = SWCLK in alternate function 0 after reset (datasheet DS12930, pin definitions). GPIOA at 0x58020000,
 * RCC_AHB4ENR at 0x580244E0 (GPIOAEN bit 0). Written for Stm32.Build. */
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))

uint32_t swd_off_marker = 0x5D0FFu;

int main(void)
{
    REG(0x580244E0u) |= 1u;                                  /* GPIOAEN */
    uint32_t moder = REG(0x58020000u);
    moder &= ~((3u << 26) | (3u << 28));
    moder |= (1u << 26) | (1u << 28);                        /* PA13, PA14 as outputs */
    REG(0x58020000u) = moder;
    swd_off_marker++; /* referenced, so the linker keeps it: tests look it up by name */
    for (;;)
    {
    }
}
