/* Cortex-M7 main program of the STM32H747 HAL-style test firmware, laid out like a CubeMX-generated main.c
 * for an STM32H747I-DISCO-like board. Written for Stm32.Build; no ST code.
 *
 * Build switches (the test builder sets them per variant, see README.md):
 *   SUPPLY=<PWR_xxx_SUPPLY>  supply configuration written to PWR_CR3 (default PWR_LDO_SUPPLY)
 *   SWD_AS_GPIO              MX_GPIO_Init makes PA13/PA14 push-pull outputs (SWDIO/SWCLK lost)
 *   STOP_MODE, DBG_LOWPOWER  main loop enters Stop; DBG_LOWPOWER sets the DBGMCU_CR low-power debug bits first
 *   STOP_KEEP_TICK           with STOP_MODE: SysTick is not suspended before Stop (the common mistake)
 *   IWDG_ENABLE, IWDG_FREEZE IWDG1 started (and frozen under debug first); refreshed every blink
 *   OPTION_BYTES             clears the BCM4 option bit (Cortex-M4 boot gated from the next reset on)
 *   FLASH_LOG                erases bank 2 sector 7 and programs a 256-bit log record there
 *   HSE_NO_TIMEOUT           the HSE start-up is a bare HSERDY poll without timeout
 *   BUS_FAULT                reads a reserved address after the clock set-up
 *   DUAL_CORE                the CM7 half of the dual-core boot (CM4 image in main_cm4.c) */
#include "device.h"
#include "h747_hal.h"

#ifndef SUPPLY
#define SUPPLY PWR_LDO_SUPPLY
#endif

#define BLINK_PERIOD_MS   250u
#define LED1_PIN          GPIO_PIN(12)   /* LD1 green, PI12 */
#define LED2_PIN          GPIO_PIN(13)   /* LD2 orange, PI13 (the Cortex-M4's LED in the dual-core build) */
#define WAKEUP_PIN        GPIO_PIN(13)   /* B1 wake-up button, PC13 */
#define HSEM_ID_BOOT      0u             /* the Cortex-M7 releases it to start the Cortex-M4 */
#define HSEM_ID_CONSOLE   1u             /* dual-core build: owner of USART1 for one line */
#define LOG_SECTOR        7u             /* bank 2, sector 7: 0x081E0000-0x081FFFFF */
#define LOG_ADDRESS       (FLASH_BANK2_BASE + LOG_SECTOR * FLASH_SECTOR_SIZE)
#define LOG_MAGIC         0x4C4F4731u    /* "LOG1" */
#define RESERVED_ADDRESS  0x30048000u    /* RM0399 2.3.2 memory map: reserved after SRAM3 (0x30040000, 32 KB) */

volatile uint32_t blink_count;
volatile uint32_t wakeup_count;

void SystemClock_Config(void);
static void MX_GPIO_Init(void);
static void MX_USART1_UART_Init(void);

/* Clock enable as __HAL_RCC_xxx_CLK_ENABLE: set the bit and read it back (the delay after enabling). */
static void ClockEnable(volatile uint32_t *enr, uint32_t bit)
{
    volatile uint32_t readback;
    *enr |= bit;
    readback = *enr & bit;
    (void)readback;
}

void Console_Write(const char *text, uint32_t length)
{
#if defined(DUAL_CORE)
    while (HAL_HSEM_Take(HSEM_ID_CONSOLE, 7u) != HAL_OK)
    {
    }
#endif
    (void)HAL_UART_Transmit(USART1_BASE, (const uint8_t *)text, (uint16_t)length, 100u);
#if defined(DUAL_CORE)
    HAL_HSEM_Release(HSEM_ID_CONSOLE, 7u);
#endif
}

#if defined(OPTION_BYTES)
/* Gates the Cortex-M4 boot (BCM4 = 0) from the next reset on, the HAL way: unlock the flash and the option
 * bytes, HAL_FLASHEx_OBProgram(OPTIONBYTE_USER, OB_USER_BCM4, OB_BCM4_DISABLE), HAL_FLASH_OB_Launch, lock. */
static void OptionBytes_GateCortexM4(void)
{
    if ((FLASH_OPTSR_CUR & FLASH_OPTSR_BCM4) == 0u)
    {
        Console_Print("ob bcm4 already 0\r\n");
        return;
    }
    if (HAL_FLASH_Unlock() != HAL_OK || HAL_FLASH_OB_Unlock() != HAL_OK)
    {
        Error_Handler();
    }
    if (HAL_FLASHEx_OBProgram_BCM4(0u) != HAL_OK || HAL_FLASH_OB_Launch() != HAL_OK)
    {
        Error_Handler();
    }
    (void)HAL_FLASH_OB_Lock();
    (void)HAL_FLASH_Lock();
    Console_Print("ob bcm4 cleared\r\n");
}
#endif

