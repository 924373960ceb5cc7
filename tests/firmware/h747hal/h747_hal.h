/* The STM32H747 HAL subset of the test firmware: our own register-level functions with the names, the
 * arguments and the behaviour (order of register accesses, flags polled, timeouts) of ST's STM32H7 HAL
 * functions a CubeMX project calls. Written for Stm32.Build; no ST code. */
#ifndef H747_HAL_H
#define H747_HAL_H

#include <stdint.h>
#include "hal_common.h"

#define TICK_INT_PRIORITY        15u     /* CubeMX default: lowest priority */
#define HSE_STARTUP_TIMEOUT      100u    /* ms, CubeMX's stm32h7xx_hal_conf.h default */
#define PLL_TIMEOUT_VALUE        2u      /* ms */
#define CLOCKSWITCH_TIMEOUT_VALUE 5000u  /* ms */
#define PWR_FLAG_SETTING_DELAY   1000u   /* ms, ACTVOSRDY / SMPSEXTRDY wait */
#define FLASH_TIMEOUT_VALUE      50000u  /* ms */
#define IWDG_DEFAULT_TIMEOUT     (((6u * 256u * 1000u) / LSI_VALUE) + 1u)   /* ms: 6 LSI periods of /256 */

/* Supply configurations, the PWR_CR3 bit patterns HAL_PWREx_ConfigSupply writes (RM0399 chapter 7). */
#define PWR_LDO_SUPPLY                     PWR_CR3_LDOEN
#define PWR_DIRECT_SMPS_SUPPLY             PWR_CR3_SMPSEN
#define PWR_SMPS_1V8_SUPPLIES_LDO          (PWR_CR3_SMPSLEVEL_1V8 | PWR_CR3_SMPSEN | PWR_CR3_LDOEN)
#define PWR_SMPS_2V5_SUPPLIES_LDO          (PWR_CR3_SMPSLEVEL_2V5 | PWR_CR3_SMPSEN | PWR_CR3_LDOEN)
#define PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO  (PWR_CR3_SMPSLEVEL_1V8 | PWR_CR3_SMPSEXTHP | PWR_CR3_SMPSEN | PWR_CR3_LDOEN)
#define PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO  (PWR_CR3_SMPSLEVEL_2V5 | PWR_CR3_SMPSEXTHP | PWR_CR3_SMPSEN | PWR_CR3_LDOEN)
#define PWR_SMPS_1V8_SUPPLIES_EXT          (PWR_CR3_SMPSLEVEL_1V8 | PWR_CR3_SMPSEXTHP | PWR_CR3_SMPSEN | PWR_CR3_BYPASS)
#define PWR_SMPS_2V5_SUPPLIES_EXT          (PWR_CR3_SMPSLEVEL_2V5 | PWR_CR3_SMPSEXTHP | PWR_CR3_SMPSEN | PWR_CR3_BYPASS)
#define PWR_EXTERNAL_SOURCE_SUPPLY         PWR_CR3_BYPASS
#define PWR_SUPPLY_CONFIG_MASK             (PWR_CR3_SMPSLEVEL_Msk | PWR_CR3_SMPSEXTHP | PWR_CR3_SMPSEN | \
                                            PWR_CR3_LDOEN | PWR_CR3_BYPASS)

/* Voltage scales: the D3CR.VOS value; scale 0 is scale 1 plus SYSCFG_PWRCR.ODEN on the STM32H74x/75x. */
#define PWR_REGULATOR_VOLTAGE_SCALE0  0u
#define PWR_REGULATOR_VOLTAGE_SCALE1  PWR_D3CR_VOS_SCALE1
#define PWR_REGULATOR_VOLTAGE_SCALE2  PWR_D3CR_VOS_SCALE2
#define PWR_REGULATOR_VOLTAGE_SCALE3  PWR_D3CR_VOS_SCALE3

#define PWR_MAINREGULATOR_ON  0u
#define PWR_STOPENTRY_WFI     1u
#define PWR_STOPENTRY_WFE     2u
#define PWR_D1_DOMAIN         0u
#define PWR_D2_DOMAIN         1u
#define PWR_D3_DOMAIN         2u

typedef struct
{
    uint32_t PLLState;   /* RCC_PLL_NONE / RCC_PLL_OFF / RCC_PLL_ON */
    uint32_t PLLSource;  /* RCC_PLLCKSELR_PLLSRC_x */
    uint32_t PLLM, PLLN, PLLP, PLLQ, PLLR;
    uint32_t PLLRGE;     /* RCC_PLLCFGR PLL1RGE field value (already shifted) */
    uint32_t PLLVCOSEL;  /* 0 = wide, RCC_PLLCFGR_PLL1VCOSEL = medium */
    uint32_t PLLFRACN;
} RCC_PLLInitTypeDef;

#define RCC_OSCILLATORTYPE_HSE 0x1u
#define RCC_HSE_OFF   0u
#define RCC_HSE_ON    1u
#define RCC_PLL_NONE  0u
#define RCC_PLL_OFF   1u
#define RCC_PLL_ON    2u

typedef struct
{
    uint32_t OscillatorType;
    uint32_t HSEState;
    RCC_PLLInitTypeDef PLL;
} RCC_OscInitTypeDef;

#define RCC_CLOCKTYPE_SYSCLK   0x01u
#define RCC_CLOCKTYPE_HCLK     0x02u
#define RCC_CLOCKTYPE_D1PCLK1  0x04u
#define RCC_CLOCKTYPE_PCLK1    0x08u
#define RCC_CLOCKTYPE_PCLK2    0x10u
#define RCC_CLOCKTYPE_D3PCLK1  0x20u

