/* Blinky sample main header. */
#ifndef MAIN_H
#define MAIN_H

#include "board.h"

/* Busy-wait iterations between toggles (about 100 ms at the 8 MHz HSI the STM32F103 starts on). */
#define BLINK_DELAY 200000u

void delay(uint32_t iterations);

#endif