#if defined(FLASH_LOG)
/* A boot log record in the last sector of bank 2: the sector is erased and one flash word programmed. */
static void Log_WriteBootRecord(void)
{
    uint32_t record[FLASH_WORD_BYTES / 4u] = {
        LOG_MAGIC, HAL_GetTick(), SystemCoreClock, RCC_RSR, 0x11111111u, 0x22222222u, 0x33333333u, ~LOG_MAGIC,
    };
    if (HAL_FLASH_Unlock() != HAL_OK)
    {
        Error_Handler();
    }
    if (HAL_FLASHEx_Erase_Bank2Sector(LOG_SECTOR) != HAL_OK)
    {
        Error_Handler();
    }
    Console_Print("log erased\r\n");
    if (HAL_FLASH_Program_FlashWord(LOG_ADDRESS, record) != HAL_OK)
    {
        Error_Handler();
    }
    (void)HAL_FLASH_Lock();
    const volatile uint32_t *stored = (const volatile uint32_t *)LOG_ADDRESS;
    for (uint32_t i = 0u; i < FLASH_WORD_BYTES / 4u; i++)
    {
        if (stored[i] != record[i])
        {
            Error_Handler();
        }
    }
    Console_Print("log written ");
    Console_PrintHex32(LOG_ADDRESS);
    Console_Print("\r\n");
}
#endif

#if defined(STOP_MODE)
/* Before a low-power mode the HAL asks to leave VOS0: SYSCLK back to HSI (PLL1 then unused), then ODEN
 * cleared (RM0399 chapter 7, VOS0 deactivation: lower the frequency first). */
static void SystemClock_LeaveOverdrive(void)
{
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_SW_Msk, RCC_CFGR_SW_HSI);
    uint32_t tickstart = HAL_GetTick();
    while ((RCC_CFGR & RCC_CFGR_SWS_Msk) != (RCC_CFGR_SW_HSI << RCC_CFGR_SWS_Pos))
    {
        if ((HAL_GetTick() - tickstart) > CLOCKSWITCH_TIMEOUT_VALUE)
        {
            Error_Handler();
        }
    }
    SystemCoreClockUpdate();
    PWR_VoltageScalingConfig(PWR_REGULATOR_VOLTAGE_SCALE1);
    while (!PWR_VoltageScalingReady())
    {
    }
}

/* Stop mode until the wake-up button (EXTI line 13): D3 and D1 kept in DStop (PDDS cleared), SLEEPDEEP,
 * WFI (HAL_PWREx_EnterSTOPMode); SysTick interrupt suspended meanwhile; the clocks set up again after. */
static void EnterStopUntilWakeup(void)
{
    Console_Print("stop\r\n");
    SystemClock_LeaveOverdrive();
#if !defined(STOP_KEEP_TICK)
    SYST_CSR &= ~SYST_CSR_TICKINT;   /* HAL_SuspendTick */
#endif
    HAL_PWREx_EnterSTOPMode(PWR_MAINREGULATOR_ON, PWR_STOPENTRY_WFI, PWR_D3_DOMAIN);
    HAL_PWREx_EnterSTOPMode(PWR_MAINREGULATOR_ON, PWR_STOPENTRY_WFI, PWR_D1_DOMAIN);
    SystemClock_Config();
#if !defined(STOP_KEEP_TICK)
    SYST_CSR |= SYST_CSR_TICKINT;    /* HAL_ResumeTick */
#endif
    Console_Print("wake\r\n");
}

void EXTI15_10_IRQHandler(void)
{
    if ((EXTI_CPUPR1 & WAKEUP_PIN) != 0u)
    {
        EXTI_CPUPR1 = WAKEUP_PIN;
        wakeup_count++;
    }
}
#endif

int main(void)
{
#if defined(DUAL_CORE)
    /* Wait until the Cortex-M4 has put D2 in Stop (D2CKRDY low), as the dual-core CubeMX template does. */
    int32_t timeout = 0xFFFF;
    while ((RCC_CR & RCC_CR_D2CKRDY) != 0u && timeout-- > 0)   /* @event wait-cm4-stop */
    {
    }
    if (timeout < 0)
    {
        Error_Handler();
    }
#endif

    HAL_Init();
    ClockEnable(&RCC_APB4ENR, RCC_APB4ENR_SYSCFGEN);   /* SYSCFG clock before VOS0: ODEN is a SYSCFG bit */
    SystemClock_Config();

#if defined(DUAL_CORE)
    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_HSEMEN);
    while (HAL_HSEM_Take(HSEM_ID_CONSOLE, 7u) != HAL_OK)   /* USART1 is ours until it is set up */
    {
    }
    (void)HAL_HSEM_FastTake(HSEM_ID_BOOT);
    HAL_HSEM_Release(HSEM_ID_BOOT, 0u);   /* the Cortex-M4 wakes up on this release */
    timeout = 0xFFFF;
    while ((RCC_CR & RCC_CR_D2CKRDY) == 0u && timeout-- > 0)   /* @event wait-cm4-wake */
    {
    }
    if (timeout < 0)
    {
        Error_Handler();
    }
