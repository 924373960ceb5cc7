/* Blinky for the STM32H747 test images; written for Stm32.Build.
 * Register addresses: RM0399 section 2.3.2 (AHB4 peripherals: GPIOA at 0x58020000, one port every 0x400, so
 * GPIOI at 0x58022000; RCC at 0x58024400); section 9.7 (RCC_AHB4ENR at offset 0x0E0, GPIOIEN is bit 8);
 * section 12.4 (GPIOx_MODER at 0x00, two bits per pin, 01 = output; GPIOx_ODR at 0x14). */
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define RCC_AHB4ENR REG(0x580244E0u)
#define GPIOI_MODER REG(0x58022000u)
#define GPIOI_ODR   REG(0x58022014u)

#ifndef LED_PIN
#define LED_PIN 12u
#endif

/* Initialised data: copied from flash by Reset_Handler. */
uint32_t blink_delay = 0x00020000u;
uint32_t blink_pattern[4] = {0x11111111u, 0x22222222u, 0x44444444u, 0x88888888u};
/* Uninitialised data: zeroed by Reset_Handler. */
uint32_t blink_count;
uint32_t scratch[16];
/* Constant table in flash. */
const uint16_t crc_table[32] = {
    0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50A5, 0x60C6, 0x70E7,
    0x8108, 0x9129, 0xA14A, 0xB16B, 0xC18C, 0xD1AD, 0xE1CE, 0xF1EF,
    0x1231, 0x0210, 0x3273, 0x2252, 0x52B5, 0x4294, 0x72F7, 0x62D6,
    0x9339, 0x8318, 0xB37B, 0xA35A, 0xD3BD, 0xC39C, 0xF3FF, 0xE3DE,
};
#ifdef WITH_AXI_SRAM
/* Initialised data in a second RAM (AXI SRAM), loaded from flash too. */
__attribute__((section(".axisram"))) uint32_t axi_value = 0xA5A5F00Du;
#endif

static void delay(uint32_t n)
{
    for (volatile uint32_t i = 0; i < n; i++)
    {
    }
}

int main(void)
{
    RCC_AHB4ENR |= 1u << 8;
    GPIOI_MODER = (GPIOI_MODER & ~(3u << (LED_PIN * 2))) | (1u << (LED_PIN * 2));
    for (;;)
    {
        GPIOI_ODR ^= 1u << LED_PIN;
        scratch[blink_count & 15u] = blink_pattern[blink_count & 3u] ^ crc_table[blink_count & 31u];
#ifdef WITH_AXI_SRAM
        scratch[0] ^= axi_value;
#endif
        blink_count++;
        delay(blink_delay);
    }
}
