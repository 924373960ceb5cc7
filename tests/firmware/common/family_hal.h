/* The HAL subset shared by the single-core family firmware (F1, F4, F7, G0, G4, L4): our own register-level
 * functions with the names and behaviour of the ST HAL functions a CubeMX project calls. Written for
 * Stm32.Build; no ST code. The family's device.h gives the register addresses and the board facts. */
#ifndef TEST_FIRMWARE_FAMILY_HAL_H
#define TEST_FIRMWARE_FAMILY_HAL_H

#include <stdint.h>
#include "hal_common.h"

typedef struct
{
    uint32_t Pin;        /* bit mask */
    uint32_t Mode;       /* GPIO_MODE_x */
    uint32_t Pull;       /* 0 none, 1 up, 2 down */
    uint32_t Speed;      /* 0 low .. 3 very high */
    uint32_t Alternate;  /* AF number (not used on the F1) */
} GPIO_InitTypeDef;

#define GPIO_MODE_INPUT      0u
#define GPIO_MODE_OUTPUT_PP  1u
#define GPIO_MODE_AF_PP      2u
#define GPIO_MODE_ANALOG     3u
#define GPIO_NOPULL          0u
#define GPIO_SPEED_FREQ_LOW  0u
#define GPIO_SPEED_FREQ_HIGH 2u
#define GPIO_SPEED_FREQ_VERY_HIGH 3u
#define GPIO_PIN(n)          (1u << (n))

#define HAL_UART_TIMEOUT_VALUE 0x1FFFFFFu   /* ms, TEACK/REACK wait of the USART v2 */

void HAL_GPIO_Init(uint32_t port, const GPIO_InitTypeDef *init);
void HAL_GPIO_WritePin(uint32_t port, uint32_t pins, int set);
void HAL_GPIO_TogglePin(uint32_t port, uint32_t pins);

/* kernelHz: the clock of the instance (PCLK or the kernel clock selected in RCC). */
HAL_StatusTypeDef HAL_UART_Init(uint32_t instance, uint32_t baud, uint32_t kernelHz);
HAL_StatusTypeDef HAL_UART_Transmit(uint32_t instance, const uint8_t *data, uint16_t size, uint32_t timeout);

/* Provided by the family's board.c. */
HAL_StatusTypeDef HAL_Init(void);
void SystemInit(void);
void SystemClock_Config(void);
void MX_GPIO_Init(void);
void MX_CONSOLE_UART_INIT(void);
void Board_ToggleLed(void);
void Board_BeforeMainLoop(void);

/* ../common/lowpower.c (low-power variants only). */
void LowPower_AfterBoot(void);

/* Clock enable as __HAL_RCC_xxx_CLK_ENABLE: set the bit and read it back (the delay after enabling). */
static inline void ClockEnable(volatile uint32_t *enr, uint32_t bit)
{
    volatile uint32_t readback;
    *enr |= bit;
    readback = *enr & bit;
    (void)readback;
}

#endif
