/* Types and the time base shared by the HAL-style test firmware of every family. Written for Stm32.Build;
 * the behaviour follows what ST's HAL does (HAL_GetTick/HAL_Delay/HAL_InitTick semantics: a 1 kHz SysTick
 * interrupt increments uwTick; HAL_Delay waits at least Delay + 1 ticks), the code is our own. */
#ifndef TEST_FIRMWARE_HAL_COMMON_H
#define TEST_FIRMWARE_HAL_COMMON_H

#include <stdint.h>

typedef enum
{
    HAL_OK = 0,
    HAL_ERROR = 1,
    HAL_BUSY = 2,
    HAL_TIMEOUT = 3,
} HAL_StatusTypeDef;

#define HAL_MAX_DELAY 0xFFFFFFFFu

/* The core clock in Hz the SysTick reload is computed from (kept up to date like CMSIS's variable). */
extern uint32_t SystemCoreClock;
/* Milliseconds since HAL_InitTick, incremented by SysTick_Handler. */
extern volatile uint32_t uwTick;
/* The SysTick priority HAL_InitTick last set (CubeMX's TICK_INT_PRIORITY). */
extern uint32_t uwTickPrio;

HAL_StatusTypeDef HAL_InitTick(uint32_t TickPriority);
uint32_t HAL_GetTick(void);
void HAL_IncTick(void);
void HAL_Delay(uint32_t Delay);
void Error_Handler(void);

/* Console output, one implementation per family (the Nucleo/Discovery virtual COM port UART). */
void Console_Write(const char *text, uint32_t length);
void Console_Print(const char *text);
void Console_PrintU32(uint32_t value);
void Console_PrintHex32(uint32_t value);

#endif