typedef struct
{
    uint32_t ClockType;
    uint32_t SYSCLKSource;    /* RCC_CFGR_SW_x */
    uint32_t SYSCLKDivider;   /* RCC_D1CFGR D1CPRE field */
    uint32_t AHBCLKDivider;   /* RCC_D1CFGR HPRE field */
    uint32_t APB3CLKDivider;  /* RCC_D1CFGR D1PPRE field */
    uint32_t APB1CLKDivider;  /* RCC_D2CFGR D2PPRE1 field */
    uint32_t APB2CLKDivider;  /* RCC_D2CFGR D2PPRE2 field */
    uint32_t APB4CLKDivider;  /* RCC_D3CFGR D3PPRE field */
} RCC_ClkInitTypeDef;

/* FLASH_ACR value for SYSCLK 480 MHz / AXI 240 MHz at VOS0: RM0399 section 4.3 (FLASH read latency), table "FLASH recommended number
 * of wait states and programming delay": 225-240 MHz at VOS0 = 4 wait states, WRHIGHFREQ = 10. */
#define FLASH_LATENCY_4       4u
#define FLASH_PROGRAMMING_DELAY_2 (2u << FLASH_ACR_WRHIGHFREQ_Pos)

typedef struct
{
    uint32_t Pin;        /* bit mask */
    uint32_t Mode;       /* GPIO_MODE_x */
    uint32_t Pull;       /* 0 none, 1 up, 2 down */
    uint32_t Speed;      /* 0 low .. 3 very high */
    uint32_t Alternate;  /* AF number */
} GPIO_InitTypeDef;

#define GPIO_MODE_INPUT      0x00000000u
#define GPIO_MODE_OUTPUT_PP  0x00000001u
#define GPIO_MODE_AF_PP      0x00000002u
#define GPIO_MODE_ANALOG     0x00000003u
#define GPIO_MODE_IT_RISING  0x00110000u   /* input, EXTI interrupt, rising edge */
#define GPIO_MODE_Msk        0x00000003u
#define GPIO_MODE_EXTI_IT    0x00010000u
#define GPIO_MODE_EXTI_EVT   0x00020000u
#define GPIO_MODE_TRIG_RISE  0x00100000u
#define GPIO_MODE_TRIG_FALL  0x00200000u
#define GPIO_NOPULL          0u
#define GPIO_SPEED_FREQ_LOW  0u
#define GPIO_SPEED_FREQ_VERY_HIGH 3u
#define GPIO_PIN(n)          (1u << (n))

HAL_StatusTypeDef HAL_Init(void);
void SystemInit(void);
void SystemCoreClockUpdate(void);
extern uint32_t SystemD2Clock;
uint32_t HAL_RCC_GetSysClockFreq(void);
uint32_t HAL_RCC_GetPCLK2Freq(void);

HAL_StatusTypeDef HAL_PWREx_ConfigSupply(uint32_t SupplySource);
void PWR_VoltageScalingConfig(uint32_t scale);
int PWR_VoltageScalingReady(void);
void HAL_PWREx_EnterSTOPMode(uint32_t Regulator, uint8_t STOPEntry, uint32_t Domain);
void HAL_PWREx_ClearPendingEvent(void);
void HAL_DBGMCU_EnableDBGSleepMode(void);
void HAL_DBGMCU_EnableDBGStopMode(void);
void HAL_EnableDomain3DBGStopMode(void);
void HAL_DBGMCU_FreezeIWDG1(void);

HAL_StatusTypeDef HAL_RCC_OscConfig(const RCC_OscInitTypeDef *init);
HAL_StatusTypeDef HAL_RCC_ClockConfig(const RCC_ClkInitTypeDef *init, uint32_t FLatency);

void HAL_GPIO_Init(uint32_t port, const GPIO_InitTypeDef *init);
void HAL_GPIO_WritePin(uint32_t port, uint32_t pins, int set);
void HAL_GPIO_TogglePin(uint32_t port, uint32_t pins);

HAL_StatusTypeDef HAL_UART_Init(uint32_t instance, uint32_t baud);
HAL_StatusTypeDef HAL_UART_Transmit(uint32_t instance, const uint8_t *data, uint16_t size, uint32_t timeout);

HAL_StatusTypeDef HAL_IWDG_Init(uint32_t prescaler, uint32_t reload);
void HAL_IWDG_Refresh(void);

HAL_StatusTypeDef HAL_FLASH_Unlock(void);
HAL_StatusTypeDef HAL_FLASH_Lock(void);
HAL_StatusTypeDef HAL_FLASH_OB_Unlock(void);
HAL_StatusTypeDef HAL_FLASH_OB_Lock(void);
HAL_StatusTypeDef HAL_FLASH_OB_Launch(void);
HAL_StatusTypeDef HAL_FLASHEx_OBProgram_BCM4(uint32_t enable);
HAL_StatusTypeDef HAL_FLASHEx_Erase_Bank2Sector(uint32_t sector);
HAL_StatusTypeDef HAL_FLASH_Program_FlashWord(uint32_t address, const uint32_t *data);

HAL_StatusTypeDef HAL_HSEM_Take(uint32_t SemID, uint32_t ProcessID);
HAL_StatusTypeDef HAL_HSEM_FastTake(uint32_t SemID);
void HAL_HSEM_Release(uint32_t SemID, uint32_t ProcessID);
void HAL_HSEM_ActivateNotification(uint32_t SemMask);
void HAL_HSEM_ClearFlag(uint32_t SemMask);

#endif