#endif

    MX_GPIO_Init();
    MX_USART1_UART_Init();
#if defined(DUAL_CORE)
    HAL_HSEM_Release(HSEM_ID_CONSOLE, 7u);
#endif
    Console_Print("clock ok ");
    Console_PrintU32(SystemCoreClock);
    Console_Print("\r\n");

#if defined(BUS_FAULT)
    /* A board-revision read from an address the part does not implement: precise BusFault, escalated
     * to HardFault (BusFault not enabled in SHCSR), BFAR = RESERVED_ADDRESS. */
    volatile uint32_t revision = REG32(RESERVED_ADDRESS);   /* @event bus-fault */
    (void)revision;
#endif
#if defined(OPTION_BYTES)
    OptionBytes_GateCortexM4();
#endif
#if defined(FLASH_LOG)
    Log_WriteBootRecord();
#endif
#if defined(STOP_MODE) && defined(DBG_LOWPOWER)
    HAL_DBGMCU_EnableDBGSleepMode();
    HAL_DBGMCU_EnableDBGStopMode();
    HAL_EnableDomain3DBGStopMode();
#endif
#if defined(IWDG_ENABLE)
#if defined(IWDG_FREEZE)
    HAL_DBGMCU_FreezeIWDG1();
#endif
    /* LSI 32 kHz / 64 = 500 Hz, reload 999: the watchdog expires 2 s after the last refresh. */
    if (HAL_IWDG_Init(4u, 999u) != HAL_OK)
    {
        Error_Handler();
    }
    Console_Print("iwdg on\r\n");
#endif

    Console_Print("main loop\r\n");
    for (;;)
    {
        HAL_GPIO_TogglePin(GPIO_PORT_I, LED1_PIN);
        blink_count++;
        Console_Print("blink ");
        Console_PrintU32(blink_count);
        Console_Print("\r\n");
#if defined(IWDG_ENABLE)
        HAL_IWDG_Refresh();
#endif
#if defined(STOP_MODE)
        EnterStopUntilWakeup();
#else
        HAL_Delay(BLINK_PERIOD_MS);
#endif
    }
}

/* SystemClock_Config as CubeMX generates it for 480 MHz from the DISCO's 25 MHz crystal:
 * supply configuration, VOS0 and VOSRDY, HSE on + PLL1 (M = 5 -> 5 MHz in the 4-8 MHz range, N = 192 -> VCO
 * 960 MHz wide range, P = 2 -> 480 MHz, Q = 2, R = 2), WRHIGHFREQ for VOS0, then HAL_RCC_ClockConfig:
 * D1CPRE /1 (CPU 480 MHz), HPRE /2 (AXI/AHB 240 MHz), D1PPRE, D2PPRE1, D2PPRE2, D3PPRE /2 (APBx 120 MHz),
 * SYSCLK = PLL1P, 4 flash wait states. Any failure ends in Error_Handler. */
