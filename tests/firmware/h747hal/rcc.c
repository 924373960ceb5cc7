/* RCC oscillator and bus clock configuration of the STM32H747 test firmware. Written for Stm32.Build from
 * the RM0399 RCC chapter (RCC_CR ready flags, PLL1 programming: "the PLL must be disabled to change its
 * settings; DIVMx, PLLxRGE, PLLxVCOSEL and DIVxEN are written before PLLxON", SW/SWS, domain prescalers) and
 * FLASH_ACR (RM0399 4.9.1); the order of the accesses, the flags polled and the timeouts are those of ST's
 * HAL_RCC_OscConfig and HAL_RCC_ClockConfig for the HSE + PLL1 case (facts only, our own code). */
#include "device.h"
#include "h747_hal.h"

/* HSE: HSEON, then HSERDY within HSE_STARTUP_TIMEOUT ms of SysTick time (HAL_GetTick); no HSE on the board
 * means the wait times out and the caller's Error_Handler is reached. PLL1: PLL1ON cleared and PLL1RDY seen
 * low (2 ms), source + DIVM1, N/P/Q/R, FRACN (disabled, written, re-enabled), input range, VCO range, P/Q/R
 * outputs enabled, PLL1ON, then PLL1RDY within 2 ms. Neither is touched while it feeds SYSCLK. */
HAL_StatusTypeDef HAL_RCC_OscConfig(const RCC_OscInitTypeDef *init)
{
    uint32_t tickstart;
    const uint32_t sws = (RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos;

    if ((init->OscillatorType & RCC_OSCILLATORTYPE_HSE) != 0u)
    {
        const int hseFeedsSysclk = sws == RCC_CFGR_SW_HSE
            || (sws == RCC_CFGR_SW_PLL1 && (RCC_PLLCKSELR & RCC_PLLCKSELR_PLLSRC_Msk) == RCC_PLLCKSELR_PLLSRC_HSE);
        if (hseFeedsSysclk)
        {
            if ((RCC_CR & RCC_CR_HSERDY) != 0u && init->HSEState == RCC_HSE_OFF)
            {
                return HAL_ERROR;
            }
        }
        else
        {
            if (init->HSEState == RCC_HSE_ON)
            {
                RCC_CR |= RCC_CR_HSEON;
                tickstart = HAL_GetTick();
                while ((RCC_CR & RCC_CR_HSERDY) == 0u)   /* @event hse-wait */
                {
                    if ((HAL_GetTick() - tickstart) > HSE_STARTUP_TIMEOUT)
                    {
                        return HAL_TIMEOUT;   /* @event hse-timeout */
                    }
                }
            }
            else
            {
                RCC_CR &= ~RCC_CR_HSEON;
                RCC_CR &= ~RCC_CR_HSEBYP;
                tickstart = HAL_GetTick();
                while ((RCC_CR & RCC_CR_HSERDY) != 0u)
                {
                    if ((HAL_GetTick() - tickstart) > HSE_STARTUP_TIMEOUT)
                    {
                        return HAL_TIMEOUT;
                    }
                }
            }
        }
    }

    if (init->PLL.PLLState != RCC_PLL_NONE)
    {
        if (sws == RCC_CFGR_SW_PLL1)
        {
            return init->PLL.PLLState == RCC_PLL_OFF ? HAL_ERROR : HAL_OK;
        }
        RCC_CR &= ~RCC_CR_PLL1ON;
        tickstart = HAL_GetTick();
        while ((RCC_CR & RCC_CR_PLL1RDY) != 0u)
        {
            if ((HAL_GetTick() - tickstart) > PLL_TIMEOUT_VALUE)
            {
                return HAL_TIMEOUT;
            }
        }
        if (init->PLL.PLLState == RCC_PLL_ON)
        {
            MODIFY_BITS(RCC_PLLCKSELR, RCC_PLLCKSELR_PLLSRC_Msk | RCC_PLLCKSELR_DIVM1_Msk,
                init->PLL.PLLSource | (init->PLL.PLLM << RCC_PLLCKSELR_DIVM1_Pos));
            RCC_PLL1DIVR = ((init->PLL.PLLN - 1u) & RCC_PLL1DIVR_N1_Msk)
                | (((init->PLL.PLLP - 1u) << RCC_PLL1DIVR_P1_Pos) & RCC_PLL1DIVR_P1_Msk)
                | (((init->PLL.PLLQ - 1u) << RCC_PLL1DIVR_Q1_Pos) & (0x7Fu << RCC_PLL1DIVR_Q1_Pos))
                | (((init->PLL.PLLR - 1u) << RCC_PLL1DIVR_R1_Pos) & (0x7Fu << RCC_PLL1DIVR_R1_Pos));
            RCC_PLLCFGR &= ~RCC_PLLCFGR_PLL1FRACEN;
            MODIFY_BITS(RCC_PLL1FRACR, RCC_PLL1FRACR_FRACN1_Msk, init->PLL.PLLFRACN << RCC_PLL1FRACR_FRACN1_Pos);
            MODIFY_BITS(RCC_PLLCFGR, RCC_PLLCFGR_PLL1RGE_Msk, init->PLL.PLLRGE);
            MODIFY_BITS(RCC_PLLCFGR, RCC_PLLCFGR_PLL1VCOSEL, init->PLL.PLLVCOSEL);
            RCC_PLLCFGR |= RCC_PLLCFGR_DIVP1EN;
            RCC_PLLCFGR |= RCC_PLLCFGR_DIVQ1EN;
            RCC_PLLCFGR |= RCC_PLLCFGR_DIVR1EN;
            RCC_PLLCFGR |= RCC_PLLCFGR_PLL1FRACEN;
            RCC_CR |= RCC_CR_PLL1ON;
            tickstart = HAL_GetTick();
            while ((RCC_CR & RCC_CR_PLL1RDY) == 0u)   /* @event pll-wait */
            {
                if ((HAL_GetTick() - tickstart) > PLL_TIMEOUT_VALUE)
                {
                    return HAL_TIMEOUT;
                }
            }
        }
    }
    return HAL_OK;
}

static HAL_StatusTypeDef SetFlashLatency(uint32_t latency)
{
    MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, latency);   /* @event flash-latency */
    /* Read back: the new wait states are in force only once FLASH_ACR reads them (RM0399 4.3). */
    return (FLASH_ACR & FLASH_ACR_LATENCY_Msk) == latency ? HAL_OK : HAL_ERROR;
}

