/* Blinky sample main header. */
#ifndef MAIN_H
#define MAIN_H

#include "board.h"

/* Busy-wait iterations between toggles (about 200 ms at the 4 MHz MSI the STM32L476 starts on). */
#define BLINK_DELAY 200000u

void delay(uint32_t iterations);

#endif