void SystemClock_Config(void)
{
    RCC_OscInitTypeDef osc = {0};
    RCC_ClkInitTypeDef clk = {0};

    HAL_PWREx_ConfigSupply(SUPPLY);   /* @event supply-config (return value ignored, as CubeMX does) */

    PWR_VoltageScalingConfig(PWR_REGULATOR_VOLTAGE_SCALE0);
    while (!PWR_VoltageScalingReady())   /* @event vos-wait */
    {
    }

#if defined(HSE_NO_TIMEOUT)
    /* Hand-written HSE start: no timeout, so a board without a crystal waits here for ever. */
    RCC_CR |= RCC_CR_HSEON;
    while ((RCC_CR & RCC_CR_HSERDY) == 0u)   /* @event hse-wait-forever */
    {
    }
    osc.OscillatorType = 0u;
#else
    osc.OscillatorType = RCC_OSCILLATORTYPE_HSE;
    osc.HSEState = RCC_HSE_ON;
#endif
    osc.PLL.PLLState = RCC_PLL_ON;
    osc.PLL.PLLSource = RCC_PLLCKSELR_PLLSRC_HSE;
    osc.PLL.PLLM = 5u;
    osc.PLL.PLLN = 192u;
    osc.PLL.PLLP = 2u;
    osc.PLL.PLLQ = 2u;
    osc.PLL.PLLR = 2u;
    osc.PLL.PLLRGE = RCC_PLLCFGR_PLL1RGE_4_8MHZ;
    osc.PLL.PLLVCOSEL = 0u;
    osc.PLL.PLLFRACN = 0u;
    if (HAL_RCC_OscConfig(&osc) != HAL_OK)
    {
        Error_Handler();   /* @event clock-error */
    }

    /* __HAL_FLASH_SET_PROGRAM_DELAY(FLASH_PROGRAMMING_DELAY_2), read back before the switch. */
    MODIFY_BITS(FLASH_ACR, FLASH_ACR_WRHIGHFREQ_Msk, FLASH_PROGRAMMING_DELAY_2);
    if ((FLASH_ACR & FLASH_ACR_WRHIGHFREQ_Msk) != FLASH_PROGRAMMING_DELAY_2)
    {
        Error_Handler();
    }

    clk.ClockType = RCC_CLOCKTYPE_HCLK | RCC_CLOCKTYPE_SYSCLK | RCC_CLOCKTYPE_PCLK1 | RCC_CLOCKTYPE_PCLK2
        | RCC_CLOCKTYPE_D3PCLK1 | RCC_CLOCKTYPE_D1PCLK1;
    clk.SYSCLKSource = RCC_CFGR_SW_PLL1;
    clk.SYSCLKDivider = RCC_D1CFGR_D1CPRE_DIV1;
    clk.AHBCLKDivider = RCC_D1CFGR_HPRE_DIV2;
    clk.APB3CLKDivider = RCC_D1CFGR_D1PPRE_DIV2;
    clk.APB1CLKDivider = RCC_D2CFGR_D2PPRE1_DIV2;
    clk.APB2CLKDivider = RCC_D2CFGR_D2PPRE2_DIV2;
    clk.APB4CLKDivider = RCC_D3CFGR_D3PPRE_DIV2;
    if (HAL_RCC_ClockConfig(&clk, FLASH_LATENCY_4) != HAL_OK)
    {
        Error_Handler();
    }
}

/* LEDs LD1/LD2 on PI12/PI13 as push-pull outputs, off (high); the variants add the SWD pins as outputs or
 * the wake-up button as an EXTI line. */
static void MX_GPIO_Init(void)
{
    GPIO_InitTypeDef init = {0};

    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOIEN);
    HAL_GPIO_WritePin(GPIO_PORT_I, LED1_PIN | LED2_PIN, 1);
    init.Pin = LED1_PIN;
#if !defined(DUAL_CORE)
    init.Pin |= LED2_PIN;
#endif
    init.Mode = GPIO_MODE_OUTPUT_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    HAL_GPIO_Init(GPIO_PORT_I, &init);

#if defined(SWD_AS_GPIO)
    /* PA13/PA14 assigned as GPIO_Output in the pinout: they leave AF0 (SWDIO/SWCLK). */
    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOAEN);
    HAL_GPIO_WritePin(GPIO_PORT_A, GPIO_PIN(13) | GPIO_PIN(14), 0);
    init.Pin = GPIO_PIN(13) | GPIO_PIN(14);
    init.Mode = GPIO_MODE_OUTPUT_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    HAL_GPIO_Init(GPIO_PORT_A, &init);   /* @event swd-off */
#endif

#if defined(STOP_MODE)
    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOCEN);
    init.Pin = WAKEUP_PIN;
    init.Mode = GPIO_MODE_IT_RISING;
    init.Pull = GPIO_NOPULL;
    HAL_GPIO_Init(GPIO_PORT_C, &init);
    NVIC_SetPriority(EXTI15_10_IRQn, 0u);
    NVIC_EnableIRQ(EXTI15_10_IRQn);
#endif
}

/* USART1 115200 8N1 on PA9 (TX) / PA10 (RX), AF7, kernel clock rcc_pclk2 (HAL_UART_MspInit +
 * HAL_UART_Init). */
static void MX_USART1_UART_Init(void)
{
    GPIO_InitTypeDef init = {0};

    MODIFY_BITS(RCC_D2CCIP2R, RCC_D2CCIP2R_USART16SEL_Msk, 0u);
    ClockEnable(&RCC_APB2ENR, RCC_APB2ENR_USART1EN);
    ClockEnable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOAEN);
    init.Pin = GPIO_PIN(9) | GPIO_PIN(10);
    init.Mode = GPIO_MODE_AF_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    init.Alternate = 7u;
    HAL_GPIO_Init(GPIO_PORT_A, &init);
    if (HAL_UART_Init(USART1_BASE, 115200u) != HAL_OK)
    {
        Error_Handler();
    }
}
