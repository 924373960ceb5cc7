/* Blinky sample main header. */
#ifndef MAIN_H
#define MAIN_H

#include "board.h"

/* Busy-wait iterations between toggles (about 50 ms at the 16 MHz HSI16 the STM32G474 starts on). */
#define BLINK_DELAY 200000u

void delay(uint32_t iterations);

#endif
