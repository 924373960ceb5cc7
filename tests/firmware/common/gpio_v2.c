/* GPIO of the STM32F4/F7/G0/G4/L4 (and H7) port layout: MODER (2 bits per pin: 00 input, 01 output,
 * 10 alternate, 11 analog), OTYPER, OSPEEDR, PUPDR, IDR, ODR, BSRR, AFRL/AFRH (4 bits per pin) — the
 * "GPIO registers" section of the GPIO chapter of RM0090 (F4), RM0385/RM0410 (F7), RM0444 (G0), RM0440 (G4),
 * RM0351/RM0394 (L4), all with offsets 0x00-0x24. The order of the stores is
 * ST's HAL_GPIO_Init's: speed and output type (output/AF), pull, alternate function, then mode last.
 * Written for Stm32.Build. */
#include "device.h"
#include "family_hal.h"

void HAL_GPIO_Init(uint32_t port, const GPIO_InitTypeDef *init)
{
    for (uint32_t pin = 0u; pin < 16u; pin++)
    {
        uint32_t bit = 1u << pin;
        if ((init->Pin & bit) == 0u)
        {
            continue;
        }
        uint32_t mode = init->Mode;
        if (mode == GPIO_MODE_OUTPUT_PP || mode == GPIO_MODE_AF_PP)
        {
            MODIFY_BITS(GPIO_OSPEEDR(port), 3u << (pin * 2u), init->Speed << (pin * 2u));
            GPIO_OTYPER(port) &= ~bit;   /* push-pull */
        }
        if (mode != GPIO_MODE_ANALOG)
        {
            MODIFY_BITS(GPIO_PUPDR(port), 3u << (pin * 2u), init->Pull << (pin * 2u));
        }
        if (mode == GPIO_MODE_AF_PP)
        {
            MODIFY_BITS(GPIO_AFR(port, pin >> 3), 0xFu << ((pin & 7u) * 4u), init->Alternate << ((pin & 7u) * 4u));
        }
        MODIFY_BITS(GPIO_MODER(port), 3u << (pin * 2u), mode << (pin * 2u));   /* @event gpio-mode */
    }
}

void HAL_GPIO_WritePin(uint32_t port, uint32_t pins, int set)
{
    GPIO_BSRR(port) = set ? pins : pins << 16;
}

void HAL_GPIO_TogglePin(uint32_t port, uint32_t pins)
{
    uint32_t odr = GPIO_ODR(port);
    GPIO_BSRR(port) = ((odr & pins) << 16) | (~odr & pins);
}