/* HAL_RCC_ClockConfig: more wait states first (written and read back), dividers that grow applied before
 * the switch, D1CPRE, SYSCLK source checked ready and selected, SWS polled (5 s), dividers that shrink and
 * fewer wait states after, then SystemCoreClock recomputed and SysTick reprogrammed for 1 kHz. */
HAL_StatusTypeDef HAL_RCC_ClockConfig(const RCC_ClkInitTypeDef *init, uint32_t FLatency)
{
    uint32_t tickstart;

    if (FLatency > (FLASH_ACR & FLASH_ACR_LATENCY_Msk) && SetFlashLatency(FLatency) != HAL_OK)
    {
        return HAL_ERROR;
    }
    if ((init->ClockType & RCC_CLOCKTYPE_D1PCLK1) != 0u && init->APB3CLKDivider > (RCC_D1CFGR & RCC_D1CFGR_D1PPRE_Msk))
    {
        MODIFY_BITS(RCC_D1CFGR, RCC_D1CFGR_D1PPRE_Msk, init->APB3CLKDivider);
    }
    if ((init->ClockType & RCC_CLOCKTYPE_PCLK1) != 0u && init->APB1CLKDivider > (RCC_D2CFGR & RCC_D2CFGR_D2PPRE1_Msk))
    {
        MODIFY_BITS(RCC_D2CFGR, RCC_D2CFGR_D2PPRE1_Msk, init->APB1CLKDivider);
    }
    if ((init->ClockType & RCC_CLOCKTYPE_PCLK2) != 0u && init->APB2CLKDivider > (RCC_D2CFGR & RCC_D2CFGR_D2PPRE2_Msk))
    {
        MODIFY_BITS(RCC_D2CFGR, RCC_D2CFGR_D2PPRE2_Msk, init->APB2CLKDivider);
    }
    if ((init->ClockType & RCC_CLOCKTYPE_D3PCLK1) != 0u && init->APB4CLKDivider > (RCC_D3CFGR & RCC_D3CFGR_D3PPRE_Msk))
    {
        MODIFY_BITS(RCC_D3CFGR, RCC_D3CFGR_D3PPRE_Msk, init->APB4CLKDivider);
    }
    if ((init->ClockType & RCC_CLOCKTYPE_HCLK) != 0u && init->AHBCLKDivider > (RCC_D1CFGR & RCC_D1CFGR_HPRE_Msk))
    {
        MODIFY_BITS(RCC_D1CFGR, RCC_D1CFGR_HPRE_Msk, init->AHBCLKDivider);
    }

    if ((init->ClockType & RCC_CLOCKTYPE_SYSCLK) != 0u)
    {
        MODIFY_BITS(RCC_D1CFGR, RCC_D1CFGR_D1CPRE_Msk, init->SYSCLKDivider);
        uint32_t ready;
        switch (init->SYSCLKSource)
        {
        case RCC_CFGR_SW_HSE: ready = RCC_CR & RCC_CR_HSERDY; break;
        case RCC_CFGR_SW_PLL1: ready = RCC_CR & RCC_CR_PLL1RDY; break;
        default: ready = RCC_CR & RCC_CR_HSIRDY; break;
        }
        if (ready == 0u)
        {
            return HAL_ERROR;
        }
        MODIFY_BITS(RCC_CFGR, RCC_CFGR_SW_Msk, init->SYSCLKSource);   /* @event sysclk-switch */
        tickstart = HAL_GetTick();
        while (((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) != init->SYSCLKSource)
        {
            if ((HAL_GetTick() - tickstart) > CLOCKSWITCH_TIMEOUT_VALUE)
            {
                return HAL_TIMEOUT;
            }
        }
    }

    if ((init->ClockType & RCC_CLOCKTYPE_HCLK) != 0u && init->AHBCLKDivider < (RCC_D1CFGR & RCC_D1CFGR_HPRE_Msk))
    {
        MODIFY_BITS(RCC_D1CFGR, RCC_D1CFGR_HPRE_Msk, init->AHBCLKDivider);
    }
    if (FLatency < (FLASH_ACR & FLASH_ACR_LATENCY_Msk) && SetFlashLatency(FLatency) != HAL_OK)
    {
        return HAL_ERROR;
    }
    if ((init->ClockType & RCC_CLOCKTYPE_D1PCLK1) != 0u && init->APB3CLKDivider < (RCC_D1CFGR & RCC_D1CFGR_D1PPRE_Msk))
    {
        MODIFY_BITS(RCC_D1CFGR, RCC_D1CFGR_D1PPRE_Msk, init->APB3CLKDivider);
    }
    if ((init->ClockType & RCC_CLOCKTYPE_PCLK1) != 0u && init->APB1CLKDivider < (RCC_D2CFGR & RCC_D2CFGR_D2PPRE1_Msk))
    {
        MODIFY_BITS(RCC_D2CFGR, RCC_D2CFGR_D2PPRE1_Msk, init->APB1CLKDivider);
    }
    if ((init->ClockType & RCC_CLOCKTYPE_PCLK2) != 0u && init->APB2CLKDivider < (RCC_D2CFGR & RCC_D2CFGR_D2PPRE2_Msk))
    {
        MODIFY_BITS(RCC_D2CFGR, RCC_D2CFGR_D2PPRE2_Msk, init->APB2CLKDivider);
    }
    if ((init->ClockType & RCC_CLOCKTYPE_D3PCLK1) != 0u && init->APB4CLKDivider < (RCC_D3CFGR & RCC_D3CFGR_D3PPRE_Msk))
    {
        MODIFY_BITS(RCC_D3CFGR, RCC_D3CFGR_D3PPRE_Msk, init->APB4CLKDivider);
    }

    SystemCoreClockUpdate();
    return HAL_InitTick(uwTickPrio);   /* @event systick-reprogram */
}
